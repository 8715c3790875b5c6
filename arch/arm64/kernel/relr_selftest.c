// SPDX-License-Identifier: MIT
/*
 * relr-blocks self-test (make RELR_SELFTEST=1): the table that
 * scripts/gen_relr_blocks --check-table links in holds every 9-bit chunk
 * value of a RELR bitmap once, so the boot pass ran every one of its 512
 * generated blocks on it.  Every pointer must now hold its target's
 * address, and every plain word between them its own tag: the blocks'
 * LD1/ST1 windows rewrite plain words, and a wrong lane mask, offset or
 * base step shows here.  (include/relok/relr_check.h has the layout.)
 */
#include <relok/printf.h>
#include <relok/relr_check.h>
#include <relok/selftest.h>

extern const uint64_t relr_check_table[RELR_CHECK_WORDS];
extern const uint64_t relr_check_target[RELR_CHECK_TARGETS];

static char why[80];

static const char *test_relr_blocks(void)
{
	/* volatile: read what the boot pass left in memory, word by word */
	const volatile uint64_t *const t = relr_check_table;
	uint32_t w;

	for (w = 0; w < RELR_CHECK_WORDS; w++) {
		const bool ptr = relr_check_is_pointer(w);
		const uint64_t want = ptr ? (uint64_t)(uintptr_t)&relr_check_target[w % RELR_CHECK_TARGETS]
					  : RELR_CHECK_PLAIN(w);

		if (t[w] != want) {
			snprintf(why, sizeof(why), "%s word %u holds 0x%lx, want 0x%lx",
				 ptr ? "pointer" : "plain", w, (unsigned long)t[w],
				 (unsigned long)want);
			return why;
		}
	}
	return 0;
}

int run_relr_selftest(void)
{
	return selftest_run("relr-blocks", test_relr_blocks);
}
