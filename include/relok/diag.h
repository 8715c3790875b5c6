/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics object passed to every operation of the shared parsing code
 * (device tree, ELF, cpio, relocation, kexec planning).  Shared code never
 * prints: it records the first error here and returns false; the caller
 * decides how the error surfaces (early boot: a "relok: panic:" line,
 * module loader: a rejection, host tool: a message and an exit code, unit
 * test: a recorded failure).
 *
 * A file that records errors names its subsystem once, before its first
 * diag_fail():  #define DIAG_SUBSYS "dtb"
 * and its messages say only what is wrong ("bootargs is not a string");
 * printed with DIAG_FMT/DIAG_ARGS they read "dtb: bootargs is not a string".
 *
 * The object holds no pointer in static data, so the same code works in the
 * position-independent early boot path before relocation.
 */
#ifndef RELOK_DIAG_H
#define RELOK_DIAG_H

#include <stdbool.h>
#include <stdint.h>

struct diag {
	const char *subsys;	/* who recorded the first error: "dtb", "elf", ... */
	const char *what;	/* first error: static string, NULL if none */
	uint64_t value;		/* a number that goes with it (offset, index, type) */
	uint32_t count;		/* errors seen, including the first */
};

static inline void diag_init(struct diag *d)
{
	d->subsys = 0;
	d->what = 0;
	d->value = 0;
	d->count = 0;
}

/* Record an error; always returns false so callers can write
 * "return diag_fail(d, "why", v);". A NULL diag is allowed. */
static inline bool diag_fail_in(struct diag *d, const char *subsys, const char *what,
				uint64_t value)
{
	if (d) {
		if (!d->what) {
			d->subsys = subsys;
			d->what = what;
			d->value = value;
		}
		d->count++;
	}
	return false;
}

#define diag_fail(d, what, value)	diag_fail_in(d, DIAG_SUBSYS, what, value)

static inline bool diag_ok(const struct diag *d)
{
	return d->what == 0;
}

/* printf("... " DIAG_FMT " (0x%lx)\n", DIAG_ARGS(d), d->value) */
#define DIAG_FMT	"%s: %s"
#define DIAG_ARGS(d)	((d)->subsys ? (d)->subsys : "?"), ((d)->what ? (d)->what : "no error")

#endif
