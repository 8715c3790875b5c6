/* SPDX-License-Identifier: MIT */
/* System register fields used by the boot path (Arm ARM, section D17/D19). */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <asm/memory.h>

#define CURRENTEL_EL1		(1 << 2)
#define CURRENTEL_EL2		(2 << 2)
#define CURRENTEL_EL3		(3 << 2)

/* MPIDR_EL1 affinity fields, Aff3 [39:32] and Aff2..Aff0 [23:0]: a CPU's
 * PSCI target and its /cpus reg. */
#define MPIDR_HWID_MASK		UL(0xff00ffffff)

/* CNTPS_CTL_EL1 (secure physical timer): UNDEFINED at Non-secure EL1. */
#define SYS_CNTPS_CTL_EL1	s3_7_c14_c2_1

/* SCTLR_EL1 */
#define SCTLR_EL1_M		(UL(1) << 0)	/* stage 1 MMU */
#define SCTLR_EL1_A		(UL(1) << 1)	/* alignment check */
#define SCTLR_EL1_C		(UL(1) << 2)	/* data cacheability */
#define SCTLR_EL1_SA		(UL(1) << 3)	/* SP alignment check */
#define SCTLR_EL1_I		(UL(1) << 12)	/* instruction cacheability */
#define SCTLR_EL1_WXN		(UL(1) << 19)	/* writable implies XN */
#define SCTLR_EL1_RES1		((UL(1) << 11) | (UL(1) << 20) | (UL(1) << 22) | \
				 (UL(1) << 23) | (UL(1) << 28) | (UL(1) << 29))
#define SCTLR_EL1_MMU_OFF	SCTLR_EL1_RES1
#define SCTLR_EL1_MMU_ON	(SCTLR_EL1_RES1 | SCTLR_EL1_M | SCTLR_EL1_C | \
				 SCTLR_EL1_SA | SCTLR_EL1_I | SCTLR_EL1_WXN)

/* SCTLR_EL2 (E2H == 0): RES1 bits; M, C, I and EE clear = MMU and caches off, LE */
#define SCTLR_EL2_RES1		((UL(1) << 4) | (UL(1) << 5) | (UL(1) << 11) | (UL(1) << 16) | \
				 (UL(1) << 18) | (UL(1) << 22) | (UL(1) << 23) | (UL(1) << 28) | \
				 (UL(1) << 29))
#define SCTLR_EL2_MMU_OFF	SCTLR_EL2_RES1
/* M, C and I sit where they do in SCTLR_EL1. */
#define SCTLR_EL2_M		SCTLR_EL1_M
#define SCTLR_EL2_C		SCTLR_EL1_C
#define SCTLR_EL2_I		SCTLR_EL1_I

/* HCR_EL2 */
#define HCR_EL2_RW		(UL(1) << 31)	/* EL1 is AArch64 */
#define HCR_EL2_E2H		(UL(1) << 34)

/* CNTHCTL_EL2 (E2H == 0 layout) */
#define CNTHCTL_EL1PCTEN	(UL(1) << 0)	/* EL1 may read the physical counter */
#define CNTHCTL_EL1PCEN		(UL(1) << 1)	/* EL1 may use the physical timer */

/* CPTR_EL2 (E2H == 0): RES1 bits, no trap of FP/SIMD/SVE */
#define CPTR_EL2_RES1		(UL(0x33ff))

/* MDCR_EL2: HPMN in [4:0]; everything else 0 = no debug/PMU traps */
#define MDCR_EL2_HPMN_MASK	UL(0x1f)
#define PMCR_EL0_N_SHIFT	11
#define PMCR_EL0_N_MASK		UL(0x1f)
#define ID_AA64DFR0_PMUVER_SHIFT	8
#define ID_AA64DFR0_PMUVER_MASK		UL(0xf)
#define ID_AA64DFR0_PMUVER_IMPDEF	UL(0xf)

/* SPSR: return to EL1h with D, A, I, F masked */
#define PSR_MODE_EL1H		UL(0x5)
#define PSR_DAIF_MASK		(UL(0xf) << 6)
#define SPSR_EL2_TO_EL1		(PSR_DAIF_MASK | PSR_MODE_EL1H)

/* CPACR_EL1.FPEN: no FP/SIMD trap (the kernel is built general-regs-only,
 * but firmware services or a later feature may touch them) */
#define CPACR_EL1_FPEN		(UL(3) << 20)

/* MAIR_EL1 attribute indices */
#define MT_DEVICE_nGnRnE	0
#define MT_NORMAL		1
#define MT_NORMAL_NC		2
#define MAIR_ATTR_DEVICE_nGnRnE	UL(0x00)
#define MAIR_ATTR_NORMAL_WB	UL(0xff)
#define MAIR_ATTR_NORMAL_NC	UL(0x44)
#define MAIR_EL1_VALUE		((MAIR_ATTR_DEVICE_nGnRnE << (8 * MT_DEVICE_nGnRnE)) | \
				 (MAIR_ATTR_NORMAL_WB << (8 * MT_NORMAL)) | \
				 (MAIR_ATTR_NORMAL_NC << (8 * MT_NORMAL_NC)))

/* TCR_EL1 */
#define TCR_T0SZ(x)		((UL(64) - (x)) << 0)
#define TCR_T1SZ(x)		((UL(64) - (x)) << 16)
#define TCR_EPD0		(UL(1) << 7)
#define TCR_IRGN0_WBWA		(UL(1) << 8)
#define TCR_ORGN0_WBWA		(UL(1) << 10)
#define TCR_SH0_INNER		(UL(3) << 12)
#define TCR_TG0_4K		(UL(0) << 14)
#define TCR_IRGN1_WBWA		(UL(1) << 24)
#define TCR_ORGN1_WBWA		(UL(1) << 26)
#define TCR_SH1_INNER		(UL(3) << 28)
#define TCR_TG1_4K		(UL(2) << 30)
#define TCR_IPS_SHIFT		32
#define TCR_EL1_VALUE		(TCR_T0SZ(VA_BITS) | TCR_T1SZ(VA_BITS) | \
				 TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | \
				 TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K)
#define ID_AA64MMFR0_PARANGE_MASK	UL(0xf)

/* CTR_EL0.DminLine/IminLine: log2 of the smallest data/instruction cache
 * line, in 4-byte words */
#define CTR_EL0_DMINLINE_SHIFT	16
#define CTR_EL0_IMINLINE_SHIFT	0
#define CTR_EL0_DMINLINE_MASK	UL(0xf)

/* ID_AA64ISAR0_EL1.RNDR: FEAT_RNG */
#define ID_AA64ISAR0_RNDR_SHIFT	60
#define ID_AA64ISAR0_RNDR_MASK	UL(0xf)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Read or write a system register by name (volatile: the value can change
 * under the compiler, and a write has effects it cannot see). */
#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

/* The smallest D-cache (shift CTR_EL0_DMINLINE_SHIFT) or I-cache
 * (CTR_EL0_IMINLINE_SHIFT) line in bytes: what by-address maintenance
 * must step by. */
static inline uint64_t cache_line_size(unsigned int shift)
{
	return (uint64_t)4 << ((read_sysreg(ctr_el0) >> shift) & CTR_EL0_DMINLINE_MASK);
}
#endif

#endif
