// SPDX-License-Identifier: MIT
/*
 * Validated read-only view of an ELF64 little-endian AArch64 file.
 *
 * Shared by host tools (relocs_check) and the kernel's module loader, so
 * this file is freestanding C11: no libc, no call to any function outside
 * this file, no static data holding pointers (it may run before the kernel
 * has relocated itself), no printing.  Errors go to struct diag.
 *
 * elf_open() checks every header field before any other code trusts it;
 * all offset + size sums are done so that they cannot wrap around.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <relok/diag.h>
#include <relok/elf.h>

#define DIAG_SUBSYS	"elf"

/*
 * The file is read in place through the Elf64_* structs, which is only
 * correct when the host byte order matches the file's (ELFDATA2LSB).
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "lib/elf.c reads little-endian ELF in place");
_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr layout");
_Static_assert(sizeof(Elf64_Shdr) == 64, "Elf64_Shdr layout");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr layout");
_Static_assert(sizeof(Elf64_Sym) == 24, "Elf64_Sym layout");
_Static_assert(sizeof(Elf64_Rela) == 24, "Elf64_Rela layout");
_Static_assert(sizeof(Elf64_Dyn) == 16, "Elf64_Dyn layout");

/* All ELF64 tables we read in place need at most 8-byte alignment. */
#define ELF_TABLE_ALIGN	8u

static bool is_aligned(uint64_t x, uint64_t align)
{
	return (x & (align - 1)) == 0;
}

/* true if [off, off + len) lies within [0, size), without overflow */
static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* true if count * entsize fits in *out without overflow */
static bool mul_ok(uint64_t count, uint64_t entsize, uint64_t *out)
{
	if (entsize && count > UINT64_MAX / entsize)
		return false;
	*out = count * entsize;
	return true;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool ident_ok(const Elf64_Ehdr *eh, struct diag *d)
{
	const unsigned char *id = eh->e_ident;

	if (id[EI_MAG0] != ELFMAG0 || id[EI_MAG1] != ELFMAG1 ||
	    id[EI_MAG2] != ELFMAG2 || id[EI_MAG3] != ELFMAG3)
		return diag_fail(d, "not an ELF file (bad magic)", 0);
	if (id[EI_CLASS] != ELFCLASS64)
		return diag_fail(d, "not a 64-bit ELF file (EI_CLASS)",
				 id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return diag_fail(d, "not a little-endian ELF file (EI_DATA)",
				 id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return diag_fail(d, "unsupported ELF version (EI_VERSION)",
				 id[EI_VERSION]);
	return true;
}

static bool ehdr_ok(const Elf64_Ehdr *eh, uint16_t want_type,
		    struct diag *d)
{
	if (!ident_ok(eh, d))
		return false;
	if (eh->e_version != EV_CURRENT)
		return diag_fail(d, "unsupported ELF version (e_version)",
				 eh->e_version);
	if (eh->e_machine != EM_AARCH64)
		return diag_fail(d, "not an AArch64 file (e_machine)",
				 eh->e_machine);
	if (want_type && eh->e_type != want_type)
		return diag_fail(d, "unexpected file type (e_type)",
				 eh->e_type);
	if (eh->e_ehsize != sizeof(Elf64_Ehdr))
		return diag_fail(d, "bad ELF header size (e_ehsize)",
				 eh->e_ehsize);
	return true;
}

static bool shdr_table_ok(struct elf_view *v, struct diag *d)
{
	const Elf64_Ehdr *eh = v->ehdr;
	uint64_t bytes;

	if (eh->e_shoff == 0) {
		if (eh->e_shnum != 0)
			return diag_fail(d, "e_shnum set but no section header table",
					 eh->e_shnum);
		return true;
	}
	/* e_shnum == 0 with a table means "count in section 0" (extended). */
	if (eh->e_shnum == 0)
		return diag_fail(d, "extended section numbering (e_shnum 0) not supported",
				 0);
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return diag_fail(d, "bad section header size (e_shentsize)",
				 eh->e_shentsize);
	if (!is_aligned(eh->e_shoff, ELF_TABLE_ALIGN))
		return diag_fail(d, "section header table misaligned (e_shoff)",
				 eh->e_shoff);
	if (!mul_ok(eh->e_shnum, sizeof(Elf64_Shdr), &bytes) ||
	    !range_ok(eh->e_shoff, bytes, v->size))
		return diag_fail(d, "section header table outside the file",
				 eh->e_shoff);
	v->shdr = (const Elf64_Shdr *)(v->buf + eh->e_shoff);
	v->shnum = eh->e_shnum;
	return true;
}

static bool phdr_table_ok(struct elf_view *v, struct diag *d)
{
	const Elf64_Ehdr *eh = v->ehdr;
	uint64_t bytes;

	if (eh->e_phoff == 0) {
		if (eh->e_phnum != 0)
			return diag_fail(d, "e_phnum set but no program header table",
					 eh->e_phnum);
		return true;
	}
	if (eh->e_phnum == 0)
		return true;
	if (eh->e_phnum == PN_XNUM)
		return diag_fail(d, "extended program header numbering (PN_XNUM) not supported",
				 eh->e_phnum);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return diag_fail(d, "bad program header size (e_phentsize)",
				 eh->e_phentsize);
	if (!is_aligned(eh->e_phoff, ELF_TABLE_ALIGN))
		return diag_fail(d, "program header table misaligned (e_phoff)",
				 eh->e_phoff);
	if (!mul_ok(eh->e_phnum, sizeof(Elf64_Phdr), &bytes) ||
	    !range_ok(eh->e_phoff, bytes, v->size))
		return diag_fail(d, "program header table outside the file",
				 eh->e_phoff);
	v->phdr = (const Elf64_Phdr *)(v->buf + eh->e_phoff);
	v->phnum = eh->e_phnum;
	return true;
}

/* A string table is usable when it is non-empty and ends in NUL, so any
 * in-range offset into it yields a terminated string. */
static bool strtab_ok(const struct elf_view *v, const Elf64_Shdr *sh)
{
	return sh->sh_type == SHT_STRTAB && sh->sh_size > 0 &&
	       v->buf[sh->sh_offset + sh->sh_size - 1] == '\0';
}

static bool shstrtab_ok(struct elf_view *v, struct diag *d)
{
	const Elf64_Shdr *sh;
	uint16_t idx = v->ehdr->e_shstrndx;

	if (!v->shnum)
		return true;
	if (idx == SHN_XINDEX)
		return diag_fail(d, "extended section numbering (e_shstrndx SHN_XINDEX) not supported",
				 idx);
	if (idx == SHN_UNDEF || idx >= v->shnum)
		return diag_fail(d, "bad section name table index (e_shstrndx)",
				 idx);
	sh = &v->shdr[idx];
	/* section offsets were already checked against the file size */
	if (sh->sh_type != SHT_STRTAB)
		return diag_fail(d, "section name table is not SHT_STRTAB",
				 idx);
	if (!strtab_ok(v, sh))
		return diag_fail(d, "section name table empty or not NUL-terminated",
				 idx);
	v->shstrtab = (const char *)(v->buf + sh->sh_offset);
	v->shstrtab_size = sh->sh_size;
	return true;
}

static bool is_symtab(const Elf64_Shdr *sh)
{
	return sh->sh_type == SHT_SYMTAB || sh->sh_type == SHT_DYNSYM;
}

/* A table read in place: entsize must match, size a whole number of
 * entries, offset aligned for the struct. */
static bool table_ok(const Elf64_Shdr *sh, uint64_t entsize, uint32_t idx,
		     struct diag *d)
{
	if (sh->sh_entsize != entsize)
		return diag_fail(d, "bad sh_entsize for a table section",
				 idx);
	if (sh->sh_size % entsize)
		return diag_fail(d, "table section size not a multiple of sh_entsize",
				 idx);
	if (!is_aligned(sh->sh_offset, ELF_TABLE_ALIGN))
		return diag_fail(d, "table section misaligned (sh_offset)",
				 idx);
	return true;
}

static bool symtab_ok(const struct elf_view *v, const Elf64_Shdr *sh,
		      uint32_t idx, struct diag *d)
{
	if (!table_ok(sh, sizeof(Elf64_Sym), idx, d))
		return false;
	if (sh->sh_link == SHN_UNDEF || sh->sh_link >= v->shnum)
		return diag_fail(d, "symbol table sh_link is not a valid section",
				 idx);
	if (!strtab_ok(v, &v->shdr[sh->sh_link]))
		return diag_fail(d, "symbol table sh_link is not a NUL-terminated SHT_STRTAB",
				 idx);
	/* sh_info is one past the last local symbol */
	if (sh->sh_info > sh->sh_size / sizeof(Elf64_Sym))
		return diag_fail(d, "symbol table sh_info beyond its symbols",
				 idx);
	return true;
}

static bool rela_ok(const struct elf_view *v, const Elf64_Shdr *sh,
		    uint32_t idx, struct diag *d)
{
	bool is_rel = v->ehdr->e_type == ET_REL;

	if (!table_ok(sh, sizeof(Elf64_Rela), idx, d))
		return false;
	/*
	 * Object files must name their symbol table.  In linked files the
	 * linker leaves sh_link 0 when there is no .dynsym (our -pie kernel
	 * with only relative relocations), so 0 is allowed there.
	 */
	if (sh->sh_link != SHN_UNDEF || is_rel) {
		if (sh->sh_link >= v->shnum ||
		    !is_symtab(&v->shdr[sh->sh_link]))
			return diag_fail(d, "relocation section sh_link is not a symbol table",
					 idx);
	}
	/* sh_info names the section the relocations apply to */
	if (is_rel) {
		if (sh->sh_info == SHN_UNDEF || sh->sh_info >= v->shnum)
			return diag_fail(d, "relocation section sh_info is not a valid target section",
					 idx);
	} else if (sh->sh_info >= v->shnum) {
		return diag_fail(d, "relocation section sh_info out of range",
				 idx);
	}
	return true;
}

static bool section_ok(struct elf_view *v, uint32_t idx, struct diag *d)
{
	const Elf64_Shdr *sh = &v->shdr[idx];

	switch (sh->sh_type) {
	case SHT_SYMTAB:
	case SHT_DYNSYM:
		return symtab_ok(v, sh, idx, d);
	case SHT_RELA:
		return rela_ok(v, sh, idx, d);
	case SHT_REL:
		return table_ok(sh, sizeof(Elf64_Rel), idx, d);
	case SHT_RELR:
		return table_ok(sh, sizeof(Elf64_Relr), idx, d);
	case SHT_DYNAMIC:
		if (!table_ok(sh, sizeof(Elf64_Dyn), idx, d))
			return false;
		if (v->dyn)
			return diag_fail(d, "more than one SHT_DYNAMIC section",
					 idx);
		v->dyn = (const Elf64_Dyn *)(v->buf + sh->sh_offset);
		v->dyn_count = sh->sh_size / sizeof(Elf64_Dyn);
		return true;
	default:
		return true;
	}
}

static bool sections_ok(struct elf_view *v, struct diag *d)
{
	uint32_t i;

	/* Pass 1: every section's bytes are in the file.  Later checks
	 * (string tables, links) read other sections' contents. */
	for (i = 0; i < v->shnum; i++) {
		const Elf64_Shdr *sh = &v->shdr[i];

		if (sh->sh_type == SHT_NOBITS || sh->sh_type == SHT_NULL)
			continue;
		if (!range_ok(sh->sh_offset, sh->sh_size, v->size))
			return diag_fail(d, "section contents outside the file",
					 i);
	}
	if (!shstrtab_ok(v, d))
		return false;
	/* Pass 2: names, then per-type structure and links. */
	for (i = 0; i < v->shnum; i++) {
		if (v->shdr[i].sh_name >= v->shstrtab_size)
			return diag_fail(d, "section name offset outside the name table (sh_name)",
					 i);
		if (!section_ok(v, i, d))
			return false;
	}
	return true;
}

static bool segments_ok(struct elf_view *v, struct diag *d)
{
	uint32_t i;

	for (i = 0; i < v->phnum; i++) {
		const Elf64_Phdr *ph = &v->phdr[i];

		if (!range_ok(ph->p_offset, ph->p_filesz, v->size))
			return diag_fail(d, "segment contents outside the file",
					 i);
		if (ph->p_type == PT_LOAD && ph->p_filesz > ph->p_memsz)
			return diag_fail(d, "PT_LOAD p_filesz larger than p_memsz",
					 i);
	}
	return true;
}

/* Without section headers, find the dynamic array through PT_DYNAMIC. */
static bool dynamic_from_segment(struct elf_view *v, struct diag *d)
{
	uint32_t i;

	for (i = 0; i < v->phnum; i++) {
		const Elf64_Phdr *ph = &v->phdr[i];

		if (ph->p_type != PT_DYNAMIC)
			continue;
		if (!is_aligned(ph->p_offset, ELF_TABLE_ALIGN) ||
		    ph->p_filesz % sizeof(Elf64_Dyn))
			return diag_fail(d, "PT_DYNAMIC misaligned or not a whole number of entries",
					 i);
		v->dyn = (const Elf64_Dyn *)(v->buf + ph->p_offset);
		v->dyn_count = ph->p_filesz / sizeof(Elf64_Dyn);
		return true;
	}
	return true;
}

static void view_clear(struct elf_view *v)
{
	v->buf = 0;
	v->size = 0;
	v->ehdr = 0;
	v->shdr = 0;
	v->shnum = 0;
	v->phdr = 0;
	v->phnum = 0;
	v->shstrtab = 0;
	v->shstrtab_size = 0;
	v->dyn = 0;
	v->dyn_count = 0;
}

bool elf_open(struct elf_view *v, const void *buf, uint64_t size,
	      uint16_t want_type, struct diag *d)
{
	view_clear(v);
	if (!buf)
		return diag_fail(d, "no buffer", 0);
	if (!is_aligned((uintptr_t)buf, ELF_TABLE_ALIGN))
		return diag_fail(d, "buffer not 8-byte aligned",
				 (uintptr_t)buf);
	if (size < sizeof(Elf64_Ehdr))
		return diag_fail(d, "file too small for an ELF header",
				 size);
	v->buf = buf;
	v->size = size;
	v->ehdr = buf;
	if (!ehdr_ok(v->ehdr, want_type, d) || !shdr_table_ok(v, d) ||
	    !phdr_table_ok(v, d) || !sections_ok(v, d) ||
	    !segments_ok(v, d))
		goto fail;
	if (!v->dyn && !dynamic_from_segment(v, d))
		goto fail;
	return true;
fail:
	view_clear(v);
	return false;
}

const Elf64_Shdr *elf_section(const struct elf_view *v, uint32_t index)
{
	if (index >= v->shnum)
		return 0;
	return &v->shdr[index];
}

uint32_t elf_section_index(const struct elf_view *v, const Elf64_Shdr *sh)
{
	return (uint32_t)(sh - v->shdr);
}

const char *elf_section_name(const struct elf_view *v, const Elf64_Shdr *sh)
{
	/* elf_open() checked sh_name against the table and its final NUL */
	if (!v->shstrtab)
		return "";
	return v->shstrtab + sh->sh_name;
}

const Elf64_Shdr *elf_section_by_name(const struct elf_view *v,
				      const char *name)
{
	uint32_t i;

	for (i = 1; i < v->shnum; i++) {
		if (str_eq(elf_section_name(v, &v->shdr[i]), name))
			return &v->shdr[i];
	}
	return 0;
}

const void *elf_section_data(const struct elf_view *v, const Elf64_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS || sh->sh_type == SHT_NULL ||
	    sh->sh_size == 0)
		return 0;
	return v->buf + sh->sh_offset;
}

uint64_t elf_section_entries(const Elf64_Shdr *sh)
{
	return sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
}

const Elf64_Shdr *elf_section_for_addr(const struct elf_view *v,
				       uint64_t addr)
{
	uint32_t i;

	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *sh = &v->shdr[i];

		if (!(sh->sh_flags & SHF_ALLOC) || sh->sh_size == 0)
			continue;
		/* .tbss is a template that takes no address space */
		if ((sh->sh_flags & SHF_TLS) && sh->sh_type == SHT_NOBITS)
			continue;
		if (addr >= sh->sh_addr && addr - sh->sh_addr < sh->sh_size)
			return sh;
	}
	return 0;
}

bool elf_symbol(const struct elf_view *v, const Elf64_Shdr *symtab,
		uint32_t index, Elf64_Sym *sym, const char **name,
		struct diag *d)
{
	const Elf64_Sym *tab;
	const Elf64_Shdr *strtab;

	if (!symtab || !is_symtab(symtab))
		return diag_fail(d, "not a symbol table", 0);
	if (index >= symtab->sh_size / sizeof(Elf64_Sym))
		return diag_fail(d, "symbol index out of range", index);
	tab = (const Elf64_Sym *)(v->buf + symtab->sh_offset);
	*sym = tab[index];
	/* elf_open() checked sh_link is a NUL-terminated string table */
	strtab = &v->shdr[symtab->sh_link];
	if (sym->st_name >= strtab->sh_size)
		return diag_fail(d, "symbol name offset outside the string table",
				 index);
	if (name)
		*name = (const char *)(v->buf + strtab->sh_offset +
				       sym->st_name);
	return true;
}

bool elf_symbol_by_name(const struct elf_view *v, const char *name, Elf64_Sym *sym)
{
	uint32_t i, k;

	for (i = 1; i < v->shnum; i++) {
		const Elf64_Shdr *symtab = &v->shdr[i];

		if (symtab->sh_type != SHT_SYMTAB)
			continue;
		for (k = 1; k < symtab->sh_size / sizeof(Elf64_Sym); k++) {
			const char *n;

			if (elf_symbol(v, symtab, k, sym, &n, 0) && str_eq(n, name))
				return true;
		}
	}
	return false;
}

bool elf_addr_to_offset(const struct elf_view *v, uint64_t addr, uint64_t len, uint64_t *off)
{
	const Elf64_Shdr *sh = elf_section_for_addr(v, addr);

	if (!sh || sh->sh_type == SHT_NOBITS || len > sh->sh_size - (addr - sh->sh_addr))
		return false;
	*off = sh->sh_offset + (addr - sh->sh_addr);
	return true;
}

const Elf64_Phdr *elf_phdr(const struct elf_view *v, uint32_t index)
{
	if (index >= v->phnum)
		return 0;
	return &v->phdr[index];
}

bool elf_dynamic_get(const struct elf_view *v, int64_t tag, uint64_t *val)
{
	uint64_t i;

	for (i = 0; i < v->dyn_count; i++) {
		if (v->dyn[i].d_tag == DT_NULL)
			break;
		if (v->dyn[i].d_tag == tag) {
			*val = v->dyn[i].d_un.d_val;
			return true;
		}
	}
	return false;
}

/* A switch, not a table of string pointers: a pointer table would need
 * relocating, and this may run before relocation. */
const char *elf_aarch64_reloc_name(uint32_t type)
{
	switch (type) {
#define ELF_AARCH64_RELOC_CASE(name, num)	\
	case num:				\
		return "R_AARCH64_" #name;
	ELF_AARCH64_RELOCS(ELF_AARCH64_RELOC_CASE)
#undef ELF_AARCH64_RELOC_CASE
	default:
		return 0;
	}
}
