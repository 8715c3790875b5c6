// SPDX-License-Identifier: MIT
/*
 * Find the image's relocation tables and run the boot-time pass (head.S)
 * for the virtual base chosen in bi->virt_base.  The pass runs before the
 * MMU is on, so it writes each pointer's final virtual value in one go.
 */
#include <asm/memory.h>
#include "pi.h"

#define RELOC_INFO_MAGIC	0x4f4c4552	/* "RELO" */
#define RELA_ENTRY_SIZE		24		/* sizeof(Elf64_Rela) */

/* Emitted by the linker script: offsets from _head, constants. */
struct reloc_info {
	uint64_t magic;
	uint64_t rela_offset;
	uint64_t rela_size;
	uint64_t relr_offset;
	uint64_t relr_size;
};
extern const struct reloc_info reloc_info;

void relocate_kernel(struct boot_info *bi)
{
	const uint64_t head = (uint64_t)(uintptr_t)_head;
	const struct reloc_info *const info = &reloc_info;
	/* Displacement from the link-time base to the chosen virtual base ... */
	const uint64_t delta = bi->virt_base - KIMAGE_VADDR;
	/* ... while r_offset (a link-time VA) is turned into where the word is now. */
	const uint64_t wdelta = bi->phys_base - KIMAGE_VADDR;
	uint64_t start, end;

	if (info->magic != RELOC_INFO_MAGIC)
		early_panic("relocation descriptor corrupt (magic 0x%lx)", info->magic);
	if (info->rela_size % RELA_ENTRY_SIZE)
		early_panic("RELA table size %lu is not a multiple of %u",
			    info->rela_size, RELA_ENTRY_SIZE);
	if (info->relr_size)
		early_panic("image has a RELR table, which this kernel does not apply");

	start = head + info->rela_offset;
	end = start + info->rela_size;
	bi->relocs_format = RELOC_FORMAT_RELA;
	bi->rela_entries = info->rela_size / RELA_ENTRY_SIZE;
	bi->relocs_applied = relocate_rela(start, end, delta, wdelta);
	if (bi->relocs_applied != bi->rela_entries)
		early_panic("%lu of %lu relocations are not R_AARCH64_RELATIVE",
			    bi->rela_entries - bi->relocs_applied, bi->rela_entries);
}
