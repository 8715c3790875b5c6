/* SPDX-License-Identifier: MIT */
/*
 * Linker script for the tiny test kernels of run.sh: what extable_sort
 * needs of the real one (vmlinux.lds.S), in small.  The __ex_table header,
 * the __pi_reloc_info descriptor and _head as in the kernel; a dynamic
 * section is kept so its DT_RELASZ/DT_RELRSZ updates can be checked.
 * NO_TABLE drops the exception table (the "missing table" case).
 */
#include <asm/extable.h>

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
		__pi_reloc_info = .;
		QUAD(0x4f4c4552)
		QUAD(__rela_start - _head)
		QUAD(__rela_end - __rela_start)
		QUAD(__relr_start - _head)
		QUAD(__relr_end - __relr_start)
	}
	.rela.dyn : ALIGN(8) {
		__rela_start = .;
		*(.rela .rela.*) *(.rela__ex_table)
		__rela_end = .;
	}
	.relr.dyn : ALIGN(8) {
		__relr_start = .;
		*(.relr.dyn)
		__relr_end = .;
	}
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }

	. = ALIGN(4096);
	.data : { *(.data .data.*) } :data
	.dynamic : { *(.dynamic) } :data :dynamic
	.got : { *(.got) } :data
	.got.plt : { *(.got.plt) }
	.bss : { *(.bss .bss.*) }
	_end = .;

	/DISCARD/ : { *(.interp) *(.note.GNU-stack) *(.eh_frame) }
}
