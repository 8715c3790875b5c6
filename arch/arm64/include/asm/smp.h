/* SPDX-License-Identifier: MIT */
/*
 * Contract between smp.c (the boot CPU) and head.S's secondary_entry: one
 * struct cpu_info per logical CPU in the array cpu_info[], 1 << CPU_INFO_SHIFT
 * bytes each.  PSCI CPU_ON passes the logical CPU number as context_id;
 * secondary_entry finds its record at cpu_info + (n << CPU_INFO_SHIFT)
 * with ADR (MMU off, physical address) and reads only the boot part, which
 * the boot CPU cleaned to the Point of Coherency before CPU_ON.  Everything
 * after it is read and written with the MMU and caches on.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define NR_CPUS			64
#define CPU_INFO_SHIFT		8	/* 256 bytes: no two CPUs share a cache line */

/* struct cpu_boot: what secondary_entry reads with the MMU off. */
#define CPU_BOOT_TTBR0		0	/* identity map root (PA): only for the switch */
#define CPU_BOOT_TTBR1		8	/* the boot CPU's kernel root (PA) */
#define CPU_BOOT_VIRT_BASE	16	/* VA of the Image header (KASLR) */
#define CPU_BOOT_STACK		24	/* VA of the top of this CPU's stack */
#define CPU_BOOT_SELF		32	/* VA of this struct cpu_info: TPIDR_EL1 */
#define CPU_BOOT_SIZE		40

#ifndef __ASSEMBLER__
#include <stdint.h>

struct cpu_boot {
	uint64_t ttbr0;
	uint64_t ttbr1;
	uint64_t virt_base;
	uint64_t stack_top;
	uint64_t self;
};

enum cpu_state {
	CPU_STATE_NONE = 0,	/* never started */
	CPU_STATE_BOOTING,	/* CPU_ON returned SUCCESS, not reported in yet */
	CPU_STATE_ONLINE,	/* reported in (self-tests done), idling */
	CPU_STATE_OFF,		/* CPU_OFF confirmed by AFFINITY_INFO */
	CPU_STATE_OFF_FAILED,	/* its CPU_OFF returned (error in off_ret) */
};

enum cpu_cmd {
	CPU_CMD_NONE = 0,
	CPU_CMD_OFF,		/* PSCI CPU_OFF (smp_park_secondaries) */
	CPU_CMD_HALT,		/* park in wfi: no power-off is possible */
};

/* Per-CPU self-tests a secondary runs on itself; the boot CPU reports them. */
#define CPU_SELFTESTS		3

struct cpu_info {
	struct cpu_boot boot;
	uint64_t mpidr;			/* from /cpus reg */
	uint64_t mpidr_seen;		/* MPIDR_EL1 as the CPU read it */
	uint32_t cpu;			/* logical number: 0 = boot CPU */
	uint32_t entry_el;		/* EL it entered secondary_entry at */
	uint32_t state;			/* enum cpu_state: written by the CPU itself */
	uint32_t cmd;			/* enum cpu_cmd: written by the boot CPU */
	uint32_t run_selftests;
	uint32_t late;			/* boot CPU gave up waiting: not counted online */
	uint32_t stall;			/* selftest=smp-timeout: never report in */
	int32_t off_ret;		/* CPU_OFF's return, if it returned */
	const char *why[CPU_SELFTESTS];	/* NULL: passed */
} __attribute__((__aligned__(1 << CPU_INFO_SHIFT)));	/* the array stride head.S uses */

_Static_assert(__builtin_offsetof(struct cpu_boot, ttbr0) == CPU_BOOT_TTBR0, "layout");
_Static_assert(__builtin_offsetof(struct cpu_boot, ttbr1) == CPU_BOOT_TTBR1, "layout");
_Static_assert(__builtin_offsetof(struct cpu_boot, virt_base) == CPU_BOOT_VIRT_BASE, "layout");
_Static_assert(__builtin_offsetof(struct cpu_boot, stack_top) == CPU_BOOT_STACK, "layout");
_Static_assert(__builtin_offsetof(struct cpu_boot, self) == CPU_BOOT_SELF, "layout");
_Static_assert(sizeof(struct cpu_boot) == CPU_BOOT_SIZE, "layout");
_Static_assert(sizeof(struct cpu_info) == (1 << CPU_INFO_SHIFT), "cpu_info is not the stride");

extern struct cpu_info cpu_info[NR_CPUS];

/* head.S */
void secondary_entry(void);
#endif

#endif
