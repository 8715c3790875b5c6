// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the command-line parser (lib/cmdline.c).  The input is
 * "WORD\nARGS": WORD is looked up the three ways the kernel looks words up
 * (a bare word, key=value, an item of a comma list) in ARGS, which is not
 * NUL-terminated (a bootargs property's bytes, as the DT gives them).  Each
 * answer is checked against a plain re-implementation of the rule.
 */
#include <stdbool.h>
#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include <relok/cmdline.h>

#define WORD_MAX	64

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The i-th token of a[0..n) (stopping at a NUL): the reference splitter. */
static bool token(const char *a, size_t n, size_t i, const char **t, size_t *tl)
{
	size_t p = 0, k = 0;

	for (;;) {
		while (p < n && a[p] && space(a[p]))
			p++;
		if (p >= n || !a[p])
			return false;
		*t = a + p;
		while (p < n && a[p] && !space(a[p]))
			p++;
		*tl = (size_t)(a + p - *t);
		if (k++ == i)
			return true;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size < WORD_MAX ? size : WORD_MAX);
	char word[WORD_MAX];
	const char *args, *val, *t;
	uint32_t vlen, n;
	size_t wl, tl, i;
	bool want;

	if (!nl)
		return 0;
	wl = (size_t)(nl - (const char *)data);
	memcpy(word, data, wl);
	word[wl] = '\0';
	wl = strlen(word);	/* the word is a C string: up to its first NUL */
	n = (uint32_t)(size - (size_t)(nl - (const char *)data) - 1);
	args = malloc(n ? n : 1);	/* exactly n bytes: ASan sees any read past them */
	memcpy((char *)args, nl + 1, n);

	want = false;
	for (i = 0; !want && token(args, n, i, &t, &tl); i++)
		want = tl == wl && !memcmp(t, word, wl);
	fuzz_check(cmdline_has_word(args, n, word) == want, "cmdline_has_word disagrees");

	want = false;
	for (i = 0; !want && token(args, n, i, &t, &tl); i++)
		want = tl > wl && !memcmp(t, word, wl) && t[wl] == '=';
	fuzz_check(cmdline_get(args, n, word, &val, &vlen) == want, "cmdline_get disagrees");
	if (want) {
		fuzz_check(val == t + wl + 1 && vlen == tl - wl - 1, "cmdline_get's value is not the first match");
		/* The value as a comma list: every item found, nothing past it. */
		for (size_t s = 0, e; s <= vlen; s = e + 1) {
			char item[WORD_MAX];

			for (e = s; e < vlen && val[e] != ','; e++)
				;
			if (e - s < WORD_MAX && !memchr(val + s, '\0', e - s)) {
				memcpy(item, val + s, e - s);
				item[e - s] = '\0';
				fuzz_check(cmdline_list_has(val, vlen, item), "cmdline_list_has misses an item");
			}
		}
	}
	cmdline_list_has(args, n, word);
	free((char *)args);
	return 0;
}
