/* SPDX-License-Identifier: MIT */
/* Stage 1 translation table descriptors, 4 KiB granule (Arm ARM D8.3). */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/memory.h>
#include <asm/sysreg.h>

#define PTRS_PER_TABLE		512
#define TABLE_SHIFT		9
#define PGD_SHIFT		39	/* level 0: 512 GiB per entry */
#define PUD_SHIFT		30	/* level 1: 1 GiB */
#define PMD_SHIFT		21	/* level 2: 2 MiB */
#define PT_LEVELS		4
#define PT_LAST_LEVEL		(PT_LEVELS - 1)	/* its entries are pages */
/* The VA bits a level-n entry maps: 39, 30, 21, 12. */
#define LEVEL_SHIFT(level)	(PGD_SHIFT - (level) * TABLE_SHIFT)

#define PTE_VALID		(UL(1) << 0)
#define PTE_TABLE_BIT		(UL(1) << 1)	/* table (L0-L2) or page (L3) */
#define PTE_TYPE_BLOCK		PTE_VALID
#define PTE_TYPE_TABLE		(PTE_VALID | PTE_TABLE_BIT)
#define PTE_TYPE_PAGE		(PTE_VALID | PTE_TABLE_BIT)
#define PTE_ATTRINDX(i)		((UL(i)) << 2)
#define PTE_AP_RO		(UL(1) << 7)	/* AP[2]: read-only */
#define PTE_SH_INNER		(UL(3) << 8)
#define PTE_AF			(UL(1) << 10)
#define PTE_NG			(UL(1) << 11)
#define PTE_PXN			(UL(1) << 53)
#define PTE_UXN			(UL(1) << 54)
#define PTE_ADDR_MASK		UL(0x0000fffffffff000)

/* Memory types and permissions used by the kernel's mappings. */
#define PROT_NORMAL_BASE	(PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define PROT_KERNEL_TEXT	(PROT_NORMAL_BASE | PTE_AP_RO | PTE_UXN)
#define PROT_KERNEL_RO		(PROT_NORMAL_BASE | PTE_AP_RO | PTE_UXN | PTE_PXN)
#define PROT_KERNEL_RW		(PROT_NORMAL_BASE | PTE_UXN | PTE_PXN)
#define PROT_DEVICE		(PTE_ATTRINDX(MT_DEVICE_nGnRnE) | PTE_AF | PTE_UXN | PTE_PXN)
#define PROT_IDMAP_TEXT		(PROT_NORMAL_BASE | PTE_AP_RO | PTE_UXN)

#endif
