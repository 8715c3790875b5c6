/* SPDX-License-Identifier: MIT */
#ifndef RELOK_SELFTEST_H
#define RELOK_SELFTEST_H

#include <relok/compiler.h>

/*
 * A built-in self-test returns NULL when it passes, or a short reason.
 * selftest_run() prints "relok: selftest <name> ok|FAIL <why>".
 */
typedef const char *(*selftest_fn)(void);
int selftest_run(const char *name, selftest_fn fn);
/* The same line for a result obtained elsewhere (another CPU's); 1 if why. */
int selftest_report(const char *name, const char *why);

struct boot_info;

/* The tests themselves, grouped by subject. */
int run_reloc_selftests(void);
/* After an EL2 entry: an unknown HVC gets NOT_SUPPORTED from the hyp stub. */
int run_hyp_stub_selftest(const struct boot_info *bi);
int run_wx_selftest(void);
/* Single checks that secondary CPUs run on themselves (smp.c). */
const char *reloc_selftest_pointers(void);
const char *extable_selftest_text_write(void);
/* Only with selftest=crash-... in bootargs; does not return when it works. */
void run_crash_selftests(void);

#endif
