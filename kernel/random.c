// SPDX-License-Identifier: MIT
/*
 * A small generator for kexec (include/relok/random.h).
 *
 * Seed: SHA-256 over everything random the boot has -- the KASLR seed's
 * own stream (kaslr_kexec_seed(), taken by early boot before it wiped the
 * seed from the DT), /chosen/rng-seed and RNDR when the CPU has FEAT_RNG --
 * or, when there is none of these, the physical counter, which is weak and
 * said so.  Output: SHA-256(key || counter), a block at a time.  SHA-256
 * is one-way, so neither the outputs nor the key give back the DT seed.
 */
#include <asm/boot_info.h>
#include <asm/rndr.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/printk.h>
#include <relok/random.h>
#include <relok/sha256.h>
#include <relok/string.h>

#define RNDR_WORDS	4	/* 256 bits from RNDR, when it is there */

static struct {
	uint8_t key[SHA256_DIGEST_SIZE];
	uint64_t counter;
	uint32_t sources;
} rng;

void random_init(struct boot_info *bi)
{
	static const char label[] = "relok kexec random";
	const struct fdt *fdt = devicetree();
	struct sha256_ctx c;
	uint64_t v;
	int i;

	sha256_init(&c);
	sha256_update(&c, label, sizeof(label));
	if (bi->kexec_seed) {
		sha256_update(&c, &bi->kexec_seed, sizeof(bi->kexec_seed));
		rng.sources |= RANDOM_SRC_KASLR;
		bi->kexec_seed = 0;
	}
	if (fdt) {
		const int32_t chosen = fdt_path_offset(fdt, "/chosen", 7);
		uint32_t len = 0;
		const void *seed = chosen >= 0 ? fdt_getprop(fdt, chosen, "rng-seed", &len) : 0;

		if (seed && len) {
			sha256_update(&c, seed, len);
			rng.sources |= RANDOM_SRC_RNG_SEED;
		}
	}
	for (i = 0; i < RNDR_WORDS && rndr_read(&v); i++) {
		sha256_update(&c, &v, sizeof(v));
		rng.sources |= RANDOM_SRC_RNDR;
	}
	if (!rng.sources) {
		__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
		sha256_update(&c, &v, sizeof(v));
	}
	sha256_final(&c, rng.key);
}

uint32_t random_sources(void)
{
	return rng.sources;
}

void random_bytes(void *out, uint32_t len)
{
	uint8_t *p = out;

	while (len) {
		uint8_t block[SHA256_DIGEST_SIZE];
		struct sha256_ctx c;
		const uint32_t n = len < sizeof(block) ? len : sizeof(block);

		sha256_init(&c);
		sha256_update(&c, rng.key, sizeof(rng.key));
		sha256_update(&c, &rng.counter, sizeof(rng.counter));
		sha256_final(&c, block);
		rng.counter++;
		memcpy(p, block, n);
		p += n;
		len -= n;
	}
}

uint64_t random_u64(void)
{
	uint64_t v;

	random_bytes(&v, sizeof(v));
	return v;
}
