/* SPDX-License-Identifier: MIT */
/*
 * Boot cost counter (asm/boot_cost.h): start the PMU cycle counter at
 * entry, and stamp a phase from assembly.  Under QEMU -icount shift=0 the
 * counter counts instructions exactly.
 */
#include <asm/assembler.h>
#include <asm/boot_cost.h>
#include <asm/sysreg.h>

	.section .pi.text, "ax"

/*
 * boot_counter_start: reset and start PMCCNTR_EL0 counting at EL1 (and
 * EL0), so that the entry stamp is 0 by construction.
 * In:  running at EL1 (after el2_to_el1, which gave EL1 the PMU), MMU off.
 * Out: x0 = 1 if the counter runs, 0 if the CPU has no architected PMU.
 * Clobbers: x0, x1.
 */
SYM_FUNC_START(boot_counter_start)
	mrs	x1, id_aa64dfr0_el1
	ubfx	x1, x1, #ID_AA64DFR0_PMUVER_SHIFT, #4
	mov	x0, xzr
	cbz	x1, 1f
	cmp	x1, #ID_AA64DFR0_PMUVER_IMPDEF
	b.eq	1f
	msr	pmccfiltr_el0, xzr		// count at EL1 and EL0
	mov	x1, #PMCNTEN_CYCLES
	msr	pmcntenset_el0, x1
	mrs	x1, pmcr_el0
	mov	x0, #(PMCR_EL0_E | PMCR_EL0_C | PMCR_EL0_LC)	// not a logical immediate
	orr	x1, x1, x0
	msr	pmcr_el0, x1
	isb
	mov	x0, #1
1:	ret
SYM_FUNC_END(boot_counter_start)

	.text

/*
 * boot_stamp_asm(idx): boot_stamps[idx] = counter, if it was started.
 * In:  x0 = BOOT_STAMP_* index.  MMU on or off (PC-relative only).
 * Clobbers: x0-x2.
 */
SYM_FUNC_START(boot_stamp_asm)
	adr_l	x1, boot_stamps
	ldr	x2, [x1, #(BOOT_STAMP_VALID * 8)]
	cbz	x2, 1f
	isb
	mrs	x2, pmccntr_el0
	str	x2, [x1, x0, lsl #3]
1:	ret
SYM_FUNC_END(boot_stamp_asm)

	.bss
	.balign	8
	.globl	boot_stamps
boot_stamps:
	.space	BOOT_STAMPS_SIZE
