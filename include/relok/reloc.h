/* SPDX-License-Identifier: MIT */
/*
 * Applying and checking the kernel's own relative relocations.
 *
 * The kernel is linked -pie at a link-time virtual base and may run at a
 * different virtual base (KASLR-style).  Its dynamic relocations are all
 * R_AARCH64_RELATIVE, in RELA form (.rela.dyn) or packed RELR form
 * (.relr.dyn).  Each one asks for "link-time address + displacement" to be
 * written to a 64-bit slot, where displacement = chosen virtual base -
 * link-time virtual base.
 *
 * The code runs in early boot with the MMU off, before the kernel has
 * relocated itself, and also in host tools and tests: it is freestanding,
 * calls nothing outside its file, has no pointer in static data and uses
 * only aligned 64-bit accesses.  Errors go to struct diag ("reloc: ...").
 */
#ifndef RELOK_RELOC_H
#define RELOK_RELOC_H

#include <stdbool.h>
#include <stdint.h>

#include <relok/diag.h>
#include <relok/elf.h>

/*
 * The image being relocated.  r_offset values are link-time virtual
 * addresses; the slot for address a is mem[a - link_base].  Early boot
 * passes the physical location of the image as mem (MMU off), a host tool
 * passes a buffer: where the bytes are now is independent of the virtual
 * base the values are relocated for.
 */
struct reloc_image {
	uint8_t *mem;		/* where the image bytes are now */
	uint64_t link_base;	/* link-time virtual address of mem[0] */
	uint64_t size;		/* bytes of mem that may be written */
};

/*
 * Apply count RELA entries of tbl for the virtual base new_base: each slot
 * gets r_addend + (new_base - link_base).  Every entry must be
 * R_AARCH64_RELATIVE with an 8-byte aligned r_offset inside the image.
 * *applied (may be NULL) counts entries written before any error.
 */
bool reloc_apply_rela(const struct reloc_image *img, const Elf64_Rela *tbl,
		      uint64_t count, uint64_t new_base, uint64_t *applied,
		      struct diag *d);

/*
 * Apply count RELR entries: each encoded slot gets (new_base - link_base)
 * added to the link-time address it holds.  The first entry must be an
 * address.  *applied (may be NULL) counts slots written.
 */
bool reloc_apply_relr(const struct reloc_image *img, const Elf64_Relr *tbl,
		      uint64_t count, uint64_t new_base, uint64_t *applied,
		      struct diag *d);

/*
 * Boot self-test after reloc_apply_rela(): every slot must hold
 * r_addend + (new_base - link_base).  *checked (may be NULL) counts slots.
 */
bool reloc_verify_rela(const struct reloc_image *img, const Elf64_Rela *tbl,
		       uint64_t count, uint64_t new_base, uint64_t *checked,
		       struct diag *d);

/*
 * Self-test after reloc_apply_relr().  RELR keeps the link-time value only
 * in the slot itself, so after applying there are two ways to check:
 *  - orig != NULL: orig is an unrelocated copy laid out like img->mem;
 *    every slot must hold orig's value + (new_base - link_base) exactly;
 *  - orig == NULL: every slot must point into the relocated image,
 *    [new_base, new_base + img->size] (end inclusive: pointers to _end).
 */
bool reloc_verify_relr(const struct reloc_image *img, const Elf64_Relr *tbl,
		       uint64_t count, uint64_t new_base, const void *orig,
		       uint64_t *checked, struct diag *d);

/* Called for each relocation: link-time address and relocation type. */
typedef void (*reloc_visit_fn)(void *ctx, uint64_t r_offset, uint32_t type);

/* Walk a RELA table (any types; nothing is checked or written). */
void reloc_for_each_rela(const Elf64_Rela *tbl, uint64_t count,
			 reloc_visit_fn fn, void *ctx);

/*
 * Walk a RELR table; fn gets each encoded address with type
 * R_AARCH64_RELATIVE.  Fails (and stops) on a malformed table.
 */
bool reloc_for_each_relr(const Elf64_Relr *tbl, uint64_t count,
			 reloc_visit_fn fn, void *ctx, struct diag *d);

#endif
