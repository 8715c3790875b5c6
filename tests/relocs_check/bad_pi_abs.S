/* SPDX-License-Identifier: MIT */
/* Absolute references in code that runs before relocation. */
	.section .pi.text, "ax"
	.globl	pi_abs
pi_abs:
	ldr	x0, =counter		/* literal pool: an ABS64 in .pi.text */
	ret
	.balign	8
	.quad	counter
