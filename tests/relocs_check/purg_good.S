/* SPDX-License-Identifier: MIT */
/*
 * A tiny purgatory for run.sh's --purgatory cases: hidden symbols,
 * PC-relative addressing only, a header first, a word of BSS.
 *   -DBAD_POINTER     a pointer in .data (a dynamic relocation)
 *   -DBAD_VISIBILITY  a global of default visibility
 *   -DBAD_ALIGN       a section aligned to 8 KiB
 */
	.section .purgatory.header, "aw"
	.globl	purgatory_header
	.hidden	purgatory_header
purgatory_header:
	.long	0x47525550
	.long	1

	.text
	.globl	purgatory_entry
	.hidden	purgatory_entry
purgatory_entry:
	adrp	x0, counter
	add	x0, x0, :lo12:counter
	ldr	x1, [x0]
	b	.

#ifndef BAD_VISIBILITY
	.hidden	exported
#endif
	.globl	exported
exported:
	ret

	.data
#ifdef BAD_POINTER
	.quad	purgatory_entry
#endif
#ifdef BAD_ALIGN
	.balign	8192
#endif
	.quad	1

	.bss
counter:
	.quad	0
