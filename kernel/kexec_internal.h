/* SPDX-License-Identifier: MIT */
/* Between kernel/kexec.c and kernel/kexec_purgatory.c. */
#ifndef KERNEL_KEXEC_INTERNAL_H
#define KERNEL_KEXEC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <relok/compiler.h>
#include <relok/diag.h>
#include <relok/purgatory.h>

/* A purgatory in memory, ready for its parameter block. */
struct purgatory_load {
	const char *kind;		/* "pie" (program headers) or "rel" (sections) */
	uint64_t pa, size;		/* where it was loaded, page-rounded size */
	uint64_t entry;			/* PA of its first instruction */
	uint64_t header_off;		/* of struct purgatory_header, from pa */
	uint64_t params_pa;
	struct purgatory_params *params;	/* linear-map alias */
	uint64_t relocs;		/* relocations applied (0 for the PIE) */
};

/* Load an ELF purgatory (8-byte aligned file) into fresh pages. */
bool purgatory_load(const void *file, uint64_t size, struct purgatory_load *pl, struct diag *d);

#endif
