/* SPDX-License-Identifier: MIT */
/*
 * The contract between the kernel and the purgatory it runs between two
 * kernels (purgatory/, docs/kexec.md).
 *
 * The purgatory is a fully linked PIE with one PT_LOAD and no dynamic
 * relocation (scripts/relocs_check --purgatory proves it at build time),
 * so the kernel loads it by its program header at any 4 KiB-aligned
 * physical address and patches nothing.  The segment starts with
 *     0                        struct purgatory_header
 *     header.params_offset     struct purgatory_params (zero in the file)
 * and the kernel fills the parameter block in place: no symbol lookup.
 * PURGATORY_PARAMS_OFFSET is fixed (the purgatory's linker script checks
 * it); the kernel still takes it from the header and checks it there.
 *
 * Shared by C and assembly; the structures are for C only.
 */
#ifndef RELOK_PURGATORY_H
#define RELOK_PURGATORY_H

#define PURGATORY_MAGIC		0x47525550	/* "PURG", little-endian */
#define PURGATORY_VERSION	1
#define PURGATORY_HEADER_SIZE	32
#define PURGATORY_PARAMS_OFFSET	0x40
#define PURGATORY_MAX_SEGMENTS	8
#define PURGATORY_SEGMENT_SIZE	56
#define PURGATORY_PARAMS_SIZE	(48 + PURGATORY_MAX_SEGMENTS * PURGATORY_SEGMENT_SIZE)
#define PURGATORY_STACK_SIZE	0x2000
/* Largest purgatory the kernel loads (it is a few KiB). */
#define PURGATORY_MAX_SIZE	0x100000

/* purgatory_params.flags */
#define PURGATORY_FLAG_COUNTER	(1 << 0)	/* PMCCNTR_EL0 runs: report the cost */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct purgatory_header {
	uint32_t magic;			/* PURGATORY_MAGIC */
	uint32_t version;		/* PURGATORY_VERSION */
	uint64_t params_offset;		/* from the start of the segment */
	uint64_t params_size;		/* sizeof(struct purgatory_params) */
	uint64_t reserved;
};

/* One piece of the next system: checked at src, then copied to dst. */
struct purgatory_segment {
	uint64_t src;			/* PA of the staged bytes */
	uint64_t dst;			/* PA they go to (== src: checked in place) */
	uint64_t len;
	uint8_t sha256[32];		/* of src[0..len), computed by the kernel */
};

struct purgatory_params {
	uint64_t entry;			/* PA of the next kernel's first instruction */
	uint64_t dtb;			/* PA of its device tree (x0) */
	uint64_t console;		/* PA of the PL011 for the purgatory's lines */
	uint32_t psci_conduit;		/* enum fdt_psci_conduit that works, or NONE */
	uint32_t entry_el;		/* 2: enter at EL2, through the hyp stub */
	uint32_t nr_segments;
	uint32_t flags;			/* PURGATORY_FLAG_* */
	uint64_t counter_start;		/* PMCCNTR_EL0 when the kernel read kexec= */
	struct purgatory_segment seg[PURGATORY_MAX_SEGMENTS];
};

_Static_assert(sizeof(struct purgatory_header) == PURGATORY_HEADER_SIZE, "layout");
_Static_assert(sizeof(struct purgatory_segment) == PURGATORY_SEGMENT_SIZE, "layout");
_Static_assert(sizeof(struct purgatory_params) == PURGATORY_PARAMS_SIZE, "layout");
#endif

#endif
