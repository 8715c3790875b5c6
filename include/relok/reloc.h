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

/*
 * Encode n sorted, distinct, 8-byte aligned addresses as RELR into out
 * (room for n entries always suffices: never more entries than
 * addresses).  Greedy and canonical: an address entry, then a bitmap for
 * each following 63-word window while it catches an address; the result
 * is the smallest such table.  Returns the entries written, or 0 with a
 * diag if the input is not sorted, distinct and aligned.
 */
uint64_t reloc_relr_encode(const uint64_t *addr, uint64_t n, Elf64_Relr *out,
			   struct diag *d);

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

/* ---- Static relocations of loadable modules (ET_REL) ---- */

/*
 * The module loader applies the relocation types GCC and clang emit for
 * kernel-style code (see reloc_module_type_ok()), each with the overflow
 * check "ELF for the Arm 64-bit Architecture" (AAELF64) gives it.  S + A is
 * passed as sa, P (the run-time address of the place) as place; loc is where
 * the place's bytes are now (the loader writes through the linear map).
 * Data places may be unaligned; instruction places must be 4-byte aligned.
 * Errors: "reloc: <type> out of range", "... misaligned target", ...
 */
bool reloc_module_type_ok(uint32_t type);
/* Bytes of the place a relocation type patches (0 for an unsupported type). */
uint32_t reloc_module_place_size(uint32_t type);
bool reloc_module_apply(uint32_t type, uint8_t *loc, uint64_t place,
			uint64_t sa, struct diag *d);

/* true for R_AARCH64_CALL26 / JUMP26, the types a PLT entry can serve. */
bool reloc_is_branch26(uint32_t type);
/* Whether a B/BL at place reaches target (+/-128 MiB, 4-byte aligned). */
bool reloc_branch26_reaches(uint64_t place, uint64_t target);

/*
 * Instruction encoders, shared by the relocation code, the PLT and erratum
 * veneers and the host tests.  Register numbers are 0..31.
 */
#define AARCH64_INSN_SIZE	4u
uint32_t aarch64_insn_movz(uint32_t rd, uint16_t imm16, uint32_t shift);
uint32_t aarch64_insn_movk(uint32_t rd, uint16_t imm16, uint32_t shift);
uint32_t aarch64_insn_br(uint32_t rn);
/* B from place to target; the caller has checked the reach. */
uint32_t aarch64_insn_b(uint64_t place, uint64_t target);
/* ADR rd, target from place; the caller has checked the +/-1 MiB reach. */
uint32_t aarch64_insn_adr(uint32_t rd, uint64_t place, uint64_t target);
bool aarch64_insn_is_adrp(uint32_t insn);
uint32_t aarch64_insn_rd(uint32_t insn);
/* Whether ADR at place reaches target (signed 21-bit byte offset). */
bool aarch64_adr_reaches(uint64_t place, uint64_t target);

#endif
