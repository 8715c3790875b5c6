// SPDX-License-Identifier: MIT
/*
 * relocs_extract - print where a kernel's boot-time relocations land, one
 * hex byte offset per line, for replaying its layout in relok
 * (make BENCH_RELOCS_FROM=FILE, make bench; docs/performance.md).
 *
 * Input, either:
 *  - an ELF kernel (relok's vmlinux, or any -pie link): every relocated
 *    word its .rela.dyn/.relr.dyn name (reloc.c's walkers);
 *  - an arm64 Linux Image (raw, as booted; an EFI-signed one is still raw):
 *    with CONFIG_RELOCATABLE its RELA table lies inside the image, but
 *    nothing in the header locates it, so the image is scanned for the
 *    longest run of 24-byte Elf64_Rela entries of type R_AARCH64_RELATIVE
 *    whose targets are kernel addresses (the top 16 bits set).  A gzip'd
 *    Image (vmlinuz of some distributions) is refused: decompress it first.
 * Offsets are relative to the 4 KiB page holding the lowest target, so
 * that a replay at a page-aligned region keeps every word's cache line
 * position.
 *
 * Exit status: 0 ok, 1 no relocation table found, 2 usage error or bad input.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <relok/diag.h>
#include <relok/elf.h>
#include <relok/reloc.h>
#include "tool.h"

TOOL_NAME("relocs_extract");

#define WORD		8u
#define PAGE		4096u
#define MIN_RUN		16u		/* fewer entries than this is not a table */
#define KERNEL_VA_TOP	0xffff000000000000ull

static const uint8_t image_magic[4] = { 'A', 'R', 'M', 0x64 };
#define IMAGE_MAGIC_OFFSET	56
static const uint8_t gzip_magic[2] = { 0x1f, 0x8b };
static const uint8_t elf_magic[4] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };

struct list {
	uint64_t *a;
	size_t n, cap;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--stats] KERNEL\n"
		"\n"
		"Print the byte offset of every word KERNEL relocates at boot, one hex\n"
		"number per line, relative to the page of the lowest one.  KERNEL is an\n"
		"ELF kernel (its .rela.dyn/.relr.dyn) or a raw arm64 Linux Image (its\n"
		"RELA table is found by scanning).\n"
		"\n"
		"  --stats  print counts instead: relocations, span, where the table was\n"
		"  --help   show this help\n"
		"\n"
		"Exit status: 0 ok, 1 no relocation table found, 2 usage error or bad input.\n",
		tool_name);
}

static void add(struct list *l, uint64_t a)
{
	l->a = tool_grow(l->a, &l->cap, l->n + 1, sizeof(*l->a));
	l->a[l->n++] = a;
}

static void collect(void *ctx, uint64_t r_offset, uint32_t type)
{
	if (type == R_AARCH64_RELATIVE)
		add(ctx, r_offset);
}

/* An ELF kernel: every RELATIVE word of its allocated RELA/RELR sections. */
static int from_elf(const char *path, void *buf, uint64_t size, struct list *l)
{
	struct elf_view v;
	struct diag d;
	uint32_t i;

	diag_init(&d);
	if (!elf_open(&v, buf, size, 0, &d))
		return tool_fail_diag(TOOL_EXIT_BAD, path, &d);
	for (i = 1; i < v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&v, i);
		const void *data = elf_section_data(&v, sh);

		if (!(sh->sh_flags & SHF_ALLOC) || !data)
			continue;
		if (sh->sh_type == SHT_RELA) {
			reloc_rela_walk(data, elf_section_entries(sh), collect, l);
		} else if (sh->sh_type == SHT_RELR &&
			   !reloc_relr_walk(data, elf_section_entries(sh), collect, l, &d)) {
			return tool_fail_diag_at(TOOL_EXIT_BAD, path, elf_section_name(&v, sh), &d);
		}
	}
	return TOOL_EXIT_OK;
}

static bool relative_entry(const uint8_t *p)
{
	Elf64_Rela r;

	memcpy(&r, p, sizeof(r));
	return ELF64_R_TYPE(r.r_info) == R_AARCH64_RELATIVE && ELF64_R_SYM(r.r_info) == 0 &&
	       (r.r_offset & KERNEL_VA_TOP) == KERNEL_VA_TOP && r.r_offset % WORD == 0;
}

/* A raw Image: the longest run of RELATIVE entries at an 8-byte boundary. */
static int from_image(const char *path, const uint8_t *buf, uint64_t size, struct list *l,
		      uint64_t *table_at)
{
	uint64_t pos, best = 0, best_len = 0, i;

	for (pos = 0; pos + sizeof(Elf64_Rela) <= size; pos += WORD) {
		uint64_t at = pos, len = 0;

		while (at + sizeof(Elf64_Rela) <= size && relative_entry(buf + at)) {
			at += sizeof(Elf64_Rela);
			len++;
		}
		if (len > best_len) {
			best_len = len;
			best = pos;
		}
		if (len)
			pos = at - WORD;	/* no run starts inside this one */
	}
	if (best_len < MIN_RUN)
		return tool_fail(TOOL_EXIT_CHECK, "%s: no RELA table of R_AARCH64_RELATIVE entries "
				 "found (a kernel built without CONFIG_RELOCATABLE, or with RELR "
				 "only?)", path);
	for (i = 0; i < best_len; i++) {
		Elf64_Rela r;

		memcpy(&r, buf + best + i * sizeof(r), sizeof(r));
		add(l, r.r_offset);
	}
	*table_at = best;
	return TOOL_EXIT_OK;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *why;
	struct list l = { 0 };
	uint64_t size, i, base, table_at = UINT64_MAX;
	bool stats = false;
	uint8_t *buf;
	int rc, a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
			usage(stdout);
			return TOOL_EXIT_OK;
		} else if (!strcmp(argv[a], "--stats")) {
			stats = true;
		} else if (argv[a][0] == '-' && argv[a][1]) {
			tool_fail(TOOL_EXIT_BAD, "unknown option '%s'", argv[a]);
			usage(stderr);
			return TOOL_EXIT_BAD;
		} else if (!path) {
			path = argv[a];
		} else {
			return tool_fail(TOOL_EXIT_BAD, "only one input file may be given");
		}
	}
	if (!path) {
		tool_fail(TOOL_EXIT_BAD, "no input file");
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	buf = tool_read_file(path, &size, 0, &why);
	if (!buf)
		return tool_fail(TOOL_EXIT_BAD, "%s: %s", path, why);
	if (size >= sizeof(gzip_magic) && !memcmp(buf, gzip_magic, sizeof(gzip_magic))) {
		rc = tool_fail(TOOL_EXIT_BAD, "%s: gzip-compressed: decompress it first "
			       "(zcat %s > Image)", path, path);
	} else if (size >= sizeof(elf_magic) && !memcmp(buf, elf_magic, sizeof(elf_magic))) {
		rc = from_elf(path, buf, size, &l);
	} else if (size >= IMAGE_MAGIC_OFFSET + sizeof(image_magic) &&
		   !memcmp(buf + IMAGE_MAGIC_OFFSET, image_magic, sizeof(image_magic))) {
		rc = from_image(path, buf, size, &l, &table_at);
	} else {
		rc = tool_fail(TOOL_EXIT_BAD, "%s: neither an ELF file nor an arm64 Image", path);
	}
	if (rc == TOOL_EXIT_OK && !l.n)
		rc = tool_fail(TOOL_EXIT_CHECK, "%s: no R_AARCH64_RELATIVE relocations", path);
	if (rc == TOOL_EXIT_OK) {
		qsort(l.a, l.n, sizeof(*l.a), cmp_u64);
		base = l.a[0] & ~(uint64_t)(PAGE - 1);
		if (stats) {
			printf("relocations %" PRIu64 "\n", l.n);
			printf("span %" PRIu64 "\n", l.a[l.n - 1] + WORD - base);
			if (table_at != UINT64_MAX)
				printf("table-offset 0x%" PRIx64 "\n", table_at);
		} else {
			for (i = 0; i < l.n; i++)
				printf("%" PRIx64 "\n", l.a[i] - base);
		}
	}
	free(l.a);
	free(buf);
	return rc;
}
