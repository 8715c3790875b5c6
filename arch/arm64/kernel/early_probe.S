/* SPDX-License-Identifier: MIT */
/*
 * The early probe's vector table and its C entry (asm/early_probe.h says
 * why and how a probing load works).  In .head.text: early code, which
 * relocs_check refuses any relocation in, reached with ADR only.
 */
#include <asm/assembler.h>
#include <asm/early_probe.h>

	.section .head.text, "ax"

/*
 * __pi_early_read32(addr, val): one probing 32-bit load, for early C.
 * In:  x0 = address, x1 = where to store the value.  MMU off.
 * Out: w0 = 1 and the value at [x1], or w0 = 0 if the load faulted ([x1]
 *      untouched; that EL's ESR, FAR, ELR and SPSR hold the fault).
 * Clobbers: x2-x4, x17.  Called from C (AAPCS64).
 */
SYM_FUNC_START(__pi_early_read32)
	probe_ldr32 w2, x0, x4, x3
	cbz	x4, 1f
	str	w2, [x1]
1:	mov	w0, w4
	ret
SYM_FUNC_END(__pi_early_read32)

/*
 * Every vector does the same: resume two instructions after the one that
 * took the exception (the probing load and its success mark), with the
 * PSTATE the exception saved, at whichever EL the probe ran.  Nothing but
 * a probing load runs with this table installed.  Clobbers x17.
 */
	.macro	early_probe_resume, el
	mrs	x17, elr_el\el
	add	x17, x17, #8
	msr	elr_el\el, x17
	eret
	.endm

	.macro	early_probe_vector
	.balign	128
	mrs	x17, CurrentEL
	cmp	x17, #CURRENTEL_EL2
	b.eq	2f
	b.hi	3f
	early_probe_resume 1
2:	early_probe_resume 2
3:	early_probe_resume 3
	.endm

	.balign	EARLY_PROBE_VBAR_ALIGN
	.globl	early_probe_vectors
early_probe_vectors:
	.rept	16
	early_probe_vector
	.endr
