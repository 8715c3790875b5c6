/* SPDX-License-Identifier: MIT */
/* Entry of the test kernels: PC-relative only, like real early code. */
	.section .head.text, "ax"
	.globl	_start
_start:
	adrp	x0, kmain
	add	x0, x0, :lo12:kmain
	br	x0
