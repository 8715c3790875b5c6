/* SPDX-License-Identifier: MIT */
/*
 * Virtual memory layout (48-bit VA, 4 KiB pages).  docs/memory-layout.md is
 * the prose version of this file; keep the two in step.
 *
 * TTBR1 covers the top 256 TiB of the address space:
 *   linear map     0xffff000000000000  128 TiB  all RAM, PAGE_OFFSET + (PA - PHYS_OFFSET)
 *   kernel region  0xffff800000000000  ~126 TiB KASLR window for the image, with
 *                                               the module region within 2 GiB of it
 *   fixmap/devices 0xfffffe0000000000    2 TiB  console and other device pages
 * The image is linked at KIMAGE_VADDR so vmlinux symbols match a boot
 * without KASLR.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#ifdef __ASSEMBLER__
#define UL(x)		x
#else
#define UL(x)		x##UL
#endif

#define VA_BITS			48
#define PAGE_SHIFT		12
#define PAGE_SIZE		(UL(1) << PAGE_SHIFT)
#define BLOCK_2M_SHIFT		21
#define SZ_2M			(UL(1) << BLOCK_2M_SHIFT)
#define BLOCK_1G_SHIFT		30
#define SZ_1G			(UL(1) << BLOCK_1G_SHIFT)

#define PAGE_OFFSET		UL(0xffff000000000000)
#define LINEAR_MAP_SIZE		(UL(1) << (VA_BITS - 1))
#define KIMAGE_REGION_START	UL(0xffff800000000000)
#define FIXMAP_START		UL(0xfffffe0000000000)
#define FIXMAP_SIZE		(UL(1) << 41)

/*
 * Modules must be within 2 GiB of the image (PREL32, ADRP reach), so the
 * image window keeps that much room at both ends of the kernel region.
 */
#define MODULE_REACH		(UL(2) << 30)
#define KIMAGE_WINDOW_START	(KIMAGE_REGION_START + MODULE_REACH)
#define KIMAGE_WINDOW_END	(FIXMAP_START - MODULE_REACH)

/* Link address of the Image header: the bottom of the KASLR window. */
#define KIMAGE_VADDR		KIMAGE_WINDOW_START

/* Fixmap slots: the console's page, then from 2 MiB up the DTB window
 * (up to FDT_MAX_SIZE from any page offset). */
#define FIXMAP_CONSOLE		FIXMAP_START
#define FIXMAP_DTB		(FIXMAP_START + SZ_2M)

#define MIN_KIMAGE_ALIGN	SZ_2M	/* booting.rst: 2 MiB aligned base */
#define INIT_STACK_SIZE		(UL(16) << 10)

#endif
