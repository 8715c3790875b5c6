/* SPDX-License-Identifier: MIT */
/*
 * The boot-time RELR pass: packed relative relocations (SHT_RELR), applied
 * before the MMU is on.  Called from arch/arm64/kernel/pi/relocate.c.
 *
 * Format (gABI SHT_RELR): an even entry is the link-time address of one
 * word to relocate; the odd entry after it is a bitmap whose bit k (1..63)
 * stands for the word (k - 1) words past that address, and each further
 * bitmap covers the next 63 words.  RELR has no addend: the word itself
 * holds its link-time value, and relocating it adds the displacement.
 *
 * Why the loop is shaped this way.  Kernel data mixes pointers with plain
 * fields: about a third of the words near a pointer are pointers, in runs
 * of 1 to 3 (docs/performance.md).  A loop per set bit (the classic one:
 * 8 instructions per set bit, 5 per clear one) or per run of set bits
 * (about 12 per run) then costs 5 or more per pointer.  Instead a bitmap's
 * 63 words are taken as 7 chunks of 9 bits, and each chunk value selects
 * one of 512 straight-line blocks (__pi_relr_blocks, generated at build
 * time by scripts/gen_relr_blocks.c from the plans in
 * scripts/relr_blocks.h) that relocates exactly that chunk's words:
 *   per chunk:   ubfx + add (slot address) + blr, and ret in the
 *                block                                       = 4 instructions
 *   per pointer: whatever is cheapest for that chunk value, chosen at
 *                build time: ldr/add/str for a lone word (3), ldp/add/add/
 *                stp for two adjacent ones (4), or one LD1 of up to 8
 *                words into v0-v3, an ADD per register holding a pointer
 *                (of v29 = {delta, 0}, v30 = {0, delta} or v31 = {delta,
 *                delta}, so only the set lanes change) and one ST1 back:
 *                three pointers spread over 8 words cost 5, not 9
 *   per bitmap:  ldr + tbnz + cmp + b.lo, and its set bits counted
 *                with fmov + cnt + addv + add                = 8 instructions
 * The base moves to the next chunk inside the block, mostly for free: a
 * pre-index load, a post-index store.  An all-clear chunk costs ubfx,
 * add, blr, add, ret.  Counting per bitmap with the SIMD popcount costs
 * 4 where an add per block cost 7.  9-bit chunks divide the 63 bits
 * evenly (8-bit ones would leave a 7-bit tail and a base fix-up per
 * bitmap) and keep 512 slots of 16 instructions (32 KiB; no block needs
 * more than 10).  Measured in docs/performance.md: about 3.6 instructions
 * per pointer.  A CPU without Advanced SIMD is refused before this runs
 * (pi/relocate.c).
 *
 * Windows read and write back, unchanged, the clear words between the
 * pointers they cover, and at most the one word after a chunk's last
 * pointer: all inside the image (relocation targets are in writable data,
 * which the image continues past; relocs_check refuses a target in the
 * image's last word).  With the MMU off every access is to
 * Device memory, where an access must be aligned to its element size:
 * LD1/ST1 of .2d elements need 8 bytes, like LDR/LDP.  FP/SIMD is enabled
 * (CPACR_EL1.FPEN) at entry, before this runs.
 *
 * The table was checked at build time (scripts/relocs_check): entries are
 * well formed and every word lies inside the image, 8-byte aligned.
 */
#include <asm/assembler.h>

#define RELR_WORD		8
#define RELR_CHUNK_BITS		9	/* scripts/relr_blocks.h */
#define RELR_SLOT_SHIFT		6

	.section .pi.text, "ax"

/*
 * __pi_relocate_relr(start, end, delta, wdelta)
 * In:  x0 = first Elf64_Relr (PA), x1 = end of the table (PA),
 *      x2 = delta = chosen virtual base - link-time virtual base,
 *      x3 = wdelta = physical base - link-time virtual base, so that a
 *           link-time address + wdelta is where the word is now.
 *      MMU off (Device memory): every access is an aligned 64-bit one
 *      (ldp/stp: two of them).
 * Out: x0 = number of words relocated.
 * Clobbers: x0-x13, v0-v3, v27-v31, flags.  No stack; x30 is kept in x7
 * across the calls into the blocks and returned through: preserves
 * x14-x30, sp, and v8-v15 (all the AAPCS64 asks).
 * Register use, shared with the generated blocks (scripts/relr_blocks.h):
 * x2 delta, x5 table start, x6 address entries, x8/x10 data, x9 base
 * (word 0 of the current chunk on entry to a block), x11 slot, x12 chunk
 * value, x13 the block table; v0-v3 window data, v27/v28 the bit count,
 * v29-v31 the delta masks.
 */
SYM_FUNC_START(__pi_relocate_relr)
	mov	x7, x30
	mov	x5, x0				// table start, for the count
	mov	x6, xzr				// address entries
	movi	d28, #0				// set bits of the bitmaps
	adr	x13, __pi_relr_blocks		// PC-relative: no literal address
	/* Masks for the windows: lane 0 is the word at the lower address. */
	dup	v31.2d, x2			// {delta, delta}
	movi	v29.2d, #0
	mov	v29.d[0], x2			// {delta, 0}
	movi	v30.2d, #0
	mov	v30.d[1], x2			// {0, delta}
	cmp	x0, x1
	b.hs	.Ldone
.Lentry:
	ldr	x4, [x0], #RELR_WORD
	tbnz	x4, #0, .Lbitmap
	/* An address: relocate that word; bitmaps continue after it. */
	add	x9, x4, x3
	ldr	x8, [x9]
	add	x8, x8, x2
	str	x8, [x9], #RELR_WORD		// x9 = where bit 1 of the next bitmap points
	add	x6, x6, #1
	cmp	x0, x1
	b.lo	.Lentry
	b	.Ldone

.Lbitmap:
	/* Count its set bits (the marker too: taken off at the end). */
	fmov	d27, x4
	cnt	v27.8b, v27.8b
	addv	b27, v27.8b
	add	d28, d28, d27
	/* Chunk k = bits 1 + 9k .. 9 + 9k; each block advances x9 by 9 words. */
	.irp	k, 0, 1, 2, 3, 4, 5, 6
	ubfx	x12, x4, #(1 + \k * RELR_CHUNK_BITS), #RELR_CHUNK_BITS
	add	x11, x13, x12, lsl #RELR_SLOT_SHIFT
	blr	x11
	.endr
	cmp	x0, x1
	b.lo	.Lentry
.Ldone:
	/*
	 * Relocated = address entries A + bitmap bits P less one marker per
	 * bitmap, and bitmaps = entries E - A: so 2A + P - E.
	 */
	fmov	x0, d28
	sub	x5, x1, x5			// table bytes
	add	x0, x0, x6, lsl #1
	sub	x0, x0, x5, lsr #3
	ret	x7
SYM_FUNC_END(__pi_relocate_relr)
