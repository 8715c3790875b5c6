/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): a failed
 * property check says what failed on stderr, as "fuzz check failed: ...",
 * the line tests/fuzz/mutate_tools.py makes a crash's signature of, then
 * aborts so that libFuzzer keeps the input.
 */
#ifndef RELOK_FUZZ_H
#define RELOK_FUZZ_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static inline void __attribute__((noreturn, format(printf, 1, 2))) fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);		/* what a check printed there first */
	fputs("fuzz check failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static inline void fuzz_check(int ok, const char *what)
{
	if (!ok)
		fuzz_fail("%s", what);
}

#endif
