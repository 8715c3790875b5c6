// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the newc cpio reader (lib/cpio.c) on an arbitrary
 * initrd, walked as the module loader walks it (kernel/module.c).  Every
 * member it returns lies inside the archive, with a NUL-terminated name,
 * and the walk only moves forward; a malformed archive is refused with a
 * "cpio: " reason.
 */
#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include <relok/cpio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size;
	struct cpio_entry e;
	uint64_t pos = 0, last;
	struct diag d;
	int r;

	diag_init(&d);
	for (;;) {
		last = pos;
		r = cpio_next(data, size, &pos, &e, &d);
		if (r <= 0)
			break;
		fuzz_check(pos > last && pos <= size, "the walk did not move forward inside the archive");
		fuzz_check((const uint8_t *)e.name >= data && (const uint8_t *)e.name + e.namesize <= end,
		      "a name outside the archive");
		fuzz_check(e.namesize && e.name[e.namesize - 1] == '\0', "a name without its NUL");
		fuzz_check(e.data >= data && e.size <= (uint64_t)(end - e.data), "data outside the archive");
	}
	if (r < 0)
		fuzz_check(d.what && !strcmp(d.subsys, "cpio"), "refused without a cpio: reason");
	else
		fuzz_check(diag_ok(&d), "an end with an error recorded");
	return 0;
}
