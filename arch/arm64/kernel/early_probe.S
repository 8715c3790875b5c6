/* SPDX-License-Identifier: MIT */
/*
 * One load that may fault, for the early boot path (MMU off, EL1).
 *
 * Until the MMU is on the kernel has no exception vectors of its own:
 * VBAR_EL1 holds whatever the firmware left (often 0).  A load from an
 * address where nothing answers -- a device tree that names a UART in a
 * hole of the address map, or points x0 there -- takes a synchronous
 * external abort into that, and the boot hangs without a word.  Early code
 * that must touch such an address (the console probe, the DTB's first
 * bytes) goes through __pi_early_read32, which points VBAR_EL1 at a table
 * of its own for the one load: any exception taken there resumes after the
 * load with "faulted", and the previous VBAR_EL1 comes back.
 *
 * Lives in .head.text (early code: relocs_check refuses any relocation
 * here) and uses ADR only.  The table needs the 2 KiB alignment VBAR_EL1
 * requires, which holds whenever the image is 4 KiB aligned, the only
 * placement in which C runs at all (head.S checks it first).
 */
#include <asm/assembler.h>

	.section .head.text, "ax"

/*
 * __pi_early_read32(addr, val): one 32-bit load from addr.
 * In:  x0 = address, x1 = where to store the value.  MMU off, EL1, DAIF
 *      masked (booting.rst), so only the load itself can take us to the
 *      table.
 * Out: w0 = 1 and the value at [x1], or w0 = 0 if the load faulted
 *      ([x1] untouched).  ESR_EL1, FAR_EL1, ELR_EL1 and SPSR_EL1 hold the
 *      fault's record then.
 * Clobbers: x2-x4.  Called from C (AAPCS64).
 */
SYM_FUNC_START(__pi_early_read32)
	mrs	x3, vbar_el1
	adr	x4, early_probe_vectors
	msr	vbar_el1, x4
	isb
	mov	w4, #0
	ldr	w2, [x0]			// may fault: resumes below with w4 = 0
	mov	w4, #1
.Lprobe_resume:
	msr	vbar_el1, x3
	isb
	cbz	w4, 2f
	str	w2, [x1]
2:	mov	w0, w4
	ret
SYM_FUNC_END(__pi_early_read32)

/*
 * Every vector does the same: resume at .Lprobe_resume, with the
 * PSTATE the exception saved.  Nothing but the probing load runs with this
 * table installed.  Clobbers x2.
 */
	.macro	early_probe_vector
	.balign	128
	adr	x2, .Lprobe_resume
	msr	elr_el1, x2
	eret
	.endm

	.balign	2048
early_probe_vectors:
	.rept	16
	early_probe_vector
	.endr
