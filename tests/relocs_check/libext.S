/* SPDX-License-Identifier: MIT */
/* The shared library providing bad_preempt.S's preemptible symbol. */
	.data
	.balign	8
	.globl	extern_sym
	.type	extern_sym, %object
	.size	extern_sym, 8
extern_sym:
	.quad	0
