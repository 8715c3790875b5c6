// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/sha256.c, the digest the kernel computes and the
 * purgatory checks: the FIPS 180-4 example messages (NIST's "SHA-256
 * examples" and the one-million-'a' message) and every split of a message
 * across sha256_update() calls, around the 55/56/64-byte padding edges.
 */
#include <relok/sha256.h>

#include "test.h"

static void hex(const uint8_t *d, char out[2 * SHA256_DIGEST_SIZE + 1])
{
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_digest(const void *msg, uint64_t len, const char *want)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[2 * SHA256_DIGEST_SIZE + 1];

	sha256(msg, len, d);
	hex(d, got);
	CHECK_STR(got, want);
}

static void test_fips_examples(void)
{
	check_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		     112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void)
{
	const uint64_t n = 1000000;
	uint8_t *m = malloc(n);

	memset(m, 'a', n);
	check_digest(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* Every length up to three blocks, every split point: same digest as one call. */
static void test_splits(void)
{
	uint8_t msg[3 * SHA256_BLOCK_SIZE + 1], one[SHA256_DIGEST_SIZE], two[SHA256_DIGEST_SIZE];
	uint32_t len, cut, i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 131 + 7);
	for (len = 0; len < sizeof(msg); len++) {
		sha256(msg, len, one);
		for (cut = 0; cut <= len; cut++) {
			struct sha256_ctx c;

			sha256_init(&c);
			sha256_update(&c, msg, cut);
			sha256_update(&c, msg + cut, len - cut);
			sha256_final(&c, two);
			CHECK(!memcmp(one, two, sizeof(one)));
		}
	}
	/* and lengths do matter: a one-byte change of length changes the digest */
	sha256(msg, 55, one);
	sha256(msg, 56, two);
	CHECK(memcmp(one, two, sizeof(one)));
}

/* One flipped bit anywhere: a different digest (what the purgatory relies on). */
static void test_bit_flip(void)
{
	uint8_t msg[1000], ref[SHA256_DIGEST_SIZE], d[SHA256_DIGEST_SIZE];
	uint32_t i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	sha256(msg, sizeof(msg), ref);
	for (i = 0; i < sizeof(msg) * 8; i += 37) {
		msg[i / 8] ^= (uint8_t)(1u << (i % 8));
		sha256(msg, sizeof(msg), d);
		CHECK(memcmp(ref, d, sizeof(d)));
		msg[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
}

int main(void)
{
	RUN(test_fips_examples);
	RUN(test_million_a);
	RUN(test_splits);
	RUN(test_bit_flip);
	return test_summary();
}
