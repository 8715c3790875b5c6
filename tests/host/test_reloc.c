// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/arm64/kernel/reloc.c: RELA apply/verify on synthetic
 * tables, RELR apply compared bit for bit with RELA apply on the same
 * addresses (edge cases of the bitmap encoding and random sets), and
 * rejection of bad tables without touching the image.
 */
#include <relok/reloc.h>

#include "test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define LINK_BASE	0xffff800008000000ull
#define NEW_BASE	0xffffa00012340000ull
#define LOW_BASE	0x0000000040080000ull	/* displacement below link */
#define IMG_WORDS	2048
#define WORD		8u
#define BITMAP_BITS	63u
#define RANDOM_ROUNDS	200
#define RNG_SEED	0x243f6a8885a308d3ull

static uint64_t img_a[IMG_WORDS], img_b[IMG_WORDS], img_orig[IMG_WORDS];

static struct reloc_image image(uint64_t *words)
{
	struct reloc_image img = {
		.mem = (uint8_t *)words,
		.link_base = LINK_BASE,
		.size = IMG_WORDS * WORD,
	};
	return img;
}

/* Link-time content: word i holds a pointer to somewhere in the image. */
static uint64_t link_value(uint64_t i)
{
	return LINK_BASE + ((i * 0x9e37u) % (IMG_WORDS * WORD));
}

static void fill(uint64_t *words)
{
	uint64_t i;

	for (i = 0; i < IMG_WORDS; i++)
		words[i] = link_value(i);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/*
 * Test-side RELR encoder for sorted, distinct, 8-byte aligned addresses,
 * written from the format description: an address entry, then bitmaps
 * for the following 63-word windows as long as they catch something.
 */
static size_t relr_encode(const uint64_t *addr, size_t n, uint64_t *out)
{
	size_t i = 0, k = 0;

	while (i < n) {
		uint64_t base;

		out[k++] = addr[i];
		base = addr[i++] + WORD;
		for (;;) {
			uint64_t bitmap = 0;

			while (i < n && addr[i] - base < BITMAP_BITS * WORD) {
				bitmap |= 1ull << ((addr[i] - base) / WORD);
				i++;
			}
			if (!bitmap)
				break;
			out[k++] = (bitmap << 1) | 1;
			base += BITMAP_BITS * WORD;
		}
	}
	return k;
}

static size_t make_rela(const uint64_t *addr, size_t n, Elf64_Rela *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].r_offset = addr[i];
		out[i].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		out[i].r_addend = (int64_t)link_value((addr[i] - LINK_BASE) / WORD);
	}
	return n;
}

struct collect {
	uint64_t addr[IMG_WORDS];
	size_t n;
	bool bad_type;
};

static void collect_cb(void *ctx, uint64_t r_offset, uint32_t type)
{
	struct collect *c = ctx;

	if (type != R_AARCH64_RELATIVE)
		c->bad_type = true;
	if (c->n < IMG_WORDS)
		c->addr[c->n] = r_offset;
	c->n++;
}

/*
 * Relocate the addresses once through RELR (image A, holding link-time
 * values) and once through RELA (image B, whose slots start out as
 * garbage: the addend alone must produce the value); both must be equal
 * bit for bit, decode to the same address list, and pass verification.
 */
static void check_same(const uint64_t *addr, size_t n, uint64_t new_base)
{
	static uint64_t relr[IMG_WORDS];
	static Elf64_Rela rela[IMG_WORDS];
	static struct collect col;
	struct reloc_image a = image(img_a), b = image(img_b);
	static uint64_t relr_lib[IMG_WORDS];
	size_t nrelr = relr_encode(addr, n, relr), i;
	uint64_t applied = 0, checked = 0;
	struct diag d;

	/* the packer's encoder (reloc.c) gives the same table, entry for entry */
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(addr, n, relr_lib, &d), nrelr);
	CHECK(!memcmp(relr_lib, relr, nrelr * sizeof(*relr)));

	make_rela(addr, n, rela);
	fill(img_a);
	fill(img_b);
	for (i = 0; i < n; i++)
		img_b[(addr[i] - LINK_BASE) / WORD] = 0xdeadbeefdeadbeefull;
	memcpy(img_orig, img_a, sizeof(img_orig));

	col.n = 0;
	col.bad_type = false;
	diag_init(&d);
	CHECK(reloc_for_each_relr(relr, nrelr, collect_cb, &col, &d));
	CHECK_EQ(col.n, n);
	CHECK(!col.bad_type);
	CHECK(col.n == n && !memcmp(col.addr, addr, n * sizeof(*addr)));

	diag_init(&d);
	CHECK(reloc_apply_relr(&a, relr, nrelr, new_base, &applied, &d));
	CHECK_EQ(applied, n);
	diag_init(&d);
	CHECK(reloc_apply_rela(&b, rela, n, new_base, &applied, &d));
	CHECK_EQ(applied, n);
	CHECK(!memcmp(img_a, img_b, sizeof(img_a)));

	diag_init(&d);
	CHECK(reloc_verify_rela(&b, rela, n, new_base, &checked, &d));
	CHECK_EQ(checked, n);
	diag_init(&d);
	CHECK(reloc_verify_relr(&a, relr, nrelr, new_base, img_orig,
				&checked, &d));
	CHECK_EQ(checked, n);
	diag_init(&d);
	CHECK(reloc_verify_relr(&a, relr, nrelr, new_base, NULL, &checked,
				&d));
	CHECK_EQ(checked, n);
	if (d.what)
		printf("  diag: %s [0x%" PRIx64 "]\n", d.what, d.value);
}

/* addresses first, first + step, ... (count of them) */
static size_t run_of(uint64_t *out, size_t at, uint64_t first_word,
		     uint64_t count, uint64_t step_words)
{
	uint64_t i;

	for (i = 0; i < count; i++)
		out[at + i] = LINK_BASE + (first_word + i * step_words) * WORD;
	return at + count;
}

static uint64_t addrs[IMG_WORDS];

static void test_rela_apply_verify(void)
{
	static const uint64_t where[] = { 0, 8, 16, 800, (IMG_WORDS - 1) * WORD };
	Elf64_Rela rela[ARRAY_SIZE(where)];
	struct reloc_image img = image(img_a);
	uint64_t applied = 99, checked = 0, i;
	struct diag d;

	for (i = 0; i < ARRAY_SIZE(where); i++) {
		rela[i].r_offset = LINK_BASE + where[i];
		rela[i].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		rela[i].r_addend = (int64_t)(LINK_BASE + 0x100 * i);
	}
	memset(img_a, 0, sizeof(img_a));
	diag_init(&d);
	CHECK(reloc_apply_rela(&img, rela, ARRAY_SIZE(rela), NEW_BASE,
			       &applied, &d));
	CHECK_EQ(applied, ARRAY_SIZE(rela));
	for (i = 0; i < ARRAY_SIZE(where); i++)
		CHECK_EQ(img_a[where[i] / WORD], NEW_BASE + 0x100 * i);
	CHECK_EQ(img_a[3], 0);	/* untouched neighbour */
	CHECK(reloc_verify_rela(&img, rela, ARRAY_SIZE(rela), NEW_BASE,
				&checked, &d));
	CHECK_EQ(checked, ARRAY_SIZE(rela));

	/* verify catches a slot that was not relocated */
	img_a[100] = LINK_BASE + 0x300;
	diag_init(&d);
	CHECK(!reloc_verify_rela(&img, rela, ARRAY_SIZE(rela), NEW_BASE,
				 &checked, &d));
	CHECK_STR(d.what, "reloc: slot does not hold its relocated value");
	CHECK_EQ(d.value, LINK_BASE + 800);
	CHECK_EQ(checked, 3);

	/* a downward displacement, and the identity */
	diag_init(&d);
	CHECK(reloc_apply_rela(&img, rela, ARRAY_SIZE(rela), LOW_BASE,
			       &applied, &d));
	CHECK_EQ(img_a[1], LOW_BASE + 0x100);
	CHECK(reloc_apply_rela(&img, rela, ARRAY_SIZE(rela), LINK_BASE,
			       &applied, &d));
	CHECK_EQ(img_a[1], LINK_BASE + 0x100);
	/* empty table */
	CHECK(reloc_apply_rela(&img, NULL, 0, NEW_BASE, &applied, &d));
	CHECK_EQ(applied, 0);
	CHECK(diag_ok(&d));
}

static void test_relr_single_address(void)
{
	addrs[0] = LINK_BASE + 40 * WORD;
	check_same(addrs, 1, NEW_BASE);
	addrs[0] = LINK_BASE;
	check_same(addrs, 1, NEW_BASE);
	addrs[0] = LINK_BASE + (IMG_WORDS - 1) * WORD;
	check_same(addrs, 1, LOW_BASE);
}

static void test_relr_63_consecutive(void)
{
	/* 1 address + 62 bits: fits one address and one bitmap */
	check_same(addrs, run_of(addrs, 0, 10, 63, 1), NEW_BASE);
	/* 64 = address + a full 63-bit bitmap */
	check_same(addrs, run_of(addrs, 0, 10, 64, 1), NEW_BASE);
	/* 65 spills into a second bitmap */
	check_same(addrs, run_of(addrs, 0, 10, 65, 1), NEW_BASE);
	/* long runs: many full bitmaps in a row */
	check_same(addrs, run_of(addrs, 0, 0, 1000, 1), NEW_BASE);
}

static void test_relr_bitmap_edges(void)
{
	size_t n;

	/* last bit of the first bitmap: address, then +63 words */
	n = run_of(addrs, 0, 5, 1, 1);
	n = run_of(addrs, n, 5 + 1 + 62, 1, 1);
	check_same(addrs, n, NEW_BASE);
	/* gaps of exactly 63 words: each lands on bit 63 of a fresh
	 * window, or needs a new address entry */
	check_same(addrs, run_of(addrs, 0, 3, 20, 63), NEW_BASE);
	check_same(addrs, run_of(addrs, 0, 3, 20, 64), NEW_BASE);
	check_same(addrs, run_of(addrs, 0, 3, 20, 62), NEW_BASE);
	/* every other word, and sparse */
	check_same(addrs, run_of(addrs, 0, 1, 500, 2), LOW_BASE);
	check_same(addrs, run_of(addrs, 0, 1, 15, 100), NEW_BASE);
}

/* Hand-written tables the encoder never produces: empty bitmaps and
 * bitmap-only runs after one address. */
static void test_relr_handmade(void)
{
	const uint64_t a0 = LINK_BASE + 2 * WORD;
	const uint64_t win = BITMAP_BITS * WORD;
	const uint64_t tbl[] = {
		a0,
		1,			/* empty bitmap: skips a window */
		(1ull << 1) | 1,	/* first word of the second window */
		(1ull << 63) | 1,	/* last word of the third window */
		UINT64_MAX,		/* all 63 words of the fourth */
	};
	struct collect *col = calloc(1, sizeof(*col));
	struct reloc_image img = image(img_a);
	uint64_t applied = 0, i;
	struct diag d;

	diag_init(&d);
	CHECK(reloc_for_each_relr(tbl, ARRAY_SIZE(tbl), collect_cb, col, &d));
	CHECK_EQ(col->n, 1 + 1 + 1 + 63);
	CHECK_EQ(col->addr[0], a0);
	CHECK_EQ(col->addr[1], a0 + WORD + win);
	CHECK_EQ(col->addr[2], a0 + WORD + 2 * win + 62 * WORD);
	for (i = 0; i < 63; i++)
		CHECK_EQ(col->addr[3 + i], a0 + WORD + 3 * win + i * WORD);

	fill(img_a);
	memcpy(img_orig, img_a, sizeof(img_orig));
	CHECK(reloc_apply_relr(&img, tbl, ARRAY_SIZE(tbl), NEW_BASE, &applied,
			       &d));
	CHECK_EQ(applied, col->n);
	for (i = 0; i < col->n; i++) {
		uint64_t w = (col->addr[i] - LINK_BASE) / WORD;

		CHECK_EQ(img_a[w], img_orig[w] + (NEW_BASE - LINK_BASE));
	}
	/* a second address entry restarts the window */
	{
		const uint64_t t2[] = { a0, 3, a0 + 100 * WORD, 3 };

		col->n = 0;
		CHECK(reloc_for_each_relr(t2, 4, collect_cb, col, &d));
		CHECK_EQ(col->n, 4);
		CHECK_EQ(col->addr[1], a0 + WORD);
		CHECK_EQ(col->addr[3], a0 + 101 * WORD);
	}
	CHECK(diag_ok(&d));
	free(col);
}

static void test_relr_random(void)
{
	unsigned int round;

	rng_state = RNG_SEED;
	for (round = 0; round < RANDOM_ROUNDS && !test_case_failed; round++) {
		/* density varies per round: from sparse to nearly full */
		const uint64_t density = 1 + rng() % 64;
		size_t n = 0;
		uint64_t w;

		for (w = 0; w < IMG_WORDS; w++)
			if (rng() % 64 < density)
				addrs[n++] = LINK_BASE + w * WORD;
		check_same(addrs, n, round & 1 ? NEW_BASE : LOW_BASE);
	}
}

/* The encoder refuses input it cannot represent, naming the address. */
static void test_relr_encode_bad(void)
{
	const uint64_t unaligned[] = { LINK_BASE, LINK_BASE + 12 };
	const uint64_t unsorted[] = { LINK_BASE + 16, LINK_BASE + 8 };
	const uint64_t repeated[] = { LINK_BASE + 8, LINK_BASE + 8 };
	uint64_t out[4];
	struct diag d;

	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(unaligned, 2, out, &d), 0);
	CHECK_STR(d.what, "reloc: RELR address not 8-byte aligned");
	CHECK_EQ(d.value, LINK_BASE + 12);
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(unsorted, 2, out, &d), 0);
	CHECK_STR(d.what, "reloc: RELR addresses not sorted and distinct");
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(repeated, 2, out, &d), 0);
	CHECK_EQ(d.value, LINK_BASE + 8);
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(unsorted, 0, out, &d), 0);
	CHECK(diag_ok(&d));
}

static void test_rela_bad(void)
{
	struct reloc_image img = image(img_a);
	Elf64_Rela r[2];
	uint64_t applied = 7;
	struct diag d;

	r[0].r_offset = LINK_BASE;
	r[0].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
	r[0].r_addend = 0x1234;
	r[1] = r[0];

	/* non-RELATIVE: named, and nothing written (checked first) */
	memset(img_a, 0, sizeof(img_a));
	r[1].r_info = ELF64_R_INFO(3, R_AARCH64_ABS64);
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: unexpected R_AARCH64_ABS64 (want R_AARCH64_RELATIVE)");
	CHECK_EQ(d.value, R_AARCH64_ABS64);
	CHECK_EQ(applied, 0);
	CHECK_EQ(img_a[0], 0);
	r[1].r_info = ELF64_R_INFO(0, R_AARCH64_GLOB_DAT);
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK(d.what && strstr(d.what, "R_AARCH64_GLOB_DAT"));
	r[1].r_info = ELF64_R_INFO(0, 4242);
	diag_init(&d);
	CHECK(!reloc_verify_rela(&img, r, 2, NEW_BASE, NULL, &d));
	CHECK_EQ(d.value, 4242);

	/* out of range: past the end, last partial word, below the base */
	r[1].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
	r[1].r_offset = LINK_BASE + IMG_WORDS * WORD;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
	CHECK_EQ(d.value, LINK_BASE + IMG_WORDS * WORD);
	CHECK_EQ(img_a[0], 0);
	r[1].r_offset = LINK_BASE - WORD;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
	r[1].r_offset = 0;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
	r[1].r_offset = UINT64_MAX - 7;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");

	/* misaligned */
	r[1].r_offset = LINK_BASE + 12;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset not 8-byte aligned");
	CHECK_EQ(d.value, LINK_BASE + 12);
	CHECK_EQ(img_a[0], 0);

	/* misaligned image memory or link base */
	r[1].r_offset = LINK_BASE + 8;
	img.mem += 4;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: image memory not 8-byte aligned");
	img = image(img_a);
	img.link_base += 4;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 2, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: image link base not 8-byte aligned");
	/* an image smaller than one word */
	img = image(img_a);
	img.size = 4;
	diag_init(&d);
	CHECK(!reloc_apply_rela(&img, r, 1, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
}

static void test_relr_bad(void)
{
	struct reloc_image img = image(img_a);
	uint64_t applied = 5;
	struct diag d;
	const uint64_t starts_bitmap[] = { 3, LINK_BASE };
	const uint64_t misaligned[] = { LINK_BASE + 4 };
	const uint64_t outside[] = { LINK_BASE, (1ull << 63) | 1, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3 };
	const uint64_t wraps[] = { UINT64_MAX - 7, 3 };
	const uint64_t wraps_later[] = { UINT64_MAX - 511, 1u << 1 | 1,
					 3 };
	const uint64_t outside_first[] = { LINK_BASE, LINK_BASE - WORD };
	static struct collect col;

	memset(img_a, 0, sizeof(img_a));
	diag_init(&d);
	CHECK(!reloc_apply_relr(&img, starts_bitmap, 2, NEW_BASE, &applied,
				&d));
	CHECK_STR(d.what, "reloc: RELR bitmap before any address entry");
	CHECK_EQ(d.value, 0);
	CHECK_EQ(applied, 0);

	diag_init(&d);
	CHECK(!reloc_apply_relr(&img, misaligned, 1, NEW_BASE, &applied, &d));
	CHECK_STR(d.what, "reloc: RELR address entry not 8-byte aligned");

	/* 36 windows of 63 words run past the 2048-word image; nothing
	 * may be written although the first entries are fine */
	diag_init(&d);
	CHECK(!reloc_apply_relr(&img, outside, ARRAY_SIZE(outside), NEW_BASE,
				&applied, &d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
	CHECK_EQ(img_a[0], 0);

	diag_init(&d);
	CHECK(!reloc_apply_relr(&img, outside_first, 2, NEW_BASE, &applied,
				&d));
	CHECK_STR(d.what, "reloc: relocation offset outside the image");
	CHECK_EQ(d.value, LINK_BASE - WORD);
	CHECK_EQ(img_a[0], 0);

	/* a bitmap whose window lies past the top of the address space */
	diag_init(&d);
	CHECK(!reloc_for_each_relr(wraps, 2, collect_cb, &col, &d));
	CHECK_EQ(col.n, 1);	/* the address itself was still visited */
	CHECK_STR(d.what, "reloc: RELR bitmap runs past the end of the address space");
	diag_init(&d);
	CHECK(!reloc_apply_relr(&img, wraps_later, 3, NEW_BASE, &applied,
				&d));
	CHECK(d.what != NULL);

	/* verify_relr range mode rejects a value outside the new image */
	{
		const uint64_t one[] = { LINK_BASE + 16 };

		img_a[2] = NEW_BASE + IMG_WORDS * WORD + WORD;
		diag_init(&d);
		CHECK(!reloc_verify_relr(&img, one, 1, NEW_BASE, NULL, NULL,
					 &d));
		CHECK_STR(d.what, "reloc: relocated pointer outside the relocated image");
		img_a[2] = NEW_BASE + IMG_WORDS * WORD;	/* _end: allowed */
		diag_init(&d);
		CHECK(reloc_verify_relr(&img, one, 1, NEW_BASE, NULL, NULL,
					&d));
		memset(img_orig, 0, sizeof(img_orig));
		diag_init(&d);
		CHECK(!reloc_verify_relr(&img, one, 1, NEW_BASE, img_orig,
					 NULL, &d));
		CHECK_STR(d.what, "reloc: slot does not hold its relocated value");
		CHECK_EQ(d.value, LINK_BASE + 16);
	}
}

int main(void)
{
	RUN(test_rela_apply_verify);
	RUN(test_relr_single_address);
	RUN(test_relr_63_consecutive);
	RUN(test_relr_bitmap_edges);
	RUN(test_relr_handmade);
	RUN(test_relr_random);
	RUN(test_relr_encode_bad);
	RUN(test_rela_bad);
	RUN(test_relr_bad);
	return test_summary();
}
