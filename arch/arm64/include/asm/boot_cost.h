/* SPDX-License-Identifier: MIT */
/*
 * Boot cost stamps: the instruction counter read at each early boot phase.
 *
 * The counter is the PMU cycle counter PMCCNTR_EL0, started at entry
 * (head.S).  Under QEMU with -icount shift=0 every instruction advances
 * virtual time by exactly 1 ns and QEMU derives PMCCNTR from virtual time
 * at 1 GHz, so the counter counts retired instructions exactly and the
 * same binary gives the same counts on every run.  Without -icount it
 * counts QEMU's notion of cycles; on hardware, real cycles.  Without a
 * PMU (ID_AA64DFR0_EL1.PMUVer 0 or IMPDEF) every stamp stays 0 and the
 * report says so.
 *
 * The stamps live in boot_stamps[] (head.S, .bss): plain numbers, so the
 * early code writes them before relocation and C init reads them after.
 */
#ifndef ASM_BOOT_COST_H
#define ASM_BOOT_COST_H

#define BOOT_STAMP_ENTRY	0	/* first instruction after the EL switch */
#define BOOT_STAMP_RELOC_START	1	/* about to run the relocation pass */
#define BOOT_STAMP_RELOC_DONE	2	/* every relocation applied */
#define BOOT_STAMP_RELOC_DCACHE	3	/* the lines the pass wrote invalidated */
#define BOOT_STAMP_PGTABLES	4	/* early page tables built */
#define BOOT_STAMP_MMU_ON	5	/* first instruction at the virtual address */
#define BOOT_STAMP_C_ENTERED	6	/* start_kernel() entered */
#define BOOT_STAMP_READY	7	/* "relok: ready" about to be printed */
#define BOOT_STAMP_COUNT	8
#define BOOT_STAMP_VALID	BOOT_STAMP_COUNT	/* boot_stamps[8]: 1 if a counter ran */
#define BOOT_STAMPS_SIZE	((BOOT_STAMP_COUNT + 1) * 8)

/* PMCR_EL0 / PMCNTENSET_EL0 bits used to start the cycle counter. */
#define PMCR_EL0_E		(1 << 0)	/* enable the counters */
#define PMCR_EL0_C		(1 << 2)	/* reset the cycle counter */
#define PMCR_EL0_LC		(1 << 6)	/* 64-bit cycle counter overflow */
#define PMCNTEN_CYCLES		(1 << 31)	/* PMCNTENSET_EL0.C */

#ifndef __ASSEMBLER__
#include <stdint.h>

extern uint64_t boot_stamps[BOOT_STAMP_COUNT + 1];

static inline uint64_t boot_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

/* Record phase idx, if the counter was started at entry. */
static inline void boot_stamp(unsigned int idx)
{
	if (boot_stamps[BOOT_STAMP_VALID])
		boot_stamps[idx] = boot_counter();
}
#endif

#endif
