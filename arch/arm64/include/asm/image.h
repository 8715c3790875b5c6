/* SPDX-License-Identifier: MIT */
/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst). */
#ifndef ASM_IMAGE_H
#define ASM_IMAGE_H

#define ARM64_IMAGE_MAGIC		0x644d5241	/* "ARM\x64" */
#define ARM64_IMAGE_FLAG_LE		(0 << 0)
#define ARM64_IMAGE_FLAG_PAGE_4K	(1 << 1)
#define ARM64_IMAGE_FLAG_ANYWHERE	(1 << 3)	/* may be placed at any 2 MiB aligned address */
#define ARM64_IMAGE_FLAGS		(ARM64_IMAGE_FLAG_LE | ARM64_IMAGE_FLAG_PAGE_4K | \
					 ARM64_IMAGE_FLAG_ANYWHERE)
#define ARM64_IMAGE_HEADER_SIZE		64
/* Field offsets in the header (all little-endian). */
#define ARM64_IMAGE_TEXT_OFFSET_AT	8
#define ARM64_IMAGE_SIZE_AT		16
#define ARM64_IMAGE_FLAGS_AT		24
#define ARM64_IMAGE_MAGIC_AT		56
#define ARM64_IMAGE_FLAG_BE		(1 << 0)
#define ARM64_IMAGE_PAGE_SHIFT		1	/* flags bits [2:1]: 0 unspecified, 1 = 4K */
#define ARM64_IMAGE_PAGE_MASK		3

/* PE/COFF view of the Image (arch/arm64/kernel/efi-header.S). */
#define PE_SECTION_ALIGN		0x1000	/* sections start on a 4 KiB page */
#define PE_FILE_ALIGN			0x200	/* the file is padded to this */

/* head.S clears BSS in steps of this many bytes (four STP of zeros);
 * the linker script aligns BSS's start and end to it. */
#define BSS_CLEAR_STEP			64

/* The symbol at the Image's first byte (head.S), as the host tools look it up. */
#define IMAGE_HEAD_SYMBOL		"_head"

#endif
