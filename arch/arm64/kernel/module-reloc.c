// SPDX-License-Identifier: MIT
/*
 * Static relocations of loadable modules (ET_REL): one table row per type
 * the loader supports, one function that applies a row (asm/module.h).
 *
 * Field layouts and overflow checks follow AAELF64 ("ELF for the Arm 64-bit
 * Architecture", section 5.7) and the instruction encodings of the Arm ARM
 * (C4.1, asm/insn.h).  X below is the value a relocation computes: S + A
 * for the absolute types, S + A - P for the PC-relative ones,
 * Page(S + A) - Page(P) for ADRP.  Places are read and written byte by
 * byte (a module's data places need not be aligned; little-endian either
 * way).  Built for the kernel and for the host tests.
 */
#include <stddef.h>

#include <asm/insn.h>
#include <asm/module.h>
#include <relok/diag.h>
#include <relok/elf.h>

#define DIAG_SUBSYS	"reloc"

#define PAGE_BITS		12
#define LO12_MASK		0xfffu
#define IMM12_MASK		(0xfffu << INSN_IMM12_SHIFT)
#define IMM16_MASK		(0xffffu << INSN_IMM16_SHIFT)

enum reloc_op {
	OP_NONE,	/* R_AARCH64_NONE */
	OP_DATA,	/* the low size bytes of X */
	OP_BRANCH,	/* a word offset in a [shift, shift + bits) field */
	OP_ADR,		/* ADR's 21-bit byte offset */
	OP_ADRP,	/* ADRP's 21-bit page offset */
	OP_LO12,	/* ADD/LDR/STR immediate: the low 12 bits, scaled by 1 << shift */
	OP_MOVW,	/* MOVZ/MOVN/MOVK: the 16-bit group at shift */
};

struct reloc_howto {
	uint16_t type;
	uint8_t op;
	uint8_t size;		/* bytes of the place */
	uint8_t pcrel;		/* X = S + A - P */
	uint8_t check;		/* X's range is checked */
	uint8_t is_signed;	/* DATA: signed range; MOVW: MOVZ or MOVN by sign */
	uint8_t shift;		/* see enum reloc_op */
	uint8_t bits;		/* DATA: place width; BRANCH: field width */
	uint32_t mask, value;	/* the instruction class the place must hold ... */
	uint32_t mask2, value2;	/* ... or this one (mask2 0: none) */
};

#define DATA(t, sz, pc, chk, sg) \
	{ R_AARCH64_##t, OP_DATA, sz, pc, chk, sg, 0, 8 * (sz), 0, 0, 0, 0 }
#define BRANCH(t, sh, w, m, v, m2, v2) \
	{ R_AARCH64_##t, OP_BRANCH, 4, 1, 1, 1, sh, w, m, v, m2, v2 }
#define LO12(t, scale, m, v) \
	{ R_AARCH64_##t, OP_LO12, 4, 0, 0, 0, scale, 0, m, v, 0, 0 }
#define MOVW(t, sh, pc, chk, sg) \
	{ R_AARCH64_##t, OP_MOVW, 4, pc, chk, sg, sh, 0, INSN_MOVW_MASK, INSN_MOVW_VALUE, 0, 0 }

static const struct reloc_howto howtos[] = {
	{ R_AARCH64_NONE, OP_NONE, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	/* AAELF64 lets ABS32/ABS16 hold a signed or an unsigned value ... */
	DATA(ABS64, 8, 0, 0, 0), DATA(ABS32, 4, 0, 1, 0), DATA(ABS16, 2, 0, 1, 0),
	/*
	 * ... and the PC-relative ones too, but the code reading them adds
	 * them as signed offsets: a value in [2^31, 2^32) could only be a
	 * wrong address, so it is refused.
	 */
	DATA(PREL64, 8, 1, 0, 1), DATA(PREL32, 4, 1, 1, 1), DATA(PREL16, 2, 1, 1, 1),
	BRANCH(CALL26, INSN_IMM26_SHIFT, 26, INSN_B_BL_MASK, INSN_B_BL_VALUE, 0, 0),
	BRANCH(JUMP26, INSN_IMM26_SHIFT, 26, INSN_B_BL_MASK, INSN_B_BL_VALUE, 0, 0),
	BRANCH(CONDBR19, INSN_IMM19_SHIFT, 19, INSN_BCOND_MASK, INSN_BCOND_VALUE,
	       INSN_CBZ_MASK, INSN_CBZ_VALUE),
	BRANCH(LD_PREL_LO19, INSN_IMM19_SHIFT, 19, INSN_LDR_LIT_MASK, INSN_LDR_LIT_VALUE, 0, 0),
	BRANCH(TSTBR14, INSN_IMM14_SHIFT, 14, INSN_TBZ_MASK, INSN_TBZ_VALUE, 0, 0),
	{ R_AARCH64_ADR_PREL_LO21, OP_ADR, 4, 1, 1, 1, 0, 21, INSN_ADR_MASK, INSN_ADR_VALUE, 0, 0 },
	{ R_AARCH64_ADR_PREL_PG_HI21, OP_ADRP, 4, 1, 1, 1, 0, 21, INSN_ADR_MASK, INSN_ADRP_VALUE, 0, 0 },
	{ R_AARCH64_ADR_PREL_PG_HI21_NC, OP_ADRP, 4, 1, 0, 1, 0, 21, INSN_ADR_MASK, INSN_ADRP_VALUE, 0, 0 },
	LO12(ADD_ABS_LO12_NC, 0, INSN_ADD_IMM_MASK, INSN_ADD_IMM_VALUE),
	LO12(LDST8_ABS_LO12_NC, 0, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE),
	LO12(LDST16_ABS_LO12_NC, 1, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE),
	LO12(LDST32_ABS_LO12_NC, 2, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE),
	LO12(LDST64_ABS_LO12_NC, 3, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE),
	LO12(LDST128_ABS_LO12_NC, 4, INSN_LDST_UIMM_MASK, INSN_LDST_UIMM_VALUE),
	/* Unsigned groups; G3 holds the top bits, so it cannot overflow. */
	MOVW(MOVW_UABS_G0, 0, 0, 1, 0), MOVW(MOVW_UABS_G0_NC, 0, 0, 0, 0),
	MOVW(MOVW_UABS_G1, 16, 0, 1, 0), MOVW(MOVW_UABS_G1_NC, 16, 0, 0, 0),
	MOVW(MOVW_UABS_G2, 32, 0, 1, 0), MOVW(MOVW_UABS_G2_NC, 32, 0, 0, 0),
	MOVW(MOVW_UABS_G3, 48, 0, 0, 0),
	/* Signed groups pick MOVZ or MOVN; the _NC ones are a MOVK's raw bits. */
	MOVW(MOVW_SABS_G0, 0, 0, 1, 1), MOVW(MOVW_SABS_G1, 16, 0, 1, 1),
	MOVW(MOVW_SABS_G2, 32, 0, 1, 1),
	MOVW(MOVW_PREL_G0, 0, 1, 1, 1), MOVW(MOVW_PREL_G0_NC, 0, 1, 0, 0),
	MOVW(MOVW_PREL_G1, 16, 1, 1, 1), MOVW(MOVW_PREL_G1_NC, 16, 1, 0, 0),
	MOVW(MOVW_PREL_G2, 32, 1, 1, 1), MOVW(MOVW_PREL_G2_NC, 32, 1, 0, 0),
	MOVW(MOVW_PREL_G3, 48, 1, 0, 1),
};

static const struct reloc_howto *howto(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(howtos) / sizeof(howtos[0]); i++)
		if (howtos[i].type == type)
			return &howtos[i];
	return NULL;
}

bool module_reloc_supported(uint32_t type)
{
	return howto(type) != NULL;
}

uint32_t module_reloc_place_size(uint32_t type)
{
	const struct reloc_howto *h = howto(type);

	return h ? h->size : 0;
}

bool module_reloc_is_branch26(uint32_t type)
{
	return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26;
}

static uint64_t get_le(const uint8_t *p, uint32_t bytes)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
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

/*
 * X fits a field of bits bits: [-2^(bits-1), 2^(bits-1)) when signed,
 * [-2^(bits-1), 2^bits) when either reading is allowed.
 */
static bool fits(int64_t x, uint32_t bits, bool is_signed)
{
	const int64_t half = (int64_t)1 << (bits - 1);

	return in_range(x, -half, is_signed ? half : 2 * half);
}

static bool range_fail(struct diag *d, uint32_t type)
{
	return diag_fail(d, "out of range", type);
}

/* The instruction at the place with X applied to the row's field. */
static bool patch_insn(const struct reloc_howto *h, uint32_t *insn, uint64_t x,
		       struct diag *d)
{
	const int64_t s = (int64_t)x;
	uint64_t imm;

	if ((*insn & h->mask) != h->value && (!h->mask2 || (*insn & h->mask2) != h->value2))
		return diag_fail(d, "relocation applied to the wrong kind of instruction",
				 h->type);
	switch (h->op) {
	case OP_BRANCH: {
		const uint32_t field = ((1u << h->bits) - 1) << h->shift;

		if (s & 3)
			return diag_fail(d, "misaligned target", h->type);
		if (!fits(s, h->bits + 2, true))
			return range_fail(d, h->type);
		*insn = (*insn & ~field) | ((uint32_t)(s >> 2) << h->shift & field);
		return true;
	}
	case OP_ADR:
	case OP_ADRP:
		if (h->check && !fits(s, h->bits, true))
			return range_fail(d, h->type);
		*insn = aarch64_insn_set_adr_imm(*insn, s);
		return true;
	case OP_LO12:
		/* The field holds offset / size: a misaligned target cannot be encoded. */
		if (x & ((1u << h->shift) - 1))
			return diag_fail(d, "misaligned target", h->type);
		*insn = (*insn & ~IMM12_MASK) |
			(uint32_t)((x & LO12_MASK) >> h->shift) << INSN_IMM12_SHIFT;
		return true;
	case OP_MOVW:
		imm = x;
		if (h->check && !(h->is_signed ? fits(s, h->shift + MOVW_GROUP_BITS + 1, true)
					       : (x >> (h->shift + MOVW_GROUP_BITS)) == 0))
			return range_fail(d, h->type);
		if (h->is_signed) {
			/* MOVN writes ~imm: encode the complement of a negative value. */
			if (s < 0) {
				imm = ~x;
				*insn &= ~INSN_MOVW_OPC_MOVZ;
			} else {
				*insn |= INSN_MOVW_OPC_MOVZ;
			}
		}
		*insn = (*insn & ~IMM16_MASK) |
			(uint32_t)((imm >> h->shift) & 0xffffu) << INSN_IMM16_SHIFT;
		return true;
	default:
		return diag_fail(d, "unsupported relocation type", h->type);
	}
}

bool module_reloc_apply(uint32_t type, uint8_t *loc, uint64_t place, uint64_t sa,
			struct diag *d)
{
	const struct reloc_howto *h = howto(type);
	uint64_t x;
	uint32_t insn;

	if (!h)
		return diag_fail(d, "unsupported relocation type", type);
	if (h->op == OP_NONE)
		return true;
	x = h->op == OP_ADRP ? (sa >> PAGE_BITS) - (place >> PAGE_BITS)
			     : h->pcrel ? sa - place : sa;
	if (h->op == OP_DATA) {
		if (h->check && !fits((int64_t)x, h->bits, h->is_signed))
			return range_fail(d, type);
		put_le(loc, x, h->size);
		return true;
	}
	if (place & (AARCH64_INSN_SIZE - 1))
		return diag_fail(d, "instruction place not 4-byte aligned", type);
	insn = (uint32_t)get_le(loc, AARCH64_INSN_SIZE);
	if (!patch_insn(h, &insn, x, d))
		return false;
	put_le(loc, insn, AARCH64_INSN_SIZE);
	return true;
}
