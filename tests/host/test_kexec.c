// SPDX-License-Identifier: MIT
/*
 * Host tests for kexec's planning steps (lib/kexec_plan.c): the arm64
 * Image header checks behind each named rejection, the next command line
 * for kexec.chain, and the slot choice (inside free memory, aligned,
 * uniform, previous bases avoided while anything else is left).
 */
#include <asm/image.h>
#include <relok/kexec.h>

#include "test.h"

#define SZ2M		(2 * MIB)

static uint8_t img[4096];

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* A relok-like header: text_offset 0, 4K pages, placement anywhere. */
static void make_image(uint64_t image_size)
{
	uint32_t magic = ARM64_IMAGE_MAGIC;

	memset(img, 0, sizeof(img));
	img[0] = 'M';
	img[1] = 'Z';
	put64(img + ARM64_IMAGE_SIZE_AT, image_size);
	put64(img + ARM64_IMAGE_FLAGS_AT, ARM64_IMAGE_FLAGS);
	memcpy(img + ARM64_IMAGE_MAGIC_AT, &magic, 4);
}

static void expect_reject(uint64_t size, uint64_t max, const char *what)
{
	struct kexec_image k;
	struct diag d;

	diag_init(&d);
	CHECK(!kexec_image_check(img, size, max, &k, &d));
	CHECK_STR(d.subsys, "kexec");
	CHECK_STR(d.what, what);
}

static void test_image_good(void)
{
	struct kexec_image k;
	struct diag d;

	make_image(0x300000);
	diag_init(&d);
	CHECK(kexec_image_check(img, sizeof(img), GIB, &k, &d));
	CHECK_EQ(k.image_size, 0x300000);
	CHECK_EQ(k.text_offset, 0);
	CHECK_EQ(k.load_size, sizeof(img));
	CHECK(k.anywhere);
	/* a file longer than image_size (a signature after it): only image_size is loaded */
	make_image(1024);
	CHECK(kexec_image_check(img, sizeof(img), GIB, &k, &d));
	CHECK_EQ(k.load_size, 1024);
	/* without bit 3 the kernel must go low */
	put64(img + ARM64_IMAGE_FLAGS_AT, ARM64_IMAGE_FLAG_PAGE_4K);
	CHECK(kexec_image_check(img, sizeof(img), GIB, &k, &d));
	CHECK(!k.anywhere);
	CHECK(diag_ok(&d));
}

static void test_image_rejected(void)
{
	make_image(0x300000);
	expect_reject(63, GIB, "bad-image: shorter than the 64-byte arm64 Image header");
	img[ARM64_IMAGE_MAGIC_AT] = 'X';
	expect_reject(sizeof(img), GIB, "bad-magic: not an arm64 Image (no \"ARM\\x64\" at offset 56)");
	make_image(2 * GIB);
	expect_reject(sizeof(img), GIB, "image-too-large: image_size is beyond RAM");
	make_image(GIB);
	put64(img + ARM64_IMAGE_TEXT_OFFSET_AT, 0x80000);
	expect_reject(sizeof(img), GIB, "image-too-large: image_size is beyond RAM");
	put64(img + ARM64_IMAGE_TEXT_OFFSET_AT, ~0ull);		/* no wrap-around */
	expect_reject(sizeof(img), GIB, "image-too-large: image_size is beyond RAM");
	make_image(0);
	expect_reject(sizeof(img), GIB, "bad-image: image_size is 0 (a pre-3.17 Image)");
	make_image(MIB);
	put64(img + ARM64_IMAGE_FLAGS_AT, ARM64_IMAGE_FLAG_BE);
	expect_reject(sizeof(img), GIB, "bad-image: a big-endian Image");
	put64(img + ARM64_IMAGE_FLAGS_AT, 2 << ARM64_IMAGE_PAGE_SHIFT);
	expect_reject(sizeof(img), GIB, "bad-image: the Image needs 16K or 64K pages");
	img[0] = 0x1f;
	img[1] = 0x8b;
	expect_reject(sizeof(img), GIB,
		      "compressed: a gzip file, not an Image (decompress it first)");
}

static const char *next(const char *cur, uint32_t cap)
{
	static char out[KEXEC_CMDLINE_MAX];
	struct diag d;
	int64_t n;

	diag_init(&d);
	n = kexec_next_cmdline(cur, cur ? (uint32_t)strlen(cur) : 0, out, cap, &d);
	if (n < 0)
		return d.what;
	CHECK_EQ(n, strlen(out));
	return out;
}

static void test_cmdline_chain(void)
{
	CHECK_STR(next("kexec=Image kexec.chain=5 console=ttyAMA0", 64),
		  "kexec=Image kexec.chain=4 console=ttyAMA0");
	CHECK_STR(next("kexec.chain=10 kexec=Image", 64), "kexec.chain=9 kexec=Image");
	CHECK_STR(next("kexec.chain=1000000 kexec=x", 64), "kexec.chain=999999 kexec=x");
	/* the last handover: neither is passed on, the rest is */
	CHECK_STR(next("a kexec=Image  kexec.chain=1\tb kexec.initrd=i", 64), "a b kexec.initrd=i");
	/* no kexec.chain is one handover */
	CHECK_STR(next("kexec=Image nokaslr", 64), "nokaslr");
	/* look-alikes are other arguments */
	CHECK_STR(next("kexecx=1 kexec.chainy=2 kexec", 64), "kexecx=1 kexec.chainy=2 kexec");
	CHECK_STR(next("", 64), "");
	CHECK_STR(next(0, 64), "");
}

static void test_cmdline_errors(void)
{
	CHECK_STR(next("kexec=I kexec.chain=0", 64),
		  "bad-argument: kexec.chain must be a number from 1");
	CHECK_STR(next("kexec=I kexec.chain=two", 64),
		  "bad-argument: kexec.chain must be a number from 1");
	CHECK_STR(next("kexec=I kexec.chain=", 64),
		  "bad-argument: kexec.chain must be a number from 1");
	/* "abc def" needs 8 bytes with its NUL */
	CHECK_STR(next("abc def", 8), "abc def");
	CHECK_STR(next("abc def", 7), "cmdline-too-long: the next command line does not fit");
	CHECK_STR(next("abc", 0), "cmdline-too-long: no room at all");
}

static void test_parse_u32(void)
{
	uint32_t v = 7;

	CHECK(kexec_parse_u32("0", 1, &v) && v == 0);
	CHECK(kexec_parse_u32("4294967295", 10, &v) && v == 4294967295u);
	CHECK(!kexec_parse_u32("4294967296", 10, &v));
	CHECK(!kexec_parse_u32("99999999999", 11, &v));
	CHECK(!kexec_parse_u32("", 0, &v));
	CHECK(!kexec_parse_u32("1a", 2, &v));
	CHECK(!kexec_parse_u32("-1", 2, &v));
	CHECK(kexec_parse_u32("12x", 2, &v) && v == 12);	/* only len bytes count */
}

/* The rnd that makes the choice land on candidate i of count. */
static uint64_t rnd_for(uint64_t i, uint64_t count)
{
	return (uint64_t)((((unsigned __int128)i << 64) + count - 1) / count);
}

static void test_slot_basic(void)
{
	/* 0x40200000..0x40a00000: 4 slots of 2 MiB, none of 8 MiB + 1 page */
	const struct mem_range r[] = {
		{ 0x40100000, 0x40a00000 },	/* first aligned base 0x40200000 */
		{ 0x41000000, 0x41001000 },	/* too small for anything */
	};
	uint64_t base = 0;

	CHECK(kexec_choose_slot(r, 2, SZ2M, SZ2M, 0, 0, 0, false, &base));
	CHECK_EQ(base, 0x40200000);
	CHECK(kexec_choose_slot(r, 2, SZ2M, SZ2M, 0, 0, ~0ull, false, &base));
	CHECK_EQ(base, 0x40800000);
	CHECK(kexec_choose_slot(r, 2, 3 * SZ2M, SZ2M, 0, 0, ~0ull, false, &base));
	CHECK_EQ(base, 0x40400000);		/* two candidates: 0x40200000, 0x40400000 */
	CHECK(kexec_choose_slot(r, 2, 3 * SZ2M, SZ2M, 0, 0, ~0ull, true, &base));
	CHECK_EQ(base, 0x40200000);		/* lowest */
	CHECK(!kexec_choose_slot(r, 2, 4 * SZ2M + 4096, SZ2M, 0, 0, 0, false, &base));
	CHECK(!kexec_choose_slot(r, 0, SZ2M, SZ2M, 0, 0, 0, false, &base));
	CHECK(!kexec_choose_slot(r, 2, SZ2M, 3 * MIB, 0, 0, 0, false, &base));	/* not a power of 2 */
}

/* Every candidate comes out exactly once as rnd sweeps, none avoided. */
static void test_slot_uniform_and_avoid(void)
{
	const struct mem_range r[] = {
		{ 0x40000000, 0x40800000 },	/* slots 0x40000000 .. 0x40600000 */
		{ 0x50100000, 0x50700000 },	/* slots 0x50200000, 0x50400000 */
	};
	const uint64_t avoid[] = { 0x40200000, 0x50400000, 0x40200000, 0x12345678, 0x60000000 };
	const uint64_t want[] = { 0x40000000, 0x40400000, 0x40600000, 0x50200000 };
	uint64_t base, i;

	for (i = 0; i < 4; i++) {
		CHECK(kexec_choose_slot(r, 2, SZ2M, SZ2M, avoid, 5, rnd_for(i, 4), false, &base));
		CHECK_EQ(base, want[i]);
	}
	/* without the list, six candidates, in order */
	for (i = 0; i < 6; i++) {
		CHECK(kexec_choose_slot(r, 2, SZ2M, SZ2M, 0, 0, rnd_for(i, 6), false, &base));
		CHECK_EQ(base, i < 4 ? 0x40000000 + i * SZ2M : 0x50200000 + (i - 4) * SZ2M);
	}
}

/* When only avoided bases are left, one is reused rather than no kexec. */
static void test_slot_avoid_exhausted(void)
{
	const struct mem_range r[] = { { 0x40000000, 0x40400000 } };
	const uint64_t avoid[] = { 0x40000000, 0x40200000 };
	uint64_t base = 0;

	CHECK(kexec_choose_slot(r, 1, SZ2M, SZ2M, avoid, 2, ~0ull, false, &base));
	CHECK_EQ(base, 0x40200000);
	CHECK(kexec_choose_slot(r, 1, SZ2M, SZ2M, avoid, 1, ~0ull, false, &base));
	CHECK_EQ(base, 0x40200000);
	CHECK(kexec_choose_slot(r, 1, SZ2M, SZ2M, avoid + 1, 1, ~0ull, false, &base));
	CHECK_EQ(base, 0x40000000);
}

int main(void)
{
	RUN(test_image_good);
	RUN(test_image_rejected);
	RUN(test_cmdline_chain);
	RUN(test_cmdline_errors);
	RUN(test_parse_u32);
	RUN(test_slot_basic);
	RUN(test_slot_uniform_and_avoid);
	RUN(test_slot_avoid_exhausted);
	return test_summary();
}
