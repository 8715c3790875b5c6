/* SPDX-License-Identifier: MIT */
/*
 * Boot cost stamps: the PMU counters read at each early boot phase.
 *
 * Two counters, started at entry (boot_counter.S):
 *   cycles  the cycle counter PMCCNTR_EL0, whenever the CPU has an
 *           architected PMU.  On hardware these are cycles; under QEMU
 *           they are virtual time at 1 GHz, which is not a count of
 *           anything the guest did unless QEMU runs with -icount.
 *   insns   event counter 0 programmed with INST_RETIRED (common event
 *           0x08, "instruction architecturally executed"), only when
 *           PMCEID0_EL0 says the CPU implements that event: then the
 *           count is exact instructions.  QEMU 7.2 implements it only
 *           under -icount with a fixed shift (shift=N; not shift=auto):
 *           it is the instruction count QEMU keeps, so the same binary
 *           gives the same count on every run.
 * Without a PMU (ID_AA64DFR0_EL1.PMUVer 0 or IMPDEF) neither runs, every
 * stamp stays 0 and the report says so.
 *
 * The stamps live in boot_stamps[] (boot_counter.S, .bss): plain numbers,
 * so the early code writes them before relocation and C init reads them
 * after.  Cycles at [idx], instructions at [BOOT_STAMP_INSNS + idx], and
 * which counters run at [BOOT_STAMP_VALID].
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
#define BOOT_STAMP_INSNS	BOOT_STAMP_COUNT	/* instruction stamps follow the cycle ones */
#define BOOT_STAMP_VALID	(2 * BOOT_STAMP_COUNT)	/* BOOT_COUNTER_* bits of the counters that run */
#define BOOT_STAMPS_SIZE	((2 * BOOT_STAMP_COUNT + 1) * 8)

/* boot_stamps[BOOT_STAMP_VALID] bits. */
#define BOOT_COUNTER_CYCLES_BIT	0	/* PMCCNTR_EL0 runs */
#define BOOT_COUNTER_INSNS_BIT	1	/* PMEVCNTR0_EL0 counts INST_RETIRED */
#define BOOT_COUNTER_CYCLES	(1 << BOOT_COUNTER_CYCLES_BIT)
#define BOOT_COUNTER_INSNS	(1 << BOOT_COUNTER_INSNS_BIT)

/* PMCR_EL0 / PMCNTENSET_EL0 / PMCEID0_EL0 bits used to start the counters. */
#define PMCR_EL0_E		(1 << 0)	/* enable the counters */
#define PMCR_EL0_P		(1 << 1)	/* reset the event counters */
#define PMCR_EL0_C		(1 << 2)	/* reset the cycle counter */
#define PMCR_EL0_LC		(1 << 6)	/* 64-bit cycle counter overflow */
#define PMCNTEN_CYCLES		(1 << 31)	/* PMCNTENSET_EL0.C */
#define PMCNTEN_EVENT0		(1 << 0)	/* PMCNTENSET_EL0.P0 */
#define PMU_EVENT_INST_RETIRED	0x08	/* common event; PMEVTYPER filter bits 0: EL1 and EL0 */

/*
 * Event counters are 32 bits wide before PMUv3p5 (and this code does not
 * ask for more), so instruction differences are taken modulo 2^32: a
 * wrap between two stamps does not matter, a phase of 2^32 instructions
 * or more would (a boot is a few million).
 */
#define BOOT_INSNS_MASK		0xffffffffUL

#ifndef __ASSEMBLER__
#include <stdint.h>

extern uint64_t boot_stamps[2 * BOOT_STAMP_COUNT + 1];

static inline uint64_t boot_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t boot_insn_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
	return v;
}

/* Record phase idx, with the counters that were started at entry. */
static inline void boot_stamp(unsigned int idx)
{
	const uint64_t valid = boot_stamps[BOOT_STAMP_VALID];

	if (valid & BOOT_COUNTER_CYCLES)
		boot_stamps[idx] = boot_counter();
	if (valid & BOOT_COUNTER_INSNS)
		boot_stamps[BOOT_STAMP_INSNS + idx] = boot_insn_counter();
}
#endif

#endif
