// SPDX-License-Identifier: MIT
/*
 * The virtual memory layout as actually built, one line per region, with
 * the names docs/memory-layout.md uses, so a boot can be compared with the
 * document.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <relok/printk.h>

extern char _head[], _end[];


static void region(const char *name, uint64_t start, uint64_t end)
{
	printk("relok: layout %s start=0x%lx end=0x%lx size=0x%lx\n", name, start, end,
	       end - start);
}

static uint64_t ram_end(const struct boot_info *bi)
{
	uint64_t end = 0;

	for (uint32_t i = 0; i < bi->nr_banks; i++)
		if (bi->banks[i].base + bi->banks[i].size > end)
			end = bi->banks[i].base + bi->banks[i].size;
	return end;
}

/* RAM as the device tree gave it (end is exclusive). */
void report_memory(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->nr_banks; i++)
		printk("relok: memory bank=%u start=0x%lx end=0x%lx size=0x%lx\n", i,
		       bi->banks[i].base, bi->banks[i].base + bi->banks[i].size,
		       bi->banks[i].size);
}

void report_layout(const struct boot_info *bi)
{
	const uint64_t image_size = (uint64_t)(_end - _head);
	const uint64_t kimage_end = bi->virt_base + image_size;

	printk("relok: linear base=0x%lx phys_offset=0x%lx blocks_1g=%lu blocks_2m=%lu pages_4k=%lu\n",
	       PAGE_OFFSET, bi->phys_offset, bi->linear.blocks_1g, bi->linear.blocks_2m,
	       bi->linear.pages_4k);
	region("linear", PAGE_OFFSET, PAGE_OFFSET + (ram_end(bi) - bi->phys_offset));
	region("kimage", bi->virt_base, kimage_end);
	/* Every module byte must be within 2 GiB of every image byte. */
	region("modules", kimage_end - MODULE_REACH, bi->virt_base + MODULE_REACH);
	region("fixmap", FIXMAP_START,
	       FIXMAP_DTB + SZ_2M + PAGE_SIZE);
}
