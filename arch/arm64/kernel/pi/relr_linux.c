// SPDX-License-Identifier: MIT
/*
 * make bench only (BENCH_RELR_LOOP=linux): the RELR loop as Linux's
 * arch/arm64/kernel/pi/relocate.c describes it, so that the two can be
 * counted on the same table under the same counter.  An address entry
 * relocates its word; a bitmap is then shifted right one bit at a time,
 * each set bit relocating the word it stands for, 63 words per bitmap.
 */
#include <stdint.h>
#include <relok/elf.h>

void bench_relr_apply_linux(const Elf64_Relr *e, const Elf64_Relr *end,
			    uint64_t delta, uint64_t wdelta);

void bench_relr_apply_linux(const Elf64_Relr *e, const Elf64_Relr *end,
			    uint64_t delta, uint64_t wdelta)
{
	uint64_t *place = 0;

	for (; e < end; e++) {
		uint64_t v = *e;

		if (!(v & 1)) {
			place = (uint64_t *)(uintptr_t)(v + wdelta);
			*place++ += delta;
		} else {
			uint64_t *p;

			for (p = place; v >>= 1; p++)
				if (v & 1)
					*p += delta;
			place += 63;
		}
	}
}
