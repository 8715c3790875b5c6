/* SPDX-License-Identifier: MIT */
/*
 * The purgatory's linker script: one PT_LOAD from address 0 holding the
 * header and parameter block (first, at the offsets
 * include/relok/purgatory.h fixes), code, read-only data, data and BSS
 * (with the stack).  The kernel loads it by that program header at any 4 KiB-aligned
 * physical address; nothing in it needs relocating, and
 * scripts/relocs_check --purgatory fails the build if anything does.
 *
 * The segment is RWX: the purgatory runs with the MMU off, where there are
 * no permissions to split it by, and one segment is what makes the loader
 * a single copy.
 */
#include <asm/lds.h>
#include <relok/purgatory.h>

OUTPUT_ARCH(aarch64)
ENTRY(purgatory_entry)

PHDRS
{
	image	PT_LOAD FLAGS(7);
}

SECTIONS
{
	. = 0;
	.header : {
		KEEP(*(.purgatory.header))
	} :image
	ASSERT(purgatory_header == 0, "the header must open the segment")
	ASSERT(purgatory_params == PURGATORY_PARAMS_OFFSET,
	       "the parameter block must sit at PURGATORY_PARAMS_OFFSET")

	.text : ALIGN(8) {
		*(.text .text.*)
	}
	.rodata : ALIGN(8) {
		*(.rodata .rodata.*)
	}
	.data : ALIGN(8) {
		*(.data .data.*)
	}

	/*
	 * Kept, not discarded, so that relocs_check sees them: they must
	 * stay empty (a pointer in data, or a symbol reached through the
	 * GOT, would put something here).
	 */
	.rela.dyn : { *(.rela .rela.*) }
	.relr.dyn : { *(.relr.dyn) }
	.got : { *(.got) }
	.got.plt : { *(.got.plt) }
	.plt : { *(.plt .iplt) }

	/* NOBITS, inside the segment (p_memsz): the loader zeroes it. */
	.bss : ALIGN(16) {
		*(.bss .bss.* COMMON)		/* the stack too (entry.S) */
	}
	HIDDEN(purgatory_end = .);
	ASSERT(purgatory_end <= PURGATORY_MAX_SIZE, "the purgatory outgrew PURGATORY_MAX_SIZE")

	ELF_DETAILS_SECTIONS
	DISCARD_DYNAMIC_SECTIONS
}
