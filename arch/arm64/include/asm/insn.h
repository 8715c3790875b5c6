/* SPDX-License-Identifier: MIT */
/*
 * AArch64 instruction encodings (Arm ARM C4.1): classes the module
 * relocations check before patching, the fields they patch, and the few
 * whole instructions the PLT and erratum veneers build.  Shared by
 * arch/arm64/kernel/insn.c, module-reloc.c and module-plts.c, and the host
 * tests.  Register numbers are 0..31.
 */
#ifndef ASM_INSN_H
#define ASM_INSN_H

#include <stdbool.h>
#include <stdint.h>

#define AARCH64_INSN_SIZE	4u

/* Instruction classes: (insn & MASK) == VALUE. */
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
#define INSN_ADR_MASK		0x9f000000u	/* ADR, and with ADRP's value ADRP */
#define INSN_ADR_VALUE		0x10000000u
#define INSN_ADRP_VALUE		0x90000000u
#define INSN_ADD_IMM_MASK	0x7f800000u	/* ADD (immediate), 32 or 64 bit */
#define INSN_ADD_IMM_VALUE	0x11000000u
#define INSN_LDST_UIMM_MASK	0x3b000000u	/* load/store, unsigned offset */
#define INSN_LDST_UIMM_VALUE	0x39000000u
#define INSN_MOVW_MASK		0x1f800000u	/* MOVN, MOVZ, MOVK */
#define INSN_MOVW_VALUE		0x12800000u
#define INSN_MOVW_OPC_MOVZ	(1u << 30)	/* MOVN has bit 30 clear */

/* Immediate fields: [SHIFT, SHIFT + width). */
#define INSN_IMM26_SHIFT	0
#define INSN_IMM19_SHIFT	5
#define INSN_IMM14_SHIFT	5
#define INSN_IMM16_SHIFT	5
#define INSN_IMM12_SHIFT	10
#define INSN_MOVW_HW_SHIFT	21
#define INSN_RD_MASK		0x1fu
#define INSN_RN_SHIFT		5

/* MOVZ/MOVK move 16-bit groups; a 64-bit value takes four. */
#define MOVW_GROUP_BITS		16

uint32_t aarch64_insn_movz(uint32_t rd, uint16_t imm16, uint32_t shift);
uint32_t aarch64_insn_movk(uint32_t rd, uint16_t imm16, uint32_t shift);
uint32_t aarch64_insn_br(uint32_t rn);
/* B from place to target; the caller has checked the reach. */
uint32_t aarch64_insn_b(uint64_t place, uint64_t target);
/* ADR rd, target from place; the caller has checked the +/-1 MiB reach. */
uint32_t aarch64_insn_adr(uint32_t rd, uint64_t place, uint64_t target);
/* insn with its ADR/ADRP 21-bit immediate (immlo:immhi) set to imm21. */
uint32_t aarch64_insn_set_adr_imm(uint32_t insn, int64_t imm21);
bool aarch64_insn_is_adrp(uint32_t insn);
uint32_t aarch64_insn_rd(uint32_t insn);
/* Whether ADR at place reaches target (signed 21-bit byte offset). */
bool aarch64_adr_reaches(uint64_t place, uint64_t target);
/* Whether a B/BL at place reaches target (+/-128 MiB, 4-byte aligned). */
bool aarch64_branch26_reaches(uint64_t place, uint64_t target);

#endif
