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
 * Why the bitmap loop is shaped this way.  The classic loop tests every
 * bit (about 8 instructions per set bit, 5 per clear one).  Here a bitmap
 * is bit-reversed once so that "the next word" is always the top bit, and
 * then consumed a run of consecutive set bits at a time:
 *   clz(bits)  = clear words to skip, in one instruction whatever the gap;
 *   clz(~bits) = length n of the run of words to relocate;
 * and the n words are relocated by a computed branch into a straight line
 * of 63 load/add/store triples (Duff's device), so a run costs a fixed
 * 12 instructions plus 3 per word, and clear bits cost nothing.  Kernel
 * data relocates in runs (operation tables, arrays of pointers, struct
 * members next to each other), so runs are long and the cost per pointer
 * approaches the 3 instructions every relocation needs.  No hardware
 * popcount or ctz is assumed (ARMv8.0: rbit + clz).
 *
 * The table was checked at build time (scripts/relocs_check): entries are
 * well formed and every word lies inside the image, 8-byte aligned.
 */
#include <asm/assembler.h>

#define RELR_WORD		8
#define RELR_BITMAP_WORDS	63
#define RELR_COPY_INSNS		3	/* ldr, add, str per word */
#define INSN_BYTES		4

	.section .pi.text, "ax"

/*
 * __pi_relocate_relr(start, end, delta, wdelta)
 * In:  x0 = first Elf64_Relr (PA), x1 = end of the table (PA),
 *      x2 = delta = chosen virtual base - link-time virtual base,
 *      x3 = wdelta = physical base - link-time virtual base, so that a
 *           link-time address + wdelta is where the word is now.
 *      MMU off (Device memory): every access is an aligned 64-bit one.
 * Out: x0 = number of words relocated.
 * Clobbers: x0-x13, flags.  Leaf, no stack: preserves x14-x30, sp.
 */
SYM_FUNC_START(__pi_relocate_relr)
	mov	x6, xzr				// words relocated
	adr	x13, .Lcopy_end			// hoisted: target of the computed branch
	cmp	x0, x1
	b.hs	.Ldone
.Lentry:
	ldr	x4, [x0], #RELR_WORD
	tbnz	x4, #0, .Lbitmap
	/* An address: relocate that word; bitmaps continue after it. */
	add	x5, x4, x3
	ldr	x8, [x5]
	add	x8, x8, x2
	str	x8, [x5], #RELR_WORD		// x5 = where bit 1 of the next bitmap points
	add	x6, x6, #1
	cmp	x0, x1
	b.lo	.Lentry
	b	.Ldone

.Lbitmap:
	/*
	 * rbit puts the marker bit 0 at bit 63 and word k (bit k + 1) at
	 * bit 62 - k; the shift drops the marker, so word k is at bit 63 - k
	 * and bit 0 is always clear: clz(~bits) <= 63, a valid shift.
	 */
	rbit	x7, x4
	lsl	x7, x7, #1
	mov	x9, x5				// cursor: word of the top bit
	add	x5, x5, #(RELR_BITMAP_WORDS * RELR_WORD)
	cbz	x7, .Lnext
.Lrun:
	clz	x10, x7				// clear words before the run
	lsl	x7, x7, x10
	add	x9, x9, x10, lsl #3
	mvn	x11, x7
	clz	x11, x11			// n: words in the run, 1..63
	lsl	x7, x7, x11
	add	x6, x6, x11
	add	x12, x11, x11, lsl #1		// n * RELR_COPY_INSNS ...
	sub	x12, x13, x12, lsl #2		// ... * INSN_BYTES before .Lcopy_end
	br	x12
	/* Word k of the run at [x9 + 8k], k = 62 down to 0: enter at k = n - 1. */
	.set	.Lk, RELR_BITMAP_WORDS
	.rept	RELR_BITMAP_WORDS
	.set	.Lk, .Lk - 1
	ldr	x8, [x9, #(.Lk * RELR_WORD)]
	add	x8, x8, x2
	str	x8, [x9, #(.Lk * RELR_WORD)]
	.endr
.Lcopy_end:
	.if	(.Lcopy_end - .Lrun) != (10 + RELR_BITMAP_WORDS * RELR_COPY_INSNS) * INSN_BYTES
	.error	"relr copy block: each word must take RELR_COPY_INSNS instructions"
	.endif
	add	x9, x9, x11, lsl #3
	cbnz	x7, .Lrun
.Lnext:
	cmp	x0, x1
	b.lo	.Lentry
.Ldone:
	mov	x0, x6
	ret
SYM_FUNC_END(__pi_relocate_relr)
