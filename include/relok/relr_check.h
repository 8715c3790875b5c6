/* SPDX-License-Identifier: MIT */
/*
 * The RELR block check table (make RELR_SELFTEST=1): every 9-bit chunk
 * value of a RELR bitmap once, in order, so that every block the boot
 * pass can dispatch to (relocate_relr.S, scripts/relr_blocks.h) runs on
 * the real pass, and the relr-blocks self-test
 * (arch/arm64/kernel/relr_selftest.c) then checks every word: pointers
 * relocated, the plain words between them untouched.
 * scripts/gen_relr_blocks --check-table prints the table.
 *
 * Layout, in 64-bit words:
 *   RELR_CHECK_PAD plain words: no pointer within a bitmap's reach before
 *     the first pointer, so any encoder starts it with an address entry;
 *   one pointer, the address entry;
 *   RELR_CHECK_CHUNKS chunks of RELR_CHECK_CHUNK_WORDS words: word j of
 *     chunk c is a pointer when bit j of c is set.  The first bitmap
 *     covers the 63 words after the address entry, so chunk c lands at
 *     position c % 7 of bitmap c / 7.
 * Word w, if a pointer, holds &relr_check_target[w % RELR_CHECK_TARGETS]
 * (distinct addends, so a word written with its neighbour's value shows),
 * else RELR_CHECK_PLAIN(w).
 *
 * Shared by the host generator and the kernel: constants and inline
 * functions only.
 */
#ifndef RELOK_RELR_CHECK_H
#define RELOK_RELR_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#define RELR_CHECK_PAD		64u
#define RELR_CHECK_CHUNK_WORDS	9u
#define RELR_CHECK_CHUNKS	(1u << RELR_CHECK_CHUNK_WORDS)
#define RELR_CHECK_FIRST	RELR_CHECK_PAD		/* the address entry's word */
#define RELR_CHECK_WORDS	(RELR_CHECK_FIRST + 1 + RELR_CHECK_CHUNKS * RELR_CHECK_CHUNK_WORDS)
#define RELR_CHECK_TARGETS	64u
#define RELR_CHECK_PLAIN_TAG	0x5eed000000000000ull
#define RELR_CHECK_PLAIN(w)	(RELR_CHECK_PLAIN_TAG | (uint64_t)(w))

static inline bool relr_check_is_pointer(uint32_t w)
{
	uint32_t k;

	if (w < RELR_CHECK_FIRST)
		return false;
	if (w == RELR_CHECK_FIRST)
		return true;
	k = w - RELR_CHECK_FIRST - 1;
	return (k / RELR_CHECK_CHUNK_WORDS) >> (k % RELR_CHECK_CHUNK_WORDS) & 1u;
}

#endif
