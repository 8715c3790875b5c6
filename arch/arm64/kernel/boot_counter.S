/* SPDX-License-Identifier: MIT */
/*
 * Boot cost counters (asm/boot_cost.h): start the PMU cycle counter, and
 * an instruction counter where the CPU implements INST_RETIRED, at entry;
 * stamp a phase from assembly.
 */
#include <asm/assembler.h>
#include <asm/boot_cost.h>
#include <asm/sysreg.h>

	.section .pi.text, "ax"

/*
 * boot_counter_start: reset and start PMCCNTR_EL0 counting at EL1 (and
 * EL0), so that the entry stamp is 0 by construction; and, when
 * PMCEID0_EL0 lists INST_RETIRED and PMCR_EL0.N gives at least one event
 * counter, event counter 0 counting it.
 * In:  running at EL1 (after el2_to_el1, which gave EL1 the PMU), MMU off.
 * Out: x0 = BOOT_COUNTER_* bits of the counters that run (0: no
 *      architected PMU).
 * Clobbers: x0-x2.
 */
SYM_FUNC_START(boot_counter_start)
	mrs	x1, id_aa64dfr0_el1
	ubfx	x1, x1, #ID_AA64DFR0_PMUVER_SHIFT, #4
	mov	x0, xzr
	cbz	x1, 2f
	cmp	x1, #ID_AA64DFR0_PMUVER_IMPDEF
	b.eq	2f
	msr	pmccfiltr_el0, xzr		// count at EL1 and EL0
	mov	x2, #PMCNTEN_CYCLES
	mov	x0, #BOOT_COUNTER_CYCLES

	mrs	x1, pmceid0_el0
	tbz	x1, #PMU_EVENT_INST_RETIRED, 1f	// the event is not implemented
	mrs	x1, pmcr_el0
	ubfx	x1, x1, #PMCR_EL0_N_SHIFT, #5
	cbz	x1, 1f				// no event counter at all
	mov	x1, #PMU_EVENT_INST_RETIRED	// filter bits 0: EL1 and EL0
	msr	pmevtyper0_el0, x1
	orr	x2, x2, #PMCNTEN_EVENT0
	orr	x0, x0, #BOOT_COUNTER_INSNS
1:	msr	pmcntenset_el0, x2
	mrs	x1, pmcr_el0
	orr	x1, x1, #(PMCR_EL0_E | PMCR_EL0_P | PMCR_EL0_C)
	orr	x1, x1, #PMCR_EL0_LC
	msr	pmcr_el0, x1
	isb
2:	ret
SYM_FUNC_END(boot_counter_start)

	.text

/*
 * boot_stamp_asm(idx): record phase idx with the counters that run (the
 * assembly twin of boot_stamp() in asm/boot_cost.h).
 * In:  x0 = BOOT_STAMP_* index.  MMU on or off (PC-relative only).
 * Clobbers: x0-x3.
 */
SYM_FUNC_START(boot_stamp_asm)
	adr_l	x1, boot_stamps
	ldr	x2, [x1, #(BOOT_STAMP_VALID * 8)]
	add	x1, x1, x0, lsl #3
	isb
	tbz	x2, #BOOT_COUNTER_CYCLES_BIT, 1f
	mrs	x3, pmccntr_el0
	str	x3, [x1]
1:	tbz	x2, #BOOT_COUNTER_INSNS_BIT, 2f
	mrs	x3, pmevcntr0_el0
	str	x3, [x1, #(BOOT_STAMP_INSNS * 8)]
2:	ret
SYM_FUNC_END(boot_stamp_asm)

	.bss
	.balign	8
	.globl	boot_stamps
boot_stamps:
	.space	BOOT_STAMPS_SIZE
