/* SPDX-License-Identifier: MIT */
/*
 * FEAT_RNG: RNDR reads a 64-bit random number; NZCV.Z set means "none
 * right now", so a few retries.  Used by early boot (the KASLR seed when
 * the DT has none) and by kernel/random.c.
 */
#ifndef ASM_RNDR_H
#define ASM_RNDR_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/sysreg.h>

#define RNDR_RETRIES		16

static inline bool rndr_read(uint64_t *out)
{
	uint64_t v, ok;
	int i;

	if (!((read_sysreg(id_aa64isar0_el1) >> ID_AA64ISAR0_RNDR_SHIFT) & ID_AA64ISAR0_RNDR_MASK))
		return false;
	for (i = 0; i < RNDR_RETRIES; i++) {
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne"
				 : "=r"(v), "=r"(ok) : : "cc");
		if (ok && v) {
			*out = v;
			return true;
		}
	}
	return false;
}

#endif
