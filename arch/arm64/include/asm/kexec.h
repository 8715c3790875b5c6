/* SPDX-License-Identifier: MIT */
/* The arm64 half of kexec (arch/arm64/kernel/machine_kexec.c). */
#ifndef ASM_KEXEC_H
#define ASM_KEXEC_H

#include <stdint.h>
#include <relok/compiler.h>

struct boot_info;

/*
 * Mask interrupts, park the other CPUs, leave the MMU through the identity
 * map and branch to entry (a PA) with x0 = arg, at EL1 with the MMU and
 * caches off.  Everything entry reads must already be cleaned to PoC.
 */
void machine_kexec(const struct boot_info *bi, uint64_t entry, uint64_t arg) __noreturn;

/* head.S: clean and invalidate [start, end) to PoC by VA. */
void dcache_clean_inval_poc(uint64_t start, uint64_t end);

#endif
