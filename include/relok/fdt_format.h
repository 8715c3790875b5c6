/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree binary format constants (Devicetree Specification
 * v0.4, chapter 5), shared by the reader (lib/fdt.c), the writer
 * (lib/fdt_rw.c) and head.S (boot_cpu_elect reads the header): plain
 * numbers under __ASSEMBLER__, unsigned in C.
 */
#ifndef RELOK_FDT_FORMAT_H
#define RELOK_FDT_FORMAT_H

#ifdef __ASSEMBLER__
#define FDT_U(x)		x
#else
#define FDT_U(x)		x##u
#endif

/* Binary format, Devicetree Specification v0.4 chapter 5. */
#define FDT_MAGIC		FDT_U(0xd00dfeed)
#define FDT_BEGIN_NODE		FDT_U(0x1)
#define FDT_END_NODE		FDT_U(0x2)
#define FDT_PROP		FDT_U(0x3)
#define FDT_NOP			FDT_U(0x4)
#define FDT_END			FDT_U(0x9)

#define FDT_MIN_VERSION		FDT_U(16)
#define FDT_MAX_VERSION		FDT_U(17)
#define FDT_V16_HEADER_SIZE	FDT_U(36)	/* up to size_dt_strings */
#define FDT_V17_HEADER_SIZE	FDT_U(40)	/* adds size_dt_struct */

/* Header field offsets. */
#define FDT_HDR_MAGIC		FDT_U(0)
#define FDT_HDR_TOTALSIZE	FDT_U(4)
#define FDT_HDR_OFF_STRUCT	FDT_U(8)
#define FDT_HDR_OFF_STRINGS	FDT_U(12)
#define FDT_HDR_OFF_RSVMAP	FDT_U(16)
#define FDT_HDR_VERSION		FDT_U(20)
#define FDT_HDR_LAST_COMP	FDT_U(24)
#define FDT_HDR_BOOT_CPUID	FDT_U(28)
#define FDT_HDR_SIZE_STRINGS	FDT_U(32)
#define FDT_HDR_SIZE_STRUCT	FDT_U(36)

#define FDT_BLOB_ALIGN		FDT_U(8)
#define FDT_TOKEN_SIZE		FDT_U(4)	/* also the struct block alignment */
#define FDT_PROP_HDR_SIZE	FDT_U(12)	/* token, len, nameoff */
#define FDT_PROP_LEN		FDT_U(4)	/* offsets inside a FDT_PROP token */
#define FDT_PROP_NAMEOFF	FDT_U(8)
#define FDT_RSV_ALIGN		FDT_U(8)
#define FDT_RSV_ENTRY_SIZE	FDT_U(16)	/* two 64-bit values: address, size */

#endif
