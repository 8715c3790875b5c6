/* SPDX-License-Identifier: MIT */
/*
 * The relocation descriptor the linker script emits in .pi.rodata as
 * __pi_reloc_info: where the boot pass finds its tables, as offsets from
 * _head (constants, so reading it needs no relocation), and how many words
 * the RELR table names (the pass keeps no count: it would cost an add per
 * pointer), and the table of cache lines the pass writes.  The post-link tools that rewrite the tables
 * (scripts/extable_sort, scripts/relr_pack) keep it up to date;
 * scripts/relocs_check checks it against the tables, the boot pass and
 * the reloc-table self-test read it.
 */
#ifndef ASM_RELOC_INFO_H
#define ASM_RELOC_INFO_H

#define RELOC_INFO_MAGIC	0x4f4c4552	/* "RELO" */
#define RELOC_INFO_SYMBOL	"__pi_reloc_info"

#ifdef __ASSEMBLER__
/*
 * For linker scripts (preprocessed with __ASSEMBLER__): the descriptor,
 * and the output sections holding the tables it describes.  Differences
 * of addresses are link-time constants: no relocation.
 */
#define RELOC_INFO_DESCRIPTOR				\
	. = ALIGN(8);					\
	__pi_reloc_info = .;				\
	QUAD(RELOC_INFO_MAGIC)				\
	QUAD(__rela_start - _head)			\
	QUAD(__rela_end - __rela_start)			\
	QUAD(__relr_start - _head)			\
	QUAD(__relr_end - __relr_start)			\
	QUAD(0)		/* relr_count: post-link */	\
	QUAD(__reloc_lines_start - _head)		\
	QUAD(__reloc_lines_end - __reloc_lines_start)

/*
 * The cache lines the boot pass writes (relok/reloc.h), inside an output
 * section's braces: the table scripts/reloc_lines makes from a link
 * without it.  It must come after every relocated word, so that adding
 * it moves none of them.
 */
#define RELOC_LINES_TABLE				\
	. = ALIGN(4);					\
	__reloc_lines_start = .;			\
	KEEP(*(.reloc_lines))				\
	__reloc_lines_end = .;

/* GNU ld names the dynamic relocations of __ex_table .rela__ex_table. */
#define RELOC_TABLE_SECTIONS				\
	.rela.dyn : ALIGN(8) {				\
		__rela_start = .;			\
		*(.rela .rela.*) *(.rela__ex_table)	\
		__rela_end = .;				\
	}						\
	.relr.dyn : ALIGN(8) {				\
		__relr_start = .;			\
		*(.relr.dyn)				\
		__relr_end = .;				\
	}
#else
#include <stdint.h>

struct reloc_info {
	uint64_t magic;
	uint64_t rela_offset;
	uint64_t rela_size;
	uint64_t relr_offset;
	uint64_t relr_size;
	uint64_t relr_count;	/* words the RELR table names */
	uint64_t lines_offset;	/* the line table (relok/reloc.h): u32 entries */
	uint64_t lines_size;
};
#endif

#endif
