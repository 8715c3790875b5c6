// SPDX-License-Identifier: MIT
/*
 * relr_pack - rewrite a linked relok kernel's R_AARCH64_RELATIVE RELA
 * entries as packed RELR (SHT_RELR), in place.
 *
 * GNU ld 2.40 cannot emit RELR for AArch64 (it ignores -z
 * pack-relative-relocs), so the GNU build packs after linking:
 *  1. every RELATIVE entry with an 8-byte aligned target is packable: its
 *     addend is written into the target word (RELR keeps no addend; the
 *     link left 0 there, --no-apply-dynamic-relocs);
 *  2. the packable addresses (and any RELR already present) are encoded
 *     (reloc_relr_encode, reloc.c) and written into the space .rela.dyn
 *     had, after the RELA entries that must stay (other types, odd
 *     targets), and the rest of that space is zeroed;
 *  3. section headers follow: .rela.dyn shrinks, a .relr.dyn section
 *     (SHT_RELR) describes the new table (added if the link had none);
 *  4. the boot pass's descriptor __pi_reloc_info (asm/reloc_info.h) gets
 *     the new offsets, sizes and RELR word count.
 * Nothing moves, so the Image layout, symbols and everything that points
 * into it stay as linked.  Running it again finds nothing to pack and
 * leaves the file unchanged (idempotent).
 *
 * Exit status: 0 packed or nothing to do, 2 usage error or bad input.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <relok/diag.h>
#include <relok/elf.h>
#include "tool.h"
#include <relok/reloc.h>
#include "reloc_desc.h"

#define PROG		"relr_pack"
TOOL_NAME(PROG);

#define WORD		8u
#define RELR_BITMAP_WORDS	63u	/* addresses one RELR bitmap can encode */
#define RELR_NAME	".relr.dyn"
#define RELA_NAME	".rela.dyn"

struct packer {
	const char *path;
	uint8_t *buf;		/* whole file, 8-byte aligned, room to grow */
	uint64_t size;
	struct elf_view v;
	bool verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--verbose] vmlinux\n"
		"\n"
		"Rewrite the R_AARCH64_RELATIVE entries of a linked relok kernel's\n"
		".rela.dyn as packed RELR (.relr.dyn), in place, and update the\n"
		"boot pass's descriptor " RELOC_INFO_SYMBOL ".  Entries of other types\n"
		"and with unaligned targets stay RELA.  Idempotent.\n"
		"\n"
		"  --verbose  say what was packed (on stdout)\n"
		"  --help     show this help\n"
		"\n"
		"Exit status: 0 packed (or nothing to pack), 2 usage error or bad input.\n");
}

/* Writable pointer into the file for something the view handed out. */
static void *mut(const struct packer *p, const void *q)
{
	return p->buf + ((const uint8_t *)q - p->buf);
}

/* [a, a + an) and [b, b + bn) share a byte. */
static bool overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * Whether file bytes [off, off + len) are plain section data: not the ELF
 * header, the program or section header tables, the section names or the
 * relocation table being rewritten.  The packer writes addends there and
 * then reads those headers again, so a target inside them must be refused.
 */
static bool plain_data(const struct packer *p, uint64_t off, uint64_t len,
		       const Elf64_Shdr *rela_sh)
{
	const Elf64_Ehdr *eh = p->v.ehdr;
	const Elf64_Shdr *str = elf_section(&p->v, eh->e_shstrndx);

	return !overlap(off, len, 0, sizeof(*eh)) &&
	       !overlap(off, len, eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize) &&
	       !overlap(off, len, eh->e_shoff, (uint64_t)eh->e_shnum * eh->e_shentsize) &&
	       !(str && overlap(off, len, str->sh_offset, str->sh_size)) &&
	       !overlap(off, len, rela_sh->sh_offset, rela_sh->sh_size);
}

/*
 * File bytes behind link-time address addr (len bytes) in a writable
 * PROGBITS section and in plain data, or NULL.  The bytes
 * may be unaligned in the file (sh_offset and sh_addr need not agree mod
 * 8): callers copy with memcpy.
 */
static uint8_t *at_addr(const struct packer *p, uint64_t addr, uint64_t len,
			const Elf64_Shdr *rela_sh)
{
	const Elf64_Shdr *sh = elf_section_for_addr(&p->v, addr);
	uint64_t off;

	if (!sh || sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_WRITE) ||
	    !elf_addr_to_offset(&p->v, addr, len, &off) || !plain_data(p, off, len, rela_sh))
		return NULL;
	return p->buf + off;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct addr_list {
	uint64_t *a;
	uint64_t n;
};

static void collect_relr(void *ctx, uint64_t r_offset, uint32_t type)
{
	struct addr_list *l = ctx;

	(void)type;
	l->a[l->n++] = r_offset;
}

/*
 * Give the file a section header for the RELR table: the table's new name
 * goes into a copy of .shstrtab and the header table, one entry longer,
 * after the old end of the file (the buffer grows to hold them).  Returns
 * the new header.  Pointers into the old buffer (the view) are stale
 * afterwards.
 */
static Elf64_Shdr *add_relr_section(struct packer *p)
{
	Elf64_Ehdr eh;
	Elf64_Shdr strsh, *sh;
	uint64_t str_off, name_off, shoff, new_size;
	size_t cap = p->size;

	memcpy(&eh, p->buf, sizeof(eh));
	memcpy(&strsh, p->buf + eh.e_shoff + (uint64_t)eh.e_shstrndx * sizeof(strsh), sizeof(strsh));
	str_off = (p->size + WORD - 1) & ~(uint64_t)(WORD - 1);
	name_off = strsh.sh_size;
	shoff = (str_off + strsh.sh_size + sizeof(RELR_NAME) + WORD - 1) & ~(uint64_t)(WORD - 1);
	new_size = shoff + ((uint64_t)eh.e_shnum + 1) * sizeof(*sh);
	p->buf = tool_grow(p->buf, &cap, new_size, 1);
	memset(p->buf + p->size, 0, new_size - p->size);
	memcpy(p->buf + str_off, p->buf + strsh.sh_offset, strsh.sh_size);
	memcpy(p->buf + str_off + name_off, RELR_NAME, sizeof(RELR_NAME));
	memcpy(p->buf + shoff, p->buf + eh.e_shoff, (size_t)eh.e_shnum * sizeof(*sh));
	sh = (Elf64_Shdr *)(p->buf + shoff);
	sh[eh.e_shstrndx].sh_offset = str_off;
	sh[eh.e_shstrndx].sh_size = name_off + sizeof(RELR_NAME);
	memset(&sh[eh.e_shnum], 0, sizeof(*sh));
	sh[eh.e_shnum].sh_name = (uint32_t)name_off;
	eh.e_shoff = shoff;
	eh.e_shnum++;
	memcpy(p->buf, &eh, sizeof(eh));
	p->size = new_size;
	return &sh[eh.e_shnum - 1];
}

static int pack(struct packer *p)
{
	const Elf64_Shdr *rela_sh = elf_section_by_name(&p->v, RELA_NAME);
	const Elf64_Shdr *relr_sh = elf_section_by_name(&p->v, RELR_NAME);
	struct reloc_desc rd;
	uint64_t rela_n, relr_n = 0, keep = 0, i;
	uint64_t nrelr, rela_addr, rela_off, region;
	const Elf64_Rela *rela;
	struct addr_list l;
	Elf64_Rela *kept;
	Elf64_Relr *relr;
	Elf64_Shdr *out_sh;
	const char *why;
	struct diag d;

	if (!rela_sh || rela_sh->sh_type != SHT_RELA || !rela_sh->sh_size) {
		if (p->verbose)
			printf(PROG ": %s: no RELA entries: nothing to pack\n", p->path);
		return TOOL_EXIT_OK;
	}
	diag_init(&d);
	if (!reloc_desc_read(&p->v, &rd, &d))
		return tool_fail_diag(TOOL_EXIT_BAD, p->path, &d);
	if (rd.rela != rela_sh || !plain_data(p, rd.off, sizeof(rd.info), rela_sh))
		return tool_fail(TOOL_EXIT_BAD, "%s: the descriptor does not describe " RELA_NAME
				 ", or overlaps the headers (RELA offset 0x%" PRIx64 ")", p->path,
				 rd.info.rela_offset);
	rela_addr = rela_sh->sh_addr;
	rela_off = rela_sh->sh_offset;
	region = rela_sh->sh_size;

	rela = elf_section_data(&p->v, rela_sh);
	rela_n = region / sizeof(*rela);
	if (relr_sh && relr_sh->sh_type == SHT_RELR)
		relr_n = relr_sh->sh_size / sizeof(Elf64_Relr);
	l.a = tool_alloc(rela_n + relr_n * (RELR_BITMAP_WORDS + 1), sizeof(*l.a));
	l.n = 0;
	kept = tool_alloc(rela_n, sizeof(*kept));
	for (i = 0; i < rela_n; i++) {
		const bool packable = ELF64_R_TYPE(rela[i].r_info) == R_AARCH64_RELATIVE &&
				      !(rela[i].r_offset & (WORD - 1));
		uint8_t *slot = packable ? at_addr(p, rela[i].r_offset, WORD, rela_sh) : NULL;

		if (!slot) {
			kept[keep++] = rela[i];
			continue;
		}
		memcpy(slot, &rela[i].r_addend, WORD);	/* RELR: the word holds its value */
		l.a[l.n++] = rela[i].r_offset;
	}
	if (l.n == 0) {
		if (p->verbose)
			printf(PROG ": %s: nothing packable (%" PRIu64 " RELA entries stay)\n",
			       p->path, keep);
		free(l.a);
		free(kept);
		return TOOL_EXIT_OK;
	}
	if (relr_n) {	/* a table from the linker: merge it in */
		diag_init(&d);
		if (!reloc_relr_walk(elf_section_data(&p->v, relr_sh), relr_n, collect_relr, &l, &d))
			return tool_fail_diag_at(TOOL_EXIT_BAD, p->path, RELR_NAME, &d);
	}
	qsort(l.a, l.n, sizeof(*l.a), cmp_u64);
	relr = tool_alloc(l.n, sizeof(*relr));
	diag_init(&d);
	nrelr = reloc_relr_encode(l.a, l.n, relr, &d);
	if (!nrelr)
		return tool_fail_diag(TOOL_EXIT_BAD, p->path, &d);
	if (keep * sizeof(*kept) + nrelr * sizeof(*relr) > region)
		return tool_fail(TOOL_EXIT_BAD, "%s: packed table does not fit where " RELA_NAME
				 " was (0x%" PRIx64 " bytes)", p->path, region);

	/* [kept RELA][RELR][zeros] in the bytes .rela.dyn had */
	{
		uint8_t *dst = mut(p, rela);
		const uint64_t kept_bytes = keep * sizeof(*kept);

		memcpy(dst, kept, kept_bytes);
		memcpy(dst + kept_bytes, relr, nrelr * sizeof(*relr));
		memset(dst + kept_bytes + nrelr * sizeof(*relr), 0,
		       region - kept_bytes - nrelr * sizeof(*relr));
		rd.info.rela_size = kept_bytes;
		rd.info.relr_offset = rd.info.rela_offset + kept_bytes;
		rd.info.relr_size = nrelr * sizeof(*relr);
		rd.info.relr_count = l.n;
		reloc_desc_write(p->buf, &rd);
		((Elf64_Shdr *)mut(p, rela_sh))->sh_size = kept_bytes;
	}
	/* the view points into the old buffer from here on */
	out_sh = relr_sh ? mut(p, relr_sh) : add_relr_section(p);
	out_sh->sh_type = SHT_RELR;
	out_sh->sh_flags = SHF_ALLOC;
	out_sh->sh_addr = rela_addr + rd.info.rela_size;
	out_sh->sh_offset = rela_off + rd.info.rela_size;
	out_sh->sh_size = rd.info.relr_size;
	out_sh->sh_addralign = WORD;
	out_sh->sh_entsize = sizeof(Elf64_Relr);
	out_sh->sh_link = 0;
	out_sh->sh_info = 0;

	if (p->verbose)
		printf(PROG ": %s: %" PRIu64 " relocations: %" PRIu64 " RELA bytes -> %" PRIu64
		       " RELR + %" PRIu64 " RELA bytes\n", p->path, l.n + keep, region,
		       rd.info.relr_size, rd.info.rela_size);
	free(l.a);
	free(kept);
	free(relr);
	/* path.tmp, then a rename: a failure never leaves half a kernel */
	if (!tool_write_file(p->path, p->buf, p->size, &why))
		return tool_fail(TOOL_EXIT_BAD, "%s: %s", p->path, why);
	return TOOL_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct packer p;
	const char *why;
	struct diag d;
	int i, rc;

	memset(&p, 0, sizeof(p));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return TOOL_EXIT_OK;
		} else if (!strcmp(argv[i], "--verbose")) {
			p.verbose = true;
		} else if (argv[i][0] == '-') {
			tool_fail(TOOL_EXIT_BAD, "unknown option '%s'", argv[i]);
			usage(stderr);
			return TOOL_EXIT_BAD;
		} else if (!p.path) {
			p.path = argv[i];
		} else {
			return tool_fail(TOOL_EXIT_BAD, "only one input file may be given");
		}
	}
	if (!p.path) {
		tool_fail(TOOL_EXIT_BAD, "no input file");
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	p.buf = tool_read_file(p.path, &p.size, 0, &why);
	if (!p.buf)
		return tool_fail(TOOL_EXIT_BAD, "%s: %s", p.path, why);
	diag_init(&d);
	if (!elf_open(&p.v, p.buf, p.size, 0, &d))
		rc = tool_fail_diag(TOOL_EXIT_BAD, p.path, &d);
	else if (p.v.ehdr->e_type == ET_REL)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: a relocatable object (a module or .o), not a "
			       "linked kernel: relr_pack packs the dynamic relocations of a linked "
			       "vmlinux", p.path);
	else if (p.v.ehdr->e_type != ET_DYN && p.v.ehdr->e_type != ET_EXEC)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: not a linked kernel (e_type %u, want ET_DYN or "
			       "ET_EXEC)", p.path, p.v.ehdr->e_type);
	else if (!p.v.shnum)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: no section headers", p.path);
	else
		rc = pack(&p);
	free(p.buf);
	return rc;
}
