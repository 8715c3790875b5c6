// SPDX-License-Identifier: MIT
/*
 * Boot step: relocate the image for the virtual base in bi->virt_base,
 * with the MMU off, before anything else runs at that base.  The pass is
 * reloc.c's (built __pi_): each pointer gets its final virtual value in one
 * write, then the cache lines holding what it wrote (the line table the
 * build made) are dropped.
 */
#include <asm/boot_cost.h>
#include <asm/memory.h>
#include <asm/reloc_info.h>
#include <asm/sysreg.h>
#include <relok/reloc.h>
#include "pi.h"

/* Emitted by the linker script: offsets from _head, constants. */
extern const struct reloc_info reloc_info;

#ifdef BENCH_RELR_LINUX
/* make bench only: Linux's loop on the same table (relr_linux.c). */
void bench_relr_apply_linux(const Elf64_Relr *e, const Elf64_Relr *end,
			    uint64_t delta, uint64_t wdelta);
#define relr_apply	bench_relr_apply_linux
#else
#define relr_apply	reloc_relr_apply
#endif

void relocate_kernel(struct boot_info *bi)
{
	const uint64_t head = (uint64_t)(uintptr_t)_head;
	const struct reloc_info *const info = &reloc_info;
	/* Displacement from the link-time base to the chosen virtual base ... */
	const uint64_t delta = bi->virt_base - KIMAGE_VADDR;
	/* ... while r_offset (a link-time VA) is turned into where the word is now. */
	const uint64_t wdelta = bi->phys_base - KIMAGE_VADDR;
	const Elf64_Rela *rela = (const Elf64_Rela *)(uintptr_t)(head + info->rela_offset);
	const Elf64_Relr *relr = (const Elf64_Relr *)(uintptr_t)(head + info->relr_offset);
	const uint32_t *lines = (const uint32_t *)(uintptr_t)(head + info->lines_offset);
	const Elf64_Rela *rela_end;
	const Elf64_Relr *relr_end;
	uint64_t rela_applied;

	if (info->magic != RELOC_INFO_MAGIC)
		early_panic("relocation descriptor corrupt (magic 0x%lx)", info->magic);
	if (info->rela_size % sizeof(Elf64_Rela) || info->relr_size % sizeof(Elf64_Relr) ||
	    info->lines_size % sizeof(*lines))
		early_panic("relocation table sizes %lu (RELA), %lu (RELR) and %lu (lines) are not "
			    "whole entries", info->rela_size, info->relr_size, info->lines_size);
	rela_end = rela + info->rela_size / sizeof(Elf64_Rela);
	relr_end = relr + info->relr_size / sizeof(Elf64_Relr);
	bi->rela_entries = info->rela_size / sizeof(Elf64_Rela);
	bi->reloc_meta_bytes = info->rela_size + info->relr_size;
	if (!info->relr_size)
		bi->relocs_format = RELOC_FORMAT_RELA;
	else if (!info->rela_size)
		bi->relocs_format = RELOC_FORMAT_RELR;
	else
		bi->relocs_format = RELOC_FORMAT_RELR_RELA;

	boot_stamp(BOOT_STAMP_RELOC_START);
	/* Either order: relocs_check makes sure no word is in both tables. */
	relr_apply(relr, relr_end, delta, wdelta);
	rela_applied = reloc_rela_apply(rela, rela_end, delta, wdelta);
	boot_stamp(BOOT_STAMP_RELOC_DONE);
	if (rela_applied != bi->rela_entries)
		early_panic("%lu of %lu relocations are not R_AARCH64_RELATIVE",
			    bi->rela_entries - rela_applied, bi->rela_entries);
	bi->relocs_applied = info->relr_count + rela_applied;

	/* reloc_lines_inval() says why, and what a missed line would do. */
	if (cache_line_size(CTR_EL0_DMINLINE_SHIFT) >= RELOC_LINE_MIN)
		reloc_lines_inval(lines, lines + info->lines_size / sizeof(*lines), head);
	else
		dcache_clean_inval_poc(head, (uint64_t)(uintptr_t)__bss_start);
	boot_stamp(BOOT_STAMP_RELOC_DCACHE);
}
