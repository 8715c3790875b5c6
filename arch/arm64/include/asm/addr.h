/* SPDX-License-Identifier: MIT */
/* Physical <-> virtual for memory the kernel owns, once the MMU is on. */
#ifndef ASM_ADDR_H
#define ASM_ADDR_H

#include <asm/boot_info.h>
#include <asm/memory.h>

extern char _head[], _end[];

/* Image memory through the image mapping, anything else through the linear map. */
static inline void *phys_to_virt(uint64_t pa)
{
	const uint64_t image_size = (uint64_t)(_end - _head);

	if (pa >= boot_info.phys_base && pa - boot_info.phys_base < image_size)
		return (void *)(boot_info.virt_base + (pa - boot_info.phys_base));
	return (void *)(PAGE_OFFSET + (pa - boot_info.phys_offset));
}

#endif
