// SPDX-License-Identifier: MIT
/*
 * The kernel's relative relocations: the boot pass, and the checked walk,
 * verify and encode that the kernel's self-tests and the host tools use.
 *
 * Formats.  Every entry asks for the 64-bit word at a link-time address to
 * be moved by the displacement (run-time base - link-time base):
 *  - RELA (Elf64_Rela, 24 bytes): r_offset is the word, r_addend its
 *    link-time value; the word itself may hold anything (the link leaves 0
 *    there: --no-apply-dynamic-relocs).
 *  - RELR (Elf64_Relr, 8 bytes; gABI SHT_RELR), no addend: the word holds
 *    its link-time value and the displacement is added to it.  An even
 *    entry is the address of one word.  An odd entry is a bitmap: bit i
 *    (1..63) names the word i - 1 words past the base, where the base is
 *    the word after the last address entry, moved on 63 words by each
 *    bitmap.  Kernel data packs about 24 pointers per bitmap: 0.36 bytes of
 *    table per pointer where RELA takes 24.
 *
 * Three builds of this one file (arch/arm64/Makefile, like lib/fdt.c):
 *  - early boot (RELOK_PI: -mstrict-align, symbols __pi_, sections .pi.*):
 *    only the boot pass, which pi/relocate.c runs with the MMU off before
 *    anything is relocated;
 *  - the kernel: only the checked half, for the reloc-table self-test;
 *  - the host (tools, tests): both, so the tests check the code that boots.
 * Hence freestanding C11, nothing called outside this file, no pointer in
 * static data (it would itself need relocating) and only naturally aligned
 * 64-bit accesses to the image (with the MMU off memory is Device-nGnRnE:
 * an unaligned access faults).  Errors go to struct diag.
 */
#include <stdbool.h>
#include <stdint.h>

#include <relok/diag.h>
#include <relok/elf.h>
#include <relok/reloc.h>

#define DIAG_SUBSYS	"reloc"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "relok images are little-endian (Image header flags); so must be the host tools"
#endif

#define WORD			8u	/* a relocated word */
#define RELR_BITMAP_BITS	63u	/* words one bitmap names */
#define RELR_IS_BITMAP(e)	(((e) & 1u) != 0)

#if defined(RELOK_PI) || !defined(__KERNEL__)
/* ---- The boot pass ---------------------------------------------------- */

/*
 * Every access the pass makes to a relocated word, so that the host tests
 * can see them (RELOC_TRACE) and check "each once, nothing else".
 */
#ifdef RELOC_TRACE
uint64_t reloc_trace_load(uint64_t *p);
void reloc_trace_store(uint64_t *p, uint64_t v);
void reloc_trace_inval(uint64_t addr);
#define WORD_LOAD(p)		reloc_trace_load(p)
#define WORD_STORE(p, v)	reloc_trace_store((p), (v))
#define LINE_INVAL(a)		reloc_trace_inval(a)
#else
#define WORD_LOAD(p)		(*(p))
#define WORD_STORE(p, v)	(*(p) = (v))
#define LINE_INVAL(a)		line_inval(a)

/* DC IVAC: drop the line holding a to the PoC (a cached copy is stale). */
static inline void line_inval(uint64_t a)
{
#ifdef __KERNEL__
	__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
#else
	(void)a;	/* the host has no stale lines to drop */
#endif
}
#endif

#define TOP_BIT			((uint64_t)1 << 63)

/* Bit i of x becomes bit 63 - i: then CLZ finds the lowest set bit. */
static inline uint64_t bit_reverse(uint64_t x)
{
#ifdef __aarch64__
	__asm__("rbit %0, %1" : "=r"(x) : "r"(x));
#else
	uint64_t r = 0;
	unsigned int i;

	for (i = 0; i < 64; i++, x >>= 1)
		r = r << 1 | (x & 1u);
	x = r;
#endif
	return x;
}

uint64_t reloc_rela_apply(const Elf64_Rela *r, const Elf64_Rela *end, uint64_t delta,
			  uint64_t wdelta)
{
	uint64_t n = 0;

	for (; r < end; r++) {
		if (ELF64_R_TYPE(r->r_info) != R_AARCH64_RELATIVE)
			continue;
		WORD_STORE((uint64_t *)(uintptr_t)(r->r_offset + wdelta),
			   (uint64_t)r->r_addend + delta);
		n++;
	}
	return n;
}

/*
 * A bitmap's words are found with CLZ on its bit-reversed value: one CLZ,
 * load, add, store, and a bit cleared per pointer (7 instructions), rather
 * than a test and a shift per bit (Linux's loop: 12.8 per pointer on its
 * own kernel's layout).  It keeps no count: the descriptor has it
 * (asm/reloc_info.h), and an add per pointer would cost one more.
 */
void reloc_relr_apply(const Elf64_Relr *e, const Elf64_Relr *end, uint64_t delta,
		      uint64_t wdelta)
{
	uint64_t *base = 0;	/* the word bit 1 of the next bitmap names */

	for (; e < end; e++) {
		const uint64_t v = *e;
		uint64_t x;

		if (!RELR_IS_BITMAP(v)) {
			uint64_t *p = (uint64_t *)(uintptr_t)(v + wdelta);

			WORD_STORE(p, WORD_LOAD(p) + delta);
			base = p + 1;
			continue;
		}
		/* bit i (word i - 1) lands at bit 64 - i: CLZ gives i - 1 */
		for (x = bit_reverse(v) << 1; x; x &= ~(TOP_BIT >> __builtin_clzll(x))) {
			uint64_t *p = &base[__builtin_clzll(x)];

			WORD_STORE(p, WORD_LOAD(p) + delta);
		}
		base += RELR_BITMAP_BITS;
	}
}

/*
 * What a missed line would do on hardware: the loader (U-Boot's memcpy,
 * EDK2's LoadImage) read or wrote the image with the caches on, so clean
 * copies of its lines can still sit in the data caches.  The pass wrote
 * memory directly (MMU off); once the caches are on, a load that hits such
 * a stale line returns the unrelocated word -- 0, or the link-time
 * address -- and the kernel calls or dereferences an address that is not
 * mapped, depending on what the loader happened to leave cached.  QEMU has
 * no caches, so only hardware shows it.  IVAC, not CIVAC: booting.rst has
 * the loader clean the image to the PoC, so there is nothing dirty to
 * write back, and should a loader break that rule, a dirty line is dropped
 * rather than written back over the relocated word.
 *
 * The lines come from the line table the build wrote: the pass's writes
 * are known at link time, and a kernel's pointers sit in long runs of
 * lines (Debian's 6.1 kernel: 48,621 lines in 5,907 runs), so a run costs
 * a few instructions and a line about two, where finding the lines from
 * the RELR bitmaps at boot cost 37 per bitmap.
 */
void reloc_lines_inval(const uint32_t *t, const uint32_t *end, uint64_t at)
{
	for (; t < end; t++) {
		const uint32_t n = *t & RELOC_LINES_RUN_MAX;
		uint32_t blocks;

		at += (uint64_t)(*t >> RELOC_LINES_RUN_BITS) * RELOC_LINE_MIN;
		/* n in binary: 1, 2 and 4 lines, then 8 at a time (two instructions a line) */
#define ONE_LINE	do { LINE_INVAL(at); at += RELOC_LINE_MIN; } while (0)
		if (n & 1)
			ONE_LINE;
		if (n & 2) {
			ONE_LINE;
			ONE_LINE;
		}
		if (n & 4) {
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
		}
		for (blocks = n / 8; blocks; blocks--) {
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
			ONE_LINE;
		}
#undef ONE_LINE
	}
}

#endif /* the boot pass */

#ifndef RELOK_PI
/* ---- Checked: walk, verify, check, encode ----------------------------- */

/*
 * Reason naming an unexpected relocation type.  A switch, not a table: a
 * table of string pointers would itself need relocating.
 */
static const char *unexpected_type(uint32_t type)
{
	switch (type) {
	case R_AARCH64_NONE:
		return "unexpected R_AARCH64_NONE (want R_AARCH64_RELATIVE)";
	case R_AARCH64_ABS64:
		return "unexpected R_AARCH64_ABS64 (want R_AARCH64_RELATIVE)";
	case R_AARCH64_GLOB_DAT:
		return "unexpected R_AARCH64_GLOB_DAT (want R_AARCH64_RELATIVE)";
	case R_AARCH64_JUMP_SLOT:
		return "unexpected R_AARCH64_JUMP_SLOT (want R_AARCH64_RELATIVE)";
	case R_AARCH64_COPY:
		return "unexpected R_AARCH64_COPY (want R_AARCH64_RELATIVE)";
	case R_AARCH64_IRELATIVE:
		return "unexpected R_AARCH64_IRELATIVE (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_DTPMOD:
		return "unexpected R_AARCH64_TLS_DTPMOD (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_DTPREL:
		return "unexpected R_AARCH64_TLS_DTPREL (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_TPREL:
		return "unexpected R_AARCH64_TLS_TPREL (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLSDESC:
		return "unexpected R_AARCH64_TLSDESC (want R_AARCH64_RELATIVE)";
	default:
		return "unexpected relocation type (want R_AARCH64_RELATIVE; value is the type)";
	}
}

void reloc_rela_walk(const Elf64_Rela *tbl, uint64_t count, reloc_visit_fn fn, void *ctx)
{
	uint64_t i;

	for (i = 0; i < count; i++)
		fn(ctx, tbl[i].r_offset, ELF64_R_TYPE(tbl[i].r_info));
}

bool reloc_relr_walk(const Elf64_Relr *tbl, uint64_t count, reloc_visit_fn fn, void *ctx,
		     struct diag *d)
{
	uint64_t base = 0;	/* the address bit 1 of the next bitmap names */
	uint64_t above = 0;	/* every address must be at least this */
	bool started = false, past_top = false;
	uint64_t i;

	for (i = 0; i < count; i++) {
		const uint64_t e = tbl[i];
		uint64_t bits, a;

		if (!RELR_IS_BITMAP(e)) {
			if (e % WORD)
				return diag_fail(d, "RELR address entry not 8-byte aligned", e);
			if (started && e < above)
				return diag_fail(d, "RELR address not above the one before it "
						 "(a word would be relocated twice)", e);
			fn(ctx, e, R_AARCH64_RELATIVE);
			started = true;
			past_top = e > UINT64_MAX - WORD;
			base = above = e + WORD;
			continue;
		}
		if (!started)
			return diag_fail(d, "RELR bitmap before any address entry", i);
		for (bits = e >> 1, a = base; bits; bits >>= 1, a += WORD) {
			if (past_top || (bits > 1 && a > UINT64_MAX - WORD))
				return diag_fail(d, "RELR bitmap runs past the end of the address space",
						 i);
			if (bits & 1) {
				fn(ctx, a, R_AARCH64_RELATIVE);
				above = a + WORD;
			}
		}
		past_top = past_top || base > UINT64_MAX - RELR_BITMAP_BITS * WORD;
		base += RELR_BITMAP_BITS * WORD;
	}
	return true;
}

/* The word at link-time address a, or NULL (and a diag). */
static uint64_t *word_at(const struct reloc_image *img, uint64_t a, struct diag *d)
{
	if (a % WORD) {
		diag_fail(d, "relocation offset not 8-byte aligned", a);
		return 0;
	}
	if (a < img->link_base || img->size < WORD || a - img->link_base > img->size - WORD) {
		diag_fail(d, "relocation offset outside the image", a);
		return 0;
	}
	if (a < img->write_start || a >= img->write_end || img->write_end - a < WORD) {
		diag_fail(d, "relocation offset outside the image's writable data", a);
		return 0;
	}
	return (uint64_t *)(void *)(img->mem + (a - img->link_base));
}

/* reloc_verify()'s visitor: the first bad target stops counting. */
struct verify_ctx {
	const struct reloc_image *img;
	struct diag *d;
	uint64_t count;
	bool bad;
};

static void verify_one(void *ctx, uint64_t a, uint32_t type)
{
	struct verify_ctx *v = ctx;

	if (v->bad)
		return;
	if (type != R_AARCH64_RELATIVE)
		v->bad = !diag_fail(v->d, unexpected_type(type), type);
	else if (!word_at(v->img, a, v->d))
		v->bad = true;
	else
		v->count++;
}

bool reloc_verify(const struct reloc_image *img, const Elf64_Rela *rela, uint64_t nrela,
		  const Elf64_Relr *relr, uint64_t nrelr, uint64_t *count, struct diag *d)
{
	struct verify_ctx v = { img, d, 0, false };

	if (count)
		*count = 0;
	if (!img->mem || (uintptr_t)img->mem % WORD || img->link_base % WORD)
		return diag_fail(d, "image not 8-byte aligned", img->link_base);
	if ((nrela && (!rela || (uintptr_t)rela % WORD)) ||
	    (nrelr && (!relr || (uintptr_t)relr % WORD)))
		return diag_fail(d, "table missing or not 8-byte aligned", 0);
	reloc_rela_walk(rela, nrela, verify_one, &v);
	if (!v.bad && !reloc_relr_walk(relr, nrelr, verify_one, &v, d))
		return false;
	if (v.bad)
		return false;
	if (count)
		*count = v.count;
	return true;
}

/* reloc_check_applied()'s visitor. */
struct check_ctx {
	const struct reloc_image *img;
	uint64_t delta;		/* new_base - link_base */
	uint64_t new_base;
	const uint8_t *orig;
	const Elf64_Rela *rela;	/* the entry being checked (RELA), or NULL */
	struct diag *d;
	uint64_t checked;
	bool bad;
};

static void check_relr_one(void *ctx, uint64_t a, uint32_t type)
{
	struct check_ctx *c = ctx;
	const uint64_t off = a - c->img->link_base;
	const uint64_t v = *(const uint64_t *)(const void *)(c->img->mem + off);

	(void)type;
	if (c->bad)
		return;
	if (c->orig ? v != *(const uint64_t *)(const void *)(c->orig + off) + c->delta
		    : v < c->new_base || v - c->new_base > c->img->size) {
		c->bad = !diag_fail(c->d, c->orig ? "word does not hold its relocated value"
						  : "relocated pointer outside the relocated image",
				    a);
		return;
	}
	c->checked++;
}

bool reloc_check_applied(const struct reloc_image *img, const Elf64_Rela *rela,
			 uint64_t nrela, const Elf64_Relr *relr, uint64_t nrelr,
			 uint64_t new_base, const void *orig, uint64_t *checked,
			 struct diag *d)
{
	struct check_ctx c = { img, new_base - img->link_base, new_base, orig, 0, d, 0, false };
	uint64_t i;

	if (checked)
		*checked = 0;
	if (!reloc_verify(img, rela, nrela, relr, nrelr, 0, d))
		return false;
	if (orig && (uintptr_t)orig % WORD)
		return diag_fail(d, "original image copy not 8-byte aligned", (uintptr_t)orig);
	for (i = 0; i < nrela; i++) {
		const uint64_t *p = (const uint64_t *)(const void *)
			(img->mem + (rela[i].r_offset - img->link_base));

		if (*p != (uint64_t)rela[i].r_addend + c.delta)
			return diag_fail(d, "word does not hold its relocated value",
					 rela[i].r_offset);
		c.checked++;
	}
	reloc_relr_walk(relr, nrelr, check_relr_one, &c, d);	/* verified above */
	if (c.bad)
		return false;
	if (checked)
		*checked = c.checked;
	return true;
}

uint64_t reloc_lines_encode(const uint64_t *off, uint64_t n, uint32_t *out, uint64_t cap,
			    struct diag *d)
{
	uint64_t i = 0, k = 0, next = 0;	/* next: the line after the last run */

	while (i < n) {
		const uint64_t first = off[i] / RELOC_LINE_MIN;
		uint64_t last = first, skip, run;

		/* a run: the lines of the words that follow, while they are adjacent */
		for (; i < n; i++) {
			if (off[i] % WORD || (i && off[i] <= off[i - 1])) {
				diag_fail(d, "line table offsets not 8-byte aligned and increasing",
					  off[i]);
				return 0;
			}
			if (off[i] / RELOC_LINE_MIN > last + 1)
				break;
			last = off[i] / RELOC_LINE_MIN;
		}
		for (skip = first - next, run = last - first + 1; skip || run; ) {
			const uint64_t s = skip < RELOC_LINES_SKIP_MAX ? skip : RELOC_LINES_SKIP_MAX;
			const uint64_t r = s < skip ? 0 : run < RELOC_LINES_RUN_MAX ? run : RELOC_LINES_RUN_MAX;

			if (k == cap) {
				diag_fail(d, "line table does not fit", cap);
				return 0;
			}
			out[k++] = (uint32_t)(s << RELOC_LINES_RUN_BITS | r);
			skip -= s;
			run -= r;
		}
		next = last + 1;
	}
	return k;
}

uint64_t reloc_relr_encode(const uint64_t *addr, uint64_t n, Elf64_Relr *out, struct diag *d)
{
	uint64_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (addr[i] % WORD) {
			diag_fail(d, "RELR address not 8-byte aligned", addr[i]);
			return 0;
		}
		if (i && addr[i] <= addr[i - 1]) {
			diag_fail(d, "RELR addresses not sorted and distinct", addr[i]);
			return 0;
		}
	}
	i = 0;
	while (i < n) {
		/* the address bit 1 of the next bitmap names */
		uint64_t base = addr[i] + WORD;

		out[k++] = addr[i++];
		for (;;) {
			uint64_t bits = 0;

			/* addr[i] > base - 8, so the subtraction cannot wrap */
			while (i < n && addr[i] - base < RELR_BITMAP_BITS * WORD) {
				bits |= (uint64_t)1 << ((addr[i] - base) / WORD);
				i++;
			}
			if (!bits)
				break;
			out[k++] = bits << 1 | 1u;
			base += RELR_BITMAP_BITS * WORD;
		}
	}
	return k;
}
#endif /* checked */
