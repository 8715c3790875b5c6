// SPDX-License-Identifier: MIT
/*
 * What the early page tables map, before the MMU is on:
 *   TTBR1: the kernel image at its own virtual address, with per-segment
 *          permissions (text RX, read-only data R, data RW, never RWX);
 *          the linear map of all RAM from the largest blocks alignment
 *          allows, never executable; the fixmap (console, device tree).
 *   TTBR0: one identity-mapped page holding the MMU-enable code, dropped
 *          as soon as we run at the virtual address.
 */
#include <asm/early.h>
#include <asm/pgtable.h>
#include "pi.h"


static uint64_t sym_pa(const void *sym)
{
	return (uint64_t)(uintptr_t)sym;	/* MMU off: addresses are physical */
}

static uint64_t page_down(uint64_t x)
{
	return x & ~(PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void map_image(struct pt_pool *pool, uint64_t root, const struct boot_info *bi)
{
	const uint64_t head = sym_pa(_head);
	/* VA of a symbol in the image: same offset from the header. */
#define IMAGE_VA(pa)	(bi->virt_base + ((pa) - head))
	const uint64_t text_end = sym_pa(__text_end);
	const uint64_t ro_start = sym_pa(__rodata_start), ro_end = sym_pa(__rodata_end);
	const uint64_t data_start = sym_pa(__data_start), end = sym_pa(_end);

	/*
	 * Blocks where a segment covers a whole aligned 2 MiB (KASLR keeps
	 * the virtual address congruent to the physical one modulo 2 MiB for
	 * that): fewer tables to build, fewer TLB entries, and never a block
	 * that reaches past its segment's permissions.
	 */
	map_range(pool, root, IMAGE_VA(head), head, text_end - head, PROT_KERNEL_TEXT, 1, 0);
	map_range(pool, root, IMAGE_VA(ro_start), ro_start, ro_end - ro_start, PROT_KERNEL_RO, 1, 0);
	map_range(pool, root, IMAGE_VA(data_start), data_start, end - data_start, PROT_KERNEL_RW, 1, 0);
#undef IMAGE_VA
}

static void map_linear(struct pt_pool *pool, uint64_t root, struct boot_info *bi)
{
	uint32_t i;

	/* Independent of where the Image is: the lowest RAM, 1 GiB aligned. */
	bi->phys_offset = bi->banks[0].base & ~(SZ_1G - 1);
	for (i = 0; i < bi->nr_banks; i++) {
		const uint64_t start = page_up(bi->banks[i].base);
		const uint64_t end = page_down(bi->banks[i].base + bi->banks[i].size);

		if (end <= start)
			continue;
		if (end - bi->phys_offset > LINEAR_MAP_SIZE)
			early_panic("RAM bank 0x%lx-0x%lx lies beyond the %lu TiB linear map",
				    bi->banks[i].base, bi->banks[i].base + bi->banks[i].size,
				    LINEAR_MAP_SIZE >> 40);
		map_range(pool, root, PAGE_OFFSET + (start - bi->phys_offset), start,
			  end - start, PROT_KERNEL_RW, 1, &bi->linear);
	}
}

static void map_fixmap(struct pt_pool *pool, uint64_t root, struct boot_info *bi)
{
	const uint64_t uart_page = page_down(bi->uart_phys);
	const uint64_t dtb_page = page_down(bi->dtb_phys);
	const uint64_t dtb_end = page_up(bi->dtb_phys + bi->dtb_size);

	if (bi->has_console) {
		map_range(pool, root, FIXMAP_CONSOLE, uart_page, PAGE_SIZE, PROT_DEVICE, 0, 0);
		bi->uart_virt = FIXMAP_CONSOLE + (bi->uart_phys - uart_page);
	}

	map_range(pool, root, FIXMAP_DTB, dtb_page, dtb_end - dtb_page,
		  PROT_KERNEL_RO, 0, 0);
	bi->dtb_virt = FIXMAP_DTB + (bi->dtb_phys - dtb_page);
}

void map_kernel(struct boot_info *bi, struct early_mmu *mmu)
{
	struct pt_pool pool;
	const uint64_t idmap = page_down(sym_pa(__idmap_text_start));

	pool.next = sym_pa(__pgtable_pool_start);
	pool.end = sym_pa(__pgtable_pool_end);
	pool.used = 0;
	pool.total = (uint32_t)((pool.end - pool.next) / PAGE_SIZE);

	mmu->ttbr1 = pt_alloc(&pool);
	map_image(&pool, mmu->ttbr1, bi);
	map_linear(&pool, mmu->ttbr1, bi);
	map_fixmap(&pool, mmu->ttbr1, bi);

	mmu->ttbr0 = pt_alloc(&pool);
	map_range(&pool, mmu->ttbr0, idmap, idmap, PAGE_SIZE, PROT_IDMAP_TEXT, 0, 0);

	mmu->virt_base = bi->virt_base;
	bi->pool_pages_used = pool.used;
	bi->pool_pages_total = pool.total;
}
