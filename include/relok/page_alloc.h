/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator for after the MMU is on (mm/page_alloc.c).
 *
 * Free memory is a short sorted list of page-aligned ranges: the RAM banks
 * boot_info describes, minus everything that is in use before the allocator
 * exists (the kernel image, the DTB, the initrd, the DTB's /memreserve/
 * entries and the first 2 MiB of RAM, where QEMU puts its boot stub).
 * Allocation is first fit from the bottom of the lowest range that holds
 * the request; nothing is ever freed (the only client, the module loader,
 * keeps what it loads for the life of the system).
 */
#ifndef RELOK_PAGE_ALLOC_H
#define RELOK_PAGE_ALLOC_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/pgtable_pool.h>

/* Free ranges at most: the banks, split by a few reservations each. */
#define PAGE_ALLOC_MAX_RANGES	(2 * MAX_MEM_BANKS + 16)

struct boot_info;

/* A physical range [start, end). */
struct mem_range {
	uint64_t start, end;
};

/* Build the free list (the first call; later ones only answer).  false
 * (with a printed warning) if there is no memory. */
bool page_alloc_init(const struct boot_info *bi);

/* npages physically contiguous, zeroed pages; returns the PA, or 0. */
uint64_t alloc_pages(uint64_t npages);

/* Copy up to max free ranges (sorted, page aligned) to out; returns how many. */
uint32_t page_alloc_ranges(struct mem_range *out, uint32_t max);

/* Take [pa, pa + size), page aligned and inside one free range, out of the
 * free list (kexec's slot for the next kernel).  false if it is not free. */
bool page_alloc_claim(uint64_t pa, uint64_t size);

/* The linear-map address of a PA in RAM (asm/memory.h: PAGE_OFFSET). */
void *phys_to_virt(uint64_t pa);

#endif
