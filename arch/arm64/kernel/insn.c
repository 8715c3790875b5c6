// SPDX-License-Identifier: MIT
/*
 * AArch64 instruction encoders (asm/insn.h): what the module loader's
 * relocations, PLTs and erratum veneers write.  Built for the kernel and
 * the host tests.
 */
#include <asm/insn.h>

#define INSN_IMM26_MASK		0x03ffffffu
#define INSN_ADR_IMMLO_SHIFT	29
#define INSN_ADR_IMMLO_MASK	(0x3u << INSN_ADR_IMMLO_SHIFT)
#define INSN_ADR_IMMHI_SHIFT	5
#define INSN_ADR_IMMHI_MASK	(0x7ffffu << INSN_ADR_IMMHI_SHIFT)

/* Encodings the veneers build (64-bit forms). */
#define INSN_MOVZ_X		0xd2800000u
#define INSN_MOVK_X		0xf2800000u
#define INSN_BR			0xd61f0000u
#define INSN_B			0x14000000u

#define BRANCH26_RANGE		((int64_t)1 << 27)	/* B/BL: +/-128 MiB */
#define ADR_RANGE		((int64_t)1 << 20)	/* ADR: +/-1 MiB */

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

uint32_t aarch64_insn_set_adr_imm(uint32_t insn, int64_t imm21)
{
	const uint32_t v = (uint32_t)imm21;

	insn &= ~(INSN_ADR_IMMLO_MASK | INSN_ADR_IMMHI_MASK);
	return insn | (v & 3u) << INSN_ADR_IMMLO_SHIFT |
	       ((v >> 2) << INSN_ADR_IMMHI_SHIFT & INSN_ADR_IMMHI_MASK);
}

uint32_t aarch64_insn_adr(uint32_t rd, uint64_t place, uint64_t target)
{
	return aarch64_insn_set_adr_imm(INSN_ADR_VALUE | (rd & INSN_RD_MASK),
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
	const int64_t x = (int64_t)(target - place);

	return x >= -ADR_RANGE && x < ADR_RANGE;
}

bool aarch64_branch26_reaches(uint64_t place, uint64_t target)
{
	const int64_t x = (int64_t)(target - place);

	return (x & 3) == 0 && x >= -BRANCH26_RANGE && x < BRANCH26_RANGE;
}
