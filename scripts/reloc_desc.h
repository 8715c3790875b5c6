/* SPDX-License-Identifier: MIT */
/*
 * The boot pass's relocation descriptor (asm/reloc_info.h) in a linked
 * kernel, as the post-link tools see it: found through the symbols
 * __pi_reloc_info and _head, and checked against the relocation sections.
 * One reader for scripts/extable_sort, scripts/relr_pack and
 * scripts/relocs_check.
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

#endif
