/* SPDX-License-Identifier: MIT */
/*
 * The purgatory ELF file, carried in the kernel's read-only data for
 * kernel/kexec_purgatory.c to load by its program header.  8-byte aligned:
 * lib/elf.c reads the headers in place.
 */
	.section .rodata.purgatory, "a"
	.balign	16
	.globl	__purgatory_elf_start
	.globl	__purgatory_elf_end
__purgatory_elf_start:
	.incbin	PURGATORY_ELF
__purgatory_elf_end:
	.balign	16
