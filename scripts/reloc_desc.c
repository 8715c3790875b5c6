// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include <asm/image.h>

#include <relok/reloc.h>
#include "reloc_desc.h"
#include "tool.h"

#define DIAG_SUBSYS	"reloc-desc"
#define RELOC_LINES_IMAGE_MAX	(4ull << 30)


bool reloc_desc_present(const struct elf_view *v)
{
	Elf64_Sym sym;

	return elf_symbol_by_name(v, RELOC_INFO_SYMBOL, &sym);
}

/* The single allocated section of a type, in *out (NULL if none). */
static bool single_section(const struct elf_view *v, uint32_t type, const Elf64_Shdr **out,
			   struct diag *d)
{
	uint32_t i;

	*out = NULL;
	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *sh = elf_section(v, i);

		if (sh->sh_type != type || !(sh->sh_flags & SHF_ALLOC))
			continue;
		if (*out)
			return diag_fail(d, "more than one allocated section of "
					 "this relocation type", type);
		*out = sh;
	}
	return true;
}

/* A table in the descriptor names sh exactly (or, with no section, nothing). */
static bool names(const struct reloc_desc *rd, uint64_t offset, uint64_t size,
		  const Elf64_Shdr *sh)
{
	return sh ? rd->head + offset == sh->sh_addr && size == sh->sh_size : size == 0;
}

bool reloc_desc_read(const struct elf_view *v, struct reloc_desc *rd, struct diag *d)
{
	Elf64_Sym desc, head;

	memset(rd, 0, sizeof(*rd));
	if (!single_section(v, SHT_RELA, &rd->rela, d) || !single_section(v, SHT_RELR, &rd->relr, d))
		return false;
	if (!elf_symbol_by_name(v, RELOC_INFO_SYMBOL, &desc))
		return diag_fail(d, "no symbol " RELOC_INFO_SYMBOL
				 " (the relocation descriptor the boot pass reads)", 0);
	if (!elf_symbol_by_name(v, IMAGE_HEAD_SYMBOL, &head))
		return diag_fail(d, "no symbol " IMAGE_HEAD_SYMBOL, 0);
	rd->head = head.st_value;
	if (desc.st_value % 8 || !elf_addr_to_offset(v, desc.st_value, sizeof(rd->info), &rd->off))
		return diag_fail(d, "" RELOC_INFO_SYMBOL
				 " is not an aligned word inside a section's contents", desc.st_value);
	memcpy(&rd->info, v->buf + rd->off, sizeof(rd->info));
	if (rd->info.magic != RELOC_INFO_MAGIC)
		return diag_fail(d, "" RELOC_INFO_SYMBOL " has the wrong magic",
				 rd->info.magic);
	if (!names(rd, rd->info.rela_offset, rd->info.rela_size, rd->rela))
		return diag_fail(d, "" RELOC_INFO_SYMBOL "'s RELA offset and size "
				 "do not name the allocated SHT_RELA section",
				 rd->info.rela_offset);
	if (!names(rd, rd->info.relr_offset, rd->info.relr_size, rd->relr))
		return diag_fail(d, "" RELOC_INFO_SYMBOL "'s RELR offset and size "
				 "do not name the allocated SHT_RELR section",
				 rd->info.relr_offset);
	return true;
}

void reloc_desc_write(uint8_t *buf, const struct reloc_desc *rd)
{
	memcpy(buf + rd->off, &rd->info, sizeof(rd->info));
}

/* The targets of a walk, as offsets from _head. */
struct collect {
	uint64_t head, end;	/* the image: _head to the end of its last allocated section */
	uint64_t *off;
	size_t n, cap;
	bool below, beyond;
};

static void collect_one(void *ctx, uint64_t where, uint32_t type)
{
	struct collect *c = ctx;

	(void)type;
	if (where < c->head) {
		c->below = true;
		return;
	}
	if (where >= c->end) {
		c->beyond = true;	/* and the table would span the address space */
		return;
	}
	c->off = tool_grow(c->off, &c->cap, c->n + 1, sizeof(*c->off));
	c->off[c->n++] = where - c->head;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

bool reloc_lines_of(const struct elf_view *v, struct reloc_lines *t, struct diag *d)
{
	struct collect c = { 0, 0, NULL, 0, 0, false, false };
	Elf64_Sym head;
	uint64_t i, cap;
	uint32_t s;

	memset(t, 0, sizeof(*t));
	if (!elf_symbol_by_name(v, IMAGE_HEAD_SYMBOL, &head))
		return diag_fail_in(d, "reloc-lines", "no symbol " IMAGE_HEAD_SYMBOL, 0);
	c.head = head.st_value;
	for (s = 1; s < v->shnum; s++) {
		const Elf64_Shdr *sh = elf_section(v, s);

		if ((sh->sh_flags & SHF_ALLOC) && sh->sh_addr + sh->sh_size > c.end)
			c.end = sh->sh_addr + sh->sh_size;
	}
	/* A kernel image is megabytes; this bounds the table's size too. */
	if (c.end < c.head || c.end - c.head > RELOC_LINES_IMAGE_MAX)
		return diag_fail_in(d, "reloc-lines", "allocated sections span more than 4 GiB from "
				    IMAGE_HEAD_SYMBOL, c.end - c.head);
	for (s = 1; s < v->shnum; s++) {
		const Elf64_Shdr *sh = elf_section(v, s);
		const void *data = elf_section_data(v, sh);

		if (!(sh->sh_flags & SHF_ALLOC) || !data)
			continue;
		if (sh->sh_type == SHT_RELA)
			reloc_rela_walk(data, elf_section_entries(sh), collect_one, &c);
		else if (sh->sh_type == SHT_RELR &&
			 !reloc_relr_walk(data, elf_section_entries(sh), collect_one, &c, d))
			goto fail;
	}
	if (c.below || c.beyond) {
		diag_fail_in(d, "reloc-lines", c.below ? "a relocation target below " IMAGE_HEAD_SYMBOL
				: "a relocation target beyond the image's last allocated section", 0);
		goto fail;
	}
	if (c.n)
		qsort(c.off, c.n, sizeof(*c.off), cmp_u64);
	cap = c.n + (c.n ? c.off[c.n - 1] / (RELOC_LINES_SKIP_MAX * (uint64_t)RELOC_LINE_MIN) : 0) + 1;
	t->entry = tool_alloc(cap, sizeof(*t->entry));
	t->n = reloc_lines_encode(c.off, c.n, t->entry, cap, d);
	if (c.n && !t->n) {
		free(t->entry);
		t->entry = NULL;
		goto fail;	/* unsorted after qsort: a word named twice */
	}
	t->words = c.n;
	for (i = 0; i < t->n; i++)
		t->lines += t->entry[i] & RELOC_LINES_RUN_MAX;
	free(c.off);
	return true;
fail:
	free(c.off);
	return false;
}
