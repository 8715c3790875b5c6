// SPDX-License-Identifier: MIT
/*
 * kexec: hand over to another kernel after "relok: ready"
 * (include/relok/kexec.h for the arguments, docs/kexec.md for the design).
 *
 * Nothing is written where the next kernel goes until every check passed:
 *  1. find the Image in the initrd and judge its header (lib/kexec_plan.c);
 *  2. the next initrd (this one, or kexec.initrd= staged) and command line;
 *  3. stage the Image in fresh pages, load the purgatory by its program
 *     header (kernel/kexec_purgatory.c);
 *  4. derive the next DTB from this one (lib/fdt_rw.c): fresh kaslr-seed
 *     and rng-seed (kernel/random.c), bootargs, initrd, booted-from-kexec;
 *  5. choose a random free 2 MiB-aligned slot: the page allocator's free
 *     list already excludes this kernel, its DTB and initrd, /memreserve/,
 *     /reserved-memory and every page taken in steps 2-4;
 *  6. fill the purgatory's parameter block with the segments and their
 *     SHA-256, clean it all to PoC, and leave through machine_kexec().
 * A failed check prints "relok: kexec rejected: <name>: <why>" and returns,
 * and the caller powers off.
 */
#include <stdarg.h>
#include <asm/boot_cost.h>
#include <asm/boot_info.h>
#include <asm/kexec.h>
#include <asm/memory.h>
#include <relok/bootargs.h>
#include <relok/cpio.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/fdt_format.h>
#include <relok/fdt_rw.h>
#include <relok/kexec.h>
#include <relok/page_alloc.h>
#include <relok/printf.h>
#include <relok/printk.h>
#include <relok/psci.h>
#include <relok/random.h>
#include <relok/sha256.h>
#include <relok/string.h>
#include "kexec_internal.h"

#define REASON_MAX		224
#define CMDLINE_SHOWN		400	/* of the next command line, in the report */
#define DTB_SLACK		(UL(16) << 10)	/* room for the /chosen edits */
#define PROP_BOOTED		"linux,booted-from-kexec"
#define PROP_GENERATION		"relok,kexec-generation"
#define PROP_HISTORY		"relok,kexec-history"
#define KASLR_SEED_BYTES	8
#define SEG_KERNEL		0
#define SEG_DTB			1
#define SEG_INITRD		2
#define NR_SEGS			3

extern const uint8_t __purgatory_elf_start[], __purgatory_elf_end[];	/* purgatory/blob.S */

static struct {
	char reason[REASON_MAX];
	char cmdline[KEXEC_CMDLINE_MAX];
	uint32_t cmdline_len;
	uint64_t initrd_pa, initrd_size;	/* this kernel's */
	uint64_t next_initrd_pa, next_initrd_size;
	struct kexec_image img;
	uint64_t stage_pa, stage_len;		/* the Image, staged */
	uint64_t dtb_pa, dtb_size;
	uint64_t slot, slot_size, dest;
	uint64_t history[KEXEC_HISTORY_MAX];
	uint32_t nhistory;
	uint32_t generation;			/* of the running kernel */
	struct purgatory_load pl;
} ks;

static bool reject(const char *fmt, ...) __printf(1, 2);
static bool reject(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ks.reason, sizeof(ks.reason), fmt, ap);
	va_end(ap);
	return false;
}

/* kexec's own diags (lib/kexec_plan.c) already start with the rejection's name. */
static bool reject_diag(const char *arg, const char *val, uint32_t vlen, const struct diag *d)
{
	return reject("%s [%s=%.*s, 0x%lx]", d->what, arg, (int)vlen, val, d->value);
}

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static uint8_t *va(uint64_t pa)
{
	return phys_to_virt(pa);
}

/* ---- What this kernel was handed ---- */

static void put_be(uint8_t *p, uint64_t v, uint32_t bytes)
{
	while (bytes--) {
		p[bytes] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get_be(const uint8_t *p, uint32_t bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | *p++;
	return v;
}

/* Generation and the previous kernels' bases, from /chosen. */
static void read_lineage(void)
{
	const struct fdt *fdt = devicetree();
	const int32_t chosen = fdt ? fdt_path_offset(fdt, "/chosen", 7) : FDT_NOTFOUND;
	const uint8_t *v;
	uint32_t len, n, i;

	ks.generation = 0;
	ks.nhistory = 0;
	if (chosen < 0 || !fdt_getprop(fdt, chosen, PROP_BOOTED, 0))
		return;
	/* Booted by another loader's kexec: the first handover it knows of. */
	ks.generation = 1;
	v = fdt_getprop(fdt, chosen, PROP_GENERATION, &len);
	if (v && len == sizeof(uint32_t))
		ks.generation = (uint32_t)get_be(v, sizeof(uint32_t));
	v = fdt_getprop(fdt, chosen, PROP_HISTORY, &len);
	n = v ? len / sizeof(uint64_t) : 0;
	/* Keep the most recent, leaving room for this kernel's own base. */
	for (i = n > KEXEC_HISTORY_MAX - 1 ? n - (KEXEC_HISTORY_MAX - 1) : 0; i < n; i++)
		ks.history[ks.nhistory++] = get_be(v + i * sizeof(uint64_t), sizeof(uint64_t));
}

void kexec_report_boot(const struct boot_info *bi)
{
	(void)bi;
	read_lineage();
	if (ks.generation)
		printk("relok: kexec booted-from-kexec generation=%u\n", ks.generation);
}

/* ---- 1, 2: the files ---- */

/*
 * The initrd file that boot argument arg names: 1 (in *e), 0 when the
 * argument is absent, -1 rejected.
 */
static int find_file(const char *arg, struct cpio_entry *e)
{
	const char *path;
	uint32_t plen;
	struct diag d;
	int r;

	if (!bootarg_get(arg, &path, &plen))
		return 0;
	diag_init(&d);
	r = cpio_find(va(ks.initrd_pa), ks.initrd_size, path, plen, e, &d);
	if (r > 0)
		return 1;
	if (r < 0)
		reject("bad-initrd: " DIAG_FMT " at offset 0x%lx [%s=%.*s]", DIAG_ARGS(&d), d.value, arg, (int)plen,
		       path);
	else
		reject("missing-file: %s=%.*s is not a file in the initrd", arg, (int)plen, path);
	return -1;
}

/* A page-aligned copy of a file from the initrd (which aligns data to 4 bytes). */
static uint64_t copy_out(const void *data, uint64_t size, uint64_t room)
{
	const uint64_t pa = alloc_pages(page_up(room) / PAGE_SIZE);

	if (pa)
		memcpy(va(pa), data, size);
	return pa;
}

static bool next_initrd(void)
{
	struct cpio_entry e;
	const int r = find_file("kexec.initrd", &e);

	if (r < 0)
		return false;
	if (!r || !e.size) {
		ks.next_initrd_pa = ks.initrd_pa;
		ks.next_initrd_size = ks.initrd_size;
		return true;
	}
	ks.next_initrd_pa = copy_out(e.data, e.size, e.size);
	ks.next_initrd_size = e.size;
	return ks.next_initrd_pa || reject("no-memory: %u bytes for kexec.initrd", e.size);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

static bool next_cmdline(void)
{
	struct cpio_entry e;
	const int r = find_file("kexec.cmdline", &e);
	const char *cur;
	uint32_t len, i;
	struct diag d;
	int64_t n;

	if (r < 0)
		return false;
	if (r) {
		/* The file as written, less the newline an editor ends it with. */
		for (len = e.size; len && is_space((char)e.data[len - 1]); len--)
			;
		for (i = 0; i < len; i++)
			if (!e.data[i])
				return reject("bad-argument: kexec.cmdline: a NUL at byte %u", i);
		if (len + 1 > KEXEC_CMDLINE_MAX)
			return reject("cmdline-too-long: kexec.cmdline holds %u bytes, /chosen/bootargs "
				      "takes at most %u with its NUL", len, KEXEC_CMDLINE_MAX);
		memcpy(ks.cmdline, e.data, len);
		ks.cmdline[len] = '\0';
		ks.cmdline_len = len;
		return true;
	}
	cur = bootargs(&len);
	diag_init(&d);
	n = kexec_next_cmdline(cur, len, ks.cmdline, KEXEC_CMDLINE_MAX, &d);
	if (n < 0)
		return reject("%s [%u bytes, at most %u with the NUL]", d.what, len, KEXEC_CMDLINE_MAX);
	ks.cmdline_len = (uint32_t)n;
	return true;
}

/* ---- 3: the Image and the purgatory ---- */

static bool stage_kernel(const struct cpio_entry *e)
{
	/* 8-byte multiple: the purgatory then copies whole words. */
	ks.stage_len = (ks.img.load_size + 7) & ~UL(7);
	ks.stage_pa = copy_out(e->data, ks.img.load_size, ks.stage_len);
	return ks.stage_pa || reject("no-memory: %lu bytes to stage the Image", ks.stage_len);
}

static bool load_purgatory(void)
{
	const void *file = __purgatory_elf_start;
	uint64_t size = (uint64_t)(__purgatory_elf_end - __purgatory_elf_start);
	struct cpio_entry e;
	struct diag d;
	const int r = find_file("kexec.purgatory", &e);

	if (r < 0)
		return false;
	if (r) {
		/* lib/elf.c reads the headers in place: 8-byte alignment. */
		const uint64_t pa = copy_out(e.data, e.size, e.size);

		if (!pa)
			return reject("no-memory: %u bytes for kexec.purgatory", e.size);
		file = va(pa);
		size = e.size;
	}
	diag_init(&d);
	if (purgatory_load(file, size, &ks.pl, &d))
		return true;
	/* Its own diags name the rejection; an ELF reader's is a bad purgatory too. */
	if (!strcmp(d.subsys, "kexec"))
		return reject("%s (0x%lx)", d.what, d.value);
	return reject("bad-purgatory: " DIAG_FMT " (0x%lx)", DIAG_ARGS(&d), d.value);
}

/* ---- 4: the next device tree ---- */

static bool chosen_set(struct fdt_rw *rw, const char *name, const void *val, uint32_t len,
		       struct diag *d)
{
	const int32_t chosen = fdt_rw_node(rw, "/chosen", d);	/* handles move on every edit */

	return chosen >= 0 && fdt_rw_setprop(rw, chosen, name, val, len, d);
}

static bool build_dtb(const struct boot_info *bi)
{
	const struct fdt *cur = devicetree();
	uint8_t seed[KEXEC_RNG_SEED_BYTES], gen[sizeof(uint32_t)];
	uint8_t hist[KEXEC_HISTORY_MAX * sizeof(uint64_t)];
	uint64_t cap;
	struct fdt_rw rw;
	struct diag d;
	uint32_t i;

	if (!cur)
		return reject("dtb: no valid device tree to derive the next one from");
	cap = page_up(FDT_V17_HEADER_SIZE + (cur->num_rsv + 1) * FDT_RSV_ENTRY_SIZE +
		      cur->size_struct + cur->size_strings + ks.cmdline_len + DTB_SLACK);
	if (cap > FDT_MAX_SIZE)
		cap = FDT_MAX_SIZE;
	ks.dtb_pa = alloc_pages(cap / PAGE_SIZE);
	if (!ks.dtb_pa)
		return reject("no-memory: %lu bytes for the next DTB", cap);

	ks.history[ks.nhistory++] = bi->phys_base;
	for (i = 0; i < ks.nhistory; i++)
		put_be(hist + i * sizeof(uint64_t), ks.history[i], sizeof(uint64_t));
	put_be(gen, ks.generation + 1, sizeof(gen));

	diag_init(&d);
	/* Reservations and /reserved-memory come along: fdt_rw_open copies the whole tree. */
	if (!fdt_rw_open(&rw, va(ks.dtb_pa), (uint32_t)cap, cur->blob, cur->totalsize, &d) ||
	    !chosen_set(&rw, "bootargs", ks.cmdline, ks.cmdline_len + 1, &d))
		goto fail;
	random_bytes(seed, KASLR_SEED_BYTES);
	if (!chosen_set(&rw, "kaslr-seed", seed, KASLR_SEED_BYTES, &d))
		goto fail;
	random_bytes(seed, sizeof(seed));
	if (!chosen_set(&rw, "rng-seed", seed, sizeof(seed), &d))
		goto fail;
	memset(seed, 0, sizeof(seed));
	if (!fdt_rw_setprop_u64(&rw, fdt_rw_node(&rw, "/chosen", &d), "linux,initrd-start",
				ks.next_initrd_pa, &d) ||
	    !fdt_rw_setprop_u64(&rw, fdt_rw_node(&rw, "/chosen", &d), "linux,initrd-end",
				ks.next_initrd_pa + ks.next_initrd_size, &d) ||
	    !chosen_set(&rw, PROP_BOOTED, 0, 0, &d) ||
	    !chosen_set(&rw, PROP_GENERATION, gen, sizeof(gen), &d) ||
	    !chosen_set(&rw, PROP_HISTORY, hist, ks.nhistory * (uint32_t)sizeof(uint64_t), &d))
		goto fail;
	ks.dtb_size = fdt_rw_size(&rw);
	return true;
fail:
	return reject(DIAG_FMT " (0x%lx)", DIAG_ARGS(&d), d.value);
}

/* ---- 5: where the next kernel goes ---- */

static uint64_t largest_bank(const struct boot_info *bi)
{
	uint64_t max = 0;
	uint32_t i;

	for (i = 0; i < bi->nr_banks; i++)
		if (bi->banks[i].size > max)
			max = bi->banks[i].size;
	return max;
}

static bool choose_slot(void)
{
	struct mem_range free[PAGE_ALLOC_MAX_RANGES];
	const uint32_t n = page_alloc_ranges(free, PAGE_ALLOC_MAX_RANGES);

	ks.slot_size = page_up(ks.img.text_offset + ks.img.image_size);
	if (!kexec_choose_slot(free, n, ks.slot_size, SZ_2M, ks.history, ks.nhistory,
			       random_u64(), !ks.img.anywhere, &ks.slot))
		return reject("no-slot: no free 2 MiB-aligned slot of 0x%lx bytes (text_offset + "
			      "image_size) in %u free ranges", ks.slot_size, n);
	if (!page_alloc_claim(ks.slot, ks.slot_size))
		return reject("no-slot: slot 0x%lx is not free after all", ks.slot);
	ks.dest = ks.slot + ks.img.text_offset;
	return true;
}

/* ---- 6: the parameter block ---- */

static void set_segment(struct purgatory_params *p, uint32_t i, uint64_t src, uint64_t dst,
			uint64_t len)
{
	p->seg[i].src = src;
	p->seg[i].dst = dst;
	p->seg[i].len = len;
	sha256(va(src), len, p->seg[i].sha256);
}

static bool fill_params(const struct boot_info *bi, uint64_t counter_start)
{
	struct purgatory_params *p = ks.pl.params;
	const char *val;
	uint32_t vlen, corrupt;

	memset(p, 0, sizeof(*p));
	p->entry = ks.dest;
	p->dtb = ks.dtb_pa;
	p->console = bi->uart_phys;
	p->psci_conduit = psci_usable() ? bi->psci_conduit : FDT_PSCI_NONE;
	p->entry_el = bi->entry_el;
	p->nr_segments = NR_SEGS;
	if (boot_stamps[BOOT_STAMP_VALID]) {
		p->flags |= PURGATORY_FLAG_COUNTER;
		p->counter_start = counter_start;
	}
	set_segment(p, SEG_KERNEL, ks.stage_pa, ks.dest, ks.stage_len);
	set_segment(p, SEG_DTB, ks.dtb_pa, ks.dtb_pa, ks.dtb_size);
	set_segment(p, SEG_INITRD, ks.next_initrd_pa, ks.next_initrd_pa, ks.next_initrd_size);

	/* Test only: break a staged segment after its digest was taken. */
	if (bootarg_get("kexec.corrupt", &val, &vlen)) {
		if (!kexec_parse_u32(val, vlen, &corrupt) || corrupt >= NR_SEGS)
			return reject("bad-argument: kexec.corrupt=%.*s: a segment from 0 to %u",
				      (int)vlen, val, NR_SEGS - 1);
		va(p->seg[corrupt].src)[p->seg[corrupt].len / 2] ^= 1;
		printk("relok: kexec corrupt segment=%u (test: one bit flipped after hashing)\n",
		       corrupt);
	}
	return true;
}

/* The purgatory runs with the D-cache off: all it reads must be in memory. */
static void clean_to_poc(uint64_t pa, uint64_t len)
{
	const uint64_t start = (uint64_t)(uintptr_t)va(pa);

	dcache_clean_inval_poc(start, start + len);
}

static void clean_for_purgatory(void)
{
	const struct purgatory_params *p = ks.pl.params;
	uint32_t i;

	clean_to_poc(ks.pl.pa, ks.pl.size);
	for (i = 0; i < p->nr_segments; i++)
		clean_to_poc(p->seg[i].src, p->seg[i].len);
	/* No dirty line of the old kernel may later land on the new one. */
	clean_to_poc(ks.slot, ks.slot_size);
}

static bool prepare(const struct boot_info *bi, const char *path, uint32_t plen,
		    uint64_t counter_start)
{
	struct cpio_entry e;
	struct diag d;
	uint64_t end = 0;

	if (!plen)
		return reject("bad-argument: kexec= names no file");
	if (!page_alloc_init(bi))
		return reject("no-memory: no free memory at all");
	if (devicetree_initrd(bi, &ks.initrd_pa, &end) != DT_INITRD_OK)
		return reject("missing-file: kexec=%.*s: there is no initrd in RAM to take it from",
			      (int)plen, path);
	ks.initrd_size = end - ks.initrd_pa;
	if (find_file("kexec", &e) <= 0)
		return false;
	diag_init(&d);
	if (!kexec_image_check(e.data, e.size, largest_bank(bi), &ks.img, &d))
		return reject_diag("kexec", path, plen, &d);
	if (!next_initrd() || !next_cmdline() || !stage_kernel(&e) || !load_purgatory() ||
	    !build_dtb(bi) || !choose_slot())
		return false;
	return fill_params(bi, counter_start);
}

void kexec_handover(const struct boot_info *bi)
{
	const uint64_t counter_start = boot_stamps[BOOT_STAMP_VALID] ? boot_counter() : 0;
	const char *path;
	uint32_t plen;

	if (!bootarg_get("kexec", &path, &plen))
		return;
	if (!prepare(bi, path, plen, counter_start)) {
		printk("relok: kexec rejected: %s\n", ks.reason);
		return;
	}
	if (!random_sources())
		printk("relok: kexec warning: no kaslr-seed, rng-seed or RNDR: the slot and the "
		       "next seeds come from the counter alone\n");
	printk("relok: kexec load image=%.*s dest=0x%lx dtb=0x%lx purgatory=0x%lx segments=%u\n",
	       (int)plen, path, ks.dest, ks.dtb_pa, ks.pl.pa, ks.pl.params->nr_segments);
	printk("relok: kexec plan generation=%u purgatory-format=%s purgatory-relocs=%lu "
	       "image-bytes=%lu initrd=0x%lx+0x%lx cmdline-bytes=%u\n", ks.generation + 1,
	       ks.pl.kind, ks.pl.relocs, ks.img.load_size, ks.next_initrd_pa,
	       ks.next_initrd_size, ks.cmdline_len);
	printk("relok: kexec cmdline=\"%.*s\"%s\n", (int)(ks.cmdline_len < CMDLINE_SHOWN ?
	       ks.cmdline_len : CMDLINE_SHOWN), ks.cmdline, ks.cmdline_len > CMDLINE_SHOWN ? "..." : "");
	clean_for_purgatory();
	machine_kexec(bi, ks.pl.entry, ks.pl.params_pa);
}
