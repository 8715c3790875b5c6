// SPDX-License-Identifier: MIT
/*
 * Every relocation type of the module loader's list, each in a small
 * function or data word that reltypes.c checks.  rt_weak_missing is an
 * undefined weak symbol (0), so ABS32/16, MOVW_UABS_G0..G2 and MOVW_SABS
 * can be given values that fit their checked fields.  Targets of
 * PC-relative branches and literals sit in other sections, so the
 * assembler leaves the relocation to the loader.
 *
 * Functions: x0 in, x0 out; clobber x1, q0 (rt_ldst128); AAPCS64.
 */
	.weak	rt_weak_missing

	.section .rodata.rt, "a"
	.balign	8
	.globl	rt_abs64, rt_abs32, rt_abs16, rt_prel64_slot, rt_prel32_slot, rt_prel16_slot
	.globl	rt_ro_obj
rt_abs64:	.quad	printk
rt_prel64_slot:	.quad	printk - .
rt_abs32:	.word	rt_weak_missing + 0x12345678
rt_prel32_slot:	.word	printk - .
rt_abs16:	.hword	rt_weak_missing + 0x1234
rt_prel16_slot:	.hword	rt_data64 - .
	.balign	8
rt_literal:	.quad	printk
rt_ro_obj:	.asciz	"read-only object"

	.data
	.balign	16
	.globl	rt_data64, rt_bytes
rt_data64:	.quad	0x1122334455667788
	.balign	16
rt_bytes:	.byte	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
		.byte	16, 17, 18, 19, 20, 21, 22, 23

	.text
	.balign	4
#define FUNC(name)	.globl name; .type name, %function; name:

FUNC(rt_movw_uabs)
	movz	x0, #:abs_g3:printk
	movk	x0, #:abs_g2_nc:printk
	movk	x0, #:abs_g1_nc:printk
	movk	x0, #:abs_g0_nc:printk
	ret
FUNC(rt_movw_uabs_g2)
	movz	x0, #:abs_g2:rt_weak_missing + 0x123456789abc
	movk	x0, #:abs_g1_nc:rt_weak_missing + 0x123456789abc
	movk	x0, #:abs_g0_nc:rt_weak_missing + 0x123456789abc
	ret
FUNC(rt_movw_uabs_g1)
	movz	x0, #:abs_g1:rt_weak_missing + 0x12345678
	movk	x0, #:abs_g0_nc:rt_weak_missing + 0x12345678
	ret
FUNC(rt_movw_uabs_g0)
	movz	x0, #:abs_g0:rt_weak_missing + 0x1234
	ret
FUNC(rt_movw_sabs_g2)
	movz	x0, #:abs_g2_s:rt_weak_missing - 0x123456789abc
	movk	x0, #:abs_g1_nc:rt_weak_missing - 0x123456789abc
	movk	x0, #:abs_g0_nc:rt_weak_missing - 0x123456789abc
	ret
FUNC(rt_movw_sabs_g1)
	movz	x0, #:abs_g1_s:rt_weak_missing - 0x12345678
	movk	x0, #:abs_g0_nc:rt_weak_missing - 0x12345678
	ret
FUNC(rt_movw_sabs_g0)
	movz	x0, #:abs_g0_s:rt_weak_missing - 0x1234
	ret
/* PC-relative groups: the addend grows with the instruction address, so
 * every group is of target - label 1. */
FUNC(rt_movw_prel_g3)
1:	movz	x0, #:prel_g3:printk
	movk	x0, #:prel_g2_nc:printk + 4
	movk	x0, #:prel_g1_nc:printk + 8
	movk	x0, #:prel_g0_nc:printk + 12
	adr	x1, 1b
	add	x0, x0, x1
	ret
FUNC(rt_movw_prel_g2)
1:	movz	x0, #:prel_g2:rt_data64
	movk	x0, #:prel_g1_nc:rt_data64 + 4
	movk	x0, #:prel_g0_nc:rt_data64 + 8
	adr	x1, 1b
	add	x0, x0, x1
	ret
FUNC(rt_movw_prel_g1)
1:	movz	x0, #:prel_g1:rt_data64
	movk	x0, #:prel_g0_nc:rt_data64 + 4
	adr	x1, 1b
	add	x0, x0, x1
	ret
FUNC(rt_movw_prel_g0)
1:	movz	x0, #:prel_g0:rt_ro_obj
	adr	x1, 1b
	add	x0, x0, x1
	ret
FUNC(rt_ld_prel_lo19)
	ldr	x0, rt_literal
	ret
FUNC(rt_adr)
	adr	x0, rt_ro_obj
	ret
FUNC(rt_adrp_add)
	adrp	x0, boot_info
	add	x0, x0, :lo12:boot_info
	ret
FUNC(rt_adrp_nc)
	adrp	x0, :pg_hi21_nc:rt_data64
	add	x0, x0, :lo12:rt_data64
	ret
FUNC(rt_ldst8)
	adrp	x1, rt_bytes
	ldrb	w0, [x1, :lo12:rt_bytes + 3]
	ret
FUNC(rt_ldst16)
	adrp	x1, rt_bytes
	ldrh	w0, [x1, :lo12:rt_bytes + 2]
	ret
FUNC(rt_ldst32)
	adrp	x1, rt_bytes
	ldr	w0, [x1, :lo12:rt_bytes + 4]
	ret
FUNC(rt_ldst64)
	adrp	x1, rt_bytes
	ldr	x0, [x1, :lo12:rt_bytes + 8]
	ret
FUNC(rt_ldst128)
	adrp	x1, rt_bytes
	ldr	q0, [x1, :lo12:rt_bytes + 16]
	fmov	x0, d0
	ret
/* x0 bit 0 clear: 1 (taken), set: 2 */
FUNC(rt_tbz)
	tbz	x0, #0, rt_tbz_taken
	mov	x0, #2
	ret
/* x0 == 0: 3 (taken), else 4 */
FUNC(rt_beq)
	cmp	x0, #0
	b.eq	rt_beq_taken
	mov	x0, #4
	ret
FUNC(rt_jump_strlen)
	b	strlen

	.section .text.rt_targets, "ax"
rt_tbz_taken:
	mov	x0, #1
	ret
rt_beq_taken:
	mov	x0, #3
	ret
