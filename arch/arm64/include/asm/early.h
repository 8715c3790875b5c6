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

/*
 * What the CPU brought to primary_entry, kept by head.S for C init
 * (arch/arm64/kernel/entry_state.c reports it): x1-x3, which booting.rst
 * requires to be zero, and how boot_cpu_elect knew this was the boot CPU.
 */
#define ENTRY_STATE_X1		0
#define ENTRY_STATE_X2		8
#define ENTRY_STATE_X3		16
#define ENTRY_STATE_ELECT	24
#define ENTRY_STATE_SIZE	32

#define ELECT_BY_HEADER		1	/* MPIDR == the DTB header's boot_cpuid_phys */
#define ELECT_BY_DEFAULT	2	/* no DTB header at x0: MPIDR 0 by convention */
#define ELECT_BY_TIMEOUT	3	/* the CPU named did not arrive: took over */

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

struct entry_state {
	uint64_t x1, x2, x3;
	uint64_t elect;		/* ELECT_BY_* */
};
_Static_assert(__builtin_offsetof(struct entry_state, x1) == ENTRY_STATE_X1, "layout");
_Static_assert(__builtin_offsetof(struct entry_state, x2) == ENTRY_STATE_X2, "layout");
_Static_assert(__builtin_offsetof(struct entry_state, x3) == ENTRY_STATE_X3, "layout");
_Static_assert(__builtin_offsetof(struct entry_state, elect) == ENTRY_STATE_ELECT, "layout");
_Static_assert(sizeof(struct entry_state) == ENTRY_STATE_SIZE, "layout");

extern struct early_mmu early_mmu;
extern struct entry_state entry_state;
#endif

#endif
