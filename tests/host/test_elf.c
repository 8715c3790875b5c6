// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/elf.c: crafted ELF images built in memory, one valid
 * ET_REL and one valid ET_DYN, then one corruption at a time, every
 * truncation, and a fixed-seed fuzz loop (meant to run under ASan/UBSan).
 */
#include <relok/elf.h>

#include "test.h"

#ifndef ARRAY_SIZE
#endif

#define IMG_MAX		1024
#define LINK_TEXT	0x1000u
#define LINK_DATA	0x2000u
#define FUZZ_ROUNDS	20000
#define FUZZ_SEED	0x9e3779b97f4a7c15ull

/* Section numbers shared by both layouts; slot 4 differs. */
enum {
	S_NULL, S_TEXT, S_DATA, S_RELA, S_SYMTAB_OR_DYNAMIC, S_STRTAB,
	S_SHSTRTAB, S_COUNT
};
enum { P_TEXT, P_DATA, P_DYNAMIC, P_COUNT };

/* 8-byte aligned storage for an image */
struct image {
	uint64_t words[IMG_MAX / 8];
	uint64_t size;
	/* offsets of interesting parts, for the corruption cases */
	uint64_t shstrtab_off, shstrtab_size;
};

static uint8_t *bytes(struct image *im)
{
	return (uint8_t *)im->words;
}

static Elf64_Ehdr *eh(struct image *im)
{
	return (Elf64_Ehdr *)im->words;
}

static Elf64_Shdr *shdr(struct image *im, unsigned int i)
{
	return (Elf64_Shdr *)(bytes(im) + eh(im)->e_shoff) + i;
}

static Elf64_Phdr *phdr(struct image *im, unsigned int i)
{
	return (Elf64_Phdr *)(bytes(im) + eh(im)->e_phoff) + i;
}

static uint64_t put(struct image *im, const void *src, uint64_t len,
		    uint64_t align)
{
	uint64_t off = (im->size + align - 1) & ~(align - 1);

	memcpy(bytes(im) + off, src, len);
	im->size = off + len;
	return off;
}

static uint32_t name_off(const char *names, const char *name)
{
	/* names is a NUL-separated list; find name as a whole entry */
	const char *p = names;

	while (strcmp(p, name))
		p += strlen(p) + 1;
	return (uint32_t)(p - names);
}

static void set_sh(Elf64_Shdr *sh, const char *names, const char *name,
		   uint32_t type, uint64_t flags, uint64_t addr, uint64_t off,
		   uint64_t size, uint32_t link, uint32_t info,
		   uint64_t entsize)
{
	sh->sh_name = name_off(names, name);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addr = addr;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_link = link;
	sh->sh_info = info;
	sh->sh_addralign = 8;
	sh->sh_entsize = entsize;
}

static const char shnames_rel[] =
	"\0.text\0.data\0.rela.text\0.symtab\0.strtab\0.shstrtab";
static const char shnames_dyn[] =
	"\0.text\0.data\0.rela.dyn\0.dynamic\0.dynstr\0.shstrtab";

static void build(struct image *im, uint16_t type)
{
	const bool dyn = type == ET_DYN;
	const char *names = dyn ? shnames_dyn : shnames_rel;
	const uint64_t names_size = dyn ? sizeof(shnames_dyn) :
					  sizeof(shnames_rel);
	static const uint8_t text[16] = { 0x1f, 0x20, 0x03, 0xd5 };
	const uint64_t data[2] = { LINK_TEXT, LINK_DATA };
	static const char strtab[] = "\0main\0ptr";
	Elf64_Rela rela[2];
	Elf64_Sym syms[3];
	Elf64_Dyn dynamic[4];
	Elf64_Shdr sh[S_COUNT];
	Elf64_Phdr ph[P_COUNT];
	uint64_t o_text, o_data, o_rela, o_tab, o_str, o_shstr, o_sh;
	uint64_t tab_size;

	memset(im, 0, sizeof(*im));
	memset(sh, 0, sizeof(sh));
	memset(ph, 0, sizeof(ph));
	im->size = sizeof(Elf64_Ehdr);
	if (dyn)
		im->size += sizeof(ph);	/* room for the program headers */

	o_text = put(im, text, sizeof(text), 16);
	o_data = put(im, data, sizeof(data), 8);

	memset(rela, 0, sizeof(rela));
	if (dyn) {
		rela[0].r_offset = LINK_DATA;
		rela[0].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		rela[0].r_addend = LINK_TEXT;
		rela[1].r_offset = LINK_DATA + 8;
		rela[1].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
		rela[1].r_addend = LINK_DATA;
	} else {
		rela[0].r_offset = 0;
		rela[0].r_info = ELF64_R_INFO(1, R_AARCH64_ABS64);
		rela[1].r_offset = 8;
		rela[1].r_info = ELF64_R_INFO(2, R_AARCH64_ABS64);
	}
	o_rela = put(im, rela, sizeof(rela), 8);

	if (dyn) {
		memset(dynamic, 0, sizeof(dynamic));
		dynamic[0].d_tag = DT_RELA;
		dynamic[0].d_un.d_ptr = 0;	/* patched below */
		dynamic[1].d_tag = DT_RELASZ;
		dynamic[1].d_un.d_val = sizeof(rela);
		dynamic[2].d_tag = DT_RELAENT;
		dynamic[2].d_un.d_val = sizeof(Elf64_Rela);
		dynamic[3].d_tag = DT_NULL;
		o_tab = put(im, dynamic, sizeof(dynamic), 8);
		tab_size = sizeof(dynamic);
	} else {
		memset(syms, 0, sizeof(syms));
		syms[1].st_name = 1;	/* "main" */
		syms[1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
		syms[1].st_shndx = S_TEXT;
		syms[2].st_name = 6;	/* "ptr" */
		syms[2].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
		syms[2].st_shndx = S_DATA;
		syms[2].st_value = 8;
		o_tab = put(im, syms, sizeof(syms), 8);
		tab_size = sizeof(syms);
	}
	o_str = put(im, strtab, sizeof(strtab), 1);
	o_shstr = put(im, names, names_size, 1);
	im->shstrtab_off = o_shstr;
	im->shstrtab_size = names_size;

	if (dyn) {
		const uint64_t a_rela = LINK_TEXT + (o_rela - o_text);
		const uint64_t a_dyn = LINK_DATA + (o_tab - o_data);

		((Elf64_Dyn *)(bytes(im) + o_tab))[0].d_un.d_ptr = a_rela;
		set_sh(&sh[S_TEXT], names, ".text", SHT_PROGBITS,
		       SHF_ALLOC | SHF_EXECINSTR, LINK_TEXT, o_text,
		       sizeof(text), 0, 0, 0);
		set_sh(&sh[S_DATA], names, ".data", SHT_PROGBITS,
		       SHF_ALLOC | SHF_WRITE, LINK_DATA, o_data, sizeof(data),
		       0, 0, 0);
		set_sh(&sh[S_RELA], names, ".rela.dyn", SHT_RELA, SHF_ALLOC,
		       a_rela, o_rela, sizeof(rela), 0, 0,
		       sizeof(Elf64_Rela));
		set_sh(&sh[S_SYMTAB_OR_DYNAMIC], names, ".dynamic",
		       SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, a_dyn, o_tab,
		       tab_size, S_STRTAB, 0, sizeof(Elf64_Dyn));
		/* not SHF_ALLOC: it has no address in this image */
		set_sh(&sh[S_STRTAB], names, ".dynstr", SHT_STRTAB, 0, 0,
		       o_str, sizeof(strtab), 0, 0, 0);

		ph[P_TEXT].p_type = PT_LOAD;
		ph[P_TEXT].p_flags = PF_R | PF_X;
		ph[P_TEXT].p_offset = o_text;
		ph[P_TEXT].p_vaddr = LINK_TEXT;
		ph[P_TEXT].p_filesz = o_data - o_text;
		ph[P_TEXT].p_memsz = o_data - o_text;
		ph[P_DATA].p_type = PT_LOAD;
		ph[P_DATA].p_flags = PF_R | PF_W;
		ph[P_DATA].p_offset = o_data;
		ph[P_DATA].p_vaddr = LINK_DATA;
		ph[P_DATA].p_filesz = sizeof(data);
		ph[P_DATA].p_memsz = sizeof(data);
		ph[P_DYNAMIC].p_type = PT_DYNAMIC;
		ph[P_DYNAMIC].p_flags = PF_R | PF_W;
		ph[P_DYNAMIC].p_offset = o_tab;
		ph[P_DYNAMIC].p_vaddr = a_dyn;
		ph[P_DYNAMIC].p_filesz = tab_size;
		ph[P_DYNAMIC].p_memsz = tab_size;
		memcpy(bytes(im) + sizeof(Elf64_Ehdr), ph, sizeof(ph));
	} else {
		set_sh(&sh[S_TEXT], names, ".text", SHT_PROGBITS,
		       SHF_ALLOC | SHF_EXECINSTR, 0, o_text, sizeof(text), 0,
		       0, 0);
		set_sh(&sh[S_DATA], names, ".data", SHT_PROGBITS,
		       SHF_ALLOC | SHF_WRITE, 0, o_data, sizeof(data), 0, 0,
		       0);
		set_sh(&sh[S_RELA], names, ".rela.text", SHT_RELA,
		       SHF_INFO_LINK, 0, o_rela, sizeof(rela),
		       S_SYMTAB_OR_DYNAMIC, S_TEXT, sizeof(Elf64_Rela));
		set_sh(&sh[S_SYMTAB_OR_DYNAMIC], names, ".symtab", SHT_SYMTAB,
		       0, 0, o_tab, tab_size, S_STRTAB, 1, sizeof(Elf64_Sym));
		set_sh(&sh[S_STRTAB], names, ".strtab", SHT_STRTAB, 0, 0,
		       o_str, sizeof(strtab), 0, 0, 0);
	}
	set_sh(&sh[S_SHSTRTAB], names, ".shstrtab", SHT_STRTAB, 0, 0, o_shstr,
	       names_size, 0, 0, 0);
	sh[S_NULL].sh_name = 0;
	sh[S_NULL].sh_type = SHT_NULL;
	sh[S_NULL].sh_addralign = 0;
	o_sh = put(im, sh, sizeof(sh), 8);

	eh(im)->e_ident[EI_MAG0] = ELFMAG0;
	eh(im)->e_ident[EI_MAG1] = ELFMAG1;
	eh(im)->e_ident[EI_MAG2] = ELFMAG2;
	eh(im)->e_ident[EI_MAG3] = ELFMAG3;
	eh(im)->e_ident[EI_CLASS] = ELFCLASS64;
	eh(im)->e_ident[EI_DATA] = ELFDATA2LSB;
	eh(im)->e_ident[EI_VERSION] = EV_CURRENT;
	eh(im)->e_type = type;
	eh(im)->e_machine = EM_AARCH64;
	eh(im)->e_version = EV_CURRENT;
	eh(im)->e_entry = dyn ? LINK_TEXT : 0;
	eh(im)->e_phoff = dyn ? sizeof(Elf64_Ehdr) : 0;
	eh(im)->e_shoff = o_sh;
	eh(im)->e_ehsize = sizeof(Elf64_Ehdr);
	eh(im)->e_phentsize = dyn ? sizeof(Elf64_Phdr) : 0;
	eh(im)->e_phnum = dyn ? P_COUNT : 0;
	eh(im)->e_shentsize = sizeof(Elf64_Shdr);
	eh(im)->e_shnum = S_COUNT;
	eh(im)->e_shstrndx = S_SHSTRTAB;
}

static bool open_image(struct image *im, uint16_t want, struct elf_view *v,
		       struct diag *d)
{
	diag_init(d);
	return elf_open(v, im->words, im->size, want, d);
}

/* ---- valid files ---- */

static void test_valid_rel(void)
{
	struct image im;
	struct elf_view v;
	struct diag d;
	const Elf64_Shdr *sh, *symtab;
	Elf64_Sym sym;
	const char *name = NULL;
	uint64_t val;

	build(&im, ET_REL);
	CHECK(open_image(&im, ET_REL, &v, &d));
	CHECK(open_image(&im, 0, &v, &d));
	CHECK(d.what == NULL);
	CHECK_EQ(v.shnum, S_COUNT);
	CHECK_EQ(v.phnum, 0);
	CHECK(v.dyn == NULL);
	CHECK(!elf_dynamic_get(&v, DT_RELA, &val));

	sh = elf_section_by_name(&v, ".rela.text");
	CHECK(sh != NULL);
	if (sh) {
		CHECK_EQ(elf_section_index(&v, sh), S_RELA);
		CHECK_STR(elf_section_name(&v, sh), ".rela.text");
		CHECK_EQ(elf_section_entries(sh), 2);
	}
	CHECK(elf_section_by_name(&v, ".rela") == NULL);
	CHECK(elf_section_by_name(&v, ".nope") == NULL);
	CHECK(elf_section_by_name(&v, "") == NULL);	/* section 0 skipped */
	CHECK(elf_section(&v, S_COUNT) == NULL);
	CHECK_STR(elf_section_name(&v, elf_section(&v, 0)), "");

	symtab = elf_section_by_name(&v, ".symtab");
	CHECK(symtab != NULL);
	CHECK(elf_symbol(&v, symtab, 1, &sym, &name, &d));
	CHECK_STR(name, "main");
	CHECK_EQ(sym.st_shndx, S_TEXT);
	CHECK(elf_symbol(&v, symtab, 2, &sym, &name, &d));
	CHECK_STR(name, "ptr");
	CHECK_EQ(sym.st_value, 8);
	CHECK(elf_symbol(&v, symtab, 0, &sym, NULL, &d));
	CHECK(!elf_symbol(&v, symtab, 3, &sym, &name, &d));
	CHECK_STR(diag_str(&d), "elf: symbol index out of range");
	diag_init(&d);
	CHECK(!elf_symbol(&v, sh, 0, &sym, &name, &d));
	CHECK_STR(diag_str(&d), "elf: not a symbol table");

	/* a symbol whose name offset is outside the string table */
	((Elf64_Sym *)(bytes(&im) + symtab->sh_offset))[1].st_name = 100;
	diag_init(&d);
	CHECK(!elf_symbol(&v, symtab, 1, &sym, &name, &d));
	CHECK_STR(diag_str(&d), "elf: symbol name offset outside the string table");

	/* data pointers point into the buffer */
	sh = elf_section_by_name(&v, ".data");
	CHECK(elf_section_data(&v, sh) == bytes(&im) + sh->sh_offset);
}

static void test_valid_dyn(void)
{
	struct image im;
	struct elf_view v;
	struct diag d;
	const Elf64_Shdr *sh;
	uint64_t val = 0;

	build(&im, ET_DYN);
	CHECK(open_image(&im, ET_DYN, &v, &d));
	CHECK_EQ(v.phnum, P_COUNT);
	CHECK(elf_phdr(&v, P_DYNAMIC) != NULL);
	CHECK_EQ(elf_phdr(&v, P_DYNAMIC)->p_type, PT_DYNAMIC);
	CHECK(elf_phdr(&v, P_COUNT) == NULL);

	CHECK(elf_dynamic_get(&v, DT_RELASZ, &val));
	CHECK_EQ(val, 2 * sizeof(Elf64_Rela));
	CHECK(elf_dynamic_get(&v, DT_RELAENT, &val));
	CHECK_EQ(val, sizeof(Elf64_Rela));
	CHECK(elf_dynamic_get(&v, DT_RELA, &val));
	sh = elf_section_for_addr(&v, val);
	CHECK(sh && !strcmp(elf_section_name(&v, sh), ".rela.dyn"));
	CHECK(!elf_dynamic_get(&v, DT_RELR, &val));

	sh = elf_section_for_addr(&v, LINK_TEXT);
	CHECK(sh && !strcmp(elf_section_name(&v, sh), ".text"));
	sh = elf_section_for_addr(&v, LINK_DATA + 15);
	CHECK(sh && !strcmp(elf_section_name(&v, sh), ".data"));
	/* one past .data is a gap (.rela.dyn sits in between in the file) */
	CHECK(elf_section_for_addr(&v, LINK_DATA + 16) == NULL);
	sh = elf_section_by_name(&v, ".dynamic");
	CHECK(sh && elf_section_for_addr(&v, sh->sh_addr + 8) == sh);
	CHECK(elf_section_for_addr(&v, 0) == NULL);
	CHECK(elf_section_for_addr(&v, LINK_TEXT - 1) == NULL);
	CHECK(elf_section_for_addr(&v, UINT64_MAX) == NULL);

	/* a DT_NULL ends the array even if entries follow */
	((Elf64_Dyn *)v.dyn)[1].d_tag = DT_NULL;
	CHECK(!elf_dynamic_get(&v, DT_RELAENT, &val));

	/* want_type mismatch */
	CHECK(!open_image(&im, ET_REL, &v, &d));
	CHECK_STR(diag_str(&d), "elf: unexpected file type (e_type)");
	CHECK_EQ(d.value, ET_DYN);
}

/* Without section headers the dynamic array is found via PT_DYNAMIC. */
static void test_dyn_without_sections(void)
{
	struct image im;
	struct elf_view v;
	struct diag d;
	uint64_t val;

	build(&im, ET_DYN);
	eh(&im)->e_shoff = 0;
	eh(&im)->e_shnum = 0;
	eh(&im)->e_shstrndx = SHN_UNDEF;
	CHECK(open_image(&im, ET_DYN, &v, &d));
	CHECK_EQ(v.shnum, 0);
	CHECK(elf_dynamic_get(&v, DT_RELASZ, &val));
	CHECK_EQ(val, 2 * sizeof(Elf64_Rela));
	CHECK(elf_section_by_name(&v, ".text") == NULL);
	CHECK(elf_section_for_addr(&v, LINK_TEXT) == NULL);
}

static void test_reloc_names(void)
{
	CHECK_STR(elf_aarch64_reloc_name(R_AARCH64_RELATIVE),
		  "R_AARCH64_RELATIVE");
	CHECK_STR(elf_aarch64_reloc_name(1027), "R_AARCH64_RELATIVE");
	CHECK_STR(elf_aarch64_reloc_name(257), "R_AARCH64_ABS64");
	CHECK_STR(elf_aarch64_reloc_name(0), "R_AARCH64_NONE");
	CHECK_STR(elf_aarch64_reloc_name(283), "R_AARCH64_CALL26");
	CHECK_STR(elf_aarch64_reloc_name(311), "R_AARCH64_ADR_GOT_PAGE");
	CHECK_STR(elf_aarch64_reloc_name(299), "R_AARCH64_LDST128_ABS_LO12_NC");
	CHECK_STR(elf_aarch64_reloc_name(1032), "R_AARCH64_IRELATIVE");
	CHECK_STR(elf_aarch64_reloc_name(1031), "R_AARCH64_TLSDESC");
	CHECK(elf_aarch64_reloc_name(281) == NULL);	/* unassigned */
	CHECK(elf_aarch64_reloc_name(9999) == NULL);
	CHECK(elf_aarch64_reloc_name(UINT32_MAX) == NULL);
	CHECK_EQ(R_AARCH64_MOVW_UABS_G3, 269);
	CHECK_EQ(R_AARCH64_MOVW_PREL_G3, 293);
	CHECK_EQ(R_AARCH64_LD64_GOT_LO12_NC, 312);
	CHECK_EQ(R_AARCH64_GLOB_DAT, 1025);
	CHECK_EQ(R_AARCH64_JUMP_SLOT, 1026);
	CHECK_EQ(ELF64_R_TYPE(ELF64_R_INFO(7, 1027)), 1027);
	CHECK_EQ(ELF64_R_SYM(ELF64_R_INFO(7, 1027)), 7);
	CHECK_EQ(DT_RELACOUNT, 0x6ffffff9);
	CHECK_EQ(DT_RELR, 36);
	CHECK_EQ(DT_RELRSZ, 35);
	CHECK_EQ(DT_RELRENT, 37);
	CHECK_EQ(SHT_RELR, 19);
}

/* ---- one corruption at a time ---- */

struct corruption {
	const char *name;
	uint16_t type;		/* which valid image to start from */
	void (*mutate)(struct image *im);
	const char *reason;	/* expected diag_str(&d) */
};

#define MUT(fn, body) static void fn(struct image *im) { body; }

MUT(m_magic, bytes(im)[EI_MAG1] = 'X')
MUT(m_class, bytes(im)[EI_CLASS] = ELFCLASS32)
MUT(m_data, bytes(im)[EI_DATA] = ELFDATA2MSB)
MUT(m_idver, bytes(im)[EI_VERSION] = EV_NONE)
MUT(m_version, eh(im)->e_version = 2)
MUT(m_machine, eh(im)->e_machine = EM_X86_64)
MUT(m_ehsize, eh(im)->e_ehsize = 52)
MUT(m_shentsize, eh(im)->e_shentsize = 40)
MUT(m_phentsize, eh(im)->e_phentsize = 32)
MUT(m_shoff_far, eh(im)->e_shoff = im->size)
MUT(m_shoff_misal, eh(im)->e_shoff += 4)
MUT(m_shoff_wrap, eh(im)->e_shoff = UINT64_MAX - 7)
MUT(m_shnum_big, eh(im)->e_shnum = 0xfe00)
MUT(m_shnum_noshoff, eh(im)->e_shoff = 0)
MUT(m_phoff_far, eh(im)->e_phoff = im->size - 8)
MUT(m_phoff_wrap, eh(im)->e_phoff = UINT64_MAX & ~7ull)
MUT(m_phoff_misal, eh(im)->e_phoff = 4)
MUT(m_phnum_noff, eh(im)->e_phoff = 0)
MUT(m_phnum_xnum, eh(im)->e_phnum = PN_XNUM)
MUT(m_ext_shnum, eh(im)->e_shnum = 0)
MUT(m_xindex, eh(im)->e_shstrndx = SHN_XINDEX)
MUT(m_shstrndx_big, eh(im)->e_shstrndx = S_COUNT)
MUT(m_shstrndx_zero, eh(im)->e_shstrndx = SHN_UNDEF)
MUT(m_shstrndx_text, eh(im)->e_shstrndx = S_TEXT)
MUT(m_shstr_nonul,
    bytes(im)[im->shstrtab_off + im->shstrtab_size - 1] = 'x')
MUT(m_shstr_empty, shdr(im, S_SHSTRTAB)->sh_size = 0)
MUT(m_sec_far, shdr(im, S_DATA)->sh_offset = im->size)
MUT(m_sec_big, shdr(im, S_DATA)->sh_size = im->size)
MUT(m_sec_wrap, shdr(im, S_DATA)->sh_size = UINT64_MAX - 8)
MUT(m_sh_name, shdr(im, S_DATA)->sh_name = (uint32_t)im->shstrtab_size)
MUT(m_sym_link_type, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_link = S_TEXT)
MUT(m_sym_link_range, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_link = 99)
MUT(m_sym_link_zero, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_link = 0)
MUT(m_sym_entsize, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_entsize = 16)
MUT(m_sym_size, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_size -= 1)
MUT(m_sym_info, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_info = 4)
MUT(m_sym_strnonul,
    bytes(im)[shdr(im, S_STRTAB)->sh_offset + shdr(im, S_STRTAB)->sh_size - 1] = 'x')
MUT(m_rela_link, shdr(im, S_RELA)->sh_link = S_STRTAB)
MUT(m_rela_link_zero, shdr(im, S_RELA)->sh_link = 0)
MUT(m_rela_link_range, shdr(im, S_RELA)->sh_link = 0xffff)
MUT(m_rela_info_zero, shdr(im, S_RELA)->sh_info = 0)
MUT(m_rela_info_range, shdr(im, S_RELA)->sh_info = S_COUNT)
MUT(m_rela_entsize0, shdr(im, S_RELA)->sh_entsize = 0)
MUT(m_rela_entsize, shdr(im, S_RELA)->sh_entsize = sizeof(Elf64_Rel))
MUT(m_rela_size, shdr(im, S_RELA)->sh_size = sizeof(Elf64_Rela) + 8)
MUT(m_rela_misal, shdr(im, S_RELA)->sh_offset += 4;
    shdr(im, S_RELA)->sh_size = sizeof(Elf64_Rela))
MUT(m_relr_entsize, shdr(im, S_RELA)->sh_type = SHT_RELR)
MUT(m_dyn_entsize, shdr(im, S_SYMTAB_OR_DYNAMIC)->sh_entsize = 24)
MUT(m_dyn_twice, shdr(im, S_DATA)->sh_type = SHT_DYNAMIC;
    shdr(im, S_DATA)->sh_entsize = sizeof(Elf64_Dyn))
MUT(m_ph_far, phdr(im, P_DATA)->p_offset = im->size)
MUT(m_ph_wrap, phdr(im, P_DATA)->p_filesz = UINT64_MAX)
MUT(m_ph_memsz, phdr(im, P_DATA)->p_memsz = 8)
MUT(m_rel_entsize, shdr(im, S_RELA)->sh_type = SHT_REL)

static const struct corruption corruptions[] = {
	{ "magic", ET_REL, m_magic, "elf: not an ELF file (bad magic)" },
	{ "class", ET_REL, m_class, "elf: not a 64-bit ELF file (EI_CLASS)" },
	{ "data", ET_DYN, m_data, "elf: not a little-endian ELF file (EI_DATA)" },
	{ "ident version", ET_REL, m_idver, "elf: unsupported ELF version (EI_VERSION)" },
	{ "e_version", ET_REL, m_version, "elf: unsupported ELF version (e_version)" },
	{ "machine", ET_DYN, m_machine, "elf: not an AArch64 file (e_machine)" },
	{ "ehsize", ET_REL, m_ehsize, "elf: bad ELF header size (e_ehsize)" },
	{ "shentsize", ET_REL, m_shentsize, "elf: bad section header size (e_shentsize)" },
	{ "phentsize", ET_DYN, m_phentsize, "elf: bad program header size (e_phentsize)" },
	{ "shoff past end", ET_REL, m_shoff_far, "elf: section header table outside the file" },
	{ "shoff misaligned", ET_REL, m_shoff_misal, "elf: section header table misaligned (e_shoff)" },
	{ "shoff wraps", ET_REL, m_shoff_wrap, "elf: section header table outside the file" },
	{ "shnum too big", ET_DYN, m_shnum_big, "elf: section header table outside the file" },
	{ "shnum without table", ET_REL, m_shnum_noshoff, "elf: e_shnum set but no section header table" },
	{ "phoff past end", ET_DYN, m_phoff_far, "elf: program header table outside the file" },
	{ "phoff wraps", ET_DYN, m_phoff_wrap, "elf: program header table outside the file" },
	{ "phoff misaligned", ET_DYN, m_phoff_misal, "elf: program header table misaligned (e_phoff)" },
	{ "phnum without table", ET_DYN, m_phnum_noff, "elf: e_phnum set but no program header table" },
	{ "phnum PN_XNUM", ET_DYN, m_phnum_xnum, "elf: extended program header numbering (PN_XNUM) not supported" },
	{ "extended shnum", ET_REL, m_ext_shnum, "elf: extended section numbering (e_shnum 0) not supported" },
	{ "shstrndx XINDEX", ET_REL, m_xindex, "elf: extended section numbering (e_shstrndx SHN_XINDEX) not supported" },
	{ "shstrndx too big", ET_REL, m_shstrndx_big, "elf: bad section name table index (e_shstrndx)" },
	{ "shstrndx zero", ET_DYN, m_shstrndx_zero, "elf: bad section name table index (e_shstrndx)" },
	{ "shstrndx not strtab", ET_REL, m_shstrndx_text, "elf: section name table is not SHT_STRTAB" },
	{ "shstrtab no NUL", ET_REL, m_shstr_nonul, "elf: section name table empty or not NUL-terminated" },
	{ "shstrtab empty", ET_DYN, m_shstr_empty, "elf: section name table empty or not NUL-terminated" },
	{ "section past end", ET_REL, m_sec_far, "elf: section contents outside the file" },
	{ "section too big", ET_DYN, m_sec_big, "elf: section contents outside the file" },
	{ "section size wraps", ET_REL, m_sec_wrap, "elf: section contents outside the file" },
	{ "sh_name outside", ET_REL, m_sh_name, "elf: section name offset outside the name table (sh_name)" },
	{ "symtab link type", ET_REL, m_sym_link_type, "elf: symbol table sh_link is not a NUL-terminated SHT_STRTAB" },
	{ "symtab link range", ET_REL, m_sym_link_range, "elf: symbol table sh_link is not a valid section" },
	{ "symtab link zero", ET_REL, m_sym_link_zero, "elf: symbol table sh_link is not a valid section" },
	{ "symtab entsize", ET_REL, m_sym_entsize, "elf: bad sh_entsize for a table section" },
	{ "symtab size", ET_REL, m_sym_size, "elf: table section size not a multiple of sh_entsize" },
	{ "symtab sh_info", ET_REL, m_sym_info, "elf: symbol table sh_info beyond its symbols" },
	{ "strtab no NUL", ET_REL, m_sym_strnonul, "elf: symbol table sh_link is not a NUL-terminated SHT_STRTAB" },
	{ "rela link type", ET_REL, m_rela_link, "elf: relocation section sh_link is not a symbol table" },
	{ "rela link zero (ET_REL)", ET_REL, m_rela_link_zero, "elf: relocation section sh_link is not a symbol table" },
	{ "rela link range", ET_DYN, m_rela_link_range, "elf: relocation section sh_link is not a symbol table" },
	{ "rela info zero (ET_REL)", ET_REL, m_rela_info_zero, "elf: relocation section sh_info is not a valid target section" },
	{ "rela info range", ET_REL, m_rela_info_range, "elf: relocation section sh_info is not a valid target section" },
	{ "rela info range (ET_DYN)", ET_DYN, m_rela_info_range, "elf: relocation section sh_info out of range" },
	{ "rela entsize 0", ET_DYN, m_rela_entsize0, "elf: bad sh_entsize for a table section" },
	{ "rela entsize", ET_REL, m_rela_entsize, "elf: bad sh_entsize for a table section" },
	{ "rela size", ET_DYN, m_rela_size, "elf: table section size not a multiple of sh_entsize" },
	{ "rela misaligned", ET_DYN, m_rela_misal, "elf: table section misaligned (sh_offset)" },
	{ "relr entsize", ET_DYN, m_relr_entsize, "elf: bad sh_entsize for a table section" },
	{ "rel entsize", ET_DYN, m_rel_entsize, "elf: bad sh_entsize for a table section" },
	{ "dynamic entsize", ET_DYN, m_dyn_entsize, "elf: bad sh_entsize for a table section" },
	{ "two dynamic", ET_DYN, m_dyn_twice, "elf: more than one SHT_DYNAMIC section" },
	{ "segment past end", ET_DYN, m_ph_far, "elf: segment contents outside the file" },
	{ "segment size wraps", ET_DYN, m_ph_wrap, "elf: segment contents outside the file" },
	{ "filesz > memsz", ET_DYN, m_ph_memsz, "elf: PT_LOAD p_filesz larger than p_memsz" },
};

static void test_corruptions(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(corruptions); i++) {
		const struct corruption *c = &corruptions[i];
		struct image im;
		struct elf_view v;
		struct diag d;
		bool ok;

		build(&im, c->type);
		CHECK(open_image(&im, c->type, &v, &d));
		c->mutate(&im);
		ok = open_image(&im, 0, &v, &d);
		if (ok || !d.what || strcmp(diag_str(&d), c->reason)) {
			printf("  corruption '%s': got %s\"%s\", want \"%s\"\n",
			       c->name, ok ? "success, " : "",
			       d.what ? diag_str(&d) : "(none)", c->reason);
			test_case_failed = 1;
		}
		/* a failed open leaves an empty view */
		CHECK(v.ehdr == NULL && v.shnum == 0 && v.dyn == NULL);
	}
}

static void test_small_and_misaligned(void)
{
	struct image im;
	struct elf_view v;
	struct diag d;

	build(&im, ET_REL);
	diag_init(&d);
	CHECK(!elf_open(&v, bytes(&im) + 1, im.size - 1, 0, &d));
	CHECK_STR(diag_str(&d), "elf: buffer not 8-byte aligned");
	diag_init(&d);
	CHECK(!elf_open(&v, im.words, 0, 0, &d));
	CHECK_STR(diag_str(&d), "elf: file too small for an ELF header");
	diag_init(&d);
	CHECK(!elf_open(&v, NULL, 100, 0, &d));
	CHECK_STR(diag_str(&d), "elf: no buffer");
	/* NULL diag is allowed */
	CHECK(!elf_open(&v, im.words, 10, 0, NULL));
}

/* Every proper prefix of a valid file must be rejected (the section
 * headers come last).  Each prefix is a heap block of exactly that size
 * so ASan catches any read past it. */
static void test_truncations(void)
{
	static const uint16_t types[] = { ET_REL, ET_DYN };
	size_t t;

	for (t = 0; t < ARRAY_SIZE(types); t++) {
		struct image im;
		uint64_t len;

		build(&im, types[t]);
		for (len = 0; len < im.size; len++) {
			void *p = malloc(len ? len : 1);
			struct elf_view v;
			struct diag d;

			memcpy(p, im.words, len);
			diag_init(&d);
			if (elf_open(&v, p, len, 0, &d) || !d.what) {
				printf("  truncation to %" PRIu64 " accepted\n",
				       len);
				test_case_failed = 1;
			}
			free(p);
		}
	}
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64*: fixed seed, reproducible */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Use everything a successful open promises is safe to use. */
static uint64_t exercise(const struct elf_view *v)
{
	uint64_t sum = 0, val;
	uint32_t i;

	for (i = 0; i < v->shnum; i++) {
		const Elf64_Shdr *sh = elf_section(v, i);
		const char *name = elf_section_name(v, sh);
		const uint8_t *data = elf_section_data(v, sh);
		uint64_t k, n;

		sum += strlen(name);
		if (data && sh->sh_size)
			sum += data[sh->sh_size - 1] + data[0];
		if (elf_section_by_name(v, name) == NULL && i)
			sum++;
		sum += elf_section_for_addr(v, sh->sh_addr) != NULL;
		if (sh->sh_type == SHT_SYMTAB || sh->sh_type == SHT_DYNSYM) {
			n = elf_section_entries(sh);
			for (k = 0; k <= n; k++) {
				Elf64_Sym sym;
				const char *sname;

				if (elf_symbol(v, sh, (uint32_t)k, &sym,
					       &sname, NULL))
					sum += strlen(sname);
			}
		}
		if (sh->sh_type == SHT_RELA) {
			const Elf64_Rela *r = elf_section_data(v, sh);

			n = elf_section_entries(sh);
			for (k = 0; k < n; k++)
				sum += r[k].r_offset;
		}
	}
	for (i = 0; i < v->phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(v, i);

		if (ph->p_filesz)
			sum += v->buf[ph->p_offset + ph->p_filesz - 1];
	}
	if (elf_dynamic_get(v, DT_RELA, &val))
		sum += val;
	return sum;
}

static void test_fuzz(void)
{
	uint64_t round, accepted = 0, sum = 0;

	rng_state = FUZZ_SEED;
	for (round = 0; round < FUZZ_ROUNDS; round++) {
		struct image im;
		struct elf_view v;
		struct diag d;
		unsigned int flips = 1 + rng() % 4, k;
		uint8_t *p;

		build(&im, round & 1 ? ET_DYN : ET_REL);
		for (k = 0; k < flips; k++) {
			uint64_t r = rng();
			/* half the hits go to the ELF header and tables */
			uint64_t off = (r & 1) ? (r >> 8) % sizeof(Elf64_Ehdr) :
						 (r >> 8) % im.size;

			bytes(&im)[off] = (r >> 1) & 1 ? (uint8_t)(r >> 40) :
				bytes(&im)[off] ^ (uint8_t)(1u << ((r >> 2) & 7));
		}
		/* exact-size heap copy so overreads are caught */
		p = malloc(im.size);
		memcpy(p, im.words, im.size);
		diag_init(&d);
		if (elf_open(&v, p, im.size, 0, &d)) {
			accepted++;
			sum += exercise(&v);
		} else if (!d.what || strcmp(d.subsys, "elf")) {
			printf("  round %" PRIu64 ": failure without an elf: reason\n",
			       round);
			test_case_failed = 1;
		}
		free(p);
	}
	/* some mutations hit padding or harmless fields and must still open */
	CHECK(accepted > 0);
	CHECK(accepted < FUZZ_ROUNDS);
	CHECK(sum != 0);
}

int main(void)
{
	RUN(test_valid_rel);
	RUN(test_valid_dyn);
	RUN(test_dyn_without_sections);
	RUN(test_reloc_names);
	RUN(test_corruptions);
	RUN(test_small_and_misaligned);
	RUN(test_truncations);
	RUN(test_fuzz);
	return test_summary();
}
