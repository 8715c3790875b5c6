// SPDX-License-Identifier: MIT
/*
 * SHA-256, from FIPS 180-4: functions in 4.1.2, constants in 4.2.2,
 * padding in 5.1.1, the initial hash value in 5.3.3, the computation in
 * 6.2.2.  See include/relok/sha256.h for who uses it and why the message is
 * read one byte at a time.
 */
#include <relok/sha256.h>

#define LENGTH_FIELD	8	/* bytes of the bit length that ends the padding */
#define SCHEDULE_WORDS	64

/* The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[SCHEDULE_WORDS] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The functions of 4.1.2 (Ch and Maj in equivalent forms with fewer operations). */
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))
#define BSIG0(x)	(ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define BSIG1(x)	(ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define SSIG0(x)	(ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define SSIG1(x)	(ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))

/*
 * Round t of 6.2.2 step 3 with the working variables renamed instead of
 * moved: each round turns d and h into the new e and a, and the next round
 * is called with the names rotated by one, so no register is copied.  The
 * schedule lives in 16 words, W[t] replacing W[t-16] in place (step 1), so
 * with 16 rounds unrolled every index is a constant.
 */
#define ROUND(a, b, c, d, e, f, g, h, k, wk)					\
	do {									\
		const uint32_t t1 = (h) + BSIG1(e) + CH(e, f, g) + (k) + (wk);	\
		(d) += t1;							\
		(h) = t1 + BSIG0(a) + MAJ(a, b, c);				\
	} while (0)
#define SCHEDULE(w, i)								\
	((w)[(i) & 15] += SSIG1((w)[((i) - 2) & 15]) + (w)[((i) - 7) & 15] +	\
			  SSIG0((w)[((i) - 15) & 15]))
/* Sixteen rounds from t; W(i) is the schedule word of round t + i. */
#define ROUNDS16(t, W)								\
	do {									\
		ROUND(a, b, c, d, e, f, g, h, K[(t) + 0], W(0));		\
		ROUND(h, a, b, c, d, e, f, g, K[(t) + 1], W(1));		\
		ROUND(g, h, a, b, c, d, e, f, K[(t) + 2], W(2));		\
		ROUND(f, g, h, a, b, c, d, e, K[(t) + 3], W(3));		\
		ROUND(e, f, g, h, a, b, c, d, K[(t) + 4], W(4));		\
		ROUND(d, e, f, g, h, a, b, c, K[(t) + 5], W(5));		\
		ROUND(c, d, e, f, g, h, a, b, K[(t) + 6], W(6));		\
		ROUND(b, c, d, e, f, g, h, a, K[(t) + 7], W(7));		\
		ROUND(a, b, c, d, e, f, g, h, K[(t) + 8], W(8));		\
		ROUND(h, a, b, c, d, e, f, g, K[(t) + 9], W(9));		\
		ROUND(g, h, a, b, c, d, e, f, K[(t) + 10], W(10));		\
		ROUND(f, g, h, a, b, c, d, e, K[(t) + 11], W(11));		\
		ROUND(e, f, g, h, a, b, c, d, K[(t) + 12], W(12));		\
		ROUND(d, e, f, g, h, a, b, c, K[(t) + 13], W(13));		\
		ROUND(c, d, e, f, g, h, a, b, K[(t) + 14], W(14));		\
		ROUND(b, c, d, e, f, g, h, a, K[(t) + 15], W(15));		\
	} while (0)
#define W_FIRST(i)	(w[i])
#define W_NEXT(i)	SCHEDULE(w, i)

/* One 64-byte block into the chaining value (6.2.2, steps 1-4). */
static void compress(uint32_t state[8], const uint8_t *block)
{
	uint32_t w[16];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	unsigned int t;

	for (t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	ROUNDS16(0, W_FIRST);
	for (t = 16; t < SCHEDULE_WORDS; t += 16)
		ROUNDS16(t, W_NEXT);
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

void sha256_init(struct sha256_ctx *c)
{
	c->h[0] = 0x6a09e667;
	c->h[1] = 0xbb67ae85;
	c->h[2] = 0x3c6ef372;
	c->h[3] = 0xa54ff53a;
	c->h[4] = 0x510e527f;
	c->h[5] = 0x9b05688c;
	c->h[6] = 0x1f83d9ab;
	c->h[7] = 0x5be0cd19;
	c->bytes = 0;
	c->used = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, uint64_t len)
{
	const uint8_t *p = data;

	c->bytes += len;
	/* Top up a partial block first; whole blocks are read in place. */
	while (len && c->used) {
		c->buf[c->used++] = *p++;
		len--;
		if (c->used == SHA256_BLOCK_SIZE) {
			compress(c->h, c->buf);
			c->used = 0;
		}
	}
	for (; len >= SHA256_BLOCK_SIZE; len -= SHA256_BLOCK_SIZE, p += SHA256_BLOCK_SIZE)
		compress(c->h, p);
	while (len--)
		c->buf[c->used++] = *p++;
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	const uint64_t bits = c->bytes * 8;
	unsigned int i;

	/* 5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, the length in bits. */
	c->buf[c->used++] = 0x80;
	if (c->used > SHA256_BLOCK_SIZE - LENGTH_FIELD) {
		while (c->used < SHA256_BLOCK_SIZE)
			c->buf[c->used++] = 0;
		compress(c->h, c->buf);
		c->used = 0;
	}
	while (c->used < SHA256_BLOCK_SIZE - LENGTH_FIELD)
		c->buf[c->used++] = 0;
	store_be32(c->buf + SHA256_BLOCK_SIZE - 8, (uint32_t)(bits >> 32));
	store_be32(c->buf + SHA256_BLOCK_SIZE - 4, (uint32_t)bits);
	compress(c->h, c->buf);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
}

void sha256(const void *data, uint64_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
