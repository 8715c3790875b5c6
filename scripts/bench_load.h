/* SPDX-License-Identifier: MIT */
/*
 * The generated relocation load of make BENCH_RELOCS=N (docs/performance.md),
 * which scripts/bench_relocs.c prints as assembly for the kernel.  (A real
 * kernel's layout is replayed with make BENCH_RELOCS_FROM=FILE instead.)
 *
 * Kernel data is structures that mix pointers with plain fields, so the
 * load is a deterministic sequence of struct instances modelled on real
 * kernel data.  Each layout is a string, one character per 8-byte word:
 *   F  function pointer (into text)       S  string pointer (into rodata)
 *   O  pointer to another struct instance (data: chains, back pointers)
 *   .  plain field (flags, ids, counts, sizes): no relocation
 * Mixed by weight, the instances hold about one pointer per three words,
 * in runs of mostly 1 to 3 (the generator measures and prints both).
 *
 * Host-only: plain C11.
 */
#ifndef RELOK_BENCH_LOAD_H
#define RELOK_BENCH_LOAD_H

#include <stdint.h>
#include <string.h>

#define BENCH_NR_FUNCS		64	/* distinct function targets */
#define BENCH_NR_STRINGS	64	/* distinct string targets */
#define BENCH_SEED		0x9e3779b97f4a7c15ull
#define BENCH_RUN_BUCKETS	9	/* run lengths 1..8, then 9 or more */

struct bench_type {
	const char *name;
	const char *layout;
	uint32_t weight;	/* instances, relative */
};

/*
 * The struct types, with the kernel structure each one imitates.  Weights
 * give a third of the words as pointers (155 words, 52 pointers per
 * round of 16 instances).
 */
#define BENCH_TYPES {							\
	/* file_operations-like: owner, flags, methods, reserved words */ \
	{ "ops",    "O.FFF.FF.F.F",      1 },				\
	/* device/driver descriptor: name, id, flags, resource counts, \
	 * ops, private data, u32/u64 fields, parent */		\
	{ "device", "S....OO....O....",  3 },				\
	/* list node embedded in a larger struct: next, prev, payload, \
	 * a name further in */					\
	{ "node",   "OO.....S..",        4 },				\
	/* string table interleaved with lengths */			\
	{ "strtab", "S.S.S.S.",          1 },				\
	/* small NULL-terminated handler array */			\
	{ "array",  "FFFF.",             1 },				\
	/* timer/work item: list links, expiry, callback, data, flags */ \
	{ "timer",  "OO.F..",            3 },				\
	/* module parameter: name and plain settings */		\
	{ "param",  "S.......",          3 },				\
}

enum bench_target { BENCH_FUNC, BENCH_STRING, BENCH_OBJECT };

/* Where the generated words go (assembly text, or a host buffer). */
struct bench_sink {
	void (*object)(void *ctx, uint64_t id);			/* label of instance id */
	void (*pointer)(void *ctx, enum bench_target t, uint64_t idx);
	void (*plain)(void *ctx, uint64_t value);
	void *ctx;
};

struct bench_stats {
	uint64_t words, pointers, objects, runs;
	uint64_t run_len[BENCH_RUN_BUCKETS + 1];	/* [k]: runs of k words; [9]: >= 9 */
	uint64_t by_target[BENCH_OBJECT + 1];
};

static inline uint64_t bench_rng(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static inline void bench_end_run(struct bench_stats *st, uint64_t *run)
{
	if (!*run)
		return;
	st->runs++;
	st->run_len[*run > BENCH_RUN_BUCKETS ? BENCH_RUN_BUCKETS : *run]++;
	*run = 0;
}

/*
 * Emit instances until n pointers are out (the last instance's surplus
 * pointer fields become plain zeros).  Object pointers: the first of an
 * instance chains to the next instance (a list through the whole load),
 * later ones point back at an earlier instance (ops, parent, private
 * data).  The caller defines one more object label, id st->objects.
 */
static inline void bench_generate(uint64_t n, const struct bench_sink *sink,
				  struct bench_stats *st)
{
	static const struct bench_type types[] = BENCH_TYPES;
	const uint32_t nr_types = sizeof(types) / sizeof(types[0]);
	uint64_t rng = BENCH_SEED, seq = 0, run = 0, total_weight = 0;
	uint32_t t;

	memset(st, 0, sizeof(*st));
	for (t = 0; t < nr_types; t++)
		total_weight += types[t].weight;
	while (st->pointers < n) {
		uint64_t pick = bench_rng(&rng) % total_weight, id = st->objects++;
		const char *w;
		int first_obj = 1;

		for (t = 0; pick >= types[t].weight; t++)
			pick -= types[t].weight;
		sink->object(sink->ctx, id);
		for (w = types[t].layout; *w; w++) {
			if (*w == '.' || st->pointers == n) {
				bench_end_run(st, &run);
				sink->plain(sink->ctx, *w == '.' ? bench_rng(&rng) & 0xffff : 0);
			} else if (*w == 'F') {
				sink->pointer(sink->ctx, BENCH_FUNC, seq++ % BENCH_NR_FUNCS);
				st->by_target[BENCH_FUNC]++;
			} else if (*w == 'S') {
				sink->pointer(sink->ctx, BENCH_STRING, seq++ % BENCH_NR_STRINGS);
				st->by_target[BENCH_STRING]++;
			} else {
				sink->pointer(sink->ctx, BENCH_OBJECT,
					      first_obj ? id + 1 : bench_rng(&rng) % (id + 1));
				first_obj = 0;
				st->by_target[BENCH_OBJECT]++;
			}
			st->words++;
			if (*w != '.' && st->pointers < n) {
				st->pointers++;
				run++;
			}
		}
	}
	/* runs go on across instances, as in memory */
	bench_end_run(st, &run);
}

#endif
