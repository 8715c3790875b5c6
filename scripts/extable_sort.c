// SPDX-License-Identifier: MIT
/*
 * extable_sort - convert the kernel's exception table after the final link.
 *
 * As linked, __ex_table holds absolute addresses (asm/extable.h, LINKED
 * form): two R_AARCH64_RELATIVE relocations per entry, and in link order,
 * because nobody knew the final values when it was emitted.  This tool,
 * run on vmlinux after the last link and before the Image is made:
 *
 *  - reads each address from its relocation (the kernel links with
 *    --no-apply-dynamic-relocs, so the word itself holds 0; a RELR
 *    relocation has no addend and keeps the value in the word),
 *  - rewrites the table in place as self-relative 32-bit entries (SORTED
 *    form), sorted by instruction address,
 *  - removes exactly those relocations from .rela.dyn (and .relr.dyn, which
 *    is decoded, filtered and re-encoded), and keeps everything that
 *    describes the tables consistent: section sizes, the __pi_reloc_info
 *    descriptor the boot code reads (magic, then RELA offset/size and RELR
 *    offset/size, relative to _head), and DT_RELASZ/DT_RELACOUNT/DT_RELRSZ
 *    when there is a dynamic section.
 *
 * It refuses (and writes nothing) when a table field has no relocation,
 * an address is outside kernel text, two entries name one instruction,
 * the table is missing or malformed, or the ELF file is corrupt.  On an
 * already converted table it checks it and changes nothing.
 *
 * Order of the post-link tools: this one first, then a RELR packer
 * (scripts/relr_pack.c).  An image that already has RELR entries (ld.lld
 * --pack-dyn-relocs=relr, or a packer run first) is handled too.
 *
 * Exit status: 0 converted or already converted, 1 the table is wrong,
 * 2 usage error or unusable input.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/extable.h>
#include "reloc_desc.h"
#include <relok/diag.h>
#include <relok/elf.h>
#include "tool.h"
#include <relok/reloc.h>

TOOL_NAME("extable_sort");


#define WORD_SIZE		8u
#define INSN_SIZE		4u

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the image is little-endian and read in place");

/* One relocated word, RELA or RELR. */
struct target {
	uint64_t where;
	uint64_t index;		/* into the RELA table or the RELR address list */
	bool relr;
};

/* One table entry with its absolute addresses. */
struct abs_entry {
	uint64_t insn;
	uint64_t fixup;
	uint32_t type;
	uint32_t data;
	uint32_t link_index;	/* position as linked, for messages */
};

struct tool {
	const char *path;
	const char *out;
	bool stats;

	uint8_t *buf;
	uint64_t size;
	struct elf_view v;

	const Elf64_Shdr *tab;
	const Elf64_Shdr *rela;		/* allocated SHT_RELA, or NULL */
	const Elf64_Shdr *relr;		/* allocated SHT_RELR, or NULL */
	uint64_t desc_off;		/* file offset of __pi_reloc_info */
	struct reloc_info desc;		/* as read */

	uint64_t n_rela;
	uint64_t *relr_addr;		/* decoded RELR addresses */
	size_t n_relr, relr_cap;
	struct target *targets;		/* every relocated word, sorted */
	uint64_t n_targets;
	bool *drop_rela;
	bool *drop_relr;
	uint64_t rela_removed;
	uint64_t relr_removed;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--stats] [-o OUTPUT] vmlinux\n"
		"\n"
		"Convert the exception table (" EXTABLE_SECTION ") of a linked kernel from\n"
		"absolute addresses to sorted self-relative entries, and remove its\n"
		"relocations from .rela.dyn/.relr.dyn, updating " RELOC_INFO_SYMBOL ".\n"
		"Run it before any RELR packer.  A converted table is left as it is.\n"
		"\n"
		"  -o OUTPUT   write the result to OUTPUT (default: rewrite vmlinux)\n"
		"  --stats     print entries converted and relocations removed\n"
		"  --help      show this help\n"
		"\n"
		"Exit status: 0 done, 1 the table is wrong, 2 usage error or bad input.\n", tool_name);
}

static uint32_t get32(const struct tool *t, uint64_t off)
{
	uint32_t x;

	memcpy(&x, t->buf + off, sizeof(x));
	return x;
}

static uint64_t get64(const struct tool *t, uint64_t off)
{
	uint64_t x;

	memcpy(&x, t->buf + off, sizeof(x));
	return x;
}

static void put32(struct tool *t, uint64_t off, uint32_t x)
{
	memcpy(t->buf + off, &x, sizeof(x));
}

static void put64(struct tool *t, uint64_t off, uint64_t x)
{
	memcpy(t->buf + off, &x, sizeof(x));
}

/* File offset of a structure elf_open() handed out as a const pointer. */
static uint64_t off_of(const struct tool *t, const void *p)
{
	return (uint64_t)((const uint8_t *)p - t->v.buf);
}

/* File offset of len bytes at virtual address va, inside one section. */
static bool in_text(const struct tool *t, uint64_t va)
{
	const Elf64_Shdr *sh = elf_section_for_addr(&t->v, va);

	return sh && (sh->sh_flags & SHF_EXECINSTR);
}

static const char *section_name_at(const struct tool *t, uint64_t va)
{
	const Elf64_Shdr *sh = elf_section_for_addr(&t->v, va);

	return sh ? elf_section_name(&t->v, sh) : "no section";
}

/* The relocation sections and the descriptor (scripts/reloc_desc.c). */
static int find_descriptor(struct tool *t)
{
	struct reloc_desc rd;
	struct diag d;

	diag_init(&d);
	if (!reloc_desc_read(&t->v, &rd, &d))
		return tool_fail_diag(TOOL_EXIT_BAD, t->path, &d);
	t->rela = rd.rela;
	t->relr = rd.relr;
	t->desc = rd.info;
	t->desc_off = rd.off;
	return TOOL_EXIT_OK;
}

static void collect_relr(void *ctx, uint64_t where, uint32_t type)
{
	struct tool *t = ctx;

	(void)type;
	t->relr_addr = tool_grow(t->relr_addr, &t->relr_cap, t->n_relr + 1, sizeof(*t->relr_addr));
	t->relr_addr[t->n_relr++] = where;
}

static int cmp_target(const void *a, const void *b)
{
	const struct target *x = a, *y = b;

	return x->where < y->where ? -1 : x->where > y->where;
}

/* Every relocated word, sorted by address; two relocations of one word are refused. */
static int index_relocs(struct tool *t)
{
	const Elf64_Rela *r = t->rela ? elf_section_data(&t->v, t->rela) : NULL;
	uint64_t i, k = 0;
	struct diag d;

	t->n_rela = r ? t->rela->sh_size / sizeof(*r) : 0;
	if (t->relr && elf_section_data(&t->v, t->relr)) {
		diag_init(&d);
		if (!reloc_relr_walk(elf_section_data(&t->v, t->relr),
					 elf_section_entries(t->relr), collect_relr, t, &d))
			return tool_fail_diag_at(TOOL_EXIT_BAD, t->path,
						 elf_section_name(&t->v, t->relr), &d);
	}
	t->n_targets = t->n_rela + t->n_relr;
	t->targets = tool_alloc(t->n_targets, sizeof(*t->targets));
	t->drop_rela = tool_alloc(t->n_rela, sizeof(bool));
	t->drop_relr = tool_alloc(t->n_relr, sizeof(bool));
	for (i = 0; i < t->n_rela; i++)
		t->targets[k++] = (struct target){ r[i].r_offset, i, false };
	for (i = 0; i < t->n_relr; i++)
		t->targets[k++] = (struct target){ t->relr_addr[i], i, true };
	qsort(t->targets, t->n_targets, sizeof(*t->targets), cmp_target);
	for (i = 1; i < t->n_targets; i++)
		if (t->targets[i].where == t->targets[i - 1].where)
			return tool_fail(TOOL_EXIT_CHECK, "%s: two relocations write the word at 0x%"
					 PRIx64, t->path, t->targets[i].where);
	return TOOL_EXIT_OK;
}

static const struct target *find_target(const struct tool *t, uint64_t where)
{
	const struct target key = { where, 0, false };

	return bsearch(&key, t->targets, t->n_targets, sizeof(*t->targets), cmp_target);
}

/* Relocations whose word lies in [start, end). */
static uint64_t targets_in(const struct tool *t, uint64_t start, uint64_t end,
			   const struct target **first)
{
	uint64_t i, n = 0;

	*first = NULL;
	for (i = 0; i < t->n_targets; i++) {
		if (t->targets[i].where >= start && t->targets[i].where < end) {
			if (!n)
				*first = &t->targets[i];
			n++;
		}
	}
	return n;
}

/*
 * The absolute address in one field of a linked entry, from its
 * relocation, which is marked for removal.
 */
static int field_value(struct tool *t, uint64_t field_va, uint32_t entry,
		       const char *field, uint64_t *value)
{
	const struct target *tg = find_target(t, field_va);
	uint64_t off, word;

	if (!tg)
		return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 " (at 0x%" PRIx64 "): %s field "
				 "has no R_AARCH64_RELATIVE relocation (not an address the linker "
				 "placed)", t->path, entry, field_va, field);
	if (!elf_addr_to_offset(&t->v, field_va, WORD_SIZE, &off))
		return tool_fail(TOOL_EXIT_BAD, "%s: entry %" PRIu32 ": field at 0x%" PRIx64
				 " has no file contents", t->path, entry, field_va);
	word = get64(t, off);
	if (tg->relr) {
		*value = word;
		t->drop_relr[tg->index] = true;
		return TOOL_EXIT_OK;
	}
	{
		const Elf64_Rela *r = (const Elf64_Rela *)elf_section_data(&t->v, t->rela) + tg->index;
		char tmp[32];
		const char *name = elf_aarch64_reloc_name(ELF64_R_TYPE(r->r_info));

		if (ELF64_R_TYPE(r->r_info) != R_AARCH64_RELATIVE) {
			if (!name) {
				snprintf(tmp, sizeof(tmp), "type %" PRIu32, ELF64_R_TYPE(r->r_info));
				name = tmp;
			}
			return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 ": %s field has a "
					 "%s relocation, want R_AARCH64_RELATIVE", t->path, entry,
					 field, name);
		}
		/* 0 with --no-apply-dynamic-relocs, else the same value */
		if (word && word != (uint64_t)r->r_addend)
			return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 ": %s field holds 0x%"
					 PRIx64 " but its relocation says 0x%" PRIx64, t->path,
					 entry, field, word, (uint64_t)r->r_addend);
		*value = (uint64_t)r->r_addend;
		t->drop_rela[tg->index] = true;
	}
	return TOOL_EXIT_OK;
}

static int check_entry(const struct tool *t, const struct abs_entry *e)
{
	if (!in_text(t, e->insn) || (e->insn & (INSN_SIZE - 1)))
		return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 ": instruction address 0x%"
				 PRIx64 " is not in kernel text (%s)", t->path, e->link_index,
				 e->insn, section_name_at(t, e->insn));
	if (!in_text(t, e->fixup) || (e->fixup & (INSN_SIZE - 1)))
		return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 ": fixup address 0x%" PRIx64
				 " is not in kernel text (%s)", t->path, e->link_index, e->fixup,
				 section_name_at(t, e->fixup));
	if (e->type == EX_TYPE_NONE || e->type > EX_TYPE_MAX)
		return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 " (instruction 0x%" PRIx64
				 "): unknown fixup type %" PRIu32, t->path, e->link_index, e->insn,
				 e->type);
	return TOOL_EXIT_OK;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct abs_entry *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

/* Offset from field_va to target, if it fits the 32-bit field. */
static bool rel32(uint64_t target, uint64_t field_va, int32_t *out)
{
	const int64_t delta = (int64_t)(target - field_va);

	if (delta < INT32_MIN || delta > INT32_MAX)
		return false;
	*out = (int32_t)delta;
	return true;
}

/* Rewrite the table section: SORTED header, entries, zeros. */
static int write_table(struct tool *t, const struct abs_entry *e, uint32_t n)
{
	const uint64_t base_off = t->tab->sh_offset, base_va = t->tab->sh_addr;
	uint32_t i;

	memset(t->buf + base_off + EXTABLE_HEADER_SIZE, 0,
	       t->tab->sh_size - EXTABLE_HEADER_SIZE);
	for (i = 0; i < n; i++) {
		const uint64_t rel = EXTABLE_HEADER_SIZE + (uint64_t)i * EXTABLE_SORTED_ENTRY_SIZE;
		struct extable_entry out = { .type = e[i].type, .data = e[i].data };

		if (!rel32(e[i].insn, base_va + rel + offsetof(struct extable_entry, insn),
			   &out.insn) ||
		    !rel32(e[i].fixup, base_va + rel + offsetof(struct extable_entry, fixup),
			   &out.fixup))
			return tool_fail(TOOL_EXIT_CHECK, "%s: entry %" PRIu32 ": instruction or "
					 "fixup more than 2 GiB from the table", t->path,
					 e[i].link_index);
		memcpy(t->buf + base_off + rel, &out, sizeof(out));
	}
	put32(t, base_off + offsetof(struct extable_header, count), n);
	put32(t, base_off + offsetof(struct extable_header, entry_size), EXTABLE_SORTED_ENTRY_SIZE);
	put32(t, base_off + offsetof(struct extable_header, state), EXTABLE_STATE_SORTED);
	return TOOL_EXIT_OK;
}

/* Drop the marked RELA entries, keeping the order of the others. */
static uint64_t compact_rela(struct tool *t)
{
	Elf64_Rela *r;
	uint64_t i, k = 0;

	if (!t->rela || !t->n_rela)
		return 0;
	r = (Elf64_Rela *)(t->buf + t->rela->sh_offset);
	for (i = 0; i < t->n_rela; i++)
		if (!t->drop_rela[i])
			r[k++] = r[i];
	memset(&r[k], 0, (t->n_rela - k) * sizeof(*r));
	return (t->n_rela - k) * sizeof(*r);
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Re-encode .relr.dyn without the marked addresses; bytes freed. */
static int compact_relr(struct tool *t, uint64_t *freed)
{
	const uint64_t old = elf_section_entries(t->relr);
	uint64_t *keep, nkeep = 0, nenc, i;
	Elf64_Relr *enc;
	struct diag d;

	*freed = 0;
	keep = tool_alloc(t->n_relr, sizeof(*keep));
	for (i = 0; i < t->n_relr; i++)
		if (!t->drop_relr[i])
			keep[nkeep++] = t->relr_addr[i];
	qsort(keep, nkeep, sizeof(*keep), cmp_u64);
	enc = tool_alloc(nkeep, sizeof(*enc));	/* never more entries than addresses */
	diag_init(&d);
	nenc = reloc_relr_encode(keep, nkeep, enc, &d);
	free(keep);
	if ((nkeep && !nenc) || nenc > old) {
		free(enc);
		return nenc > old ?
			tool_fail(TOOL_EXIT_BAD, "%s: %s: the table without the exception-table "
				  "addresses does not fit its old size", t->path,
				  elf_section_name(&t->v, t->relr)) :
			tool_fail_diag_at(TOOL_EXIT_BAD, t->path, elf_section_name(&t->v, t->relr),
					  &d);
	}
	memset(t->buf + t->relr->sh_offset, 0, old * sizeof(*enc));
	memcpy(t->buf + t->relr->sh_offset, enc, nenc * sizeof(*enc));
	free(enc);
	*freed = (old - nenc) * sizeof(*enc);
	return TOOL_EXIT_OK;
}

static void shrink_section(struct tool *t, const Elf64_Shdr *sh, uint64_t freed)
{
	const uint64_t off = off_of(t, sh) + offsetof(Elf64_Shdr, sh_size);

	put64(t, off, sh->sh_size - freed);
}

/* Subtract from a dynamic entry, if the file has one with this tag. */
static void dyn_sub(struct tool *t, int64_t tag, uint64_t amount)
{
	uint64_t i;

	for (i = 0; i < t->v.dyn_count && t->v.dyn[i].d_tag != DT_NULL; i++) {
		if (t->v.dyn[i].d_tag == tag) {
			const uint64_t off = off_of(t, &t->v.dyn[i]) + offsetof(Elf64_Dyn, d_un);
			const uint64_t val = t->v.dyn[i].d_un.d_val;

			put64(t, off, val > amount ? val - amount : 0);
			return;
		}
	}
}

/* Relocation tables, descriptor, dynamic section: all without the table's words. */
static int update_relocs(struct tool *t)
{
	uint64_t rela_freed = compact_rela(t), relr_freed = 0;
	uint64_t rela_relative = 0, i;
	int code;

	for (i = 0; i < t->n_rela; i++)
		t->rela_removed += t->drop_rela[i];
	for (i = 0; i < t->n_relr; i++)
		t->relr_removed += t->drop_relr[i];
	if (t->relr_removed) {
		code = compact_relr(t, &relr_freed);
		if (code)
			return code;
	}
	if (rela_freed)
		shrink_section(t, t->rela, rela_freed);
	if (relr_freed)
		shrink_section(t, t->relr, relr_freed);
	put64(t, t->desc_off + offsetof(struct reloc_info, rela_size), t->desc.rela_size - rela_freed);
	put64(t, t->desc_off + offsetof(struct reloc_info, relr_size), t->desc.relr_size - relr_freed);
	put64(t, t->desc_off + offsetof(struct reloc_info, relr_count), t->n_relr - t->relr_removed);
	/* every removed RELA entry was R_AARCH64_RELATIVE */
	rela_relative = t->rela_removed;
	dyn_sub(t, DT_RELASZ, rela_freed);
	dyn_sub(t, DT_RELACOUNT, rela_relative);
	dyn_sub(t, DT_RELRSZ, relr_freed);
	return TOOL_EXIT_OK;
}

/* Absolute entries from the linked table; every relocation in it accounted for. */
static int read_linked(struct tool *t, struct abs_entry *e, uint32_t n)
{
	const uint64_t ent_va = t->tab->sh_addr + EXTABLE_HEADER_SIZE;
	const uint64_t ent_off = t->tab->sh_offset + EXTABLE_HEADER_SIZE;
	const struct target *stray;
	uint64_t i, claimed = 0, in_table;
	int code;

	for (i = 0; i < n; i++) {
		const uint64_t va = ent_va + i * EXTABLE_LINKED_ENTRY_SIZE;
		const uint64_t off = ent_off + i * EXTABLE_LINKED_ENTRY_SIZE;

		e[i].link_index = (uint32_t)i;
		code = field_value(t, va + EXTABLE_LINKED_INSN, (uint32_t)i, "insn", &e[i].insn);
		if (!code)
			code = field_value(t, va + EXTABLE_LINKED_FIXUP, (uint32_t)i, "fixup",
					   &e[i].fixup);
		if (code)
			return code;
		claimed += 2;
		e[i].type = get32(t, off + EXTABLE_LINKED_TYPE);
		e[i].data = get32(t, off + EXTABLE_LINKED_DATA);
		code = check_entry(t, &e[i]);
		if (code)
			return code;
	}
	/* Any other relocation into the table would be lost by the rewrite. */
	in_table = targets_in(t, t->tab->sh_addr, t->tab->sh_addr + t->tab->sh_size, &stray);
	if (in_table != claimed) {
		for (i = 0; i < t->n_targets; i++) {
			const struct target *tg = &t->targets[i];
			const uint64_t rel = tg->where - ent_va;

			if (tg->where < t->tab->sh_addr ||
			    tg->where >= t->tab->sh_addr + t->tab->sh_size)
				continue;
			if (tg->where < ent_va ||
			    (rel % EXTABLE_LINKED_ENTRY_SIZE != EXTABLE_LINKED_INSN &&
			     rel % EXTABLE_LINKED_ENTRY_SIZE != EXTABLE_LINKED_FIXUP)) {
				stray = tg;
				break;
			}
		}
		return tool_fail(TOOL_EXIT_CHECK, "%s: a relocation at 0x%" PRIx64 " targets "
				 EXTABLE_SECTION " outside an entry's address fields", t->path,
				 stray->where);
	}
	return TOOL_EXIT_OK;
}

static int convert(struct tool *t, uint32_t n)
{
	struct abs_entry *e = tool_alloc(n, sizeof(*e));
	uint32_t i;
	int code = read_linked(t, e, n);

	if (!code) {
		qsort(e, n, sizeof(*e), cmp_entry);
		for (i = 1; i < n && !code; i++)
			if (e[i].insn == e[i - 1].insn)
				code = tool_fail(TOOL_EXIT_CHECK, "%s: entries %" PRIu32 " and %"
						 PRIu32 " both list the instruction at 0x%" PRIx64,
						 t->path, e[i - 1].link_index, e[i].link_index,
						 e[i].insn);
	}
	if (!code)
		code = write_table(t, e, n);
	if (!code)
		code = update_relocs(t);
	free(e);
	return code;
}

/* A second run: the table must already be what a first run writes. */
static int check_sorted(struct tool *t, uint32_t count, uint32_t entry_size)
{
	const uint64_t off = t->tab->sh_offset + EXTABLE_HEADER_SIZE;
	const uint64_t va = t->tab->sh_addr + EXTABLE_HEADER_SIZE;
	const struct target *stray;
	uint64_t prev = 0, i;

	if (entry_size != EXTABLE_SORTED_ENTRY_SIZE ||
	    (uint64_t)count * EXTABLE_SORTED_ENTRY_SIZE > t->tab->sh_size - EXTABLE_HEADER_SIZE)
		return tool_fail(TOOL_EXIT_BAD, "%s: converted table header is corrupt (%" PRIu32
				 " entries of %" PRIu32 " bytes)", t->path, count, entry_size);
	if (targets_in(t, t->tab->sh_addr, t->tab->sh_addr + t->tab->sh_size, &stray))
		return tool_fail(TOOL_EXIT_CHECK, "%s: table marked converted, but a relocation "
				 "at 0x%" PRIx64 " still targets it", t->path, stray->where);
	for (i = 0; i < count; i++) {
		const uint64_t field = va + i * EXTABLE_SORTED_ENTRY_SIZE;
		const int32_t rel = (int32_t)get32(t, off + i * EXTABLE_SORTED_ENTRY_SIZE);
		const uint64_t insn = field + (uint64_t)(int64_t)rel;

		if (i && insn <= prev)
			return tool_fail(TOOL_EXIT_CHECK, "%s: table marked converted, but entry %"
					 PRIu64 " is out of order", t->path, i);
		prev = insn;
	}
	return TOOL_EXIT_OK;
}

static int run(struct tool *t)
{
	uint32_t magic, state, count, entry_size;
	const char *why, *dest;
	struct diag d;
	int code;
	bool done = false;

	t->buf = tool_read_file(t->path, &t->size, 0, &why);
	if (!t->buf)
		return tool_fail(TOOL_EXIT_BAD, "%s: %s", t->path, why);
	diag_init(&d);
	if (!elf_open(&t->v, t->buf, t->size, 0, &d))
		return tool_fail_diag(TOOL_EXIT_BAD, t->path, &d);
	if (t->v.ehdr->e_type != ET_DYN && t->v.ehdr->e_type != ET_EXEC)
		return tool_fail(TOOL_EXIT_BAD, "%s: not a linked kernel (e_type %u)", t->path,
				 t->v.ehdr->e_type);
	t->tab = elf_section_by_name(&t->v, EXTABLE_SECTION);
	if (!t->tab)
		return tool_fail(TOOL_EXIT_BAD, "%s: no " EXTABLE_SECTION " section (missing table)",
				 t->path);
	if (t->tab->sh_type != SHT_PROGBITS || !(t->tab->sh_flags & SHF_ALLOC) ||
	    t->tab->sh_size < EXTABLE_HEADER_SIZE)
		return tool_fail(TOOL_EXIT_BAD, "%s: " EXTABLE_SECTION " is not an allocated table "
				 "with a header", t->path);
	code = find_descriptor(t);
	if (!code)
		code = index_relocs(t);
	if (code)
		return code;

	magic = get32(t, t->tab->sh_offset + offsetof(struct extable_header, magic));
	state = get32(t, t->tab->sh_offset + offsetof(struct extable_header, state));
	count = get32(t, t->tab->sh_offset + offsetof(struct extable_header, count));
	entry_size = get32(t, t->tab->sh_offset + offsetof(struct extable_header, entry_size));
	if (magic != EXTABLE_MAGIC)
		return tool_fail(TOOL_EXIT_BAD, "%s: " EXTABLE_SECTION " header has magic 0x%" PRIx32
				 ", want 0x%x", t->path, magic, EXTABLE_MAGIC);
	if (state == EXTABLE_STATE_SORTED) {
		code = check_sorted(t, count, entry_size);
		if (code)
			return code;
		done = true;
		tool_fail(TOOL_EXIT_OK, "%s: table already converted, left unchanged", t->path);
	} else if (state == EXTABLE_STATE_LINKED) {
		const uint64_t room = t->tab->sh_size - EXTABLE_HEADER_SIZE;

		if (entry_size != EXTABLE_LINKED_ENTRY_SIZE || room % EXTABLE_LINKED_ENTRY_SIZE ||
		    room / EXTABLE_LINKED_ENTRY_SIZE > UINT32_MAX)
			return tool_fail(TOOL_EXIT_BAD, "%s: " EXTABLE_SECTION " is not a whole "
					 "number of %u-byte entries", t->path,
					 EXTABLE_LINKED_ENTRY_SIZE);
		count = (uint32_t)(room / EXTABLE_LINKED_ENTRY_SIZE);
		code = convert(t, count);
		if (code)
			return code;
	} else {
		return tool_fail(TOOL_EXIT_BAD, "%s: " EXTABLE_SECTION " header has unknown state %"
				 PRIu32, t->path, state);
	}
	/* a temporary file next to the destination, then a rename */
	dest = t->out ? t->out : t->path;
	if ((!done || t->out) && !tool_write_file(dest, t->buf, t->size, &why))
		return tool_fail(TOOL_EXIT_BAD, "%s: cannot write: %s", dest, why);
	if (t->stats)
		printf("entries %" PRIu32 "\nconverted %" PRIu32 "\nrelocs_removed %" PRIu64
		       "\nrela_removed %" PRIu64 "\nrelr_removed %" PRIu64 "\n",
		       count, done ? 0 : count, t->rela_removed + t->relr_removed,
		       t->rela_removed, t->relr_removed);
	return TOOL_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct tool t;
	int i, code;

	memset(&t, 0, sizeof(t));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return TOOL_EXIT_OK;
		} else if (!strcmp(a, "--stats")) {
			t.stats = true;
		} else if (!strcmp(a, "-o")) {
			if (i + 1 >= argc || !*argv[i + 1])
				return tool_fail(TOOL_EXIT_BAD, "-o needs a file name");
			t.out = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			tool_fail(TOOL_EXIT_BAD, "unknown option '%s'", a);
			usage(stderr);
			return TOOL_EXIT_BAD;
		} else if (!t.path) {
			t.path = a;
		} else {
			tool_fail(TOOL_EXIT_BAD, "only one input file may be given");
			usage(stderr);
			return TOOL_EXIT_BAD;
		}
	}
	if (!t.path) {
		tool_fail(TOOL_EXIT_BAD, "no input file");
		usage(stderr);
		return TOOL_EXIT_BAD;
	}
	code = run(&t);
	free(t.buf);
	free(t.relr_addr);
	free(t.targets);
	free(t.drop_rela);
	free(t.drop_relr);
	return code;
}
