/* SPDX-License-Identifier: MIT */
/* CPU identification: MIDR_EL1 and MPIDR_EL1 as the boot report prints them. */
#ifndef ASM_CPUINFO_H
#define ASM_CPUINFO_H

#include <stddef.h>
#include <stdint.h>
#include <asm/sysreg.h>

/* MIDR_EL1 fields (Arm ARM D19.2 "MIDR_EL1"). */
#define MIDR_IMPLEMENTER_SHIFT	24
#define MIDR_IMPLEMENTER_MASK	0xffUL
#define MIDR_PARTNUM_SHIFT	4
#define MIDR_PARTNUM_MASK	0xfffUL
static inline uint64_t read_midr(void)
{
	return read_sysreg(midr_el1);
}

static inline uint64_t read_mpidr_hwid(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_HWID_MASK;
}

/* The EL this code runs at (CurrentEL.EL). */
static inline unsigned int current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> 2) & 3;
}

/*
 * The core's name from MIDR_EL1's implementer and part number, in the
 * lower-case form QEMU's -cpu and Linux use ("cortex-a72"); for a part not
 * in the table, "<implementer>-part-0x<part>" (or "implementer-0x<id>-...").
 * Writes at most size bytes to buf and returns buf.
 */
const char *cpu_name(uint64_t midr, char *buf, size_t size);

/* Boot report: relok: cpu 0 boot mpidr=... midr=... <name> el=... entry-el=... */
void report_boot_cpu(unsigned int entry_el);

#endif
