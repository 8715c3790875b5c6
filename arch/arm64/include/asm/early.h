/* SPDX-License-Identifier: MIT */
/*
 * Contract between head.S and the position-independent early C code
 * (arch/arm64/kernel/pi/), which runs with the MMU off and before the
 * kernel's own relocations have been applied.
 */
#ifndef ASM_EARLY_H
#define ASM_EARLY_H

/* What early_boot() hands back to head.S to turn the MMU on. */
#define EARLY_MMU_TTBR0		0	/* identity map root (PA) */
#define EARLY_MMU_TTBR1		8	/* kernel root (PA) */
#define EARLY_MMU_VIRT_BASE	16	/* VA the Image header will run at */
#define EARLY_MMU_SIZE		24

/* Config fallback for a console when the device tree names none (QEMU virt). */
#define FALLBACK_UART_PHYS	0x09000000

#ifndef __ASSEMBLER__
#include <stdint.h>

struct early_mmu {
	uint64_t ttbr0;
	uint64_t ttbr1;
	uint64_t virt_base;
};
_Static_assert(__builtin_offsetof(struct early_mmu, ttbr0) == EARLY_MMU_TTBR0, "layout");
_Static_assert(__builtin_offsetof(struct early_mmu, ttbr1) == EARLY_MMU_TTBR1, "layout");
_Static_assert(__builtin_offsetof(struct early_mmu, virt_base) == EARLY_MMU_VIRT_BASE, "layout");
_Static_assert(sizeof(struct early_mmu) == EARLY_MMU_SIZE, "layout");
#endif

#endif
