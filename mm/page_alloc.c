// SPDX-License-Identifier: MIT
/*
 * A simple physical page allocator (see include/relok/page_alloc.h).
 *
 * Why a range list and not a bitmap: the kernel allocates a few dozen pages
 * in total (modules, their page tables), never frees, and must not need
 * memory of its own to describe memory.  A fixed array of ranges is enough
 * and cannot fail to initialise.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/page_alloc.h>
#include <relok/printk.h>
#include <relok/string.h>

/* QEMU's boot stub (and its DTB copy with some firmware) at the bottom of RAM. */
#define LOW_RAM_RESERVED	SZ_2M

extern char _head[], _end[];

static struct mem_range free_ranges[PAGE_ALLOC_MAX_RANGES];	/* page aligned */
static uint32_t nr_free;
static uint64_t phys_offset;

static uint64_t page_down(uint64_t x)
{
	return x & ~(PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t x)
{
	return x > UINT64_MAX - (PAGE_SIZE - 1) ? page_down(UINT64_MAX) :
	       (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(PAGE_OFFSET + (pa - phys_offset));
}

static void insert_range(uint32_t at, uint64_t start, uint64_t end)
{
	uint32_t i;

	if (nr_free == PAGE_ALLOC_MAX_RANGES) {
		printk("relok: warning: page allocator: too many free ranges, dropping 0x%lx-0x%lx\n",
		       start, end);
		return;
	}
	for (i = nr_free; i > at; i--)
		free_ranges[i] = free_ranges[i - 1];
	free_ranges[at].start = start;
	free_ranges[at].end = end;
	nr_free++;
}

static void remove_range(uint32_t at)
{
	uint32_t i;

	for (i = at; i + 1 < nr_free; i++)
		free_ranges[i] = free_ranges[i + 1];
	nr_free--;
}

/* Take [start, end) out of the free list, whatever it overlaps. */
static void reserve(uint64_t start, uint64_t size)
{
	uint64_t end;
	uint32_t i;

	if (!size)
		return;
	end = size > UINT64_MAX - start ? UINT64_MAX : start + size;
	start = page_down(start);
	end = page_up(end);
	for (i = 0; i < nr_free;) {
		struct mem_range *r = &free_ranges[i];

		if (end <= r->start || start >= r->end) {
			i++;
		} else if (start <= r->start && end >= r->end) {
			remove_range(i);
		} else if (start <= r->start) {
			r->start = end;
			i++;
		} else if (end >= r->end) {
			r->end = start;
			i++;
		} else {
			const uint64_t tail = r->end;

			r->end = start;
			insert_range(i + 1, end, tail);
			i += 2;
		}
	}
}

/* The initrd and /memreserve/ entries, read from the DTB's fixmap alias. */
#define FDT_CELL_BYTES	4	/* one #address-cells/#size-cells cell */

/*
 * Firmware-owned memory: every child of /reserved-memory with a reg
 * (nodes with only a size are allocation requests for an OS that honours
 * them: nothing to keep clear), in that node's own address/size cells.
 */
static void reserve_memory_nodes(const struct fdt *fdt)
{
	const int32_t rm = fdt_path_offset(fdt, "/reserved-memory", 16);
	uint32_t ac, sc, len, pair, off;
	struct diag d;
	int32_t child;

	diag_init(&d);
	if (rm < 0 || !fdt_child_cells(fdt, rm, &ac, &sc, &d))
		return;
	pair = (ac + sc) * FDT_CELL_BYTES;
	for (child = fdt_first_child(fdt, rm); child >= 0; child = fdt_next_sibling(fdt, child)) {
		const uint8_t *reg = fdt_getprop(fdt, child, "reg", &len);

		if (!reg || !pair || len % pair)
			continue;
		for (off = 0; off < len; off += pair)
			reserve(fdt_read_cells(reg + off, ac),
				fdt_read_cells(reg + off + ac * FDT_CELL_BYTES, sc));
	}
}

static void reserve_from_dtb(const struct boot_info *bi)
{
	const struct fdt *fdt = devicetree();
	struct fdt_chosen chosen;
	uint64_t addr, size;
	uint32_t i;

	(void)bi;
	if (!fdt)
		return;
	/* /memreserve/ entries: e.g. what the EFI stub keeps for the firmware. */
	for (i = 0; i < fdt->num_rsv; i++) {
		if (fdt_mem_rsv(fdt, i, &addr, &size))
			reserve(addr, size);
	}
	reserve_memory_nodes(fdt);
	if (devicetree_chosen(&chosen) && chosen.has_initrd)
		reserve(chosen.initrd_start, chosen.initrd_end - chosen.initrd_start);
}

bool page_alloc_init(const struct boot_info *bi)
{
	static int done;	/* 1: built, 2: built and found no memory */
	uint32_t i;

	/* once: a second build would hand out pages already given (smp, modules) */
	if (done)
		return done == 1;
	phys_offset = bi->phys_offset;
	nr_free = 0;
	for (i = 0; i < bi->nr_banks && i < MAX_MEM_BANKS; i++) {
		const uint64_t start = page_up(bi->banks[i].base);
		const uint64_t end = page_down(bi->banks[i].base + bi->banks[i].size);

		if (end > start)
			insert_range(nr_free, start, end);
	}
	reserve(bi->phys_base, (uint64_t)(_end - _head));
	reserve(bi->dtb_phys, bi->dtb_size);
	if (bi->nr_banks)
		reserve(bi->banks[0].base, LOW_RAM_RESERVED);
	reserve_from_dtb(bi);
	done = nr_free ? 1 : 2;
	if (!nr_free) {
		printk("relok: warning: page allocator: no free memory\n");
		return false;
	}
	return true;
}

uint64_t alloc_pages(uint64_t npages)
{
	uint32_t i;

	if (!npages || npages > UINT64_MAX / PAGE_SIZE)
		return 0;
	for (i = 0; i < nr_free; i++) {
		struct mem_range *r = &free_ranges[i];
		const uint64_t bytes = npages * PAGE_SIZE;

		if (r->end - r->start >= bytes) {
			const uint64_t pa = r->start;

			r->start += bytes;
			if (r->start == r->end)
				remove_range(i);
			memset(phys_to_virt(pa), 0, bytes);
			return pa;
		}
	}
	return 0;
}

uint32_t page_alloc_ranges(struct mem_range *out, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < nr_free && i < max; i++)
		out[i] = free_ranges[i];
	return i;
}

bool page_alloc_claim(uint64_t pa, uint64_t size)
{
	uint32_t i;

	if (!size || (pa | size) & (PAGE_SIZE - 1) || size > UINT64_MAX - pa)
		return false;
	for (i = 0; i < nr_free; i++) {
		if (pa >= free_ranges[i].start && pa + size <= free_ranges[i].end) {
			reserve(pa, size);
			return true;
		}
	}
	return false;
}
