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

uint64_t reloc_relr_encode(const uint64_t *addr, uint64_t n, Elf64_Relr *out,
			   struct diag *d)
{
	uint64_t i = 0, k = 0;

	for (i = 0; i < n; i++) {
		if (!is_word_aligned(addr[i])) {
			diag_fail(d, "reloc: RELR address not 8-byte aligned", addr[i]);
			return 0;
		}
		if (i && addr[i] <= addr[i - 1]) {
			diag_fail(d, "reloc: RELR addresses not sorted and distinct", addr[i]);
			return 0;
		}
	}
	i = 0;
	while (i < n) {
		/* base: the address bit 1 of the next bitmap stands for */
		uint64_t base = addr[i] + RELOC_WORD;

		out[k++] = cpu_to_le64(addr[i++]);
		for (;;) {
			uint64_t bits = 0;

			/* addr[i] > base - 8, so the subtraction cannot wrap */
			while (i < n && addr[i] - base < RELR_BITMAP_SPAN) {
				bits |= (uint64_t)1 << ((addr[i] - base) / RELOC_WORD);
				i++;
			}
			if (!bits)
				break;
			out[k++] = cpu_to_le64((bits << 1) | 1u);
			base += RELR_BITMAP_SPAN;
		}
	}
	return k;
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

/* ---- Static relocations of loadable modules ----------------------------
 *
 * Field layouts and overflow checks follow AAELF64 ("ELF for the Arm 64-bit
 * Architecture", section 5.7) and the instruction encodings of the Arm ARM
 * (C4.1).  X below is the value the relocation computes: S + A for the
 * absolute types, S + A - P for the PC-relative ones, Page(S + A) - Page(P)
 * for ADRP.  Places are read and written byte by byte (data places of a
 * module need not be aligned; the result is little-endian either way).
 */

#define INSN_IMM26_MASK		0x03ffffffu
#define INSN_IMM19_SHIFT	5
#define INSN_IMM19_MASK		(0x7ffffu << INSN_IMM19_SHIFT)
#define INSN_IMM14_SHIFT	5
#define INSN_IMM14_MASK		(0x3fffu << INSN_IMM14_SHIFT)
#define INSN_IMM16_SHIFT	5
#define INSN_IMM16_MASK		(0xffffu << INSN_IMM16_SHIFT)
#define INSN_IMM12_SHIFT	10
#define INSN_IMM12_MASK		(0xfffu << INSN_IMM12_SHIFT)
#define INSN_ADR_IMMLO_SHIFT	29
#define INSN_ADR_IMMLO_MASK	(0x3u << INSN_ADR_IMMLO_SHIFT)
#define INSN_ADR_IMMHI_SHIFT	5
#define INSN_ADR_IMMHI_MASK	(0x7ffffu << INSN_ADR_IMMHI_SHIFT)
#define INSN_RD_MASK		0x1fu
#define INSN_RN_SHIFT		5
#define INSN_MOVW_HW_SHIFT	21
#define INSN_MOVW_OPC_MOVZ	(1u << 30)	/* MOVN has bit 30 clear */

/* Instruction classes: (insn & mask) == value. */
#define INSN_B_BL_MASK		0x7c000000u	/* B, BL */
#define INSN_B_BL_VALUE		0x14000000u
#define INSN_BCOND_MASK		0xff000010u	/* B.cond */
#define INSN_BCOND_VALUE	0x54000000u
#define INSN_CBZ_MASK		0x7e000000u	/* CBZ, CBNZ */
#define INSN_CBZ_VALUE		0x34000000u
#define INSN_TBZ_MASK		0x7e000000u	/* TBZ, TBNZ */
#define INSN_TBZ_VALUE		0x36000000u
#define INSN_LDR_LIT_MASK	0x3b000000u	/* LDR (literal), LDRSW, PRFM */
#define INSN_LDR_LIT_VALUE	0x18000000u
#define INSN_ADR_MASK		0x9f000000u
#define INSN_ADR_VALUE		0x10000000u
#define INSN_ADRP_VALUE		0x90000000u
#define INSN_ADD_IMM_MASK	0x7f800000u	/* ADD (immediate), 32 or 64 bit */
#define INSN_ADD_IMM_VALUE	0x11000000u
#define INSN_LDST_UIMM_MASK	0x3b000000u	/* load/store, unsigned offset */
#define INSN_LDST_UIMM_VALUE	0x39000000u
#define INSN_MOVW_MASK		0x1f800000u	/* MOVN, MOVZ, MOVK */
#define INSN_MOVW_VALUE		0x12800000u

/* Encodings the PLT and erratum veneers build (64-bit forms). */
#define INSN_MOVZ_X		0xd2800000u
#define INSN_MOVK_X		0xf2800000u
#define INSN_BR			0xd61f0000u
#define INSN_B			0x14000000u

#define PAGE_BITS		12
#define LO12_MASK		0xfffu
#define BRANCH26_RANGE		((int64_t)1 << 27)	/* B/BL: +/-128 MiB */
#define BRANCH19_RANGE		((int64_t)1 << 20)	/* B.cond, LDR literal, ADR */
#define BRANCH14_RANGE		((int64_t)1 << 15)	/* TBZ/TBNZ */
#define ADRP_RANGE		((int64_t)1 << 32)	/* ADRP: +/-4 GiB */
#define MOVW_GROUP_BITS		16

static uint32_t get_le(const uint8_t *p, uint32_t bytes)
{
	uint32_t v = 0, i;

	for (i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void put_le(uint8_t *p, uint64_t v, uint32_t bytes)
{
	uint32_t i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* lo <= x < hi, signed */
static bool in_range(int64_t x, int64_t lo, int64_t hi)
{
	return x >= lo && x < hi;
}

static bool range_fail(struct diag *d, uint32_t type)
{
	return diag_fail(d, "reloc: out of range", type);
}

uint32_t aarch64_insn_movz(uint32_t rd, uint16_t imm16, uint32_t shift)
{
	return INSN_MOVZ_X | (shift / MOVW_GROUP_BITS) << INSN_MOVW_HW_SHIFT |
	       (uint32_t)imm16 << INSN_IMM16_SHIFT | (rd & INSN_RD_MASK);
}

uint32_t aarch64_insn_movk(uint32_t rd, uint16_t imm16, uint32_t shift)
{
	return INSN_MOVK_X | (shift / MOVW_GROUP_BITS) << INSN_MOVW_HW_SHIFT |
	       (uint32_t)imm16 << INSN_IMM16_SHIFT | (rd & INSN_RD_MASK);
}

uint32_t aarch64_insn_br(uint32_t rn)
{
	return INSN_BR | (rn & INSN_RD_MASK) << INSN_RN_SHIFT;
}

uint32_t aarch64_insn_b(uint64_t place, uint64_t target)
{
	return INSN_B | ((uint32_t)((target - place) >> 2) & INSN_IMM26_MASK);
}

static uint32_t set_adr_imm(uint32_t insn, int64_t imm21)
{
	uint32_t v = (uint32_t)imm21;

	insn &= ~(INSN_ADR_IMMLO_MASK | INSN_ADR_IMMHI_MASK);
	return insn | (v & 3u) << INSN_ADR_IMMLO_SHIFT |
	       ((v >> 2) << INSN_ADR_IMMHI_SHIFT & INSN_ADR_IMMHI_MASK);
}

uint32_t aarch64_insn_adr(uint32_t rd, uint64_t place, uint64_t target)
{
	return set_adr_imm(INSN_ADR_VALUE | (rd & INSN_RD_MASK),
			   (int64_t)(target - place));
}

bool aarch64_insn_is_adrp(uint32_t insn)
{
	return (insn & INSN_ADR_MASK) == INSN_ADRP_VALUE;
}

uint32_t aarch64_insn_rd(uint32_t insn)
{
	return insn & INSN_RD_MASK;
}

bool aarch64_adr_reaches(uint64_t place, uint64_t target)
{
	return in_range((int64_t)(target - place), -BRANCH19_RANGE, BRANCH19_RANGE);
}

bool reloc_is_branch26(uint32_t type)
{
	return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26;
}

bool reloc_branch26_reaches(uint64_t place, uint64_t target)
{
	const int64_t x = (int64_t)(target - place);

	return (x & 3) == 0 && in_range(x, -BRANCH26_RANGE, BRANCH26_RANGE);
}

uint32_t reloc_module_place_size(uint32_t type)
{
	switch (type) {
	case R_AARCH64_ABS64:
	case R_AARCH64_PREL64:
		return 8;
	case R_AARCH64_ABS16:
	case R_AARCH64_PREL16:
		return 2;
	case R_AARCH64_ABS32:
	case R_AARCH64_PREL32:
		return 4;
	default:
		return reloc_module_type_ok(type) ? AARCH64_INSN_SIZE : 0;
	}
}

bool reloc_module_type_ok(uint32_t type)
{
	switch (type) {
	case R_AARCH64_NONE:
	case R_AARCH64_ABS64: case R_AARCH64_ABS32: case R_AARCH64_ABS16:
	case R_AARCH64_PREL64: case R_AARCH64_PREL32: case R_AARCH64_PREL16:
	case R_AARCH64_MOVW_UABS_G0: case R_AARCH64_MOVW_UABS_G0_NC:
	case R_AARCH64_MOVW_UABS_G1: case R_AARCH64_MOVW_UABS_G1_NC:
	case R_AARCH64_MOVW_UABS_G2: case R_AARCH64_MOVW_UABS_G2_NC:
	case R_AARCH64_MOVW_UABS_G3:
	case R_AARCH64_MOVW_SABS_G0: case R_AARCH64_MOVW_SABS_G1:
	case R_AARCH64_MOVW_SABS_G2:
	case R_AARCH64_MOVW_PREL_G0: case R_AARCH64_MOVW_PREL_G0_NC:
	case R_AARCH64_MOVW_PREL_G1: case R_AARCH64_MOVW_PREL_G1_NC:
	case R_AARCH64_MOVW_PREL_G2: case R_AARCH64_MOVW_PREL_G2_NC:
	case R_AARCH64_MOVW_PREL_G3:
	case R_AARCH64_LD_PREL_LO19: case R_AARCH64_ADR_PREL_LO21:
	case R_AARCH64_ADR_PREL_PG_HI21: case R_AARCH64_ADR_PREL_PG_HI21_NC:
	case R_AARCH64_ADD_ABS_LO12_NC:
	case R_AARCH64_LDST8_ABS_LO12_NC: case R_AARCH64_LDST16_ABS_LO12_NC:
	case R_AARCH64_LDST32_ABS_LO12_NC: case R_AARCH64_LDST64_ABS_LO12_NC:
	case R_AARCH64_LDST128_ABS_LO12_NC:
	case R_AARCH64_TSTBR14: case R_AARCH64_CONDBR19:
	case R_AARCH64_JUMP26: case R_AARCH64_CALL26:
		return true;
	default:
		return false;
	}
}

/* ABS/PREL data: write the low bytes of x after the type's range check. */
static bool apply_data(uint32_t type, uint8_t *loc, uint64_t x, struct diag *d)
{
	const int64_t s = (int64_t)x;

	switch (type) {
	case R_AARCH64_ABS64:
	case R_AARCH64_PREL64:
		put_le(loc, x, 8);
		return true;
	case R_AARCH64_ABS32:		/* AAELF64: -2^31 <= X < 2^32 */
		if (!in_range(s, INT32_MIN, (int64_t)UINT32_MAX + 1))
			return range_fail(d, type);
		put_le(loc, x, 4);
		return true;
	case R_AARCH64_ABS16:		/* -2^15 <= X < 2^16 */
		if (!in_range(s, INT16_MIN, (int64_t)UINT16_MAX + 1))
			return range_fail(d, type);
		put_le(loc, x, 2);
		return true;
	/*
	 * Signed ranges for the PC-relative data: the code reading these
	 * words adds them as signed offsets, so a value in [2^31, 2^32) that
	 * AAELF64 would let through could only be a wrong address.
	 */
	case R_AARCH64_PREL32:
		if (!in_range(s, INT32_MIN, (int64_t)INT32_MAX + 1))
			return range_fail(d, type);
		put_le(loc, x, 4);
		return true;
	case R_AARCH64_PREL16:
		if (!in_range(s, INT16_MIN, (int64_t)INT16_MAX + 1))
			return range_fail(d, type);
		put_le(loc, x, 2);
		return true;
	default:
		return diag_fail(d, "reloc: unsupported relocation type", type);
	}
}

struct movw_rule {
	uint32_t shift;		/* group: bits [shift + 15 : shift] */
	bool check;		/* overflow check */
	bool is_signed;		/* signed range; MOVZ or MOVN by sign */
};

static bool movw_rule(uint32_t type, struct movw_rule *r)
{
	r->check = true;
	r->is_signed = false;
	switch (type) {
	case R_AARCH64_MOVW_UABS_G0_NC: r->check = false; /* fall through */
	case R_AARCH64_MOVW_UABS_G0: r->shift = 0; return true;
	case R_AARCH64_MOVW_UABS_G1_NC: r->check = false; /* fall through */
	case R_AARCH64_MOVW_UABS_G1: r->shift = 16; return true;
	case R_AARCH64_MOVW_UABS_G2_NC: r->check = false; /* fall through */
	case R_AARCH64_MOVW_UABS_G2: r->shift = 32; return true;
	case R_AARCH64_MOVW_UABS_G3: r->shift = 48; r->check = false; return true;
	default: break;
	}
	r->is_signed = true;
	switch (type) {
	case R_AARCH64_MOVW_SABS_G0: case R_AARCH64_MOVW_PREL_G0: r->shift = 0; return true;
	case R_AARCH64_MOVW_SABS_G1: case R_AARCH64_MOVW_PREL_G1: r->shift = 16; return true;
	case R_AARCH64_MOVW_SABS_G2: case R_AARCH64_MOVW_PREL_G2: r->shift = 32; return true;
	case R_AARCH64_MOVW_PREL_G3: r->shift = 48; r->check = false; return true;
	default: break;
	}
	/* The _NC PC-relative groups: MOVK of the raw bits. */
	r->is_signed = false;
	r->check = false;
	switch (type) {
	case R_AARCH64_MOVW_PREL_G0_NC: r->shift = 0; return true;
	case R_AARCH64_MOVW_PREL_G1_NC: r->shift = 16; return true;
	case R_AARCH64_MOVW_PREL_G2_NC: r->shift = 32; return true;
	default: return false;
	}
}

static bool apply_movw(uint32_t type, uint32_t *insn, uint64_t x, struct diag *d)
{
	struct movw_rule r;
	const int64_t s = (int64_t)x;
	uint64_t imm = x;

	if (!movw_rule(type, &r))
		return diag_fail(d, "reloc: unsupported relocation type", type);
	if ((*insn & INSN_MOVW_MASK) != INSN_MOVW_VALUE)
		return diag_fail(d, "reloc: relocation applied to the wrong kind of instruction", type);
	if (r.is_signed) {
		const uint32_t bits = r.shift + MOVW_GROUP_BITS;

		if (r.check && !in_range(s, -((int64_t)1 << bits), (int64_t)1 << bits))
			return range_fail(d, type);
		/* MOVN writes ~imm: encode the complement of a negative value. */
		if (s < 0) {
			imm = ~x;
			*insn &= ~INSN_MOVW_OPC_MOVZ;
		} else {
			*insn |= INSN_MOVW_OPC_MOVZ;
		}
	} else if (r.check && (x >> (r.shift + MOVW_GROUP_BITS)) != 0) {
		return range_fail(d, type);
	}
	*insn = (*insn & ~INSN_IMM16_MASK) |
		(uint32_t)((imm >> r.shift) & 0xffffu) << INSN_IMM16_SHIFT;
	return true;
}

/* Immediate-offset loads/stores: log2 of the access size a LDST type scales by. */
static int ldst_scale(uint32_t type)
{
	switch (type) {
	case R_AARCH64_LDST8_ABS_LO12_NC: return 0;
	case R_AARCH64_LDST16_ABS_LO12_NC: return 1;
	case R_AARCH64_LDST32_ABS_LO12_NC: return 2;
	case R_AARCH64_LDST64_ABS_LO12_NC: return 3;
	case R_AARCH64_LDST128_ABS_LO12_NC: return 4;
	default: return -1;
	}
}

static bool insn_is(uint32_t insn, uint32_t mask, uint32_t value)
{
	return (insn & mask) == value;
}

static bool wrong_insn(struct diag *d, uint32_t type)
{
	return diag_fail(d, "reloc: relocation applied to the wrong kind of instruction", type);
}

/* A PC-relative branch or literal field: word offset, checked range. */
static bool set_pcrel_field(uint32_t type, uint32_t *insn, int64_t x, int64_t range,
			    uint32_t shift, uint32_t mask, struct diag *d)
{
	if (x & 3)
		return diag_fail(d, "reloc: misaligned target", type);
	if (!in_range(x, -range, range))
		return range_fail(d, type);
	*insn = (*insn & ~mask) | ((uint32_t)(x >> 2) << shift & mask);
	return true;
}

static bool apply_insn(uint32_t type, uint32_t *insn, uint64_t place, uint64_t sa,
		       struct diag *d)
{
	const int64_t rel = (int64_t)(sa - place);
	int scale;

	switch (type) {
	case R_AARCH64_CALL26:
	case R_AARCH64_JUMP26:
		if (!insn_is(*insn, INSN_B_BL_MASK, INSN_B_BL_VALUE))
			return wrong_insn(d, type);
		return set_pcrel_field(type, insn, rel, BRANCH26_RANGE, 0, INSN_IMM26_MASK, d);
	case R_AARCH64_CONDBR19:
		if (!insn_is(*insn, INSN_BCOND_MASK, INSN_BCOND_VALUE) &&
		    !insn_is(*insn, INSN_CBZ_MASK, INSN_CBZ_VALUE))
			return wrong_insn(d, type);
		return set_pcrel_field(type, insn, rel, BRANCH19_RANGE, INSN_IMM19_SHIFT,
				       INSN_IMM19_MASK, d);
	case R_AARCH64_LD_PREL_LO19:
		if (!insn_is(*insn, INSN_LDR_LIT_MASK, INSN_LDR_LIT_VALUE))
			return wrong_insn(d, type);
		return set_pcrel_field(type, insn, rel, BRANCH19_RANGE, INSN_IMM19_SHIFT,
				       INSN_IMM19_MASK, d);
	case R_AARCH64_TSTBR14:
		if (!insn_is(*insn, INSN_TBZ_MASK, INSN_TBZ_VALUE))
			return wrong_insn(d, type);
		return set_pcrel_field(type, insn, rel, BRANCH14_RANGE, INSN_IMM14_SHIFT,
				       INSN_IMM14_MASK, d);
	case R_AARCH64_ADR_PREL_LO21:
		if (!insn_is(*insn, INSN_ADR_MASK, INSN_ADR_VALUE))
			return wrong_insn(d, type);
		if (!in_range(rel, -BRANCH19_RANGE, BRANCH19_RANGE))
			return range_fail(d, type);
		*insn = set_adr_imm(*insn, rel);
		return true;
	case R_AARCH64_ADR_PREL_PG_HI21:
	case R_AARCH64_ADR_PREL_PG_HI21_NC: {
		const int64_t pages = (int64_t)((sa >> PAGE_BITS) - (place >> PAGE_BITS));

		if (!aarch64_insn_is_adrp(*insn))
			return wrong_insn(d, type);
		if (type == R_AARCH64_ADR_PREL_PG_HI21 &&
		    !in_range(pages, -(ADRP_RANGE >> PAGE_BITS), ADRP_RANGE >> PAGE_BITS))
			return range_fail(d, type);
		*insn = set_adr_imm(*insn, pages);
		return true;
	}
	case R_AARCH64_ADD_ABS_LO12_NC:
		if (!insn_is(*insn, INSN_ADD_IMM_MASK, INSN_ADD_IMM_VALUE))
			return wrong_insn(d, type);
		*insn = (*insn & ~INSN_IMM12_MASK) |
			(uint32_t)(sa & LO12_MASK) << INSN_IMM12_SHIFT;
		return true;
	default:
		break;
	}
	scale = ldst_scale(type);
	if (scale >= 0) {
		if (!insn_is(*insn, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE))
			return wrong_insn(d, type);
		/* The field holds offset / size: a misaligned target cannot be encoded. */
		if (sa & ((1u << scale) - 1))
			return diag_fail(d, "reloc: misaligned target", type);
		*insn = (*insn & ~INSN_IMM12_MASK) |
			(uint32_t)((sa & LO12_MASK) >> scale) << INSN_IMM12_SHIFT;
		return true;
	}
	switch (type) {
	case R_AARCH64_MOVW_PREL_G0: case R_AARCH64_MOVW_PREL_G0_NC:
	case R_AARCH64_MOVW_PREL_G1: case R_AARCH64_MOVW_PREL_G1_NC:
	case R_AARCH64_MOVW_PREL_G2: case R_AARCH64_MOVW_PREL_G2_NC:
	case R_AARCH64_MOVW_PREL_G3:
		return apply_movw(type, insn, sa - place, d);
	default:
		return apply_movw(type, insn, sa, d);
	}
}

bool reloc_module_apply(uint32_t type, uint8_t *loc, uint64_t place, uint64_t sa,
			struct diag *d)
{
	uint32_t insn;

	switch (reloc_module_place_size(type)) {
	case 0:
		return diag_fail(d, "reloc: unsupported relocation type", type);
	case AARCH64_INSN_SIZE:
		if (type == R_AARCH64_ABS32 || type == R_AARCH64_PREL32)
			break;
		if (type == R_AARCH64_NONE)
			return true;
		if (place & (AARCH64_INSN_SIZE - 1))
			return diag_fail(d, "reloc: instruction place not 4-byte aligned", type);
		insn = get_le(loc, AARCH64_INSN_SIZE);
		if (!apply_insn(type, &insn, place, sa, d))
			return false;
		put_le(loc, insn, AARCH64_INSN_SIZE);
		return true;
	default:
		break;
	}
	if (type == R_AARCH64_PREL64 || type == R_AARCH64_PREL32 || type == R_AARCH64_PREL16)
		return apply_data(type, loc, sa - place, d);
	return apply_data(type, loc, sa, d);
}
