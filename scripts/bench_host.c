// SPDX-License-Identifier: MIT
/*
 * bench_host - the relocation inner loops on the host, on the same load
 * as make BENCH_RELOCS=N (scripts/bench_load.h), to separate the
 * algorithms from QEMU's emulation (make bench; docs/performance.md):
 *   rela   reloc_apply_rela() from reloc.c (checks the table, then applies)
 *   relr   reloc_apply_relr() from reloc.c (checks, then applies)
 *   model  the C model of relocate_relr.S (scripts/relr_blocks.h), which
 *          executes the generated blocks' instructions and counts the
 *          AArch64 instructions the boot pass spends
 * Without --run it prints one line per algorithm: host ns per pointer
 * (best of several repetitions) and, for the model, AArch64 instructions
 * per pointer.  With --run ALGO it applies ALGO once inside the function
 * bench_host_run (for valgrind --tool=callgrind --toggle-collect=...).
 *
 * Exit status: 0 ok, 1 an algorithm disagreed with the others, 2 usage.
 */
#define _POSIX_C_SOURCE 199309L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <relok/reloc.h>

#include "bench_load.h"
#include "relr_blocks.h"

#define PROG		"bench_host"
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define MAX_RELOCS	10000000ull
#define LINK_BASE	0xffff800008000000ull
#define NEW_BASE	0xffffa00012340000ull
#define WORD		8u
#define TEXT_BYTES	0x1000u		/* where the functions are ... */
#define RODATA_BYTES	0x1000u		/* ... and the strings */
#define FUNC_BYTES	12u
#define STRING_BYTES	24u
#define WORK_PER_RUN	20000000ull	/* pointers relocated per timing sample */
#define SAMPLES		5
#define NS_PER_S	1000000000.0

enum algo { ALGO_RELA, ALGO_RELR, ALGO_MODEL, NR_ALGOS };
static const char *const algo_name[NR_ALGOS] = { "rela", "relr", "model" };

/* The load laid out as an image: text, rodata, then the data words. */
struct layout {
	uint64_t *words;	/* image, as 64-bit words */
	uint64_t nwords, cap;
	uint64_t *obj_word;	/* data word index of each instance label */
	uint64_t nobj, obj_cap;
	uint64_t *ptr_word;	/* word index of each pointer ... */
	uint64_t *ptr_obj;	/* ... and its object target, or UINT64_MAX */
	uint64_t nptr;
};

static void *xrealloc(void *p, uint64_t n, uint64_t size)
{
	p = realloc(p, n * size);
	if (!p) {
		fprintf(stderr, PROG ": out of memory\n");
		exit(EXIT_FAIL);
	}
	return p;
}

static void grow_words(struct layout *l)
{
	if (l->nwords < l->cap)
		return;
	l->cap = l->cap ? 2 * l->cap : 1024;
	l->words = xrealloc(l->words, l->cap, sizeof(*l->words));
	l->ptr_word = xrealloc(l->ptr_word, l->cap, sizeof(*l->ptr_word));
	l->ptr_obj = xrealloc(l->ptr_obj, l->cap, sizeof(*l->ptr_obj));
}

static void lay_object(void *ctx, uint64_t id)
{
	struct layout *l = ctx;

	if (id >= l->obj_cap) {
		l->obj_cap = l->obj_cap ? 2 * l->obj_cap : 1024;
		l->obj_word = xrealloc(l->obj_word, l->obj_cap, sizeof(*l->obj_word));
	}
	l->obj_word[id] = l->nwords;
	l->nobj = id + 1;
}

static void lay_pointer(void *ctx, enum bench_target t, uint64_t idx)
{
	struct layout *l = ctx;

	grow_words(l);
	l->ptr_word[l->nptr] = l->nwords;
	l->ptr_obj[l->nptr] = UINT64_MAX;
	if (t == BENCH_FUNC)
		l->words[l->nwords] = LINK_BASE + idx * FUNC_BYTES;
	else if (t == BENCH_STRING)
		l->words[l->nwords] = LINK_BASE + TEXT_BYTES + idx * STRING_BYTES;
	else
		l->ptr_obj[l->nptr] = idx;	/* resolved once all labels are known */
	l->nptr++;
	l->nwords++;
}

static void lay_plain(void *ctx, uint64_t v)
{
	struct layout *l = ctx;

	grow_words(l);
	l->words[l->nwords++] = v;
}

static uint64_t data_addr(uint64_t word)
{
	return LINK_BASE + TEXT_BYTES + RODATA_BYTES + word * WORD;
}

/* Instance labels past the end (the last chain pointer) mean the end. */
static void resolve(struct layout *l)
{
	uint64_t i;

	for (i = 0; i < l->nptr; i++) {
		const uint64_t o = l->ptr_obj[i];

		if (o != UINT64_MAX)
			l->words[l->ptr_word[i]] = data_addr(o < l->nobj ? l->obj_word[o] : l->nwords);
	}
}

struct bench {
	struct layout l;
	struct reloc_image img;		/* the data words */
	uint64_t *addr;			/* relocated addresses, sorted */
	Elf64_Rela *rela;
	Elf64_Relr *relr;
	uint64_t nrelr;
	struct relr_model model;
	uint64_t model_insns;
};

static int setup(struct bench *b, uint64_t n)
{
	const struct bench_sink sink = { lay_object, lay_pointer, lay_plain, &b->l };
	struct bench_stats st;
	struct diag d;
	uint64_t i;

	memset(&b->l, 0, sizeof(b->l));
	bench_generate(n, &sink, &st);
	grow_words(&b->l);
	resolve(&b->l);
	b->addr = xrealloc(NULL, n + 1, sizeof(*b->addr));
	b->rela = xrealloc(NULL, n + 1, sizeof(*b->rela));
	b->relr = xrealloc(NULL, n + 1, sizeof(*b->relr));
	for (i = 0; i < b->l.nptr; i++) {
		b->addr[i] = data_addr(b->l.ptr_word[i]);
		b->rela[i].r_offset = b->addr[i];
		b->rela[i].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		b->rela[i].r_addend = (int64_t)b->l.words[b->l.ptr_word[i]];
	}
	diag_init(&d);
	b->nrelr = reloc_relr_encode(b->addr, b->l.nptr, b->relr, &d);
	if (b->l.nptr && !b->nrelr) {
		fprintf(stderr, PROG ": encoding the load: %s\n", d.what);
		return EXIT_FAIL;
	}
	b->img.mem = (uint8_t *)b->l.words;
	b->img.link_base = data_addr(0);
	b->img.size = (b->l.nwords + 1) * WORD;
	relr_model_init(&b->model);
	return EXIT_OK;
}

/* Apply one algorithm once; returns the pointers it relocated. */
__attribute__((noinline)) uint64_t bench_host_run(struct bench *b, enum algo a);
__attribute__((noinline)) uint64_t bench_host_run(struct bench *b, enum algo a)
{
	/* link-time addresses of the data words, relative to the image base */
	const uint64_t new_base = NEW_BASE + (b->img.link_base - LINK_BASE);
	uint64_t applied = 0;
	struct diag d;

	diag_init(&d);
	switch (a) {
	case ALGO_RELA:
		reloc_apply_rela(&b->img, b->rela, b->l.nptr, new_base, &applied, &d);
		break;
	case ALGO_RELR:
		reloc_apply_relr(&b->img, b->relr, b->nrelr, new_base, &applied, &d);
		break;
	default:
		applied = relr_model_run(&b->model, b->relr, b->nrelr,
					 new_base - b->img.link_base,
					 (uint64_t)(uintptr_t)b->img.mem - b->img.link_base,
					 &b->model_insns);
		break;
	}
	return applied;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / NS_PER_S;
}

/* Best time per pointer over SAMPLES samples of about WORK_PER_RUN pointers. */
static double time_algo(struct bench *b, enum algo a)
{
	const uint64_t n = b->l.nptr ? b->l.nptr : 1;
	const uint64_t reps = WORK_PER_RUN / n ? WORK_PER_RUN / n : 1;
	double best = 0;
	uint64_t r;
	int s;

	for (s = 0; s < SAMPLES; s++) {
		const double t0 = now();
		double t;

		for (r = 0; r < reps; r++)
			bench_host_run(b, a);
		t = (now() - t0) / (double)(reps * n) * NS_PER_S;
		if (!s || t < best)
			best = t;
	}
	return best;
}

/* All three must leave the same image, and count the load's pointers. */
static int cross_check(struct bench *b)
{
	const uint64_t bytes = b->l.nwords * WORD;
	uint64_t *orig = xrealloc(NULL, b->l.nwords + 1, WORD), *ref = xrealloc(NULL, b->l.nwords + 1, WORD);
	int a, rc = EXIT_OK;

	memcpy(orig, b->l.words, bytes);
	for (a = 0; a < NR_ALGOS; a++) {
		memcpy(b->l.words, orig, bytes);
		if (bench_host_run(b, (enum algo)a) != b->l.nptr) {
			fprintf(stderr, PROG ": %s: wrong count of pointers\n", algo_name[a]);
			rc = EXIT_FAIL;
		}
		if (!a)
			memcpy(ref, b->l.words, bytes);
		else if (memcmp(ref, b->l.words, bytes)) {
			fprintf(stderr, PROG ": %s: image differs from rela\n", algo_name[a]);
			rc = EXIT_FAIL;
		}
	}
	memcpy(b->l.words, orig, bytes);
	free(orig);
	free(ref);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--run rela|relr|model] N\n"
		"\n"
		"Relocate the make BENCH_RELOCS=N load on the host with reloc.c's RELA and\n"
		"RELR apply and with the C model of the RELR boot pass; print ns per\n"
		"pointer for each and the boot pass's AArch64 instructions per pointer.\n"
		"\n"
		"  --run ALGO  apply ALGO once in bench_host_run() and print nothing\n"
		"              (for valgrind --tool=callgrind --toggle-collect=bench_host_run)\n"
		"  --help      show this help\n"
		"\n"
		"Exit status: 0 ok, 1 the algorithms disagree, 2 usage error.\n");
}

int main(int argc, char **argv)
{
	static struct bench b;
	int run = -1, a, rc;
	uint64_t n;
	char *end;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc == 4 && !strcmp(argv[1], "--run")) {
		for (a = 0; a < NR_ALGOS; a++)
			if (!strcmp(argv[2], algo_name[a]))
				run = a;
		if (run < 0) {
			fprintf(stderr, PROG ": %s: not an algorithm (rela, relr, model)\n", argv[2]);
			return EXIT_USAGE;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	n = strtoull(argv[1], &end, 0);
	if (*end || end == argv[1] || argv[1][0] == '-' || n > MAX_RELOCS) {
		fprintf(stderr, PROG ": %s: not a count of pointers (0..%llu)\n", argv[1], MAX_RELOCS);
		return EXIT_USAGE;
	}
	rc = setup(&b, n);
	if (rc)
		return rc;
	if (run >= 0) {
		bench_host_run(&b, (enum algo)run);
		return EXIT_OK;
	}
	rc = cross_check(&b);
	if (rc)
		return rc;
	for (a = 0; a < NR_ALGOS; a++) {
		const double ns = time_algo(&b, (enum algo)a);

		printf("%s relocs=%" PRIu64 " ns-per-ptr=%.2f", algo_name[a], b.l.nptr, ns);
		if (a == ALGO_MODEL)
			printf(" aarch64-insns=%" PRIu64 " aarch64-insns-per-ptr=%.2f",
			       b.model_insns, b.l.nptr ? (double)b.model_insns / (double)b.l.nptr : 0.0);
		printf("\n");
	}
	return EXIT_OK;
}
