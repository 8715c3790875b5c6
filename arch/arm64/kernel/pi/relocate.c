// SPDX-License-Identifier: MIT
/*
 * Find the image's relocation tables and run the boot-time passes (RELR:
 * relocate_relr.S, RELA: head.S) for the virtual base chosen in
 * bi->virt_base.  They run before the MMU is on, so each pointer gets its
 * final virtual value in one go.
 */
#include <asm/boot_cost.h>
#include <asm/memory.h>
#include <asm/reloc_info.h>
#include <asm/sysreg.h>
#include "pi.h"

#define RELA_ENTRY_SIZE		24		/* sizeof(Elf64_Rela) */
#define RELR_ENTRY_SIZE		8		/* sizeof(Elf64_Relr) */

/* Emitted by the linker script: offsets from _head, constants. */
extern const struct reloc_info reloc_info;

/* The RELA pass (head.S): returns the R_AARCH64_RELATIVE entries applied. */
static void apply_rela(struct boot_info *bi, uint64_t start, uint64_t size,
		       uint64_t delta, uint64_t wdelta)
{
	uint64_t applied;

	if (size % RELA_ENTRY_SIZE)
		early_panic("RELA table size %lu is not a multiple of %u",
			    size, RELA_ENTRY_SIZE);
	bi->rela_entries = size / RELA_ENTRY_SIZE;
	applied = relocate_rela(start, start + size, delta, wdelta);
	if (applied != bi->rela_entries)
		early_panic("%lu of %lu relocations are not R_AARCH64_RELATIVE",
			    bi->rela_entries - applied, bi->rela_entries);
	bi->relocs_applied += applied;
}

/*
 * The RELR pass (relocate_relr.S).  Its table was checked when the image
 * was built (relocs_check), so only the size is checked here.
 */
static void apply_relr(struct boot_info *bi, uint64_t start, uint64_t size,
		       uint64_t delta, uint64_t wdelta)
{
	uint64_t pfr0;

	/*
	 * The pass's blocks use LD1/ST1 and vector adds.  Every Armv8-A
	 * application core has Advanced SIMD, but the architecture lets it
	 * be left out; without it they would take an undefined-instruction
	 * exception before any vector is set up.  Say so instead.
	 */
	__asm__("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	if (((pfr0 >> ID_AA64PFR0_ADVSIMD_SHIFT) & ID_AA64PFR0_ADVSIMD_MASK) ==
	    ID_AA64PFR0_ADVSIMD_NONE)
		early_panic("this CPU has no Advanced SIMD, which the RELR pass uses: "
			    "build with RELR=0 (plain RELA)");
	if (size % RELR_ENTRY_SIZE)
		early_panic("RELR table size %lu is not a multiple of %u",
			    size, RELR_ENTRY_SIZE);
	bi->relocs_applied += relocate_relr(start, start + size, delta, wdelta);
}

void relocate_kernel(struct boot_info *bi)
{
	const uint64_t head = (uint64_t)(uintptr_t)_head;
	const struct reloc_info *const info = &reloc_info;
	/* Displacement from the link-time base to the chosen virtual base ... */
	const uint64_t delta = bi->virt_base - KIMAGE_VADDR;
	/* ... while r_offset (a link-time VA) is turned into where the word is now. */
	const uint64_t wdelta = bi->phys_base - KIMAGE_VADDR;

	if (info->magic != RELOC_INFO_MAGIC)
		early_panic("relocation descriptor corrupt (magic 0x%lx)", info->magic);

	bi->relocs_applied = 0;
	bi->rela_entries = 0;
	if (!info->relr_size)
		bi->relocs_format = RELOC_FORMAT_RELA;
	else if (!info->rela_size)
		bi->relocs_format = RELOC_FORMAT_RELR;
	else
		bi->relocs_format = RELOC_FORMAT_RELR_RELA;
	bi->reloc_meta_bytes = info->rela_size + info->relr_size;

	boot_stamp(BOOT_STAMP_RELOC_START);
	/* Either order: the two tables never name the same word. */
	if (info->relr_size)
		apply_relr(bi, head + info->relr_offset, info->relr_size, delta, wdelta);
	if (info->rela_size)
		apply_rela(bi, head + info->rela_offset, info->rela_size, delta, wdelta);
	boot_stamp(BOOT_STAMP_RELOC_DONE);
}
