/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception vectors.  Every vector saves the full register state in a
 * struct pt_regs frame on the current stack and calls
 * do_exception(regs, vector); nothing is recoverable yet, so it reports
 * and powers off.
 */
#include <asm/assembler.h>
#include <asm/ptrace.h>

	.macro	vector, index
	.balign	128
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #\index
	b	exception_common
	.endm

	.text
	.balign	2048
	.globl	vectors
vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\i
	.endr

/*
 * exception_common
 * In:  sp = frame with x0/x1 saved, x1 = vector index (0-15).
 * Out: calls do_exception(regs, index).  It does not return unless it
 *      fixed the exception up; then every general register, pc and pstate
 *      are restored from the frame (as possibly modified) and eret resumes.
 */
exception_common:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x2, sp, #PT_REGS_SIZE
	stp	x30, x2, [sp, #PT_REGS_LR]	// lr, sp before the exception
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #PT_REGS_PC]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #PT_REGS_ESR]
	mov	x0, sp
	bl	do_exception

	/*
	 * do_exception() returned: the exception was fixed up (a fault at
	 * an instruction in the exception table).  Resume at the frame's pc
	 * and pstate with the frame's registers, which the fixup may have
	 * changed.  sp is the same as at entry: the frame is popped.
	 */
	ldp	x2, x3, [sp, #PT_REGS_PC]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #PT_REGS_LR]
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #PT_REGS_SIZE
	eret
