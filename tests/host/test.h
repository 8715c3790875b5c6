/* SPDX-License-Identifier: MIT */
/*
 * Minimal host unit-test harness.  Each test binary prints one line per
 * check that fails, one "ok"/"FAIL" line per test case, and ends with
 * "N passed, N failed" (counted in test cases); exit status 1 if any failed.
 * tests/run adds the per-binary counts into the project's summary line.
 */
#ifndef RELOK_TEST_H
#define RELOK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <relok/compiler.h>
#include <relok/diag.h>

/* Sizes for test layouts; signed, so that offsets below a base can be written. */
#define KIB		1024ll
#define MIB		(1024ll * KIB)
#define GIB		(1024ll * MIB)

static int test_passed, test_failed, test_case_failed;
static const char *test_case_name;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("  %s:%d: check failed: %s\n", __FILE__,	\
			       __LINE__, #cond);			\
			test_case_failed = 1;				\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);	\
		if (a_ != b_) {						\
			printf("  %s:%d: %s == %s: 0x%" PRIx64		\
			       " != 0x%" PRIx64 "\n", __FILE__, __LINE__, \
			       #a, #b, a_, b_);				\
			test_case_failed = 1;				\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (!a_ || !b_ || strcmp(a_, b_)) {			\
			printf("  %s:%d: %s == %s: \"%s\" != \"%s\"\n",	\
			       __FILE__, __LINE__, #a, #b,		\
			       a_ ? a_ : "(null)", b_ ? b_ : "(null)");	\
			test_case_failed = 1;				\
		}							\
	} while (0)

/*
 * A diag as its callers print it ("dtb: bootargs is not a string"), NULL if
 * it holds no error.  Four buffers in turn, so that results can be compared.
 */
static inline const char *diag_str(const struct diag *d)
{
	static char buf[4][256];
	static unsigned int next;
	char *b;

	if (!d->what)
		return NULL;
	b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), DIAG_FMT, DIAG_ARGS(d));
	return b;
}

static inline void test_begin(const char *name)
{
	test_case_name = name;
	test_case_failed = 0;
}

static inline void test_end(void)
{
	if (test_case_failed) {
		test_failed++;
		printf("FAIL %s\n", test_case_name);
	} else {
		test_passed++;
		printf("ok   %s\n", test_case_name);
	}
}

#define RUN(fn)					\
	do {					\
		test_begin(#fn);		\
		fn();				\
		test_end();			\
	} while (0)

static inline int test_summary(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
