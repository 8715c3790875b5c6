/* SPDX-License-Identifier: MIT */
/*
 * Linker script for the tiny test kernels of run.sh: what extable_sort
 * needs of the real one (vmlinux.lds.S), in small.  The __ex_table header,
 * the __pi_reloc_info descriptor and _head as in the kernel; a dynamic
 * section is kept so its DT_RELASZ/DT_RELRSZ updates can be checked.
 * NO_TABLE drops the exception table (the "missing table" case).
 */
#include <asm/extable.h>
#include <asm/reloc_info.h>

OUTPUT_ARCH(aarch64)
ENTRY(_head)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	dynamic PT_DYNAMIC FLAGS(6);
}

SECTIONS
{
	. = 0xffff800008000000;
	_head = .;
	.head.text : { KEEP(*(.head.text)) } :text
	.text : { *(.text .text.*) }

	. = ALIGN(4096);
	.rodata : { *(.rodata .rodata.*) } :rodata
#ifndef NO_TABLE
	__ex_table : ALIGN(8) {
		LONG(EXTABLE_MAGIC)
		LONG(EXTABLE_STATE_LINKED)
		LONG(0)
		LONG(EXTABLE_LINKED_ENTRY_SIZE)
		KEEP(*(__ex_table))
	}
#endif
	.pi.rodata : ALIGN(8) {
		RELOC_INFO_DESCRIPTOR
	}
	RELOC_TABLE_SECTIONS
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }

	. = ALIGN(4096);
	.data : { *(.data .data.*) RELOC_LINES_TABLE } :data
	.dynamic : { *(.dynamic) } :data :dynamic
	.got : { *(.got) } :data
	.got.plt : { *(.got.plt) }
	.bss : { *(.bss .bss.*) }
	_end = .;

	/DISCARD/ : { *(.interp) *(.note.GNU-stack) *(.eh_frame) }
}
