// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the module loader (kernel/module.c) on an arbitrary
 * .ko, on the host.  The loader runs as it does in the kernel -- copy,
 * validation, layout, symbol resolution, exact PLT count, relocation, PLTs
 * and erratum 843419 veneers -- with the module's pages in a host buffer
 * (the "physical" pages are malloc'd and the linear map is the identity);
 * only mapping the pages and calling module_init are stubbed out.  The
 * environment the loader sees:
 *   module region   a fixed kernel-VA window (KERNEL_NEAR below it holds
 *                   the kernel, so calls need no PLT; KERNEL_FAR does)
 *   kernel exports  every name resolves, near or far by a hash of it,
 *                   except names starting with "missing" (undefined)
 * A rejected module must say why; a loaded one must have been laid out
 * inside its allocation.
 */
#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include "../../kernel/module.c"

#define FAKE_BASE	UL(0xffff800100000000)	/* module region window */
#define KERNEL_NEAR	(FAKE_BASE - (UL(64) << 20))
#define KERNEL_FAR	(FAKE_BASE - (UL(1) << 30))
#define MAX_ALLOCS	64

char _head[PAGE_SIZE], _end[PAGE_SIZE];	/* module.c sizes the image from these */

static struct {
	void *p[MAX_ALLOCS];
	uint32_t n;
} allocs;

uint64_t alloc_pages(uint64_t npages)
{
	void *p;

	if (allocs.n == MAX_ALLOCS || !npages || npages > (UL(64) << 20) / PAGE_SIZE)
		return 0;
	p = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	if (!p)
		return 0;
	memset(p, 0, npages * PAGE_SIZE);
	allocs.p[allocs.n++] = p;
	return (uint64_t)(uintptr_t)p;
}

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

bool map_pages(uint64_t va, uint64_t pa, uint64_t size, uint64_t prot)
{
	(void)pa;
	(void)prot;
	return !(va & (PAGE_SIZE - 1)) && !(size & (PAGE_SIZE - 1)) && va >= FAKE_BASE &&
	       va + size <= FAKE_BASE + MODULE_REGION_SIZE;
}

void sync_icache_aliases(uint64_t write_va, uint64_t exec_va, uint64_t size)
{
	(void)write_va;
	(void)exec_va;
	(void)size;
}

uint64_t module_region_peek(uint64_t size)
{
	return size <= MODULE_REGION_SIZE ? FAKE_BASE : 0;
}

void module_region_take(uint64_t va, uint64_t size)
{
	(void)va;
	(void)size;
}

void module_region_init(const struct boot_info *bi, uint64_t kimage_start, uint64_t kimage_end,
			bool force_far)
{
	(void)bi;
	(void)kimage_start;
	(void)kimage_end;
	(void)force_far;
}

uint64_t kernel_export_lookup(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	if (!strncmp(name, "missing", 7))
		return 0;
	for (; *name; name++)
		h = (h ^ (uint8_t)*name) * 0x100000001b3ull;
	return ((h & 1) ? KERNEL_FAR : KERNEL_NEAR) + ((h >> 8) & 0xfffff0);
}

bool page_alloc_init(const struct boot_info *bi)
{
	(void)bi;
	return true;
}

bool bootarg_get(const char *key, const char **val, uint32_t *vlen)
{
	(void)key;
	(void)val;
	(void)vlen;
	return false;
}

bool devicetree_chosen(struct fdt_chosen *ch)
{
	(void)ch;
	return false;
}

int devicetree_initrd(const struct boot_info *bi, uint64_t *start, uint64_t *end)
{
	(void)bi;
	(void)start;
	(void)end;
	return DT_INITRD_NONE;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t scratch_mem[SCRATCH_PAGES * PAGE_SIZE];
	static struct load l;
	bool ok;

	scratch.mem = scratch_mem;
	scratch.size = sizeof(scratch_mem);
	memset(&l, 0, sizeof(l));
	l.name = "fuzz";
	ok = load_one(&l, data, size);
	if (ok) {
		fuzz_check(l.base == FAKE_BASE && l.total && !(l.total & (PAGE_SIZE - 1)),
		      "a loaded module outside its window");
		fuzz_check(l.init && l.symval[l.init] >= l.base && l.symval[l.init] < l.base + l.total,
		      "module_init outside the module");
	} else {
		fuzz_check(l.reason[0] != '\0', "rejected without a reason");
	}
	while (allocs.n)
		free(allocs.p[--allocs.n]);
	return 0;
}
