/* SPDX-License-Identifier: MIT */
/*
 * What the boot pass reads of a linked kernel, as the post-link tools see
 * it: the relocation descriptor (asm/reloc_info.h), found through the
 * symbols __pi_reloc_info and _head and checked against the relocation
 * sections, and the line table (relok/reloc.h) its relocations call for.
 * One reader for scripts/extable_sort, relr_pack, relocs_check and
 * reloc_lines.
 */
#ifndef SCRIPTS_RELOC_DESC_H
#define SCRIPTS_RELOC_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include <asm/reloc_info.h>
#include <relok/diag.h>
#include <relok/elf.h>

struct reloc_desc {
	struct reloc_info info;		/* as read (a copy: the file may be unaligned) */
	uint64_t off;			/* its file offset */
	uint64_t head;			/* _head: the offsets are from here */
	const Elf64_Shdr *rela;		/* the allocated SHT_RELA section, or NULL */
	const Elf64_Shdr *relr;		/* the allocated SHT_RELR section, or NULL */
};

/* Whether the file has a descriptor at all (a relok kernel does). */
bool reloc_desc_present(const struct elf_view *v);

/*
 * Find the descriptor and check it: its magic, and offsets and sizes that
 * name exactly the allocated RELA and RELR sections (at most one each).
 */
bool reloc_desc_read(const struct elf_view *v, struct reloc_desc *rd, struct diag *d);

/* Write rd->info back into the file image buf. */
void reloc_desc_write(uint8_t *buf, const struct reloc_desc *rd);

/* A line table, malloc'd: n entries, for words relocated in lines lines. */
struct reloc_lines {
	uint32_t *entry;
	uint64_t n;
	uint64_t words;
	uint64_t lines;
};

/*
 * The line table of every word the allocated RELA and RELR sections of v
 * name, counted from _head.  Fails on a malformed table, a target below
 * _head, or a word named twice; out of memory exits (tool_alloc).
 */
bool reloc_lines_of(const struct elf_view *v, struct reloc_lines *t, struct diag *d);

#endif
