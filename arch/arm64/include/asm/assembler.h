/* SPDX-License-Identifier: MIT */
#ifndef ASM_ASSEMBLER_H
#define ASM_ASSEMBLER_H

#ifdef __ASSEMBLER__

/* Load a 64-bit constant without a literal pool (movz/movk, no relocation). */
	.macro	mov_q, reg, val
	movz	\reg, :abs_g3:\val
	movk	\reg, :abs_g2_nc:\val
	movk	\reg, :abs_g1_nc:\val
	movk	\reg, :abs_g0_nc:\val
	.endm

/* PC-relative address of sym (+/- 4 GiB): valid before and after relocation. */
	.macro	adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
	.endm

#define SYM_FUNC_START(name)	\
	.globl name;		\
	.type name, %function;	\
	.balign 4;		\
	name:
#define SYM_FUNC_END(name)	\
	.size name, . - name

#endif
#endif
