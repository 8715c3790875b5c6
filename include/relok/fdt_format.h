/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree binary format constants (Devicetree Specification
 * v0.4, chapter 5), shared by the reader (lib/fdt.c) and the writer
 * (lib/fdt_rw.c).
 */
#ifndef RELOK_FDT_FORMAT_H
#define RELOK_FDT_FORMAT_H

/* Binary format, Devicetree Specification v0.4 chapter 5. */
#define FDT_MAGIC		0xd00dfeedu
#define FDT_BEGIN_NODE		0x1u
#define FDT_END_NODE		0x2u
#define FDT_PROP		0x3u
#define FDT_NOP			0x4u
#define FDT_END			0x9u

#define FDT_MIN_VERSION		16u
#define FDT_MAX_VERSION		17u
#define FDT_V16_HEADER_SIZE	36u	/* up to size_dt_strings */
#define FDT_V17_HEADER_SIZE	40u	/* adds size_dt_struct */

/* Header field offsets. */
#define FDT_HDR_MAGIC		0u
#define FDT_HDR_TOTALSIZE	4u
#define FDT_HDR_OFF_STRUCT	8u
#define FDT_HDR_OFF_STRINGS	12u
#define FDT_HDR_OFF_RSVMAP	16u
#define FDT_HDR_VERSION		20u
#define FDT_HDR_LAST_COMP	24u
#define FDT_HDR_BOOT_CPUID	28u
#define FDT_HDR_SIZE_STRINGS	32u
#define FDT_HDR_SIZE_STRUCT	36u

#define FDT_BLOB_ALIGN		8u
#define FDT_TOKEN_SIZE		4u	/* also the struct block alignment */
#define FDT_PROP_HDR_SIZE	12u	/* token, len, nameoff */
#define FDT_PROP_LEN		4u	/* offsets inside a FDT_PROP token */
#define FDT_PROP_NAMEOFF	8u
#define FDT_RSV_ALIGN		8u
#define FDT_RSV_ENTRY_SIZE	16u	/* two 64-bit values: address, size */

#endif
