// SPDX-License-Identifier: MIT
/*
 * Relative relocation of the kernel image (RELA and RELR forms).
 *
 * Built for the kernel, where it runs before relocation with the MMU off,
 * and for the host (tools, unit tests).  Hence: freestanding C11, no call
 * to anything outside this file, no static data holding pointers (it would
 * itself need relocating), and only naturally aligned 64-bit accesses to
 * the image (with the MMU off memory is Device-nGnRnE and unaligned
 * accesses fault).
 *
 * Why the displacement is new_base - link_base: r_offset and the stored
 * values are link-time virtual addresses.  The kernel will run at the
 * chosen virtual base new_base, so every absolute pointer must move by the
 * same amount.  Where the bytes physically are while we patch them is a
 * separate matter, described by img->mem: the write goes to the image's
 * current location, the value is for its future virtual location.
 *
 * Every table is checked completely before anything is written, so a bad
 * table leaves the image untouched.
 */
#include <stdbool.h>
#include <stdint.h>

#include <relok/diag.h>
#include <relok/elf.h>
#include <relok/reloc.h>

/* A relocated slot is one 64-bit word. */
#define RELOC_WORD		8u
/* RELR: an odd entry is a bitmap of 63 words following the base. */
#define RELR_BITMAP_BITS	63u
#define RELR_BITMAP_SPAN	((uint64_t)RELR_BITMAP_BITS * RELOC_WORD)
#define RELR_IS_BITMAP(e)	(((e) & 1u) != 0)

static uint64_t le64_to_cpu(uint64_t x)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

static uint64_t cpu_to_le64(uint64_t x)
{
	return le64_to_cpu(x);
}

static bool is_word_aligned(uint64_t x)
{
	return (x & (RELOC_WORD - 1)) == 0;
}

/*
 * Reason string naming an unexpected relocation type.  Returned from a
 * switch rather than built or looked up in a table: string literals are
 * reached PC-relative, a pointer table would need relocating.
 */
static const char *unexpected_type(uint32_t type)
{
	switch (type) {
	case R_AARCH64_NONE:
		return "reloc: unexpected R_AARCH64_NONE (want R_AARCH64_RELATIVE)";
	case R_AARCH64_ABS64:
		return "reloc: unexpected R_AARCH64_ABS64 (want R_AARCH64_RELATIVE)";
	case R_AARCH64_GLOB_DAT:
		return "reloc: unexpected R_AARCH64_GLOB_DAT (want R_AARCH64_RELATIVE)";
	case R_AARCH64_JUMP_SLOT:
		return "reloc: unexpected R_AARCH64_JUMP_SLOT (want R_AARCH64_RELATIVE)";
	case R_AARCH64_COPY:
		return "reloc: unexpected R_AARCH64_COPY (want R_AARCH64_RELATIVE)";
	case R_AARCH64_IRELATIVE:
		return "reloc: unexpected R_AARCH64_IRELATIVE (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_DTPMOD:
		return "reloc: unexpected R_AARCH64_TLS_DTPMOD (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_DTPREL:
		return "reloc: unexpected R_AARCH64_TLS_DTPREL (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLS_TPREL:
		return "reloc: unexpected R_AARCH64_TLS_TPREL (want R_AARCH64_RELATIVE)";
	case R_AARCH64_TLSDESC:
		return "reloc: unexpected R_AARCH64_TLSDESC (want R_AARCH64_RELATIVE)";
	default:
		return "reloc: unexpected relocation type (want R_AARCH64_RELATIVE; value is the type)";
	}
}

static bool image_ok(const struct reloc_image *img, const void *tbl,
		     uint64_t count, struct diag *d)
{
	if (!img->mem || !is_word_aligned((uintptr_t)img->mem))
		return diag_fail(d, "reloc: image memory not 8-byte aligned",
				 (uintptr_t)img->mem);
	if (!is_word_aligned(img->link_base))
		return diag_fail(d, "reloc: image link base not 8-byte aligned",
				 img->link_base);
	if (count && (!tbl || !is_word_aligned((uintptr_t)tbl)))
		return diag_fail(d, "reloc: table missing or not 8-byte aligned",
				 (uintptr_t)tbl);
	return true;
}

/* The slot for link-time address addr, or NULL (with a diag). */
static uint64_t *slot(const struct reloc_image *img, uint64_t addr,
		      struct diag *d)
{
	uint64_t off;

	if (!is_word_aligned(addr)) {
		diag_fail(d, "reloc: relocation offset not 8-byte aligned", addr);
		return 0;
	}
	off = addr - img->link_base;
	if (addr < img->link_base || img->size < RELOC_WORD ||
	    off > img->size - RELOC_WORD) {
		diag_fail(d, "reloc: relocation offset outside the image", addr);
		return 0;
	}
	/* mem, link_base and addr are 8-byte aligned: so is the slot */
	return (uint64_t *)(void *)(img->mem + off);
}

/* ---- RELA ---- */

static bool rela_check(const struct reloc_image *img, const Elf64_Rela *tbl,
		       uint64_t count, struct diag *d)
{
	uint64_t i;

	for (i = 0; i < count; i++) {
		uint32_t type = ELF64_R_TYPE(tbl[i].r_info);

		if (type != R_AARCH64_RELATIVE)
			return diag_fail(d, unexpected_type(type), type);
		if (!slot(img, tbl[i].r_offset, d))
			return false;
	}
	return true;
}

bool reloc_apply_rela(const struct reloc_image *img, const Elf64_Rela *tbl,
		      uint64_t count, uint64_t new_base, uint64_t *applied,
		      struct diag *d)
{
	/* unsigned wrap-around makes this right for either direction */
	const uint64_t delta = new_base - img->link_base;
	uint64_t i;

	if (applied)
		*applied = 0;
	if (!image_ok(img, tbl, count, d) || !rela_check(img, tbl, count, d))
		return false;
	for (i = 0; i < count; i++) {
		uint64_t *p = slot(img, tbl[i].r_offset, d);

		*p = cpu_to_le64((uint64_t)tbl[i].r_addend + delta);
	}
	if (applied)
		*applied = count;
	return true;
}

bool reloc_verify_rela(const struct reloc_image *img, const Elf64_Rela *tbl,
		       uint64_t count, uint64_t new_base, uint64_t *checked,
		       struct diag *d)
{
	const uint64_t delta = new_base - img->link_base;
	uint64_t i;

	if (checked)
		*checked = 0;
	if (!image_ok(img, tbl, count, d) || !rela_check(img, tbl, count, d))
		return false;
	for (i = 0; i < count; i++) {
		const uint64_t *p = slot(img, tbl[i].r_offset, d);

		if (le64_to_cpu(*p) != (uint64_t)tbl[i].r_addend + delta)
			return diag_fail(d, "reloc: slot does not hold its relocated value",
					 tbl[i].r_offset);
		if (checked)
			(*checked)++;
	}
	return true;
}

void reloc_for_each_rela(const Elf64_Rela *tbl, uint64_t count,
			 reloc_visit_fn fn, void *ctx)
{
	uint64_t i;

	for (i = 0; i < count; i++)
		fn(ctx, tbl[i].r_offset, ELF64_R_TYPE(tbl[i].r_info));
}

/* ---- RELR ---- */

/*
 * Decoder for the packed format (generic-abi SHT_RELR proposal):
 *  - an even entry is the address of a slot to relocate; the next bitmap
 *    then describes the words starting right after it;
 *  - an odd entry is a bitmap: bit i (1..63) set means the word at
 *    base + (i - 1) * 8 is relocated; base then moves on by 63 words.
 */
struct relr_iter {
	const Elf64_Relr *tbl;
	uint64_t count;
	uint64_t next;		/* index of the next table entry */
	uint64_t base;		/* address bit 1 of the next bitmap means */
	uint64_t pos;		/* address bit 0 of bits means */
	uint64_t bits;		/* unconsumed bits of the current bitmap */
	bool have_base;		/* an address entry has been seen */
	bool base_wrapped;	/* base ran past the top of the address space */
};

static void relr_init(struct relr_iter *it, const Elf64_Relr *tbl,
		      uint64_t count)
{
	it->tbl = tbl;
	it->count = count;
	it->next = 0;
	it->base = 0;
	it->pos = 0;
	it->bits = 0;
	it->have_base = false;
	it->base_wrapped = false;
}

/* Move base on by n bytes, noting (not wrapping) a run past the top. */
static void relr_advance(struct relr_iter *it, uint64_t from, uint64_t n)
{
	it->base_wrapped = from > UINT64_MAX - n;
	it->base = from + n;
}

/*
 * Next encoded address into *addr.  Returns 1 for an address, 0 at the end
 * of the table, -1 on a malformed table (with a diag).
 */
static int relr_next(struct relr_iter *it, uint64_t *addr, struct diag *d)
{
	Elf64_Relr e;

	for (;;) {
		while (it->bits) {
			const uint64_t a = it->pos;
			const bool set = it->bits & 1u;

			it->bits >>= 1;
			if (it->bits && it->pos > UINT64_MAX - RELOC_WORD) {
				diag_fail(d, "reloc: RELR bitmap runs past the end of the address space",
					  it->next - 1);
				return -1;
			}
			it->pos += RELOC_WORD;
			if (set) {
				*addr = a;
				return 1;
			}
		}
		if (it->next == it->count)
			return 0;
		e = le64_to_cpu(it->tbl[it->next++]);
		if (!RELR_IS_BITMAP(e)) {
			if (!is_word_aligned(e)) {
				diag_fail(d, "reloc: RELR address entry not 8-byte aligned",
					  e);
				return -1;
			}
			it->have_base = true;
			relr_advance(it, e, RELOC_WORD);
			*addr = e;
			return 1;
		}
		if (!it->have_base) {
			diag_fail(d, "reloc: RELR bitmap before any address entry",
				  it->next - 1);
			return -1;
		}
		if (e >> 1 && it->base_wrapped) {
			diag_fail(d, "reloc: RELR bitmap runs past the end of the address space",
				  it->next - 1);
			return -1;
		}
		it->bits = e >> 1;
		it->pos = it->base;
		relr_advance(it, it->base, RELR_BITMAP_SPAN);
	}
}

static bool relr_check(const struct reloc_image *img, const Elf64_Relr *tbl,
		       uint64_t count, struct diag *d)
{
	struct relr_iter it;
	uint64_t a;
	int r;

	relr_init(&it, tbl, count);
	while ((r = relr_next(&it, &a, d)) > 0) {
		if (!slot(img, a, d))
			return false;
	}
	return r == 0;
}

bool reloc_apply_relr(const struct reloc_image *img, const Elf64_Relr *tbl,
		      uint64_t count, uint64_t new_base, uint64_t *applied,
		      struct diag *d)
{
	const uint64_t delta = new_base - img->link_base;
	struct relr_iter it;
	uint64_t a, n = 0;

	if (applied)
		*applied = 0;
	if (!image_ok(img, tbl, count, d) || !relr_check(img, tbl, count, d))
		return false;
	relr_init(&it, tbl, count);
	while (relr_next(&it, &a, d) > 0) {
		uint64_t *p = slot(img, a, d);

		/* RELR has no addend: the slot holds the link-time value */
		*p = cpu_to_le64(le64_to_cpu(*p) + delta);
		n++;
	}
	if (applied)
		*applied = n;
	return true;
}

bool reloc_verify_relr(const struct reloc_image *img, const Elf64_Relr *tbl,
		       uint64_t count, uint64_t new_base, const void *orig,
		       uint64_t *checked, struct diag *d)
{
	const uint64_t delta = new_base - img->link_base;
	struct relr_iter it;
	uint64_t a;

	if (checked)
		*checked = 0;
	if (!image_ok(img, tbl, count, d) || !relr_check(img, tbl, count, d))
		return false;
	if (orig && !is_word_aligned((uintptr_t)orig))
		return diag_fail(d, "reloc: original image copy not 8-byte aligned",
				 (uintptr_t)orig);
	relr_init(&it, tbl, count);
	while (relr_next(&it, &a, d) > 0) {
		const uint64_t off = a - img->link_base;
		const uint64_t v = le64_to_cpu(*slot(img, a, d));

		if (orig) {
			const uint64_t *o = (const uint64_t *)
				((const uint8_t *)orig + off);

			if (v != le64_to_cpu(*o) + delta)
				return diag_fail(d, "reloc: slot does not hold its relocated value",
						 a);
		} else if (v < new_base || v - new_base > img->size) {
			return diag_fail(d, "reloc: relocated pointer outside the relocated image",
					 a);
		}
		if (checked)
			(*checked)++;
	}
	return true;
}

bool reloc_for_each_relr(const Elf64_Relr *tbl, uint64_t count,
			 reloc_visit_fn fn, void *ctx, struct diag *d)
{
	struct relr_iter it;
	uint64_t a;
	int r;

	relr_init(&it, tbl, count);
	while ((r = relr_next(&it, &a, d)) > 0)
		fn(ctx, a, R_AARCH64_RELATIVE);
	return r == 0;
}
