/* SPDX-License-Identifier: MIT */
/*
 * The relocation descriptor the linker script emits in .pi.rodata as
 * __pi_reloc_info: where the boot pass finds its tables, as offsets from
 * _head (constants, so reading it needs no relocation).  Post-link tools
 * that rewrite the tables (scripts/relr_pack) update it; the boot pass,
 * the self-tests and relocs_check read it.
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
	QUAD(__relr_end - __relr_start)

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
};
#endif

#endif
