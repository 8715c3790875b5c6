/* SPDX-License-Identifier: MIT */
/*
 * Stores that may fault, for probe_write() (probe.c).
 *
 * __probe_store{8,16,32,64}
 * In:  x0 = virtual address, x1 = value (low 8/16/32/64 bits stored).
 * Out: x0 = 0 if the store happened, -EX_EFAULT if it faulted (nothing
 *      was written).  Clobbers x0 only.
 * MMU on, EL1, exception vectors installed: a fault at the store is a
 * data abort that fixup_exception() resumes at the error return.
 */
#include <asm/assembler.h>
#include <asm/asm-extable.h>

	.macro	probe_store, name, insn, reg
SYM_FUNC_START(\name)
1:	\insn	\reg, [x0]
	mov	x0, #0
	ret
9:	mov	x0, #-EX_EFAULT
	ret
	_asm_extable 1b, 9b
SYM_FUNC_END(\name)
	.endm

	.text
	probe_store __probe_store8, strb, w1
	probe_store __probe_store16, strh, w1
	probe_store __probe_store32, str, w1
	probe_store __probe_store64, str, x1
