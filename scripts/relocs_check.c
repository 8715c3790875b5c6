// SPDX-License-Identifier: MIT
/*
 * relocs_check - check the dynamic relocations of a linked relok kernel.
 *
 * The kernel is linked -pie -z notext and relocates itself in early boot,
 * where the only relocation it can apply is R_AARCH64_RELATIVE to a
 * writable word.  This tool rejects, at build time, anything the boot
 * relocation pass could not handle or that would break before it runs:
 *
 *  - a dynamic relocation other than R_AARCH64_RELATIVE;
 *  - a relocation target outside a writable allocated section (a text
 *    relocation: the boot code would write into code or read-only data);
 *  - GOT or PLT entries (code reaching symbols through the GOT);
 *  - a relocation inside an "early" section, whose code and data run
 *    before relocation and so must not hold absolute addresses;
 *  - a PT_LOAD segment that is both writable and executable;
 *  - a relocation in the exception table __ex_table (scripts/extable_sort
 *    did not run: the table must hold relative offsets);
 *  - a word relocated twice (named twice, or by both tables): RELR adds the
 *    displacement to what the word holds, so a second pass moves it again;
 *  - a malformed RELR table (reloc.c's walker: addresses must increase);
 *  - a relocation descriptor (asm/reloc_info.h) that does not describe the
 *    tables, whose RELR word count is wrong (the boot reports it), or a
 *    cache-line table (relok/reloc.h) that is not the relocations' lines.
 *
 * With --purgatory it checks the kexec purgatory (purgatory/, docs/kexec.md)
 * instead, which the kernel loads by its program header and never
 * relocates: no dynamic relocation at all, no GOT/PLT entries, exactly one
 * PT_LOAD starting at address 0 whose alignment a 4 KiB-aligned load
 * satisfies, and no symbol of default visibility (the purgatory is built
 * with hidden visibility, so -fpie code reaches nothing through a GOT).
 *
 * Exit status: 0 clean, 1 a check failed, 2 usage error or unusable input.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/extable.h>
#include <relok/diag.h>
#include <relok/elf.h>
#include "tool.h"
#include "reloc_desc.h"
#include <relok/reloc.h>

#define PROG		"relocs_check"
TOOL_NAME(PROG);

/* Print at most this many violations, then only count them. */
#define MAX_REPORTED	50
#define MAX_EARLY	16

/*
 * Space linkers reserve in GOT/PLT sections even when nothing uses them,
 * measured with GNU ld 2.40 and ld.lld 14 (AArch64, -pie):
 *  - .got: GNU ld always emits one 8-byte word holding the link-time
 *    address of _DYNAMIC, or 0 if .dynamic is discarded (no relocation);
 *    lld emits no .got when empty;
 *  - .got.plt: three 8-byte words for the dynamic linker (GNU ld emits
 *    them even without a PLT; lld only together with a PLT);
 *  - .plt: the 32-byte PLT0 header, present only with PLT entries.
 */
#define GOT_WORD		8u
#define GOTPLT_RESERVED		(3u * GOT_WORD)
#define PLT_HEADER_SIZE		32u

#define GOT_ADVICE \
	"a GOT entry means code reached a symbol through the GOT: build with -fpie and hidden visibility"

struct type_count {
	uint32_t type;
	uint64_t count;
};

struct checker {
	const char *path;
	struct elf_view v;
	const char *early[MAX_EARLY];
	unsigned int nearly;
	bool stats;
	bool purgatory;			/* --purgatory: no relocation at all */

	uint64_t violations;
	uint64_t visited;		/* relocations seen by check_one() */

	/* statistics */
	uint64_t n_rela;		/* RELA entries */
	uint64_t n_relr;		/* addresses encoded in RELR tables */
	struct type_count *types;
	size_t ntypes, types_cap;
	uint64_t *by_section;		/* indexed by section number */
	uint64_t outside;		/* targets in no allocated section */
	uint64_t *targets;		/* every relocated word, for the twice check */
	size_t ntargets, targets_cap;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--stats] [--early PREFIX]... vmlinux\n"
		"       " PROG " [--stats] --purgatory purgatory.elf\n"
		"\n"
		"Check the dynamic relocations of a kernel linked -pie:\n"
		"  every one is R_AARCH64_RELATIVE and targets a writable section,\n"
		"  no GOT/PLT entries, no relocation in an early section,\n"
		"  no writable and executable PT_LOAD segment,\n"
		"  no word relocated twice, a well-formed RELR table.\n"
		"\n"
		"  --stats          print relocation statistics on stdout\n"
		"  --early PREFIX   sections whose name starts with PREFIX run before\n"
		"                   relocation (repeatable; replaces the defaults\n"
		"                   .head.text and .pi.)\n"
		"  --purgatory      check a kexec purgatory instead: no dynamic\n"
		"                   relocation at all, no GOT/PLT entries, one PT_LOAD\n"
		"                   at address 0 loadable at any 4 KiB-aligned address,\n"
		"                   no symbol of default visibility\n"
		"  --help           show this help\n"
		"\n"
		"Exit status: 0 clean, 1 a check failed, 2 usage error or bad input.\n");
}

static void violation(struct checker *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	if (++c->violations > MAX_REPORTED)
		return;
	va_start(ap, fmt);
	tool_vfail(TOOL_EXIT_CHECK, c->path, fmt, ap);
	va_end(ap);
}

/* A violation that lib/ or reloc_desc.c reported in a diag. */
static void violation_diag(struct checker *c, const struct diag *d)
{
	if (++c->violations <= MAX_REPORTED)
		tool_fail_diag(TOOL_EXIT_CHECK, c->path, d);
}

static const char *reloc_name(uint32_t type, char *tmp, size_t tmplen)
{
	const char *name = elf_aarch64_reloc_name(type);

	if (name)
		return name;
	snprintf(tmp, tmplen, "R_AARCH64_unknown_%" PRIu32, type);
	return tmp;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void count_type(struct checker *c, uint32_t type)
{
	size_t i;

	for (i = 0; i < c->ntypes; i++) {
		if (c->types[i].type == type) {
			c->types[i].count++;
			return;
		}
	}
	c->types = tool_grow(c->types, &c->types_cap, c->ntypes + 1, sizeof(*c->types));
	c->types[c->ntypes].type = type;
	c->types[c->ntypes].count = 1;
	c->ntypes++;
}

/* Called for every dynamic relocation, RELA or RELR. */
static void check_one(void *ctx, uint64_t where, uint32_t type)
{
	struct checker *c = ctx;
	const Elf64_Shdr *sh = elf_section_for_addr(&c->v, where);
	const char *sec = sh ? elf_section_name(&c->v, sh) : "no section";
	char tmp[48];
	unsigned int i;

	c->visited++;
	count_type(c, type);
	c->targets = tool_grow(c->targets, &c->targets_cap, c->ntargets + 1, sizeof(*c->targets));
	c->targets[c->ntargets++] = where;
	if (sh)
		c->by_section[elf_section_index(&c->v, sh)]++;
	else
		c->outside++;

	if (c->purgatory) {
		violation(c, "dynamic relocation %s at 0x%" PRIx64 " (in %s): the purgatory is "
			  "loaded by its program header and never relocated; build it -fpie "
			  "-mcmodel=small with hidden visibility and keep pointers out of its data",
			  reloc_name(type, tmp, sizeof(tmp)), where, sec);
		return;
	}
	if (type != R_AARCH64_RELATIVE)
		violation(c, "unexpected %s at 0x%" PRIx64 " (in %s)",
			  reloc_name(type, tmp, sizeof(tmp)), where, sec);
	if (!sh) {
		violation(c, "relocation target 0x%" PRIx64
			  " is outside every allocated section", where);
		return;
	}
	if (!(sh->sh_flags & SHF_WRITE))
		violation(c, "text relocation at 0x%" PRIx64
			  " (in %s, which is not writable)", where, sec);
	if (!strcmp(sec, EXTABLE_SECTION))
		violation(c, "relocation at 0x%" PRIx64 " targets " EXTABLE_SECTION
			  ": run scripts/extable_sort, the exception table must hold relative offsets",
			  where);
	for (i = 0; i < c->nearly; i++) {
		if (starts_with(sec, c->early[i])) {
			violation(c, "relocation at 0x%" PRIx64
				  " in early section %s: code and data that run before relocation must hold no absolute addresses",
				  where, sec);
			break;
		}
	}
}

static int check_relocs(struct checker *c)
{
	uint32_t i;

	for (i = 1; i < c->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&c->v, i);
		const char *name = elf_section_name(&c->v, sh);
		const void *data = elf_section_data(&c->v, sh);
		uint64_t n = elf_section_entries(sh);
		struct diag d;

		/* non-allocated relocations (--emit-relocs) are not applied */
		if (!(sh->sh_flags & SHF_ALLOC))
			continue;
		switch (sh->sh_type) {
		case SHT_RELA:
			c->n_rela += n;
			reloc_rela_walk(data, n, check_one, c);
			break;
		case SHT_RELR: {
			const uint64_t before = c->visited;

			diag_init(&d);
			if (!reloc_relr_walk(data, n, check_one, c, &d))
				return tool_fail_diag_at(TOOL_EXIT_BAD, c->path, name, &d);
			/* a RELR entry may encode up to 63 addresses */
			c->n_relr += c->visited - before;
			break;
		}
		case SHT_REL:
			violation(c, "unexpected SHT_REL section %s (the boot relocation pass only handles RELA and RELR)",
				  name);
			break;
		default:
			break;
		}
	}
	return TOOL_EXIT_OK;
}

static const Elf64_Shdr *dynamic_section(const struct elf_view *v)
{
	uint32_t i;

	for (i = 1; i < v->shnum; i++) {
		if (elf_section(v, i)->sh_type == SHT_DYNAMIC)
			return elf_section(v, i);
	}
	return NULL;
}

/* Does any RELA entry write the word at addr? */
static bool rela_targets(const struct checker *c, uint64_t addr)
{
	uint32_t i;

	for (i = 1; i < c->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&c->v, i);
		const Elf64_Rela *r;
		uint64_t n, k;

		if (sh->sh_type != SHT_RELA || !(sh->sh_flags & SHF_ALLOC))
			continue;
		r = elf_section_data(&c->v, sh);
		if (!r)
			continue;
		n = sh->sh_size / sizeof(*r);
		for (k = 0; k < n; k++)
			if (r[k].r_offset == addr)
				return true;
	}
	return false;
}

/*
 * GNU ld's reserved .got word holds the link-time address of _DYNAMIC, or
 * 0 when the linker script discards .dynamic.  A word that some code
 * loads an address from is different: in a position-independent link it
 * always carries a dynamic relocation (its stored value may be 0 too,
 * with --no-apply-dynamic-relocs), so that is what tells them apart.
 */
static uint64_t got_reserved(const struct checker *c, const Elf64_Shdr *got)
{
	const Elf64_Shdr *dyn = dynamic_section(&c->v);
	const uint8_t *data = elf_section_data(&c->v, got);
	uint64_t word;

	if (!data || got->sh_size < GOT_WORD || rela_targets(c, got->sh_addr))
		return 0;
	memcpy(&word, data, sizeof(word));
	if (dyn ? word == dyn->sh_addr : word == 0)
		return GOT_WORD;
	return 0;
}

static void check_got(struct checker *c)
{
	const Elf64_Shdr *sh;
	uint64_t reserved;

	sh = elf_section_by_name(&c->v, ".got");
	if (sh) {
		reserved = got_reserved(c, sh);
		if (sh->sh_size > reserved)
			violation(c, ".got has %" PRIu64 " bytes beyond the linker's reserved header (%" PRIu64 " entries): " GOT_ADVICE,
				  sh->sh_size - reserved,
				  (sh->sh_size - reserved) / GOT_WORD);
	}
	sh = elf_section_by_name(&c->v, ".got.plt");
	if (sh && sh->sh_size > GOTPLT_RESERVED)
		violation(c, ".got.plt has %" PRIu64 " entries beyond the reserved header: " GOT_ADVICE,
			  (sh->sh_size - GOTPLT_RESERVED) / GOT_WORD);
	sh = elf_section_by_name(&c->v, ".plt");
	if (sh && sh->sh_size > PLT_HEADER_SIZE)
		violation(c, ".plt has %" PRIu64 " bytes of PLT entries: calls go through a PLT and the GOT; " GOT_ADVICE,
			  sh->sh_size - PLT_HEADER_SIZE);
}

static void check_segments(struct checker *c)
{
	uint32_t i;

	for (i = 0; i < c->v.phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(&c->v, i);

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) &&
		    (ph->p_flags & PF_X))
			violation(c, "PT_LOAD segment %" PRIu32 " at 0x%" PRIx64
				  " is writable and executable (RWX)",
				  i, ph->p_vaddr);
	}
}

/* Largest alignment a load at any 4 KiB-aligned address satisfies. */
#define PURGATORY_LOAD_ALIGN	4096u

/* --purgatory: the shape the kernel's program-header loader relies on. */
static void check_purgatory_shape(struct checker *c)
{
	const Elf64_Phdr *load = NULL;
	unsigned int nload = 0;
	uint32_t i;

	for (i = 0; i < c->v.phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(&c->v, i);

		if (ph->p_type == PT_LOAD) {
			nload++;
			load = ph;
		} else if (ph->p_type == PT_INTERP || ph->p_type == PT_TLS ||
			   ph->p_type == PT_DYNAMIC) {
			violation(c, "program header %" PRIu32 " of type 0x%" PRIx32
				  ": the purgatory has no interpreter, TLS or dynamic section",
				  i, ph->p_type);
		}
	}
	if (nload != 1) {
		violation(c, "%u PT_LOAD segments: the purgatory must have exactly one", nload);
		return;
	}
	if (load->p_vaddr != 0)
		violation(c, "the PT_LOAD starts at 0x%" PRIx64
			  ": it must start at 0, where the header is", load->p_vaddr);
	if (load->p_align > PURGATORY_LOAD_ALIGN)
		violation(c, "the PT_LOAD asks for 0x%" PRIx64
			  " alignment: the kernel loads it 4 KiB aligned", load->p_align);
	if (c->v.ehdr->e_entry >= load->p_memsz)
		violation(c, "entry point 0x%" PRIx64 " is outside the PT_LOAD",
			  c->v.ehdr->e_entry);
	for (i = 1; i < c->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&c->v, i);

		if (!(sh->sh_flags & SHF_ALLOC) || !sh->sh_size)
			continue;
		if (sh->sh_addralign > PURGATORY_LOAD_ALIGN)
			violation(c, "section %s needs 0x%" PRIx64 " alignment: the kernel "
				  "loads the purgatory 4 KiB aligned",
				  elf_section_name(&c->v, sh), sh->sh_addralign);
		/* The loader copies p_filesz and zeroes up to p_memsz: nothing else exists. */
		if (sh->sh_addr < load->p_vaddr || sh->sh_addr - load->p_vaddr > load->p_memsz ||
		    sh->sh_size > load->p_memsz - (sh->sh_addr - load->p_vaddr))
			violation(c, "section %s (0x%" PRIx64 "+0x%" PRIx64 ") lies outside the "
				  "PT_LOAD: the loader would not place it",
				  elf_section_name(&c->v, sh), sh->sh_addr, sh->sh_size);
	}
}

/* --purgatory: a global symbol of default visibility means the code was not
 * built hidden, and -fpie code would have reached such a symbol via the GOT. */
static void check_visibility(struct checker *c)
{
	uint32_t i, k;

	for (i = 1; i < c->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&c->v, i);
		uint64_t n;

		if (sh->sh_type != SHT_SYMTAB && sh->sh_type != SHT_DYNSYM)
			continue;
		n = elf_section_entries(sh);
		for (k = 1; k < n; k++) {
			Elf64_Sym sym;
			const char *name;
			struct diag d;

			diag_init(&d);
			if (!elf_symbol(&c->v, sh, k, &sym, &name, &d))
				break;
			if (ELF64_ST_BIND(sym.st_info) == STB_LOCAL ||
			    ELF64_ST_VISIBILITY(sym.st_other) != STV_DEFAULT)
				continue;
			violation(c, "symbol %s has default visibility (in %s): the purgatory is "
				  "built with hidden visibility", name ? name : "?",
				  elf_section_name(&c->v, sh));
		}
	}
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The boot pass finds its tables, the boot report its count and the cache
 * pass its lines in the descriptor: all must describe this image.
 */
static void check_descriptor(struct checker *c)
{
	struct reloc_desc rd;
	struct reloc_lines t;
	uint64_t off;
	struct diag d;

	if (!reloc_desc_present(&c->v))
		return;		/* not a relok kernel (e.g. a test object) */
	diag_init(&d);
	if (!reloc_desc_read(&c->v, &rd, &d)) {
		violation_diag(c, &d);
		return;
	}
	if (rd.info.relr_count != c->n_relr)
		violation(c, RELOC_INFO_SYMBOL " says the RELR table names %" PRIu64
			  " words, it names %" PRIu64 " (a post-link tool did not update it)",
			  rd.info.relr_count, c->n_relr);
	if (!reloc_lines_of(&c->v, &t, &d)) {
		violation_diag(c, &d);
		return;
	}
	if (rd.info.lines_size != t.n * sizeof(*t.entry) ||
	    !elf_addr_to_offset(&c->v, rd.head + rd.info.lines_offset, rd.info.lines_size, &off) ||
	    memcmp(c->v.buf + off, t.entry, rd.info.lines_size))
		violation(c, "the cache-line table (.reloc_lines, %" PRIu64 " bytes) is not the one "
			  "the relocations call for (%" PRIu64 " entries for %" PRIu64 " lines): "
			  "link with the table scripts/reloc_lines makes", rd.info.lines_size, t.n,
			  t.lines);
	free(t.entry);
}

/* The boot pass writes each word once: a second entry for it would move it again. */
static void check_twice(struct checker *c)
{
	uint64_t i;

	if (!c->ntargets)
		return;
	qsort(c->targets, c->ntargets, sizeof(*c->targets), cmp_u64);
	for (i = 1; i < c->ntargets; i++)
		if (c->targets[i] == c->targets[i - 1])
			violation(c, "the word at 0x%" PRIx64 " is relocated twice "
				  "(named twice, or by both RELA and RELR)", c->targets[i]);
}

static int cmp_type(const void *a, const void *b)
{
	const struct type_count *x = a, *y = b;

	return x->type < y->type ? -1 : x->type > y->type;
}

static void print_stats(struct checker *c)
{
	char tmp[48];
	uint32_t i;
	size_t k;

	printf("format rela=%" PRIu64 " relr=%" PRIu64 "\n",
	       c->n_rela, c->n_relr);
	if (c->ntypes)
		qsort(c->types, c->ntypes, sizeof(*c->types), cmp_type);
	for (k = 0; k < c->ntypes; k++)
		printf("type %s %" PRIu64 "\n",
		       reloc_name(c->types[k].type, tmp, sizeof(tmp)),
		       c->types[k].count);
	for (i = 1; i < c->v.shnum; i++) {
		if (c->by_section[i])
			printf("section %s %" PRIu64 "\n",
			       elf_section_name(&c->v, elf_section(&c->v, i)),
			       c->by_section[i]);
	}
	if (c->outside)
		printf("section (none) %" PRIu64 "\n", c->outside);
	printf("total %" PRIu64 "\n", c->n_rela + c->n_relr);
}

/* The checks on an opened ELF file; TOOL_EXIT_CHECK if any failed. */
static int check_elf(struct checker *c)
{
	int rc;

	c->by_section = tool_alloc(c->v.shnum, sizeof(*c->by_section));
	rc = check_relocs(c);
	if (rc == TOOL_EXIT_OK) {
		check_got(c);
		if (c->purgatory) {
			/* One RWX segment by design: it runs with the MMU off. */
			check_purgatory_shape(c);
			check_visibility(c);
		} else {
			check_segments(c);
			check_twice(c);
			check_descriptor(c);
		}
		if (c->stats)
			print_stats(c);
		if (c->violations > MAX_REPORTED)
			tool_fail(TOOL_EXIT_CHECK, "%s: ... %" PRIu64 " more not shown", c->path,
				  c->violations - MAX_REPORTED);
		if (c->violations)
			rc = tool_fail(TOOL_EXIT_CHECK, "%s: %" PRIu64 " problem(s) found", c->path,
				       c->violations);
	}
	free(c->by_section);
	free(c->types);
	free(c->targets);
	return rc;
}

static int check_file(struct checker *c)
{
	uint64_t size = 0;
	const char *why;
	void *buf = tool_read_file(c->path, &size, 0, &why);
	uint16_t type;
	struct diag d;
	int rc;

	if (!buf)
		return tool_fail(TOOL_EXIT_BAD, "%s: %s", c->path, why);
	diag_init(&d);
	if (!elf_open(&c->v, buf, size, 0, &d)) {
		free(buf);
		return tool_fail_diag(TOOL_EXIT_BAD, c->path, &d);
	}
	/* GNU ld marks a -pie link with a non-zero base ET_EXEC, lld ET_DYN */
	type = c->v.ehdr->e_type;
	if (c->purgatory && type != ET_DYN)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: not a position-independent executable (e_type %u, "
			       "want ET_DYN): link the purgatory -pie", c->path, type);
	else if (type != ET_DYN && type != ET_EXEC)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: not a linked kernel (e_type %u, want ET_DYN)",
			       c->path, type);
	else if (!c->v.shnum)
		rc = tool_fail(TOOL_EXIT_BAD, "%s: no section headers", c->path);
	else
		rc = check_elf(c);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	struct checker c;
	const char *path = NULL;
	bool custom_early = false;
	int i;

	memset(&c, 0, sizeof(c));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return TOOL_EXIT_OK;
		} else if (!strcmp(a, "--stats")) {
			c.stats = true;
		} else if (!strcmp(a, "--purgatory")) {
			c.purgatory = true;
		} else if (!strcmp(a, "--early") || !strncmp(a, "--early=", 8)) {
			const char *p = a[7] == '=' ? a + 8 : argv[++i];

			if (!p || !*p)
				return tool_fail(TOOL_EXIT_BAD, "--early needs a non-empty PREFIX");
			if (!custom_early) {
				c.nearly = 0;
				custom_early = true;
			}
			if (c.nearly == MAX_EARLY)
				return tool_fail(TOOL_EXIT_BAD, "too many --early prefixes (max %d)",
						 MAX_EARLY);
			c.early[c.nearly++] = p;
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc && !path)
				path = argv[++i];
			if (i + 1 < argc)
				goto extra;
		} else if (a[0] == '-' && a[1]) {
			tool_fail(TOOL_EXIT_BAD, "unknown option '%s'", a);
			usage(stderr);
			return TOOL_EXIT_BAD;
		} else if (!path) {
			path = a;
		} else {
			goto extra;
		}
	}
	if (!path) {
		tool_fail(TOOL_EXIT_BAD, "no input file");
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	if (!custom_early) {
		c.early[c.nearly++] = ".head.text";
		c.early[c.nearly++] = ".pi.";
	}
	c.path = path;
	return check_file(&c);
extra:
	tool_fail(TOOL_EXIT_BAD, "only one input file may be given");
	usage(stderr);
	return TOOL_EXIT_BAD;
}
