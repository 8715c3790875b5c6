// SPDX-License-Identifier: MIT
/*
 * Early page tables, built with the MMU off from the pool at the end of the
 * image.  Tables are addressed by their physical address: that is what the
 * MMU walks, and what we can write before it is on.
 */
#include <stddef.h>
#include <asm/pgtable.h>
#include "pi.h"

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

#define PT_ZERO_STEP	8
_Static_assert(PTRS_PER_TABLE % PT_ZERO_STEP == 0, "a table is a whole number of steps");

uint64_t pt_alloc(struct pt_pool *pool)
{
	uint64_t *t;
	uint64_t pa;
	unsigned int i;

	if (pool->next + PAGE_SIZE > pool->end)
		early_panic("early page-table pool exhausted (%u pages): the RAM layout needs "
			    "more tables than MAX_MEM_BANKS=%u banks of up to 1 TiB allow",
			    pool->total, MAX_MEM_BANKS);
	pa = pool->next;
	pool->next += PAGE_SIZE;
	pool->used++;
	/*
	 * The pool lies outside the file the loader cleaned to PoC, and this
	 * runs with the MMU off: a dirty line the firmware left here could
	 * later be evicted over the table, and a clean one would be what the
	 * table walker sees once caches are on.  Clean and invalidate the
	 * page before its first write; nothing can allocate it again while
	 * the MMU is off.
	 */
	dcache_clean_inval_poc(pa, pa + PAGE_SIZE);
	/*
	 * Eight entries a step (four STP): a third of the instructions of a
	 * one-store loop.  DC ZVA would zero whole lines, but it faults on
	 * the Device memory that every access is while the MMU is off.
	 */
	t = table_at(pa);
	for (i = 0; i < PTRS_PER_TABLE; i += PT_ZERO_STEP) {
		t[i + 0] = 0;
		t[i + 1] = 0;
		t[i + 2] = 0;
		t[i + 3] = 0;
		t[i + 4] = 0;
		t[i + 5] = 0;
		t[i + 6] = 0;
		t[i + 7] = 0;
	}
	return pa;
}

static void count_leaf(struct linear_map_stats *stats, unsigned int level)
{
	if (!stats)
		return;
	if (level == 1)
		stats->blocks_1g++;
	else if (level == 2)
		stats->blocks_2m++;
	else
		stats->pages_4k++;
}

/*
 * Map [va, va + size) to pa at this level, using a block when the entry's
 * whole range is covered and pa is aligned to it (levels 1 and 2 only:
 * 4 KiB granule has no level-0 blocks), else descending a level.
 */
static void map_level(struct pt_pool *pool, uint64_t table_pa, unsigned int level,
		      uint64_t va, uint64_t pa, uint64_t size, uint64_t prot,
		      int allow_blocks, struct linear_map_stats *stats)
{
	const unsigned int shift = LEVEL_SHIFT(level);
	const uint64_t span = UL(1) << shift;
	uint64_t *const table = table_at(table_pa);

	while (size) {
		const unsigned int idx = (va >> shift) & (PTRS_PER_TABLE - 1);
		const uint64_t room = span - (va & (span - 1));
		const uint64_t chunk = size < room ? size : room;
		uint64_t next;

		if (level == PT_LAST_LEVEL) {
			if (table[idx])
				early_panic("early map: 0x%lx is mapped twice", va);
			table[idx] = pa | prot | PTE_TYPE_PAGE;
			count_leaf(stats, level);
		} else if (allow_blocks && level >= 1 && chunk == span && !(pa & (span - 1)) &&
			   !table[idx]) {
			table[idx] = pa | prot | PTE_TYPE_BLOCK;
			count_leaf(stats, level);
		} else {
			if (!table[idx]) {
				next = pt_alloc(pool);
				table[idx] = next | PTE_TYPE_TABLE;
			} else if ((table[idx] & PTE_TYPE_TABLE) == PTE_TYPE_TABLE) {
				next = table[idx] & PTE_ADDR_MASK;
			} else {
				early_panic("early map: 0x%lx overlaps a block mapping", va);
			}
			map_level(pool, next, level + 1, va, pa, chunk, prot, allow_blocks, stats);
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
}

void map_range(struct pt_pool *pool, uint64_t root, uint64_t va, uint64_t pa,
	       uint64_t size, uint64_t prot, int allow_blocks,
	       struct linear_map_stats *stats)
{
	if ((va | pa | size) & (PAGE_SIZE - 1))
		early_panic("early map: unaligned range va=0x%lx pa=0x%lx size=0x%lx",
			    va, pa, size);
	map_level(pool, root, 0, va, pa, size, prot, allow_blocks, stats);
}
