/* SPDX-License-Identifier: MIT */
/*
 * Shared by the position-independent early code (this folder).  Objects
 * here are built -fpie -mstrict-align, then their symbols are prefixed
 * __pi_ and their sections .pi.*: they can only reach each other and the
 * few image symbols the linker script exports under __pi_ names.
 */
#ifndef PI_H
#define PI_H

#include <stdint.h>
#include <relok/compiler.h>
#include <asm/boot_info.h>

/* Linker-script symbols (exported to the early code as __pi_<name>). */
extern char _head[], _end[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __idmap_text_start[], __bss_start[];
extern char __pgtable_pool_start[], __pgtable_pool_end[];

/* Print "relok: panic: <message>" on the early console and power off. */
void early_panic(const char *fmt, ...) __noreturn __printf(1, 2);

/* Page tables: pgtable.c */
struct pt_pool {
	uint64_t next;		/* PA of the next free page */
	uint64_t end;
	uint32_t used;
	uint32_t total;
};

void map_range(struct pt_pool *pool, uint64_t root, uint64_t va, uint64_t pa,
	       uint64_t size, uint64_t prot, int allow_blocks,
	       struct linear_map_stats *stats);
uint64_t pt_alloc(struct pt_pool *pool);

/* map_kernel.c: every early mapping; fills mmu->ttbr0/ttbr1 and bi->linear. */
struct early_mmu;
void map_kernel(struct boot_info *bi, struct early_mmu *mmu);

/* relocate.c: apply the image's relocations for bi->virt_base. */
void relocate_kernel(struct boot_info *bi);

/* head.S */
void dcache_clean_inval_poc(uint64_t start, uint64_t end);

#endif
