/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4).  One implementation for the kernel (digests of the
 * segments it stages for kexec), the purgatory (the same digests checked
 * with the MMU and D-cache off) and the host tests.
 *
 * Freestanding: no library call, no pointer in static data, and every
 * access to the message or the digest is a byte access, so it runs on
 * Device memory (MMU off), where an unaligned word access faults.
 */
#ifndef RELOK_SHA256_H
#define RELOK_SHA256_H

#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_BLOCK_SIZE	64

struct sha256_ctx {
	uint32_t h[8];			/* chaining value */
	uint64_t bytes;			/* message bytes so far */
	uint8_t buf[SHA256_BLOCK_SIZE];	/* a partial block */
	uint32_t used;			/* bytes in buf */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, uint64_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
/* The digest of data[0..len) in one call. */
void sha256(const void *data, uint64_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
