// SPDX-License-Identifier: MIT
/*
 * String and memory routines.  Early boot runs them with the MMU off,
 * where an unaligned access faults, so memset and memcpy only move whole
 * words when every address involved is word aligned, and bytes otherwise.
 */
#include <stdint.h>
#include <relok/string.h>

#define WORD		sizeof(uint64_t)
#define WORD_MASK	(WORD - 1)

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	if (!(((uintptr_t)p | n) & WORD_MASK)) {
		/* c's low byte in every byte of a word. */
		const uint64_t v = (uint64_t)(unsigned char)c * UINT64_C(0x0101010101010101);
		uint64_t *w = s;

		for (; n; n -= WORD)
			*w++ = v;
		return s;
	}
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s | n) & WORD_MASK)) {
		uint64_t *wd = dst;
		const uint64_t *ws = src;

		for (; n; n -= WORD)
			*wd++ = *ws++;
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}
