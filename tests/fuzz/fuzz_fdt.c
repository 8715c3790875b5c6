// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the device tree reader (lib/fdt.c) on an arbitrary
 * blob, with the look-ups the kernel makes, in the kernel's order:
 *   early boot     fdt_init, /psci, /memory, the stdout-path UART, /chosen
 *                  (and the kaslr-seed wipe, on a copy)
 *   C init         fdt_rebase onto another copy, /chosen again, bootargs
 *   page allocator /memreserve/ entries, /reserved-memory children
 *   EFI stub       fdt_rw_open into a larger buffer and the edits it makes
 * plus a walk of every node and property.  A blob fdt_init refuses must be
 * refused with a "dtb: " reason and leave nothing usable behind.
 *
 * The input is the blob, in a buffer of exactly its size (libFuzzer's), so
 * AddressSanitizer sees any read past its end.
 */
#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include <relok/cmdline.h>
#include <relok/fdt.h>
#include <asm/pgtable_pool.h>	/* MAX_MEM_BANKS: the kernel's limit */
#include <relok/fdt_rw.h>

#define WALK_LIMIT	100000	/* nodes: the walk must end well before */
#define RW_SLACK	4096	/* room the EFI stub leaves for its edits */

/* Every node and property, as the kernel's generic users would read them. */
static void walk(const struct fdt *f)
{
	int32_t n, depth = 0;
	uint32_t nodes = 0, len, ac, sc;
	struct diag d;

	for (n = fdt_root(f); n >= 0; n = fdt_walk_next(f, n, &depth)) {
		const void *v;

		fuzz_check(++nodes < WALK_LIMIT, "walk does not end");
		fuzz_check(fdt_node_name(f, n) != NULL, "a node without a name");
		fuzz_check(fdt_parent(f, n) < n, "a parent after its child");
		diag_init(&d);
		fdt_child_cells(f, n, &ac, &sc, &d);
		v = fdt_getprop(f, n, "compatible", &len);
		fdt_stringlist_contains(v, len, "arm,pl011");
		v = fdt_getprop(f, n, "status", &len);
		fdt_prop_is_string(v, len);
	}
}

/* mm/page_alloc.c: /memreserve/ and /reserved-memory. */
static void reservations(const struct fdt *f)
{
	const int32_t rm = fdt_path_offset(f, "/reserved-memory", 16);
	uint32_t ac, sc, len, i;
	uint64_t a, s;
	struct diag d;
	int32_t c;

	for (i = 0; i < f->num_rsv; i++)
		fuzz_check(fdt_mem_rsv(f, i, &a, &s), "a counted reservation entry is missing");
	fuzz_check(!fdt_mem_rsv(f, f->num_rsv, &a, &s), "a reservation entry past the count");
	diag_init(&d);
	if (rm < 0 || !fdt_child_cells(f, rm, &ac, &sc, &d))
		return;
	for (c = fdt_first_child(f, rm); c >= 0; c = fdt_next_sibling(f, c)) {
		const uint8_t *reg = fdt_getprop(f, c, "reg", &len);

		for (uint32_t off = 0; reg && ac + sc && off + (ac + sc) * 4 <= len;
		     off += (ac + sc) * 4) {
			fdt_read_cells(reg + off, ac);
			fdt_read_cells(reg + off + ac * 4, sc);
		}
	}
}

/* /chosen and the command line, as early boot and C init read them. */
static void chosen(const struct fdt *f)
{
	struct fdt_chosen ch;
	const char *v;
	uint32_t vlen;
	struct diag d;

	diag_init(&d);
	if (!fdt_read_chosen(f, &ch, &d)) {
		fuzz_check(d.what && !strcmp(d.subsys, "dtb"), "/chosen refused without a reason");
		return;
	}
	if (ch.bootargs) {
		fuzz_check(ch.bootargs[ch.bootargs_len] == '\0', "bootargs_len is not the string's");
		cmdline_has_word(ch.bootargs, ch.bootargs_len, "nokaslr");
		if (cmdline_get(ch.bootargs, ch.bootargs_len, "modules", &v, &vlen))
			cmdline_list_has(v, vlen, "hello");
	}
	if (ch.has_initrd)
		fuzz_check(ch.initrd_end >= ch.initrd_start, "an initrd that ends before it starts");
}

/* The seed wipe writes zeros over the value and nothing else. */
static void wipe_seed(const struct fdt *f, const uint8_t *data, size_t size)
{
	const int32_t c = fdt_path_offset(f, "/chosen", 7);
	uint32_t len;
	const uint8_t *seed = fdt_getprop(f, c, "kaslr-seed", &len);
	uint8_t *copy;
	struct diag d;

	if (!seed)
		return;
	copy = malloc(size);
	memcpy(copy, data, size);
	diag_init(&d);
	fuzz_check(fdt_zero_prop(copy, f, c, "kaslr-seed", &d), "cannot wipe a seed that is there");
	for (size_t i = 0; i < size; i++) {
		const size_t off = (size_t)(seed - data);

		fuzz_check(copy[i] == (i >= off && i - off < len ? 0 : data[i]),
		      "the wipe wrote outside the seed");
	}
	free(copy);
}

/* arch/arm64/kernel/efi/efi-stub.c: copy into a bigger buffer and edit. */
static void efi_stub_edits(const uint8_t *data, size_t size)
{
	const uint32_t cap = (uint32_t)size + RW_SLACK;
	uint8_t *buf = aligned_alloc(8, (cap + 7) & ~7u);
	struct fdt_rw rw;
	struct diag d;
	struct fdt back;
	int32_t c;

	diag_init(&d);
	if (fdt_rw_open(&rw, buf, cap, data, size, &d)) {
		c = fdt_rw_node(&rw, "/chosen", &d);
		if (c >= 0)
			fdt_rw_setprop_u64(&rw, c, "linux,initrd-start", 0x48000000, &d);
		c = fdt_rw_node(&rw, "/chosen", &d);
		if (c >= 0)
			fdt_rw_setprop_string(&rw, c, "bootargs", "nokaslr", &d);
		fdt_rw_add_rsv(&rw, 0x40000000, 0x1000, &d);
		/* Whatever the edits did, the result must read back. */
		diag_init(&d);
		fuzz_check(fdt_init(&back, buf, fdt_rw_size(&rw), &d), "fdt_rw left an unreadable blob");
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	enum fdt_psci_conduit conduit;
	uint64_t base, len;
	struct fdt f, later;
	struct diag d;
	uint8_t *alias;

	diag_init(&d);
	if (!fdt_init(&f, data, size, &d)) {
		fuzz_check(d.what && !strcmp(d.subsys, "dtb"), "refused without a dtb: reason");
		fuzz_check(f.blob == NULL && f.totalsize == 0 && f.size_struct == 0,
		      "a refused blob left a usable view");
		return 0;
	}
	fuzz_check(f.totalsize <= size && f.totalsize <= FDT_MAX_SIZE, "totalsize past the input");

	/* Early boot (arch/arm64/kernel/pi/early_boot.c). */
	diag_init(&d);
	fdt_read_psci(&f, &conduit, &d);
	diag_init(&d);
	if (fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d))
		fuzz_check(diag_ok(&d), "banks and an error");
	diag_init(&d);
	if (fdt_stdout_uart(&f, &base, &len, &d))
		fuzz_check(len && len - 1 <= UINT64_MAX - base, "a UART window that wraps");
	chosen(&f);
	wipe_seed(&f, data, size);

	/* C init reads the same bytes through another mapping. */
	alias = malloc(size);
	memcpy(alias, data, size);
	later = f;
	fdt_rebase(&later, alias);
	chosen(&later);
	walk(&later);
	reservations(&later);
	free(alias);

	efi_stub_edits(data, size);
	return 0;
}
