// SPDX-License-Identifier: MIT
/*
 * Host tests of lib/vsprintf.c: the boot report is printed with it.  The
 * build renames its functions relok_* (-D) so they do not clash with libc.
 */
#include "test.h"
#include <relok/printf.h>

#define FMT(want, ...)							\
	do {								\
		char buf_[128];						\
		int n_ = relok_snprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		CHECK_STR(buf_, want);					\
		CHECK_EQ(n_, strlen(want));				\
	} while (0)

static void test_integers(void)
{
	FMT("0", "%d", 0);
	FMT("-42 42", "%d %u", -42, 42u);
	FMT("ffff800080000000", "%lx", 0xffff800080000000ul);
	FMT("0x00000abc", "0x%08x", 0xabcu);
	FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
	FMT("18446744073709551615", "%lu", UINT64_MAX);
	FMT("  7|7  |", "%3d|%-3d|", 7, 7);
	FMT("DEAD", "%X", 0xdeadu);
}

static void test_strings(void)
{
	FMT("relok: ready", "relok: %s", "ready");
	FMT("ab", "%.2s", "abcdef");
	FMT("abc", "%.*s", 3, "abcdef");
	{
		/* Through a volatile so the compiler cannot see the NULL. */
		const char *volatile nul = NULL;

		FMT("(null)", "%s", nul);
	}
	FMT("x%", "%c%%", 'x');
	FMT("  hi", "%4s", "hi");
}

static void test_truncation(void)
{
	char buf[8];
	int n = relok_snprintf(buf, sizeof(buf), "%s", "0123456789");

	CHECK_EQ(n, 10);
	CHECK_STR(buf, "0123456");
	n = relok_snprintf(buf, 0, "%d", 12345);
	CHECK_EQ(n, 5);
}

int main(void)
{
	RUN(test_integers);
	RUN(test_strings);
	RUN(test_truncation);
	return test_summary();
}
