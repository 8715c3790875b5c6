// SPDX-License-Identifier: MIT
/*
 * Loading the purgatory (include/relok/purgatory.h, docs/kexec.md).
 *
 * The build makes it a fully linked PIE: one PT_LOAD from address 0, no
 * dynamic relocation (relocs_check --purgatory).  Loading it is one copy
 * by its program header, at any 4 KiB-aligned physical address.
 *
 * The ET_REL path (the same objects combined with "ld -r", or built
 * -mcmodel=large) is what kexec's purgatory has been elsewhere: each
 * section placed on its own, every relocation applied (with the module
 * loader's relocation code, arch/arm64/kernel/module-reloc.c), the entry found by
 * symbol.  It is here so docs/kexec.md can measure the two honestly
 * (kexec.purgatory=<file in the initrd>); the built-in purgatory is the PIE.
 * The "loader:" markers delimit what scripts/kexec_report.sh counts.
 */
#include <asm/memory.h>
#include <asm/module.h>
#include <relok/elf.h>
#include <relok/page_alloc.h>
#include <relok/purgatory.h>
#include <relok/string.h>
#include "kexec_internal.h"

#define DIAG_SUBSYS	"kexec"

#define REL_MAX_SECTIONS	64
#define REL_ENTRY_SYMBOL	"purgatory_entry"
#define REL_HEADER_SECTION	".purgatory.header"

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* loader:pie begin */
static bool load_pie(const struct elf_view *v, struct purgatory_load *pl, struct diag *d)
{
	const Elf64_Phdr *load = 0;
	uint32_t i;

	for (i = 0; i < v->phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(v, i);

		if (ph->p_type != PT_LOAD)
			continue;
		if (load)
			return diag_fail(d, "bad-purgatory: more than one PT_LOAD", i);
		load = ph;
	}
	if (!load || load->p_vaddr || load->p_memsz < load->p_filesz ||
	    load->p_memsz > PURGATORY_MAX_SIZE || load->p_align > PAGE_SIZE ||
	    v->ehdr->e_entry >= load->p_memsz)
		return diag_fail(d, "bad-purgatory: not one PT_LOAD from 0 holding the entry", 0);
	pl->size = page_up(load->p_memsz);
	pl->pa = alloc_pages(pl->size / PAGE_SIZE);	/* zeroed: the BSS is done */
	if (!pl->pa)
		return diag_fail(d, "no-memory: for the purgatory", pl->size);
	memcpy(phys_to_virt(pl->pa), v->buf + load->p_offset, load->p_filesz);
	pl->entry = pl->pa + v->ehdr->e_entry;
	pl->header_off = 0;
	return true;
}
/* loader:pie end */

/* loader:rel begin */
static bool rel_symbol(const struct elf_view *v, const Elf64_Shdr *symtab, uint32_t i,
		       const uint64_t *secpa, uint64_t *val, const char **name, struct diag *d)
{
	Elf64_Sym s;

	if (!elf_symbol(v, symtab, i, &s, name, d))
		return false;
	if (s.st_shndx == SHN_ABS) {
		*val = s.st_value;
	} else if (s.st_shndx == SHN_UNDEF || s.st_shndx >= v->shnum || !secpa[s.st_shndx]) {
		return diag_fail(d, "bad-purgatory: a symbol outside the loaded sections", i);
	} else {
		*val = secpa[s.st_shndx] + s.st_value;
	}
	return true;
}

static bool load_rel(const struct elf_view *v, struct purgatory_load *pl, struct diag *d)
{
	uint64_t off[REL_MAX_SECTIONS] = { 0 }, secpa[REL_MAX_SECTIONS] = { 0 }, size = 0, val;
	const Elf64_Shdr *symtab = 0, *header = elf_section_by_name(v, REL_HEADER_SECTION);
	uint8_t *mem;
	uint32_t i, k;
	const char *name;

	if (v->shnum > REL_MAX_SECTIONS || !header)
		return diag_fail(d, "bad-purgatory: too many sections or no header section", v->shnum);
	/* 1. Place every allocated section, in file order, at its alignment. */
	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *sh = elf_section(v, i);

		if (sh->sh_type == SHT_SYMTAB)
			symtab = sh;
		if (!(sh->sh_flags & SHF_ALLOC))
			continue;
		if (sh->sh_addralign > PAGE_SIZE)
			return diag_fail(d, "bad-purgatory: section alignment above 4 KiB", i);
		if (sh->sh_addralign > 1)
			size = (size + sh->sh_addralign - 1) & ~(sh->sh_addralign - 1);
		off[i] = size;
		size += sh->sh_size;
	}
	if (!symtab || !size || size > PURGATORY_MAX_SIZE)
		return diag_fail(d, "bad-purgatory: no symbol table, or too large", size);
	pl->size = page_up(size);
	pl->pa = alloc_pages(pl->size / PAGE_SIZE);
	if (!pl->pa)
		return diag_fail(d, "no-memory: for the purgatory", pl->size);
	mem = phys_to_virt(pl->pa);
	/* 2. Copy their contents (NOBITS stays zero). */
	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *sh = elf_section(v, i);
		const void *data = elf_section_data(v, sh);

		if (!(sh->sh_flags & SHF_ALLOC))
			continue;
		secpa[i] = pl->pa + off[i];
		if (sh->sh_type != SHT_NOBITS && data)
			memcpy(mem + off[i], data, sh->sh_size);
	}
	/* 3. Apply every relocation of every loaded section, at its run-time PA. */
	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *sh = elf_section(v, i);
		const Elf64_Rela *r = elf_section_data(v, sh);

		if (sh->sh_type != SHT_RELA || !secpa[sh->sh_info])
			continue;
		for (k = 0; k < elf_section_entries(sh); k++) {
			const uint32_t type = ELF64_R_TYPE(r[k].r_info);
			const uint64_t place = secpa[sh->sh_info] + r[k].r_offset;

			if (!module_reloc_supported(type) ||
			    r[k].r_offset + module_reloc_place_size(type) >
				    elf_section(v, sh->sh_info)->sh_size)
				return diag_fail(d, "bad-purgatory: relocation type or place", type);
			if (!rel_symbol(v, symtab, ELF64_R_SYM(r[k].r_info), secpa, &val, &name, d) ||
			    !module_reloc_apply(type, mem + (place - pl->pa), place,
						val + (uint64_t)r[k].r_addend, d))
				return false;
			pl->relocs++;
		}
	}
	/* 4. The entry point: a symbol (an ET_REL has no e_entry). */
	for (i = 1; i < elf_section_entries(symtab); i++) {
		if (rel_symbol(v, symtab, i, secpa, &val, &name, d) && name &&
		    !strcmp(name, REL_ENTRY_SYMBOL)) {
			pl->entry = val;
			pl->header_off = off[elf_section_index(v, header)];
			return true;
		}
		diag_init(d);	/* a symbol of an unloaded section: not the one */
	}
	return diag_fail(d, "bad-purgatory: no " REL_ENTRY_SYMBOL " symbol", 0);
}
/* loader:rel end */

bool purgatory_load(const void *file, uint64_t size, struct purgatory_load *pl, struct diag *d)
{
	const struct purgatory_header *h;
	struct elf_view v;

	memset(pl, 0, sizeof(*pl));
	if (!elf_open(&v, file, size, 0, d))
		return false;
	if (v.ehdr->e_type == ET_DYN)
		pl->kind = "pie";
	else if (v.ehdr->e_type == ET_REL)
		pl->kind = "rel";
	else
		return diag_fail(d, "bad-purgatory: neither ET_DYN nor ET_REL", v.ehdr->e_type);
	if (!(v.ehdr->e_type == ET_DYN ? load_pie(&v, pl, d) : load_rel(&v, pl, d)))
		return false;
	/* The header locates the parameter block; nothing else is looked up. */
	h = (const struct purgatory_header *)((uint8_t *)phys_to_virt(pl->pa) + pl->header_off);
	if (h->magic != PURGATORY_MAGIC || h->version != PURGATORY_VERSION ||
	    h->params_size != sizeof(struct purgatory_params) ||
	    h->params_offset != PURGATORY_PARAMS_OFFSET ||
	    pl->header_off + h->params_offset + h->params_size > pl->size)
		return diag_fail(d, "bad-purgatory: bad header or parameter block", h->magic);
	pl->params_pa = pl->pa + pl->header_off + h->params_offset;
	pl->params = phys_to_virt(pl->params_pa);
	return true;
}
