// SPDX-License-Identifier: MIT
/*
 * map_pages(): add page mappings to the live TTBR1 tables.
 *
 * The tables are reached through the linear map (every table page is RAM:
 * the early pool inside the image, or pages from the page allocator), so
 * a table at PA t is at PAGE_OFFSET + (t - phys_offset).  Four levels, 4 KiB
 * granule, 48-bit VA (asm/memory.h).  Only invalid entries are ever
 * replaced, so no break-before-make sequence and no TLB invalidation is
 * needed: the architecture does not allow invalid entries to be cached in
 * a TLB.  A DSB makes the new entries visible to the table walker before
 * the caller uses them, and an ISB makes sure no later instruction was
 * fetched with the old view.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <relok/page_alloc.h>

#define TTBR_BADDR_MASK		UL(0x0000fffffffffffe)	/* BADDR[47:1], CnP in bit 0 */
#define PTE_TYPE_MASK		(PTE_VALID | PTE_TABLE_BIT)

static uint64_t *table_va(uint64_t pa)
{
	return phys_to_virt(pa);
}

static uint64_t ttbr1_root(void)
{
	return read_sysreg(ttbr1_el1) & TTBR_BADDR_MASK & ~(PAGE_SIZE - 1);
}

/* The level-3 entry for va, allocating tables on the way; NULL on failure. */
static uint64_t *pte_for(uint64_t root, uint64_t va)
{
	uint64_t table = root;
	int level;

	for (level = 0; level < PT_LAST_LEVEL; level++) {
		uint64_t *entry = &table_va(table)[(va >> LEVEL_SHIFT(level)) &
						   (PTRS_PER_TABLE - 1)];

		if (!(*entry & PTE_VALID)) {
			const uint64_t next = alloc_pages(1);	/* zeroed: all invalid */

			if (!next)
				return 0;
			/* The zeroed table must be visible before the walker can reach it. */
			__asm__ volatile("dsb ishst" ::: "memory");
			*entry = next | PTE_TYPE_TABLE;
		} else if ((*entry & PTE_TYPE_MASK) != PTE_TYPE_TABLE) {
			return 0;	/* a block: not ours to split */
		}
		table = *entry & PTE_ADDR_MASK;
	}
	return &table_va(table)[(va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1)];
}

bool map_pages(uint64_t va, uint64_t pa, uint64_t size, uint64_t prot)
{
	const uint64_t root = ttbr1_root();
	const uint64_t mask = PAGE_SIZE - 1;
	uint64_t off;

	if ((va | pa | size) & mask || va < PAGE_OFFSET || size > ~va)
		return false;
	for (off = 0; off < size; off += PAGE_SIZE) {
		uint64_t *pte = pte_for(root, va + off);

		if (!pte || (*pte & PTE_VALID))
			return false;
		*pte = ((pa + off) & PTE_ADDR_MASK) | prot | PTE_TYPE_PAGE;
	}
	__asm__ volatile("dsb ishst\n\tisb" ::: "memory");
	return true;
}

void sync_icache_aliases(uint64_t write_va, uint64_t exec_va, uint64_t size)
{
	const uint64_t dline = cache_line_size(CTR_EL0_DMINLINE_SHIFT);
	const uint64_t iline = cache_line_size(CTR_EL0_IMINLINE_SHIFT);
	uint64_t a;

	for (a = write_va & ~(dline - 1); a < write_va + size; a += dline)
		__asm__ volatile("dc cvau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (a = exec_va & ~(iline - 1); a < exec_va + size; a += iline)
		__asm__ volatile("ic ivau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}
