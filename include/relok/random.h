/* SPDX-License-Identifier: MIT */
/*
 * Random numbers after the MMU is on (kernel/random.c), for kexec: the
 * next kernel's physical slot and the fresh /chosen/kaslr-seed and rng-seed
 * it is given.  Never the boot's own KASLR seed: that was wiped from the DT
 * and must not come back as the next kernel's.
 */
#ifndef RELOK_RANDOM_H
#define RELOK_RANDOM_H

#include <stdint.h>

struct boot_info;

/* Sources random_init() found (README "Boot report": kexec lines). */
#define RANDOM_SRC_KASLR	(1u << 0)	/* the DT seed's own stream, taken before the wipe */
#define RANDOM_SRC_RNG_SEED	(1u << 1)	/* /chosen/rng-seed */
#define RANDOM_SRC_RNDR		(1u << 2)	/* FEAT_RNG */

/* Seed the generator; clears bi->kexec_seed.  Call once, early in C init. */
void random_init(struct boot_info *bi);
/* The RANDOM_SRC_* bits behind the seed; 0 means only the counter (weak). */
uint32_t random_sources(void);
void random_bytes(void *out, uint32_t len);
uint64_t random_u64(void);

#endif
