// SPDX-License-Identifier: MIT
/*
 * Broken on purpose: a PREL32 word to an address no module reaches.  The
 * target is an undefined weak symbol, which resolves to 0: 256 TiB below
 * the module region, far beyond the +/-2 GiB a 32-bit offset holds.
 */
	.weak	bad_prel32_nowhere

	.text
	.globl	module_init
	.type	module_init, %function
module_init:
	mov	x0, #0
	ret

	.section .rodata.bad, "a"
	.balign	4
	.word	bad_prel32_nowhere - .
