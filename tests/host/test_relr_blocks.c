// SPDX-License-Identifier: MIT
/*
 * Host tests for the RELR boot pass's algorithm (relocate_relr.S and the
 * block table scripts/gen_relr_blocks.c prints): the C model in
 * scripts/relr_blocks.h executes the same block plans instruction by
 * instruction, and must leave an image bit for bit as reloc.c's reference
 * reloc_apply_relr() does, with the same count: every chunk value at every
 * bitmap position, random bitmaps at several densities, and the edge cases
 * (63 consecutive pointers, gaps of exactly 63 words, the last bit of a
 * bitmap, runs of bitmaps with no address entry between them).  Also the
 * plans' own invariants and the model's instruction accounting.
 */
#include <relok/reloc.h>

#include "relr_blocks.h"
#include "test.h"

#define LINK_BASE	0xffff800008000000ull
#define NEW_BASE	0xffffa00012340000ull
#define LOW_BASE	0x0000000040080000ull
#define IMG_WORDS	4096
#define WORD		8u
#define BITMAP_WORDS	63u
#define RANDOM_ROUNDS	300
#define RNG_SEED	0x243f6a8885a308d3ull
#define GARBLE		0x5a5a5a5a00000000ull
/* A bitmap covering one chunk position: address entry, bitmap, room after. */
#define CHUNK_IMG_WORDS	(1 + BITMAP_WORDS + 1)

static struct relr_model model;
/*
 * One word more than any image: a window may rewrite (unchanged) the word
 * after the last pointer, which the kernel's layout guarantees is image.
 */
#define GUARD_WORDS	1
static uint64_t img_ref[IMG_WORDS + GUARD_WORDS], img_model[IMG_WORDS + GUARD_WORDS];
static uint64_t addrs[IMG_WORDS];
static Elf64_Relr table[IMG_WORDS];
static uint64_t rng_state = RNG_SEED;

/* splitmix64: deterministic rounds */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Link-time content: every word a distinct value (slots and neighbours). */
static void fill(uint64_t *words, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		words[i] = LINK_BASE + i * 0x40 + GARBLE;
}

/*
 * Encode the n addresses (reloc.c's encoder), relocate a copy with the
 * reference apply and another with the model, and compare the images and
 * counts.  Returns the model's instruction count.
 */
static uint64_t check_model(uint64_t n, uint64_t img_words, uint64_t new_base)
{
	struct reloc_image img = {
		.mem = (uint8_t *)img_ref, .link_base = LINK_BASE, .size = img_words * WORD,
	};
	const uint64_t delta = new_base - LINK_BASE;
	/* where a link-time address is now: in img_model */
	const uint64_t wdelta = (uint64_t)(uintptr_t)img_model - LINK_BASE;
	uint64_t nrelr, applied = 0, got, insns = 0;
	struct diag d;

	diag_init(&d);
	nrelr = reloc_relr_encode(addrs, n, table, &d);
	CHECK(n == 0 || nrelr > 0);
	fill(img_ref, img_words + GUARD_WORDS);
	fill(img_model, img_words + GUARD_WORDS);
	CHECK(reloc_apply_relr(&img, table, nrelr, new_base, &applied, &d));
	got = relr_model_run(&model, table, nrelr, delta, wdelta, &insns);
	CHECK_EQ(applied, n);
	CHECK_EQ(got, n);
	CHECK(!memcmp(img_ref, img_model, (img_words + GUARD_WORDS) * WORD));
	if (d.what)
		printf("  diag: %s [0x%" PRIx64 "]\n", d.what, d.value);
	return insns;
}

static uint64_t word_addr(uint64_t w)
{
	return LINK_BASE + w * WORD;
}

/* Every plan: its loads and stores cover exactly the chunk's set words, each
 * stored once after one add of delta, and base ends 9 words on. */
static void test_plans(void)
{
	uint32_t c;

	for (c = 0; c < RELR_NR_BLOCKS; c++) {
		const struct relr_plan *p = &model.block[c];
		uint64_t x[RELR_NR_REGS] = { 0 }, mem[RELR_CHUNK_BITS + 1], want[RELR_CHUNK_BITS + 1];
		uint32_t j, stores = 0, k;

		for (j = 0; j <= RELR_CHUNK_BITS; j++)
			mem[j] = want[j] = 0x1000 * (j + 1);
		for (j = 0; j < RELR_CHUNK_BITS; j++)
			if (c >> j & 1u)
				want[j] += 7;
		x[RELR_REG_DELTA] = 7;
		x[RELR_REG_BASE] = (uint64_t)(uintptr_t)mem;
		relr_model_block(p, x);
		CHECK(!memcmp(mem, want, sizeof(mem)));
		CHECK_EQ(x[RELR_REG_BASE], (uint64_t)(uintptr_t)mem + RELR_CHUNK_BYTES);
		CHECK_EQ(x[RELR_REG_COUNT], 0);	/* the dispatcher counts, per bitmap */
		CHECK_EQ(p->insn[p->len - 1].op, RELR_OP_RET);
		CHECK(p->len <= RELR_MAX_PLAN);
		for (k = 0; k < p->len; k++)
			if (p->insn[k].op == RELR_OP_STORE)
				stores++;
		/* pairs wherever two set words are adjacent in the chunk */
		CHECK(stores <= (uint32_t)__builtin_popcount(c));
		if (test_case_failed) {
			printf("  chunk 0x%03x\n", c);
			return;
		}
	}
	/* a dense chunk: a single, then one 8-word window (3, ld1, 4 adds,
	 * st1, ret) */
	CHECK_EQ(model.block[RELR_CHUNK_MASK].len, 3 + 1 + 4 + 1 + 1);
	/* three spread pointers: one window, an add for each busy register,
	 * then base to the next chunk */
	CHECK_EQ(model.block[0x049].len, 1 + 3 + 1 + 1 + 1);
	/* every block fits its slot */
	for (c = 0; c < RELR_NR_BLOCKS; c++)
		CHECK(!relr_plan_is_long(&model.block[c]));
}

/* Every chunk value at every one of the 7 positions of a bitmap. */
static void test_every_chunk_every_position(void)
{
	uint32_t c, k, j;

	for (k = 0; k < RELR_CHUNKS; k++) {
		for (c = 0; c < RELR_NR_BLOCKS; c++) {
			uint64_t n = 0;

			addrs[n++] = word_addr(0);
			for (j = 0; j < RELR_CHUNK_BITS; j++)
				if (c >> j & 1u)
					addrs[n++] = word_addr(1 + k * RELR_CHUNK_BITS + j);
			check_model(n, CHUNK_IMG_WORDS, NEW_BASE);
			if (test_case_failed) {
				printf("  chunk 0x%03x at position %u\n", c, k);
				return;
			}
		}
	}
}

static void test_edges(void)
{
	uint64_t i, n;

	/* nothing, one address */
	check_model(0, 8, NEW_BASE);
	addrs[0] = word_addr(5);
	check_model(1, 8, NEW_BASE);
	/* an address and 63 consecutive pointers: one full bitmap */
	for (i = 0; i < 1 + BITMAP_WORDS; i++)
		addrs[i] = word_addr(i);
	check_model(1 + BITMAP_WORDS, 2 * BITMAP_WORDS, NEW_BASE);
	/* ... and one more: the next bitmap's first bit */
	addrs[1 + BITMAP_WORDS] = word_addr(1 + BITMAP_WORDS);
	check_model(2 + BITMAP_WORDS, 2 * BITMAP_WORDS, NEW_BASE);
	/* the last bit of a bitmap alone */
	addrs[0] = word_addr(0);
	addrs[1] = word_addr(BITMAP_WORDS);
	check_model(2, 2 * BITMAP_WORDS, NEW_BASE);
	/* gaps of exactly 63 words, and of 64 (new address entries) */
	for (i = 0; i < 40; i++)
		addrs[i] = word_addr(i * BITMAP_WORDS);
	check_model(40, 41 * BITMAP_WORDS, NEW_BASE);
	for (i = 0; i < 40; i++)
		addrs[i] = word_addr(i * (BITMAP_WORDS + 1));
	check_model(40, 41 * (BITMAP_WORDS + 1), NEW_BASE);
	/* bitmap-only runs: every word of 3000, one address entry only */
	for (i = 0; i < 3000; i++)
		addrs[i] = word_addr(i);
	check_model(3000, 3001, NEW_BASE);
	/* ... every other word, and a downward displacement */
	for (n = 0, i = 0; i < 3000; i += 2)
		addrs[n++] = word_addr(i);
	check_model(n, 3001, LOW_BASE);
	/* the very last word of the image */
	addrs[0] = word_addr(0);
	addrs[1] = word_addr(IMG_WORDS - 1);
	check_model(2, IMG_WORDS, NEW_BASE);
}

/* Random sets at densities 1/20 .. 19/20 (per mille of words). */
static void test_random(void)
{
	static const uint32_t permille[] = { 50, 200, 333, 500, 800, 950 };
	uint32_t r;

	for (r = 0; r < RANDOM_ROUNDS; r++) {
		const uint32_t p = permille[r % (sizeof(permille) / sizeof(permille[0]))];
		const uint64_t words = 1 + rng() % IMG_WORDS;
		uint64_t i, n = 0;

		for (i = 0; i < words; i++)
			if (rng() % 1000 < p)
				addrs[n++] = word_addr(i);
		check_model(n, IMG_WORDS, r & 1 ? NEW_BASE : LOW_BASE);
		if (test_case_failed) {
			printf("  round %u\n", r);
			return;
		}
	}
}

/*
 * The instruction accounting, by hand from relocate_relr.S: call 12 + 5;
 * an address entry 9 (+1 b .Ldone when last); a bitmap 8 + 7 * 3, with
 * block 1 (ldr, add, str, ret: 4) and six empty blocks (add, ret).
 */
static void test_insn_count(void)
{
	addrs[0] = word_addr(0);
	CHECK_EQ(check_model(1, 4, NEW_BASE), 12 + 5 + 9 + 1);
	addrs[1] = word_addr(1);
	CHECK_EQ(check_model(2, 4, NEW_BASE), 12 + 5 + 9 + (8 + 7 * 3 + 4 + 6 * 2));
	CHECK_EQ(check_model(0, 4, NEW_BASE), 12 + 5);
}

int main(void)
{
	relr_model_init(&model);
	RUN(test_plans);
	RUN(test_every_chunk_every_position);
	RUN(test_edges);
	RUN(test_random);
	RUN(test_insn_count);
	return test_summary();
}
