/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own relative relocations (RELA and RELR): the boot pass,
 * and the checked walkers, verifier and encoder that the kernel's
 * self-tests and the host tools share.  arch/arm64/kernel/reloc.c explains
 * the formats.
 *
 * The kernel is linked -pie at a link-time virtual base and runs at the
 * base KASLR chose.  Every dynamic relocation is R_AARCH64_RELATIVE: the
 * 64-bit word at a link-time address must hold "link-time value +
 * displacement", displacement = run-time virtual base - link-time base.
 * Where the word is while it is patched is a separate matter: with the
 * MMU off it is at the physical load address, in a host tool in a buffer.
 * So the boot pass takes two numbers: delta (the displacement of the
 * values) and wdelta (link-time address + wdelta = where the word is now).
 */
#ifndef RELOK_RELOC_H
#define RELOK_RELOC_H

#include <stdbool.h>
#include <stdint.h>

#include <relok/diag.h>
#include <relok/elf.h>

/* ---- The boot pass (early boot: MMU off, before relocation) ----
 *
 * No checks: the table was verified when the image was built
 * (scripts/relocs_check calls reloc_verify()).  Each relocated word is read
 * once and written once; no other word of the image is read or written.
 */

/* RELA: apply every R_AARCH64_RELATIVE entry of [tbl, end); returns how
 * many.  Entries of other types are skipped: the caller compares. */
uint64_t reloc_rela_apply(const Elf64_Rela *tbl, const Elf64_Rela *end,
			  uint64_t delta, uint64_t wdelta);

/* RELR: apply [tbl, end) (how many words it names is in the descriptor). */
void reloc_relr_apply(const Elf64_Relr *tbl, const Elf64_Relr *end,
		      uint64_t delta, uint64_t wdelta);

/*
 * After the pass: invalidate, to the Point of Coherency, every cache line
 * that holds a word the pass wrote (and no other), so that a stale line
 * the loader left cannot shadow a relocated word once the caches are on.
 * Which lines those are is known when the image is linked, so the build
 * writes them down (reloc_lines_encode() below) as a table of runs of
 * RELOC_LINE_MIN-byte lines counted from the Image header, which is page
 * aligned: entry = skip << RELOC_LINES_RUN_BITS | run, skip lines not
 * written, then run lines that are.  at is where the Image header is now.
 * Needs a D-cache line of at least RELOC_LINE_MIN bytes (CTR_EL0): the
 * caller checks, and cleans the whole image otherwise.
 */
#define RELOC_LINE_MIN		64u
#define RELOC_LINES_RUN_BITS	16
#define RELOC_LINES_RUN_MAX	((1u << RELOC_LINES_RUN_BITS) - 1)
#define RELOC_LINES_SKIP_MAX	((1u << (32 - RELOC_LINES_RUN_BITS)) - 1)
void reloc_lines_inval(const uint32_t *tbl, const uint32_t *end, uint64_t at);

/* ---- Checked: the kernel after boot, host tools, tests ---- */

/*
 * The image a table belongs to.  Its words are mem[a - link_base] for
 * link-time addresses a in [link_base, link_base + size); relocations may
 * only target [write_start, write_end), the writable data (link-time
 * addresses).
 */
struct reloc_image {
	uint8_t *mem;		/* where the image bytes are now */
	uint64_t link_base;	/* link-time virtual address of mem[0] */
	uint64_t size;
	uint64_t write_start;
	uint64_t write_end;
};

/* Called for each relocation in table order: link-time address, type. */
typedef void (*reloc_visit_fn)(void *ctx, uint64_t r_offset, uint32_t type);

/* Walk a RELA table (any types). */
void reloc_rela_walk(const Elf64_Rela *tbl, uint64_t count, reloc_visit_fn fn, void *ctx);

/*
 * Walk a RELR table; fn gets each encoded address, type
 * R_AARCH64_RELATIVE.  Fails (and stops) on a malformed table: a bitmap
 * before any address, an odd address, a run past the end of the address
 * space, or an address not above every one before it (a word named twice
 * would be relocated twice).
 */
bool reloc_relr_walk(const Elf64_Relr *tbl, uint64_t count, reloc_visit_fn fn, void *ctx,
		     struct diag *d);

/*
 * Everything the boot pass relies on: every RELA entry is
 * R_AARCH64_RELATIVE, the RELR table is well formed, and every target is
 * 8-byte aligned, inside the image and in [write_start, write_end).
 * *count (may be NULL) gets the number of relocated words.
 */
bool reloc_verify(const struct reloc_image *img, const Elf64_Rela *rela, uint64_t nrela,
		  const Elf64_Relr *relr, uint64_t nrelr, uint64_t *count, struct diag *d);

/*
 * After the pass, for virtual base new_base: every RELA word holds
 * r_addend + (new_base - link_base); every RELR word holds orig's word +
 * (new_base - link_base) when orig (an unrelocated copy laid out like
 * img->mem) is given, else a pointer into [new_base, new_base + size].
 * *checked (may be NULL) counts the words.  Verifies the tables first.
 */
bool reloc_check_applied(const struct reloc_image *img, const Elf64_Rela *rela,
			 uint64_t nrela, const Elf64_Relr *relr, uint64_t nrelr,
			 uint64_t new_base, const void *orig, uint64_t *checked,
			 struct diag *d);

/*
 * The line table (above) of n relocated words at strictly increasing,
 * 8-byte aligned byte offsets off[] from the Image header, into out (room
 * for cap entries).  Returns the entries written, or 0 with a diag if
 * off[] is not increasing and aligned, or cap is too small (n plus the
 * largest offset / 4 MiB always suffices).
 */
uint64_t reloc_lines_encode(const uint64_t *off, uint64_t n, uint32_t *out, uint64_t cap,
			    struct diag *d);

/*
 * Encode n strictly increasing, 8-byte aligned addresses as RELR into out
 * (n entries of room always suffice).  Greedy, hence canonical and
 * smallest: an address entry, then a bitmap for each following 63-word
 * window while it catches an address.  Returns the entries written, or 0
 * with a diag if the input is not increasing and aligned.
 */
uint64_t reloc_relr_encode(const uint64_t *addr, uint64_t n, Elf64_Relr *out,
			   struct diag *d);

#endif
