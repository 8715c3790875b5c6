/* SPDX-License-Identifier: MIT */
/* Reaching default-visibility and weak symbols through the GOT. */
	.text
	.globl	got_user
got_user:
	adrp	x0, :got:weak_sym
	ldr	x0, [x0, :got_lo12:weak_sym]
	adrp	x1, :got:glob_sym
	ldr	x1, [x1, :got_lo12:glob_sym]
	ret

	.data
	.balign	8
	.weak	weak_sym
	.globl	glob_sym
weak_sym:
	.quad	1
glob_sym:
	.quad	2
