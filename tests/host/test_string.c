// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/string.c's copies, built under other names (the
 * Makefile renames them relok_*): the purgatory moves kexec segments with
 * memmove, which must be right for overlaps in either direction at any
 * alignment, and word copies must not touch a byte past the end.
 */
#include <relok/string.h>

#include "test.h"

#define AREA	256

static unsigned char buf[AREA + 16], ref[AREA + 16];

static void fill(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = ref[i] = (unsigned char)(i * 7 + 1);
}

/* Every (dst, src, n) in a small window, both directions, every alignment. */
static void test_memmove_overlaps(void)
{
	unsigned int d, s, n, i;

	for (d = 0; d < 24; d++) {
		for (s = 0; s < 24; s++) {
			for (n = 0; n <= 40; n++) {
				fill();
				relok_memmove(buf + 8 + d, buf + 8 + s, n);
				/* the model: copy through a temporary */
				for (i = 0; i < n; i++)
					ref[8 + d + i] = (unsigned char)((8 + s + i) * 7 + 1);
				if (memcmp(buf, ref, sizeof(buf))) {
					printf("  memmove(+%u, +%u, %u) differs\n", d, s, n);
					CHECK(0);
					return;
				}
			}
		}
	}
}

/* Word-aligned copies (the kexec case: page-aligned segments) and the bytes around them. */
static void test_memcpy_words(void)
{
	unsigned int n;

	for (n = 0; n <= 64; n += 8) {
		fill();
		CHECK(relok_memcpy(buf + 128, buf + 8, n) == buf + 128);
		CHECK(!memcmp(buf + 128, ref + 8, n));
		CHECK(buf[128 + n] == ref[128 + n]);
		CHECK(buf[127] == ref[127]);
	}
}

static void test_memset_memcmp(void)
{
	fill();
	relok_memset(buf + 3, 0xab, 13);
	CHECK(buf[2] == ref[2] && buf[3] == 0xab && buf[15] == 0xab && buf[16] == ref[16]);
	relok_memset(buf + 16, 0, 32);
	CHECK(buf[16] == 0 && buf[47] == 0 && buf[48] == ref[48]);
	CHECK(relok_memcmp("abc", "abd", 3) < 0);
	CHECK(relok_memcmp("abc", "abd", 2) == 0);
}

int main(void)
{
	RUN(test_memmove_overlaps);
	RUN(test_memcpy_words);
	RUN(test_memset_memcmp);
	return test_summary();
}
