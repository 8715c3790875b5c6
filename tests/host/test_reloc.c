// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/arm64/kernel/reloc.c, built with RELOC_TRACE so that
 * every access the boot pass makes to a relocated word, and every cache
 * line it drops, goes through the hooks below:
 *  - the RELR pass against the RELA pass on the same addresses (edge cases
 *    of the bitmap encoding, random sets), bit for bit;
 *  - each relocated word read once and written once, no other word read or
 *    written (at every alignment of the image to a cache line), and the
 *    lines the line table drops exactly the lines holding one;
 *  - the line table's encoder, against a decoder written here from the
 *    format, on long runs and long gaps;
 *  - the checked walker, verifier and encoder, on good and bad tables (a
 *    word named twice, a bitmap before an address, wrap-around, ...).
 */
#include <relok/reloc.h>

#include "test.h"

#ifndef ARRAY_SIZE
#endif

#define LINK_BASE	0xffff800008000000ull
#define NEW_BASE	0xffffa00012340000ull
#define LOW_BASE	0x0000000040080000ull	/* displacement below link */
#define IMG_WORDS	2048
#define WORD		8u
#define LINE		RELOC_LINE_MIN
#define LINE_WORDS	(LINE / WORD)
#define BITMAP_BITS	63u
#define RANDOM_ROUNDS	200
#define RNG_SEED	0x243f6a8885a308d3ull

/* Room to place the image at any word offset within a line. */
static uint64_t arena_a[IMG_WORDS + 2 * LINE_WORDS] __attribute__((aligned(64)));
static uint64_t arena_b[IMG_WORDS + 2 * LINE_WORDS] __attribute__((aligned(64)));
static uint64_t img_orig[IMG_WORDS];
static uint64_t *img_a = arena_a, *img_b = arena_b;

/* ---- the trace: what the pass did to the image under test ---- */
static uint64_t *traced;		/* image being traced, or NULL */
static uint32_t loads[IMG_WORDS], stores[IMG_WORDS];
static uint32_t lines_hit[IMG_WORDS / LINE_WORDS + 2];
static bool stray;			/* an access outside the traced image */

static long word_index(const uint64_t *p)
{
	if (!traced || p < traced || p >= traced + IMG_WORDS)
		return -1;
	return p - traced;
}

uint64_t reloc_trace_load(uint64_t *p);
void reloc_trace_store(uint64_t *p, uint64_t v);
void reloc_trace_inval(uint64_t addr);

uint64_t reloc_trace_load(uint64_t *p)
{
	const long w = word_index(p);

	if (w < 0)
		stray = true;
	else
		loads[w]++;
	return *p;
}

void reloc_trace_store(uint64_t *p, uint64_t v)
{
	const long w = word_index(p);

	if (w < 0)
		stray = true;
	else
		stores[w]++;
	*p = v;
}

/* Lines are counted from the line holding the image's first byte. */
void reloc_trace_inval(uint64_t addr)
{
	const uint64_t first = (uintptr_t)traced & ~(uint64_t)(LINE - 1);

	if (!traced || addr < first || (addr - first) / LINE >= ARRAY_SIZE(lines_hit))
		stray = true;
	else
		lines_hit[(addr - first) / LINE]++;
}

static void trace_start(uint64_t *img)
{
	traced = img;
	stray = false;
	memset(loads, 0, sizeof(loads));
	memset(stores, 0, sizeof(stores));
	memset(lines_hit, 0, sizeof(lines_hit));
}

static uint64_t wdelta(const uint64_t *img)
{
	return (uint64_t)(uintptr_t)img - LINK_BASE;
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
 * Test-side RELR encoder for increasing, 8-byte aligned addresses, written
 * from the format description: an address entry, then bitmaps for the
 * following 63-word windows as long as they catch something.
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

static void make_rela(const uint64_t *addr, size_t n, Elf64_Rela *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].r_offset = addr[i];
		out[i].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		out[i].r_addend = (int64_t)link_value((addr[i] - LINK_BASE) / WORD);
	}
}

static struct reloc_image image(uint64_t *words)
{
	struct reloc_image img = {
		.mem = (uint8_t *)words,
		.link_base = LINK_BASE,
		.size = IMG_WORDS * WORD,
		.write_start = LINK_BASE,
		.write_end = LINK_BASE + IMG_WORDS * WORD,
	};
	return img;
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
 * What the trace must show after a pass over addr[0..n): each of those
 * words loaded (if RELR) and stored once, nothing else, and after the
 * cache pass exactly their lines dropped.
 */
static void check_trace(const uint64_t *addr, size_t n, bool loaded, bool lines)
{
	static bool relocated[IMG_WORDS];
	static bool line_held[ARRAY_SIZE(lines_hit)];
	const uint64_t shift = ((uintptr_t)traced % LINE) / WORD;
	size_t i;

	memset(relocated, 0, sizeof(relocated));
	memset(line_held, 0, sizeof(line_held));
	for (i = 0; i < n; i++) {
		const uint64_t w = (addr[i] - LINK_BASE) / WORD;

		relocated[w] = true;
		line_held[(w + shift) / LINE_WORDS] = true;
	}
	CHECK(!stray);
	for (i = 0; i < IMG_WORDS; i++) {
		if (stores[i] != relocated[i] || loads[i] != (loaded && relocated[i])) {
			printf("  word %zu: %u loads, %u stores, relocated %d\n", i, loads[i],
			       stores[i], relocated[i]);
			CHECK(false);
			break;
		}
	}
	for (i = 0; lines && i < ARRAY_SIZE(lines_hit); i++) {
		if (!lines_hit[i] != !line_held[i]) {
			printf("  line %zu: invalidated %u times, holds a relocated word %d\n", i,
			       lines_hit[i], line_held[i]);
			CHECK(false);
			break;
		}
	}
}

/*
 * The cache pass for addr[0..n) in the image at img: the line table the
 * build would write (offsets from the image's start), then its decoder.
 */
static void lines_pass(const uint64_t *addr, size_t n, const uint64_t *img)
{
	static uint64_t off[IMG_WORDS];
	static uint32_t tbl[IMG_WORDS + 1];
	uint64_t k;
	size_t i;
	struct diag d;

	for (i = 0; i < n; i++)
		off[i] = addr[i] - LINK_BASE;
	diag_init(&d);
	k = reloc_lines_encode(off, n, tbl, ARRAY_SIZE(tbl), &d);
	CHECK(diag_ok(&d));
	reloc_lines_inval(tbl, tbl + k, (uint64_t)(uintptr_t)img);
}

/*
 * Relocate addr[0..n) once through RELR (image A, holding link-time
 * values) and once through RELA (image B, whose words start out as
 * garbage: the addend alone must give the value); both must be equal bit
 * for bit, touch only those words, drop only their lines, and pass the
 * checked half.  The images start `skew` words into a cache line (the
 * line table assumes a line-aligned image header, as the kernel's is: it
 * is checked at skew 0).
 */
static void check_same(const uint64_t *addr, size_t n, uint64_t new_base, unsigned int skew)
{
	static uint64_t relr[IMG_WORDS];
	static uint64_t relr_lib[IMG_WORDS];
	static Elf64_Rela rela[IMG_WORDS];
	static struct collect col;
	const uint64_t delta = new_base - LINK_BASE;
	struct reloc_image a, b;
	size_t nrelr = relr_encode(addr, n, relr), i;
	uint64_t count = 0, checked = 0;
	struct diag d;

	img_a = arena_a + skew;
	img_b = arena_b + skew;
	a = image(img_a);
	b = image(img_b);

	/* the packers' encoder (reloc.c) gives the same table, entry for entry */
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
	CHECK(reloc_relr_walk(relr, nrelr, collect_cb, &col, &d));
	CHECK(!col.bad_type);
	CHECK(col.n == n && !memcmp(col.addr, addr, n * sizeof(*addr)));
	diag_init(&d);
	CHECK(reloc_verify(&a, rela, n, relr, nrelr, &count, &d));
	CHECK_EQ(count, 2 * n);

	trace_start(img_a);
	reloc_relr_apply(relr, relr + nrelr, delta, wdelta(img_a));
	if (!skew)
		lines_pass(addr, n, img_a);
	check_trace(addr, n, true, !skew);

	trace_start(img_b);
	CHECK_EQ(reloc_rela_apply(rela, rela + n, delta, wdelta(img_b)), n);
	if (!skew)
		lines_pass(addr, n, img_b);
	check_trace(addr, n, false, !skew);
	traced = NULL;
	CHECK(!memcmp(img_a, img_b, IMG_WORDS * WORD));

	diag_init(&d);
	CHECK(reloc_check_applied(&b, rela, n, NULL, 0, new_base, NULL, &checked, &d));
	CHECK_EQ(checked, n);
	diag_init(&d);
	CHECK(reloc_check_applied(&a, NULL, 0, relr, nrelr, new_base, img_orig, &checked, &d));
	CHECK_EQ(checked, n);
	diag_init(&d);
	CHECK(reloc_check_applied(&a, NULL, 0, relr, nrelr, new_base, NULL, &checked, &d));
	CHECK_EQ(checked, n);
	if (d.what)
		printf("  diag: %s [0x%" PRIx64 "]\n", diag_str(&d), d.value);
}

/* check_same at every word offset of the image within a cache line */
static void check_all_skews(const uint64_t *addr, size_t n, uint64_t new_base)
{
	unsigned int skew;

	for (skew = 0; skew < LINE_WORDS && !test_case_failed; skew++)
		check_same(addr, n, new_base, skew);
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

static void test_rela_apply(void)
{
	static const uint64_t where[] = { 0, 8, 16, 800, (IMG_WORDS - 1) * WORD };
	Elf64_Rela rela[ARRAY_SIZE(where) + 1] = { { 0, 0, 0 } };
	struct reloc_image img = image(img_a);
	uint64_t checked = 0, i;
	struct diag d;

	for (i = 0; i < ARRAY_SIZE(where); i++) {
		rela[i].r_offset = LINK_BASE + where[i];
		rela[i].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		rela[i].r_addend = (int64_t)(LINK_BASE + 0x100 * i);
	}
	memset(img_a, 0, IMG_WORDS * WORD);
	CHECK_EQ(reloc_rela_apply(rela, rela + ARRAY_SIZE(where), NEW_BASE - LINK_BASE,
				  wdelta(img_a)), ARRAY_SIZE(where));
	for (i = 0; i < ARRAY_SIZE(where); i++)
		CHECK_EQ(img_a[where[i] / WORD], NEW_BASE + 0x100 * i);
	CHECK_EQ(img_a[3], 0);	/* untouched neighbour */
	diag_init(&d);
	CHECK(reloc_check_applied(&img, rela, ARRAY_SIZE(where), NULL, 0, NEW_BASE, NULL,
				  &checked, &d));
	CHECK_EQ(checked, ARRAY_SIZE(where));

	/* the checked half catches a word that was not relocated */
	img_a[100] = LINK_BASE + 0x300;
	diag_init(&d);
	CHECK(!reloc_check_applied(&img, rela, ARRAY_SIZE(where), NULL, 0, NEW_BASE, NULL,
				   &checked, &d));
	CHECK_STR(diag_str(&d), "reloc: word does not hold its relocated value");
	CHECK_EQ(d.value, LINK_BASE + 800);

	/* the pass skips (and does not count) an entry of another type */
	rela[ARRAY_SIZE(where)] = rela[0];
	rela[ARRAY_SIZE(where)].r_info = ELF64_R_INFO(1, R_AARCH64_ABS64);
	rela[ARRAY_SIZE(where)].r_offset = LINK_BASE + 24;
	CHECK_EQ(reloc_rela_apply(rela, rela + ARRAY_SIZE(rela), 0, wdelta(img_a)),
		 ARRAY_SIZE(where));
	CHECK_EQ(img_a[3], 0);
	/* a downward displacement, and an empty table */
	reloc_rela_apply(rela, rela + 2, LOW_BASE - LINK_BASE, wdelta(img_a));
	CHECK_EQ(img_a[1], LOW_BASE + 0x100);
	CHECK_EQ(reloc_rela_apply(rela, rela, NEW_BASE, wdelta(img_a)), 0);
}

static void test_relr_single_address(void)
{
	addrs[0] = LINK_BASE + 40 * WORD;
	check_all_skews(addrs, 1, NEW_BASE);
	addrs[0] = LINK_BASE;
	check_all_skews(addrs, 1, NEW_BASE);
	addrs[0] = LINK_BASE + (IMG_WORDS - 1) * WORD;
	check_all_skews(addrs, 1, LOW_BASE);
}

static void test_relr_63_consecutive(void)
{
	/* 1 address + 62 bits: fits one address and one bitmap */
	check_all_skews(addrs, run_of(addrs, 0, 10, 63, 1), NEW_BASE);
	/* 64 = address + a full 63-bit bitmap */
	check_all_skews(addrs, run_of(addrs, 0, 10, 64, 1), NEW_BASE);
	/* 65 spills into a second bitmap */
	check_all_skews(addrs, run_of(addrs, 0, 10, 65, 1), NEW_BASE);
	/* long runs: many full bitmaps in a row, up to the image's last word */
	check_all_skews(addrs, run_of(addrs, 0, 0, IMG_WORDS, 1), NEW_BASE);
}

static void test_relr_bitmap_edges(void)
{
	size_t n;

	/* last bit of the first bitmap: address, then +63 words */
	n = run_of(addrs, 0, 5, 1, 1);
	n = run_of(addrs, n, 5 + 1 + 62, 1, 1);
	check_all_skews(addrs, n, NEW_BASE);
	/* gaps of exactly 63 words: each lands on bit 63 of a fresh
	 * window, or needs a new address entry */
	check_all_skews(addrs, run_of(addrs, 0, 3, 20, 63), NEW_BASE);
	check_all_skews(addrs, run_of(addrs, 0, 3, 20, 64), NEW_BASE);
	check_all_skews(addrs, run_of(addrs, 0, 3, 20, 62), NEW_BASE);
	/* every other word, one word per line, and sparse */
	check_all_skews(addrs, run_of(addrs, 0, 1, 500, 2), LOW_BASE);
	check_all_skews(addrs, run_of(addrs, 0, 7, 200, LINE_WORDS), NEW_BASE);
	check_all_skews(addrs, run_of(addrs, 0, 1, 15, 100), NEW_BASE);
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
	uint64_t i;
	struct diag d;

	img_a = arena_a;
	diag_init(&d);
	CHECK(reloc_relr_walk(tbl, ARRAY_SIZE(tbl), collect_cb, col, &d));
	CHECK_EQ(col->n, 1 + 1 + 1 + 63);
	CHECK_EQ(col->addr[0], a0);
	CHECK_EQ(col->addr[1], a0 + WORD + win);
	CHECK_EQ(col->addr[2], a0 + WORD + 2 * win + 62 * WORD);
	for (i = 0; i < 63; i++)
		CHECK_EQ(col->addr[3 + i], a0 + WORD + 3 * win + i * WORD);

	fill(img_a);
	memcpy(img_orig, img_a, IMG_WORDS * WORD);
	trace_start(img_a);
	reloc_relr_apply(tbl, tbl + ARRAY_SIZE(tbl), NEW_BASE - LINK_BASE, wdelta(img_a));
	lines_pass(col->addr, col->n, img_a);
	check_trace(col->addr, col->n, true, true);
	traced = NULL;
	for (i = 0; i < col->n; i++) {
		uint64_t w = (col->addr[i] - LINK_BASE) / WORD;

		CHECK_EQ(img_a[w], img_orig[w] + (NEW_BASE - LINK_BASE));
	}
	/* a second address entry restarts the window */
	{
		const uint64_t t2[] = { a0, 3, a0 + 100 * WORD, 3 };

		col->n = 0;
		CHECK(reloc_relr_walk(t2, 4, collect_cb, col, &d));
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
		check_same(addrs, n, round & 1 ? NEW_BASE : LOW_BASE, round % LINE_WORDS);
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
	CHECK_STR(diag_str(&d), "reloc: RELR address not 8-byte aligned");
	CHECK_EQ(d.value, LINK_BASE + 12);
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(unsorted, 2, out, &d), 0);
	CHECK_STR(diag_str(&d), "reloc: RELR addresses not sorted and distinct");
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(repeated, 2, out, &d), 0);
	CHECK_EQ(d.value, LINK_BASE + 8);
	diag_init(&d);
	CHECK_EQ(reloc_relr_encode(unsorted, 0, out, &d), 0);
	CHECK(diag_ok(&d));
}

/* reloc_verify() on a one-entry RELA table: what it says of r. */
static const char *verify_rela(const struct reloc_image *img, Elf64_Rela r, uint64_t *value)
{
	struct diag d;

	diag_init(&d);
	if (reloc_verify(img, &r, 1, NULL, 0, NULL, &d))
		return "ok";
	*value = d.value;
	return diag_str(&d);
}

static void test_rela_bad(void)
{
	struct reloc_image img = image(arena_a);
	Elf64_Rela r = { LINK_BASE, ELF64_R_INFO(0, R_AARCH64_RELATIVE), 0x1234 };
	uint64_t v = 0;

	CHECK_STR(verify_rela(&img, r, &v), "ok");
	r.r_info = ELF64_R_INFO(3, R_AARCH64_ABS64);
	CHECK_STR(verify_rela(&img, r, &v),
		  "reloc: unexpected R_AARCH64_ABS64 (want R_AARCH64_RELATIVE)");
	CHECK_EQ(v, R_AARCH64_ABS64);
	r.r_info = ELF64_R_INFO(0, R_AARCH64_GLOB_DAT);
	CHECK(strstr(verify_rela(&img, r, &v), "R_AARCH64_GLOB_DAT"));
	r.r_info = ELF64_R_INFO(0, 4242);
	verify_rela(&img, r, &v);
	CHECK_EQ(v, 4242);

	/* out of range: past the end, below the base, wrapping */
	r.r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
	r.r_offset = LINK_BASE + IMG_WORDS * WORD;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset outside the image");
	CHECK_EQ(v, LINK_BASE + IMG_WORDS * WORD);
	r.r_offset = LINK_BASE - WORD;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset outside the image");
	r.r_offset = 0;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset outside the image");
	r.r_offset = UINT64_MAX - 7;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset outside the image");
	/* inside the image, but not in the writable window */
	img.write_start = LINK_BASE + 64;
	img.write_end = LINK_BASE + 128;
	r.r_offset = LINK_BASE + 56;
	CHECK_STR(verify_rela(&img, r, &v),
		  "reloc: relocation offset outside the image's writable data");
	r.r_offset = LINK_BASE + 128;
	CHECK_STR(verify_rela(&img, r, &v),
		  "reloc: relocation offset outside the image's writable data");
	r.r_offset = LINK_BASE + 120;
	CHECK_STR(verify_rela(&img, r, &v), "ok");
	img = image(arena_a);

	/* misaligned target, image memory or link base; a tiny image */
	r.r_offset = LINK_BASE + 12;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset not 8-byte aligned");
	CHECK_EQ(v, LINK_BASE + 12);
	r.r_offset = LINK_BASE + 8;
	img.mem += 4;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: image not 8-byte aligned");
	img = image(arena_a);
	img.link_base += 4;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: image not 8-byte aligned");
	img = image(arena_a);
	img.size = 4;
	CHECK_STR(verify_rela(&img, r, &v), "reloc: relocation offset outside the image");
}

/* reloc_relr_walk() on t[0..n): NULL if it accepts, else its reason. */
static const char *walk(const uint64_t *t, size_t n, size_t *visited, uint64_t *value)
{
	static struct collect col;
	struct diag d;

	col.n = 0;
	diag_init(&d);
	if (reloc_relr_walk(t, n, collect_cb, &col, &d)) {
		*visited = col.n;
		return NULL;
	}
	*visited = col.n;
	*value = d.value;
	return diag_str(&d);
}

static void test_relr_bad(void)
{
	struct reloc_image img = image(arena_a);
	const uint64_t starts_bitmap[] = { 3, LINK_BASE };
	const uint64_t misaligned[] = { LINK_BASE + 4 };
	const uint64_t outside[] = { LINK_BASE, (1ull << 63) | 1, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
				     3, 3, 3, 3, 3, 3, 3, 3 };
	const uint64_t wraps[] = { UINT64_MAX - 7, 3 };
	const uint64_t wraps_later[] = { UINT64_MAX - 511, 1u << 1 | 1, 3 };
	const uint64_t outside_first[] = { LINK_BASE, LINK_BASE - WORD };
	size_t visited;
	uint64_t v = 0;
	struct diag d;

	CHECK_STR(walk(starts_bitmap, 2, &visited, &v), "reloc: RELR bitmap before any address entry");
	CHECK_EQ(v, 0);
	CHECK_EQ(visited, 0);
	CHECK_STR(walk(misaligned, 1, &visited, &v), "reloc: RELR address entry not 8-byte aligned");
	/* a bitmap whose window lies past the top of the address space */
	CHECK_STR(walk(wraps, 2, &visited, &v),
		  "reloc: RELR bitmap runs past the end of the address space");
	CHECK_EQ(visited, 1);	/* the address itself was still visited */
	CHECK(walk(wraps_later, 3, &visited, &v) != NULL);
	/* a second address below the first one (also refused: see below) */
	CHECK(walk(outside_first, 2, &visited, &v) != NULL);

	/* 36 windows of 63 words run past the 2048-word image */
	diag_init(&d);
	CHECK(!reloc_verify(&img, NULL, 0, outside, ARRAY_SIZE(outside), NULL, &d));
	CHECK_STR(diag_str(&d), "reloc: relocation offset outside the image");

	/* the checked half's range mode rejects a value outside the new image */
	{
		const uint64_t one[] = { LINK_BASE + 16 };

		arena_a[2] = NEW_BASE + IMG_WORDS * WORD + WORD;
		diag_init(&d);
		CHECK(!reloc_check_applied(&img, NULL, 0, one, 1, NEW_BASE, NULL, NULL, &d));
		CHECK_STR(diag_str(&d), "reloc: relocated pointer outside the relocated image");
		arena_a[2] = NEW_BASE + IMG_WORDS * WORD;	/* _end: allowed */
		diag_init(&d);
		CHECK(reloc_check_applied(&img, NULL, 0, one, 1, NEW_BASE, NULL, NULL, &d));
		memset(img_orig, 0, sizeof(img_orig));
		diag_init(&d);
		CHECK(!reloc_check_applied(&img, NULL, 0, one, 1, NEW_BASE, img_orig, NULL, &d));
		CHECK_STR(diag_str(&d), "reloc: word does not hold its relocated value");
		CHECK_EQ(d.value, LINK_BASE + 16);
	}
}

/*
 * Issue 15, finding 1: a RELR table that names a word twice would have it
 * relocated twice (the pass adds the displacement to what the word holds).
 * The walker requires every address above the one before it, so the
 * verifier, relocs_check and the self-test all refuse such a table.
 */
static void test_relr_named_twice(void)
{
	const uint64_t a = LINK_BASE + 8 * WORD;
	/* the second address entry equals the first */
	const uint64_t repeat[] = { a, a };
	/* ... or falls inside the bitmap that follows the first */
	const uint64_t overlap[] = { a, (1ull << 3) | 1, a + 2 * WORD };
	/* ... or lies below it */
	const uint64_t below[] = { a, a - WORD };
	/* above the last word a bitmap named, inside its window: still once each */
	const uint64_t after[] = { a, (1ull << 1) | 1, a + 5 * WORD, 3 };
	const char *why = "reloc: RELR address not above the one before it "
			  "(a word would be relocated twice)";
	struct reloc_image img = image(arena_a);
	size_t visited;
	uint64_t v = 0;
	struct diag d;

	CHECK_STR(walk(repeat, 2, &visited, &v), why);
	CHECK_EQ(v, a);
	CHECK_EQ(visited, 1);
	CHECK_STR(walk(overlap, 3, &visited, &v), why);
	CHECK_EQ(v, a + 2 * WORD);
	CHECK_STR(walk(below, 2, &visited, &v), why);
	CHECK(walk(after, 4, &visited, &v) == NULL);
	CHECK_EQ(visited, 4);
	diag_init(&d);
	CHECK(!reloc_verify(&img, NULL, 0, repeat, 2, NULL, &d));
	CHECK_STR(diag_str(&d), why);
}

/* The line table decoded from the format description: the lines it names. */
static uint64_t decode_lines(const uint32_t *t, uint64_t k, uint64_t *lines, uint64_t max)
{
	uint64_t at = 0, n = 0, i, r;

	for (i = 0; i < k; i++) {
		at += t[i] >> RELOC_LINES_RUN_BITS;
		for (r = 0; r < (t[i] & RELOC_LINES_RUN_MAX); r++, at++)
			if (n < max)
				lines[n++] = at;
	}
	return n;
}

static void test_lines_encode(void)
{
	/* a long run (past RUN_MAX lines), a gap past SKIP_MAX lines, a lone word */
	const uint64_t run = RELOC_LINES_RUN_MAX + 10, gap = 3ull * RELOC_LINES_SKIP_MAX + 7;
	static uint64_t off[(RELOC_LINES_RUN_MAX + 10) * 2 + 4];
	static uint64_t lines[ARRAY_SIZE(off)];
	static uint32_t tbl[64];
	uint64_t n = 0, i, k, got;
	struct diag d;

	for (i = 0; i < run; i++) {		/* two words a line, lines 5.. */
		off[n++] = (5 + i) * LINE;
		off[n++] = (5 + i) * LINE + 3 * WORD;
	}
	off[n++] = (5 + run + gap) * LINE + WORD;
	off[n++] = (5 + run + gap + 1) * LINE;	/* adjacent: the same run */
	diag_init(&d);
	k = reloc_lines_encode(off, n, tbl, ARRAY_SIZE(tbl), &d);
	CHECK(diag_ok(&d));
	CHECK(k >= 5 && k < 12);
	got = decode_lines(tbl, k, lines, ARRAY_SIZE(lines));
	CHECK_EQ(got, run + 2);
	for (i = 0; i < run && i < got; i++)
		CHECK_EQ(lines[i], 5 + i);
	CHECK_EQ(lines[run], 5 + run + gap);
	CHECK_EQ(lines[run + 1], 5 + run + gap + 1);
	/* nothing to do, and what it refuses */
	CHECK_EQ(reloc_lines_encode(off, 0, tbl, ARRAY_SIZE(tbl), &d), 0);
	CHECK(diag_ok(&d));
	CHECK_EQ(reloc_lines_encode(off, n, tbl, 2, &d), 0);
	CHECK_STR(diag_str(&d), "reloc: line table does not fit");
	off[1] = off[0];
	diag_init(&d);
	CHECK_EQ(reloc_lines_encode(off, n, tbl, ARRAY_SIZE(tbl), &d), 0);
	CHECK_STR(diag_str(&d), "reloc: line table offsets not 8-byte aligned and increasing");
	off[1] = off[0] + 4;
	diag_init(&d);
	CHECK_EQ(reloc_lines_encode(off, n, tbl, ARRAY_SIZE(tbl), &d), 0);
	CHECK_EQ(d.value, off[1]);
}

int main(void)
{
	RUN(test_rela_apply);
	RUN(test_relr_single_address);
	RUN(test_relr_63_consecutive);
	RUN(test_relr_bitmap_edges);
	RUN(test_relr_handmade);
	RUN(test_relr_random);
	RUN(test_relr_encode_bad);
	RUN(test_rela_bad);
	RUN(test_relr_bad);
	RUN(test_relr_named_twice);
	RUN(test_lines_encode);
	return test_summary();
}
