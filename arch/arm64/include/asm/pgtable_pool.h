/* SPDX-License-Identifier: MIT */
/*
 * Size of the early page-table pool, computed from what it must hold.  Used
 * by the linker script (which knows the image size) and by the C mapper,
 * which panics with the figures if a layout ever needs more.
 *
 * Each level-N table covers 512 entries of the level above it, so a range
 * of S bytes touches at most S / coverage + 2 tables at a level (one extra
 * at each unaligned end).
 */
#ifndef ASM_PGTABLE_POOL_H
#define ASM_PGTABLE_POOL_H

#include <asm/memory.h>

/* RAM banks the linear map supports, and the largest bank it budgets for. */
#define MAX_MEM_BANKS		16
#define MAX_BANK_L1_TABLES	3	/* a bank of up to 1 TiB spans <= 3 L0 slots */

#define POOL_ROOT_TABLES	2	/* TTBR1 root, identity-map root */
#define POOL_IDMAP_TABLES	3	/* L1, L2, L3 for the one idmap page */
#define POOL_FIXMAP_TABLES	5	/* L1, L2, console L3, 2 L3 for a DTB of up to 2 MiB */
/* Per bank: L1 tables, plus an L2 and an L3 table at each unaligned end. */
#define POOL_PER_BANK_TABLES	(MAX_BANK_L1_TABLES + 2 + 2)
#define POOL_LINEAR_TABLES	(MAX_MEM_BANKS * POOL_PER_BANK_TABLES)

/*
 * The image is mapped with 4 KiB pages at a virtual address whose low 21
 * bits follow the physical address, so its span is at most size + 2 MiB.
 */
#define POOL_KIMAGE_TABLES(size)				\
	(2 + (((size) + SZ_2M) >> BLOCK_1G_SHIFT) + 2 +		\
	 (((size) + SZ_2M) >> BLOCK_2M_SHIFT) + 2)

#define POOL_PAGES(image_size)						\
	(POOL_ROOT_TABLES + POOL_IDMAP_TABLES + POOL_FIXMAP_TABLES +	\
	 POOL_LINEAR_TABLES + POOL_KIMAGE_TABLES(image_size))

#endif
