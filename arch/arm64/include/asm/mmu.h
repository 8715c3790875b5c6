/* SPDX-License-Identifier: MIT */
/*
 * Editing the live kernel page tables (TTBR1) after the MMU is on
 * (arch/arm64/mm/mmu.c), and the cache maintenance that goes with
 * writing code.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Map [va, va + size) to [pa, pa + size) with 4 KiB pages and the
 * attributes prot (asm/pgtable.h PROT_*).  va, pa and size must be page
 * aligned and va a TTBR1 address.  Missing tables come from the page
 * allocator.  Only fresh entries are written: false, with nothing changed
 * after the first conflict, if a page is already mapped or a block mapping
 * covers the range, or if a table cannot be allocated.
 */
bool map_pages(uint64_t va, uint64_t pa, uint64_t size, uint64_t prot);

/*
 * Make code written through one alias executable at another: clean the
 * data cache to the Point of Unification over [write_va, +size), then
 * invalidate the instruction cache over [exec_va, +size).
 */
void sync_icache_aliases(uint64_t write_va, uint64_t exec_va, uint64_t size);

#endif
