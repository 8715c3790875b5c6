/* SPDX-License-Identifier: MIT */
/*
 * arm64 parts of the module loader: the module region
 * (arch/arm64/kernel/module_region.c), static relocations
 * (arch/arm64/kernel/module-reloc.c) and PLTs / erratum 843419 veneers
 * (arch/arm64/kernel/module-plts.c); the last two are also built for the
 * host tests.
 */
#ifndef ASM_MODULE_H
#define ASM_MODULE_H

#include <stdbool.h>
#include <stdint.h>

struct diag;

/* ---- Static relocations (ET_REL) ---- */

/*
 * The loader applies the relocation types GCC and clang emit for
 * kernel-style code, each with the overflow check "ELF for the Arm 64-bit
 * Architecture" (AAELF64) gives it.  S + A is passed as sa, P (the run-time
 * address of the place) as place; loc is where the place's bytes are now.
 * Data places may be unaligned; instruction places must be 4-byte aligned.
 * On failure the place is left as it was.
 */
bool module_reloc_supported(uint32_t type);
/* Bytes of the place a type patches (0 for an unsupported type). */
uint32_t module_reloc_place_size(uint32_t type);
bool module_reloc_apply(uint32_t type, uint8_t *loc, uint64_t place, uint64_t sa,
			struct diag *d);
/* R_AARCH64_CALL26 / JUMP26: the types a PLT entry can serve. */
bool module_reloc_is_branch26(uint32_t type);

/* ---- Module region ---- */

#define MODULE_BRANCH_REACH	(UL(128) << 20)	/* B/BL: +/-128 MiB */
#define MODULE_REGION_SIZE	(UL(64) << 20)	/* one window */
#define MODULE_REGION_ALIGN	SZ_2M

enum module_placement {
	MODULE_PLACEMENT_NEAR,	/* whole window within B/BL reach of the whole image */
	MODULE_PLACEMENT_FAR,	/* whole window beyond it, within MODULE_REACH */
};

struct boot_info;

/*
 * Choose the windows (near, and far as the overflow or forced by
 * module_placement=far) and print "relok: modules region=...".
 * kimage_start/end: the running image's virtual bounds.
 */
void module_region_init(const struct boot_info *bi, uint64_t kimage_start,
			uint64_t kimage_end, bool force_far);

/*
 * The address the next module of size bytes will get, without taking it
 * (the loader sizes a module's PLTs from its final address first); 0 if no
 * window has room.  module_region_take() then takes exactly that.
 */
uint64_t module_region_peek(uint64_t size);
void module_region_take(uint64_t va, uint64_t size);

/* Pure window arithmetic, host-testable: the base of window number index of
 * the candidate count *count (index taken modulo it); false if none. */
bool module_window_pick(uint64_t kstart, uint64_t kend, enum module_placement placement,
			uint64_t seed, uint64_t *base, uint64_t *count);

/* ---- PLTs ---- */

/*
 * A PLT entry: MOVZ/MOVK x16 with the 64-bit target, BR x16.  Absolute, so
 * it works from anywhere and holds no ADRP (erratum 843419 cannot apply);
 * x16 (IP0) is the register AAPCS64 gives veneers.
 */
#define PLT_ENTRY_INSNS		5
#define PLT_ENTRY_SIZE		(PLT_ENTRY_INSNS * 4)
/* An erratum 843419 veneer: MOVZ/MOVK Xd with the page address, B back. */
#define ADRP_VENEER_INSNS	5
#define ADRP_VENEER_SIZE	(ADRP_VENEER_INSNS * 4)

/* One branch relocation as the PLT code sees it. */
struct plt_branch {
	uint32_t sym;		/* symbol table index */
	int64_t addend;
	uint64_t place;		/* run-time address of the B/BL */
	uint64_t target;	/* S + A */
};

/*
 * The number of PLT entries n branches need: one per distinct (sym, addend)
 * with at least one branch that does not reach its target directly.
 */
uint32_t plt_count(const struct plt_branch *b, uint32_t n);

struct plt_area {
	uint8_t *mem;		/* where entries are written now */
	uint64_t va;		/* run-time address of entry 0 */
	uint32_t used, max;
	struct plt_branch *keys;	/* max slots: (sym, addend, target) per entry */
};

/*
 * The address a branch to (sym, addend, target) should go to from place:
 * the target itself when a B/BL reaches it, else a PLT entry (created on
 * first use, shared by every later branch to the same target).  0 if the
 * area is full (the count was wrong: a loader bug).
 */
uint64_t plt_branch_dest(struct plt_area *plts, const struct plt_branch *b);

/* Cortex-A53 erratum 843419: an ADRP in the last two words of a 4 KiB page. */
#define ERRATUM_843419_PAGE_OFF1	0xff8
#define ERRATUM_843419_PAGE_OFF2	0xffc
bool erratum_843419_place(uint64_t place);

/*
 * Rewrite the ADRP at place (bytes at loc), which must load page, so that
 * no ADRP remains at that address: ADR when the page is within +/-1 MiB,
 * else B to a veneer taken from veneers (MOVZ/MOVK Xd, page; B place + 4).
 * false if a veneer is needed and none is left.
 */
bool erratum_843419_fix(uint8_t *loc, uint64_t place, uint64_t page, struct plt_area *veneers);

#endif
