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

#include <stdint.h>

#define RELOC_INFO_MAGIC	0x4f4c4552	/* "RELO" */
#define RELOC_INFO_SYMBOL	"__pi_reloc_info"

struct reloc_info {
	uint64_t magic;
	uint64_t rela_offset;
	uint64_t rela_size;
	uint64_t relr_offset;
	uint64_t relr_size;
};

#endif
