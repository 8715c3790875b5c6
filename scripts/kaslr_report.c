// SPDX-License-Identifier: MIT
/*
 * kaslr_report: run the kernel's own KASLR placement function
 * (arch/arm64/kernel/pi/kaslr.c, compiled for the host) to
 *   - print where a seed puts the image:   kaslr_report --seed S --phys P --image-size N
 *   - measure its entropy:                  kaslr_report --entropy COUNT [--phys P] [--image-size N]
 * The boot tests use the first form for expected values; `make report`
 * uses the second.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/memory.h>
#include <relok/kaslr.h>

#include "tool.h"

#define PROG			"kaslr_report"
TOOL_NAME(PROG);
#define DEFAULT_PHYS		UINT64_C(0x40200000)
#define DEFAULT_IMAGE_SIZE	UINT64_C(0x100000)
#define MIN_ENTROPY_SEEDS	1000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " --seed SEED [--phys ADDR] [--image-size BYTES]\n"
		"       " PROG " --entropy COUNT [--phys ADDR] [--image-size BYTES]\n"
		"\n"
		"Runs the kernel's KASLR placement function on the host.\n"
		"  --seed SEED       print the virtual base (and slot) SEED gives\n"
		"  --entropy COUNT   draw COUNT random seeds (>= %d), report distinct\n"
		"                    bases, slots in the window and bits of entropy\n"
		"  --phys ADDR       physical load address, 2 MiB aligned (default 0x%" PRIx64 ")\n"
		"  --image-size N    image_size from the Image header (default 0x%" PRIx64 ")\n",
		MIN_ENTROPY_SEEDS, DEFAULT_PHYS, DEFAULT_IMAGE_SIZE);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

/* xoshiro-style generator would do; a 64-bit LCG-plus-mixer is plenty to
 * draw test seeds, and it is seeded from /dev/urandom when available. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int entropy(uint64_t count, uint64_t phys, uint64_t image_size)
{
	const uint64_t slots = kaslr_slots(phys, image_size);
	uint64_t *bases = tool_alloc(count, sizeof(*bases));
	uint64_t distinct = 0, misaligned = 0, outside = 0, i;
	FILE *ur = fopen("/dev/urandom", "rb");

	if (!ur || fread(&rng_state, sizeof(rng_state), 1, ur) != 1)
		rng_state = UINT64_C(0x2545f4914f6cdd1d);
	if (ur)
		fclose(ur);

	for (i = 0; i < count; i++) {
		uint64_t seed;

		do
			seed = rng_next();
		while (!seed);
		bases[i] = kaslr_virt_base(seed, phys, image_size);
		if ((bases[i] ^ phys) & (MIN_KIMAGE_ALIGN - 1))
			misaligned++;
		if (bases[i] < KIMAGE_WINDOW_START || bases[i] + image_size > KIMAGE_WINDOW_END)
			outside++;
	}
	qsort(bases, count, sizeof(*bases), cmp_u64);
	for (i = 0; i < count; i++)
		if (!i || bases[i] != bases[i - 1])
			distinct++;
	free(bases);

	printf("seeds %" PRIu64 "\n", count);
	printf("distinct %" PRIu64 "\n", distinct);
	/* Expected distinct values when drawing count times from slots bins. */
	printf("expected_distinct %.0f\n",
	       (double)slots * -expm1((double)count * log1p(-1.0 / (double)slots)));
	printf("slots %" PRIu64 "\n", slots);
	printf("window 0x%" PRIx64 "-0x%" PRIx64 "\n", (uint64_t)KIMAGE_WINDOW_START,
	       (uint64_t)KIMAGE_WINDOW_END);
	printf("entropy_bits %.2f\n", log2((double)slots));
	printf("misaligned %" PRIu64 "\n", misaligned);
	printf("outside_window %" PRIu64 "\n", outside);
	return misaligned || outside ? TOOL_EXIT_CHECK : TOOL_EXIT_OK;
}

int main(int argc, char **argv)
{
	uint64_t seed = 0, phys = DEFAULT_PHYS, image_size = DEFAULT_IMAGE_SIZE, count = 0;
	int have_seed = 0, i;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];
		uint64_t *dst;

		if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			usage(stdout);
			return TOOL_EXIT_OK;
		}
		if (!strcmp(opt, "--seed")) {
			dst = &seed;
			have_seed = 1;
		} else if (!strcmp(opt, "--phys")) {
			dst = &phys;
		} else if (!strcmp(opt, "--image-size")) {
			dst = &image_size;
		} else if (!strcmp(opt, "--entropy")) {
			dst = &count;
		} else {
			tool_fail(TOOL_EXIT_BAD, "unknown option %s", opt);
			usage(stderr);
			return TOOL_EXIT_BAD;
		}
		if (++i >= argc || parse_u64(argv[i], dst))
			return tool_fail(TOOL_EXIT_BAD, "%s needs a number", opt);
	}
	if (have_seed == !!count) {
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	/*
	 * booting.rst places the Image on 2 MiB; the kernel boots a 4 KiB-
	 * aligned one only with a warning, so an address off 2 MiB is almost
	 * certainly a typo, and a report for it would mislead.
	 */
	if (phys & (MIN_KIMAGE_ALIGN - 1))
		return tool_fail(TOOL_EXIT_BAD, "--phys 0x%" PRIx64 " is not 2 MiB aligned "
				 "(booting.rst: the Image goes on a 2 MiB boundary)", phys);
	if (count) {
		if (count < MIN_ENTROPY_SEEDS)
			return tool_fail(TOOL_EXIT_BAD, "--entropy needs at least %d seeds",
					 MIN_ENTROPY_SEEDS);
		return entropy(count, phys, image_size);
	}
	printf("virt 0x%" PRIx64 "\n", kaslr_virt_base(seed, phys, image_size));
	printf("offset 0x%" PRIx64 "\n", kaslr_virt_base(seed, phys, image_size) - KIMAGE_VADDR);
	printf("slot %" PRIu64 " of %" PRIu64 "\n", seed ? kaslr_slot(seed, phys, image_size) : 0,
	       kaslr_slots(phys, image_size));
	return TOOL_EXIT_OK;
}
