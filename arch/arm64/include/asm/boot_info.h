/* SPDX-License-Identifier: MIT */
/*
 * What the early boot path (MMU off, before relocation) learned and decided,
 * handed to C init.  Written by arch/arm64/kernel/pi/ with the MMU off, so it
 * holds numbers and physical addresses only: no pointer, nothing that would
 * need relocating.
 */
#ifndef ASM_BOOT_INFO_H
#define ASM_BOOT_INFO_H

#include <stdint.h>
#include <asm/pgtable_pool.h>
#include <relok/fdt.h>

enum kaslr_state {
	KASLR_DISABLED_UNSUPPORTED = 0,	/* the window cannot hold the image */
	KASLR_ENABLED,
	KASLR_DISABLED_NO_SEED,
	KASLR_DISABLED_BAD_SEED,
	KASLR_DISABLED_ZERO_SEED,
	KASLR_DISABLED_CMDLINE,
};

enum kaslr_source {
	KASLR_SOURCE_NONE = 0,
	KASLR_SOURCE_DT,
	KASLR_SOURCE_RNDR,
};

struct linear_map_stats {
	uint64_t blocks_1g;
	uint64_t blocks_2m;
	uint64_t pages_4k;
};

struct boot_info {
	uint64_t phys_base;		/* PA of the Image header */
	uint64_t virt_base;		/* VA of the Image header */
	uint64_t kaslr_offset;		/* virt_base - KIMAGE_VADDR */
	uint32_t entry_el;
	uint32_t misaligned_2m;		/* 4 KiB but not 2 MiB aligned: booted with a warning */

	uint64_t dtb_phys;
	uint64_t dtb_virt;		/* fixmap alias (read-only) */
	uint32_t dtb_size;
	uint32_t psci_conduit;		/* enum fdt_psci_conduit */
	uint64_t uart_phys;
	uint64_t uart_virt;		/* fixmap alias */
	uint32_t uart_from_dt;		/* 0: fallback console */
	uint32_t has_console;		/* 0: none (refused, or dropped when it stopped draining) */

	uint32_t relocs_format;		/* enum reloc_format */
	uint64_t relocs_applied;
	uint64_t rela_entries;		/* entries in the RELA table */
	uint64_t reloc_meta_bytes;	/* RELA + RELR table bytes the pass read */

	uint32_t nr_banks;
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	uint64_t phys_offset;		/* PA at PAGE_OFFSET */
	struct linear_map_stats linear;

	uint32_t pool_pages_used;
	uint32_t pool_pages_total;

	uint32_t kaslr_state;		/* enum kaslr_state */
	uint32_t kaslr_source;		/* enum kaslr_source */
	uint32_t kaslr_seed_present;	/* /chosen/kaslr-seed existed (and was wiped) */
	uint32_t kaslr_seed_len;
	uint32_t kaslr_dt_refused;	/* RNDR stood in for a DT seed refused for this
					 * reason (enum kaslr_state); 0: it did not */
	uint64_t module_seed;		/* for the module region; 0 without KASLR */
	uint64_t kexec_seed;		/* kaslr_kexec_seed(DT seed); random_init() clears it */

	/*
	 * The device tree as early boot validated it, so C init need not
	 * validate it again.  Its blob field is the physical address
	 * dtb_phys (a number, as everything here); kernel/devicetree.c
	 * rebases a copy onto dtb_virt.
	 */
	struct fdt dt;
};

enum reloc_format {
	RELOC_FORMAT_RELA = 0,
	RELOC_FORMAT_RELR,
	RELOC_FORMAT_RELR_RELA,
};

extern struct boot_info boot_info;

#endif
