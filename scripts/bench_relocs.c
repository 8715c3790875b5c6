// SPDX-License-Identifier: MIT
/*
 * bench_relocs - generate an assembly file holding pointers that the
 * kernel must relocate at boot, for measuring the relocation pass
 * (make BENCH_RELOCS=N or BENCH_RELOCS_FROM=FILE, make bench;
 * docs/performance.md).
 *
 * --from FILE replays a real layout: FILE holds one hex byte offset per
 * line (scripts/relocs_extract prints them from a kernel), and the region
 * bench_relocs_table holds a pointer at exactly each offset and plain
 * non-zero words everywhere else, so the pass sees the very table that
 * kernel needs.  The region is page aligned, as the offsets are relative to
 * a page: their cache-line positions are the original ones.
 *
 * The load mirrors real kernel data: struct instances that mix pointers
 * with plain fields (operation tables, device descriptors, embedded list
 * nodes, string tables with lengths, small handler arrays, timers, module
 * parameters; scripts/bench_load.h), about a third of the words pointers,
 * in runs of mostly 1 to 3, pointing into text (functions), rodata
 * (strings) and data (other instances: chains and back pointers).  The
 * measured density and run-length histogram head the generated file, and
 * --stats prints them alone.  Deterministic: the same N gives the same file.
 *
 * Exit status: 0 ok, 1 bad offsets file, 2 usage error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_load.h"

#include "tool.h"

#define PROG		"bench_relocs"
TOOL_NAME(PROG);
#define MAX_RELOCS	100000000ull
#define PERCENT		100.0
#define WORD		8u
#define LINE		64u
#define REPLAY_ALIGN	4096u
#define PLAIN_WORD	0x5eed0000u	/* .fill takes 4 bytes of value */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--stats] N\n"
		"       " PROG " [--stats] --from FILE\n"
		"\n"
		"Print (on stdout) an AArch64 assembly file defining bench_relocs_table:\n"
		"N pointers in .data.rel.ro, inside struct instances that mix them with\n"
		"plain fields as kernel data does, each pointer needing a relocation.\n"
		"With --from, a pointer at each byte offset FILE lists (one hex offset per\n"
		"line, 8-byte aligned; '-' reads stdin) and plain words in between.\n"
		"\n"
		"  --stats  print only the load's measured density and run lengths\n"
		"  --help   show this help\n"
		"\n"
		"Exit status: 0 ok, 1 bad offsets file, 2 usage error.\n");
}

static void asm_object(void *ctx, uint64_t id)
{
	(void)ctx;
	printf("bench_obj_%" PRIu64 ":\n", id);
}

static void asm_pointer(void *ctx, enum bench_target t, uint64_t idx)
{
	static const char *const prefix[] = { "bench_fn_", "bench_str_", "bench_obj_" };

	(void)ctx;
	printf("\t.quad\t%s%" PRIu64 "\n", prefix[t], idx);
}

static void asm_plain(void *ctx, uint64_t v)
{
	(void)ctx;
	printf("\t.quad\t%" PRIu64 "\n", v);
}

static void null_object(void *ctx, uint64_t id)
{
	(void)ctx;
	(void)id;
}

static void null_pointer(void *ctx, enum bench_target t, uint64_t idx)
{
	(void)ctx;
	(void)t;
	(void)idx;
}

static void null_plain(void *ctx, uint64_t v)
{
	(void)ctx;
	(void)v;
}

/* The load's shape, each line prefixed by `pre` (a comment leader or ""). */
static void print_stats(const struct bench_stats *st, const char *pre)
{
	uint32_t k;

	printf("%sload: %" PRIu64 " pointers in %" PRIu64 " words of %" PRIu64
	       " struct instances: density %.3f\n", pre, st->pointers, st->words,
	       st->objects, st->words ? (double)st->pointers / (double)st->words : 0.0);
	printf("%stargets: functions %" PRIu64 ", strings %" PRIu64 ", objects %" PRIu64 "\n",
	       pre, st->by_target[BENCH_FUNC], st->by_target[BENCH_STRING],
	       st->by_target[BENCH_OBJECT]);
	printf("%sruns of consecutive pointers: %" PRIu64 ", mean %.2f; by length:",
	       pre, st->runs, st->runs ? (double)st->pointers / (double)st->runs : 0.0);
	for (k = 1; k <= BENCH_RUN_BUCKETS; k++)
		printf(" %u%s:%.1f%%", k, k == BENCH_RUN_BUCKETS ? "+" : "",
		       st->runs ? PERCENT * (double)st->run_len[k] / (double)st->runs : 0.0);
	printf("\n");
}

static void emit_targets(void)
{
	unsigned int i;

	printf("\t.text\n\t.balign 4\n");
	for (i = 0; i < BENCH_NR_FUNCS; i++)
		printf("bench_fn_%u:\n\tmov\tw0, #%u\n\tret\n", i, i);
	printf("\t.section .rodata.bench, \"a\"\n");
	for (i = 0; i < BENCH_NR_STRINGS; i++)
		printf("bench_str_%u:\n\t.asciz\t\"bench string %u\"\n", i, i);
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The offsets in path, sorted; NULL (and a message) if unreadable or bad. */
static uint64_t *read_offsets(const char *path, uint64_t *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	uint64_t *off = NULL, i, line = 0;
	size_t cap = 0;
	char buf[64];

	*n = 0;
	if (!f) {
		tool_fail(TOOL_EXIT_CHECK, "%s: cannot open", path);
		return NULL;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *end;
		uint64_t v;

		line++;
		if (buf[0] == '\n' || buf[0] == '#')
			continue;
		v = strtoull(buf, &end, 16);
		if (end == buf || (*end && *end != '\n') || v % WORD) {
			tool_fail(TOOL_EXIT_CHECK, "%s:%" PRIu64 ": not an 8-byte aligned hex offset",
				  path, line);
			goto bad;
		}
		off = tool_grow(off, &cap, *n + 1, sizeof(*off));
		off[(*n)++] = v;
	}
	if (f != stdin)
		fclose(f);
	qsort(off, *n, sizeof(*off), cmp_u64);
	for (i = 1; i < *n; i++) {
		if (off[i] == off[i - 1]) {
			tool_fail(TOOL_EXIT_CHECK, "%s: offset 0x%" PRIx64 " listed twice", path, off[i]);
			free(off);
			return NULL;
		}
	}
	if (!*n)
		tool_fail(TOOL_EXIT_CHECK, "%s: no offsets", path);
	return *n ? off : (free(off), NULL);
bad:
	if (f != stdin)
		fclose(f);
	free(off);
	return NULL;
}

/* The replayed layout's shape: what the pass and its cache pass will see. */
static void replay_stats(const uint64_t *off, uint64_t n, const char *pre)
{
	uint64_t i, runs = 0, lines = 0;

	for (i = 0; i < n; i++) {
		if (!i || off[i] != off[i - 1] + WORD)
			runs++;
		if (!i || off[i] / LINE != off[i - 1] / LINE)
			lines++;
	}
	printf("%sreplay: %" PRIu64 " pointers over %" PRIu64 " bytes (%" PRIu64
	       " cache lines of %u bytes, %" PRIu64 " holding a pointer); runs %" PRIu64
	       ", mean %.2f\n", pre, n, off[n - 1] + WORD, (off[n - 1] + WORD + LINE - 1) / LINE,
	       LINE, lines, runs, (double)n / (double)runs);
}

static int replay(const char *path, int stats_only)
{
	uint64_t n, i, at = 0;
	uint64_t *off = read_offsets(path, &n);

	if (!off)
		return TOOL_EXIT_CHECK;
	if (stats_only) {
		replay_stats(off, n, "");
		free(off);
		return TOOL_EXIT_OK;
	}
	printf("/* Generated by scripts/bench_relocs --from %s: do not edit. */\n", path);
	replay_stats(off, n, "// ");
	emit_targets();
	printf("\t.section .data.rel.ro.bench, \"aw\"\n\t.balign %u\n"
	       "\t.globl bench_relocs_table\nbench_relocs_table:\n", REPLAY_ALIGN);
	for (i = 0; i < n; i++) {
		if (off[i] > at)
			printf("\t.fill\t%" PRIu64 ", 8, 0x%x\n", (off[i] - at) / WORD, PLAIN_WORD);
		/* targets as in kernel data: functions, strings, other data */
		switch (i % 3) {
		case 0:
			printf("\t.quad\tbench_fn_%" PRIu64 "\n", i % BENCH_NR_FUNCS);
			break;
		case 1:
			printf("\t.quad\tbench_str_%" PRIu64 "\n", i % BENCH_NR_STRINGS);
			break;
		default:
			printf("\t.quad\tbench_relocs_table + 0x%" PRIx64 "\n", off[(i * 7) % n]);
			break;
		}
		at = off[i] + WORD;
	}
	printf("\t.globl bench_relocs_count\n\t.section .rodata.bench, \"a\"\n\t.balign 8\n"
	       "bench_relocs_count:\n\t.quad\t%" PRIu64 "\n", n);
	free(off);
	return TOOL_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct bench_sink quiet = { null_object, null_pointer, null_plain, NULL };
	const struct bench_sink text = { asm_object, asm_pointer, asm_plain, NULL };
	struct bench_stats st;
	uint64_t total;
	int stats_only = 0;
	char *end;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return TOOL_EXIT_OK;
	}
	if (argc >= 3 && !strcmp(argv[1], "--stats")) {
		stats_only = 1;
		argv++;
		argc--;
	}
	if (argc == 3 && !strcmp(argv[1], "--from"))
		return replay(argv[2], stats_only);
	if (argc != 2) {
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	total = strtoull(argv[1], &end, 0);
	if (*end || end == argv[1] || argv[1][0] == '-' || total > MAX_RELOCS)
		return tool_fail(TOOL_EXIT_BAD, "%s: not a count of pointers (0..%llu)", argv[1],
				 MAX_RELOCS);

	/* a dry run first: the shape goes at the head of the file */
	bench_generate(total, &quiet, &st);
	if (stats_only) {
		print_stats(&st, "");
		return TOOL_EXIT_OK;
	}
	printf("/* Generated by scripts/bench_relocs %" PRIu64 ": do not edit. */\n", total);
	print_stats(&st, "// ");
	emit_targets();
	printf("\t.section .data.rel.ro.bench, \"aw\"\n\t.balign 8\n"
	       "\t.globl bench_relocs_table\nbench_relocs_table:\n");
	bench_generate(total, &text, &st);
	/* the last instance's chain pointer names one more label */
	printf("bench_obj_%" PRIu64 ":\n\t.quad\t0\n", st.objects);
	printf("\t.globl bench_relocs_count\n\t.section .rodata.bench, \"a\"\n\t.balign 8\n"
	       "bench_relocs_count:\n\t.quad\t%" PRIu64 "\n", total);
	return TOOL_EXIT_OK;
}
