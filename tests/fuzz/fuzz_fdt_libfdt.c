// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: lib/fdt.c against the system libfdt on every input.
 * Either both readers accept the blob and see the same tree (nodes in the
 * same order, the same properties with the same bytes, paths, cells,
 * reservations, banks, /chosen: tests/host/fdt_libfdt.h), or both refuse
 * it, or lib/fdt.c refuses it for one of the rules below, where it is
 * stricter than libfdt's fdt_check_full() on purpose.  Anything else
 * aborts, so libFuzzer keeps the input.
 */
#include "../host/fdt_libfdt.h"
#include "fuzz.h"

/*
 * Refusals libfdt does not share, each for a reason of the kernel's: the
 * input is a boot-time blob that must be small, current and well-formed.
 */
static const char *const stricter[] = {
	"dtb: totalsize above the 2 MiB limit",		/* booting.rst: at most 2 MiB */
	"dtb: unsupported version",			/* only v16/v17 (libfdt: from v2) */
	"dtb: totalsize smaller than the header",	/* libfdt: v1-v3 headers are shorter */
	"dtb: property after a subnode",		/* DT spec 5.4.1; libfdt tolerates it */
	"dtb: no root node",				/* DT spec 5.4: an empty tree is no tree */
	"dtb: memory reservation map not terminated",	/* libfdt never walks it in check_full */
	"dtb: memory reservation map not 8-byte aligned", /* DT spec 5.3; read with the MMU off */
	"dtb: structure block not 4-byte aligned",	/* DT spec 5.4.2; read with the MMU off */
	/* libfdt accepts that only when the length wraps its int offset sums:
	 * a length of 2^31 or more taken for a negative one. */
	"dtb: property value past the structure block",
};

/* libfdt bounds property names by size_dt_strings only from version 17 on;
 * lib/fdt.c takes the v16 header's size_dt_strings at its word. */
static const char *const stricter_v16[] = {
	"dtb: property name offset outside the strings block",
	"dtb: property name not terminated inside the strings block",
};

static bool listed(const char *why, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(why, list[i]))
			return true;
	return false;
}

static bool allowed(const char *why, const uint8_t *data, size_t size)
{
	return listed(why, stricter, ARRAY_SIZE(stricter)) ||
	       (size >= 24 && get_be32(data + 20) == 16 &&
		listed(why, stricter_v16, ARRAY_SIZE(stricter_v16)));
}

/*
 * libfdt's verdict on a blob lib/fdt.c accepted, with FDT_END moved up over
 * the NOP tokens between the root's end and it: libfdt (check_full's
 * expect_end) refuses anything there, NOPs included, where the spec
 * (5.4.1) lets a NOP stand anywhere.  Those tokens are the single words
 * right before FDT_END (lib/fdt.c's size_struct ends just past it).
 */
static int lf_verdict_without_trailing_nops(const struct fdt *f, const uint8_t *data, size_t size)
{
	uint32_t end = f->off_struct + f->size_struct - 4, at = end;
	uint8_t *copy;
	int r;

	while (at >= f->off_struct + 4 && get_be32(data + at - 4) == 4)	/* FDT_NOP */
		at -= 4;
	if (at == end)
		return -1;	/* none: libfdt's refusal stands */
	copy = malloc(size);
	memcpy(copy, data, size);
	copy[at] = copy[at + 1] = copy[at + 2] = 0;
	copy[at + 3] = 9;					/* FDT_END */
	r = lf_check_full(copy, size);
	free(copy);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool loaded;
	struct fdt f;
	struct diag d;
	int theirs;
	bool mine;

	if (!loaded) {
		lf_load();
		fuzzing = true;
		loaded = true;
	}
	if (size > INT32_MAX)
		return 0;
	theirs = lf_check_full(data, size);
	diag_init(&d);
	mine = fdt_init(&f, data, size, &d);
	test_case_failed = 0;
	if (mine && theirs && !lf_verdict_without_trailing_nops(&f, data, size))
		theirs = 0;
	if (mine && theirs)
		fuzz_fail("lib/fdt.c accepts a blob libfdt refuses (libfdt error %d)", theirs);
	if (!mine && !theirs && !allowed(diag_str(&d), data, size))
		fuzz_fail("lib/fdt.c refuses a blob libfdt accepts: %s", diag_str(&d));
	if (mine) {
		libfdt_compare(&f, data);
		if (test_case_failed)
			fuzz_fail("lib/fdt.c and libfdt read the blob differently (the checks above)");
	}
	return 0;
}
