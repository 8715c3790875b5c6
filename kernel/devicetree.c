// SPDX-License-Identifier: MIT
#include <asm/boot_info.h>
#include <relok/devicetree.h>
#include <relok/diag.h>

extern char _head[], _end[];	/* the image, for the initrd's overlap check */

/* Zero-initialised (BSS): no pointer here needs relocating. */
static struct fdt dt;
static bool dt_valid;

void devicetree_init(const struct boot_info *bi)
{
	/*
	 * Early boot validated the blob at its physical address (and would
	 * have panicked otherwise) and mapped its totalsize bytes at dtb_virt;
	 * only the address it is read at changed.
	 */
	dt = bi->dt;
	fdt_rebase(&dt, (const void *)(uintptr_t)bi->dtb_virt);
	dt_valid = true;
}

const struct fdt *devicetree(void)
{
	return dt_valid ? &dt : 0;
}

bool devicetree_chosen(struct fdt_chosen *ch)
{
	struct diag d;

	diag_init(&d);
	return dt_valid && fdt_read_chosen(&dt, ch, &d);
}

/* Do [a, a_end) and [b, b_end) share a byte? */
static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

int devicetree_initrd(const struct boot_info *bi, uint64_t *start, uint64_t *end)
{
	struct fdt_chosen ch;
	uint32_t i;

	if (!devicetree_chosen(&ch))
		return DT_INITRD_UNREADABLE;
	if (!ch.has_initrd || ch.initrd_end == ch.initrd_start)
		return DT_INITRD_NONE;
	*start = ch.initrd_start;
	*end = ch.initrd_end;
	/* BSS, relocations and page tables have been written over such an initrd. */
	if (overlaps(ch.initrd_start, ch.initrd_end, bi->phys_base,
		     bi->phys_base + (uint64_t)(_end - _head)))
		return DT_INITRD_OVER_IMAGE;
	if (overlaps(ch.initrd_start, ch.initrd_end, bi->dtb_phys, bi->dtb_phys + bi->dtb_size))
		return DT_INITRD_OVER_DTB;
	for (i = 0; i < bi->nr_banks; i++) {
		const struct fdt_mem_bank *b = &bi->banks[i];

		/* (end - base: base + size may be 2^64) */
		if (ch.initrd_start >= b->base && ch.initrd_end - b->base <= b->size)
			return DT_INITRD_OK;
	}
	return DT_INITRD_NOT_IN_RAM;
}
