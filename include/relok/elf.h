/* SPDX-License-Identifier: MIT */
/*
 * ELF64 definitions and a validated read-only view of an ELF64
 * little-endian AArch64 file held in memory.
 *
 * Our own definitions rather than the system <elf.h>: this header is also
 * built into the freestanding kernel (module loader, boot self-test), which
 * has no libc headers.  Names and numbers follow the ELF gABI and "ELF for
 * the Arm 64-bit Architecture (AArch64)"; SHT_RELR and DT_RELR* follow the
 * generic-abi SHT_RELR proposal (now part of the gABI).
 *
 * lib/elf.c is shared by host tools and the kernel, so it is freestanding:
 * no libc, no external calls, no pointers in static data, no printing.
 * Errors are reported through struct diag, subsystem "elf".
 */
#ifndef RELOK_ELF_H
#define RELOK_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <relok/diag.h>

typedef uint64_t Elf64_Addr;
typedef uint64_t Elf64_Off;
typedef uint16_t Elf64_Half;
typedef uint32_t Elf64_Word;
typedef int32_t Elf64_Sword;
typedef uint64_t Elf64_Xword;
typedef int64_t Elf64_Sxword;

/* ---- File header ---- */

#define EI_NIDENT	16

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	Elf64_Half e_type;
	Elf64_Half e_machine;
	Elf64_Word e_version;
	Elf64_Addr e_entry;
	Elf64_Off e_phoff;
	Elf64_Off e_shoff;
	Elf64_Word e_flags;
	Elf64_Half e_ehsize;
	Elf64_Half e_phentsize;
	Elf64_Half e_phnum;
	Elf64_Half e_shentsize;
	Elf64_Half e_shnum;
	Elf64_Half e_shstrndx;
} Elf64_Ehdr;

/* e_ident[] indexes */
#define EI_MAG0		0
#define EI_MAG1		1
#define EI_MAG2		2
#define EI_MAG3		3
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EI_OSABI	7
#define EI_ABIVERSION	8
#define EI_PAD		9

#define ELFMAG0		0x7f
#define ELFMAG1		'E'
#define ELFMAG2		'L'
#define ELFMAG3		'F'

#define ELFCLASSNONE	0
#define ELFCLASS32	1
#define ELFCLASS64	2

#define ELFDATANONE	0
#define ELFDATA2LSB	1
#define ELFDATA2MSB	2

#define EV_NONE		0
#define EV_CURRENT	1

/* e_type */
#define ET_NONE		0
#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3
#define ET_CORE		4

/* e_machine */
#define EM_NONE		0
#define EM_386		3
#define EM_ARM		40
#define EM_X86_64	62
#define EM_AARCH64	183
#define EM_RISCV	243

/* ---- Sections ---- */

typedef struct {
	Elf64_Word sh_name;
	Elf64_Word sh_type;
	Elf64_Xword sh_flags;
	Elf64_Addr sh_addr;
	Elf64_Off sh_offset;
	Elf64_Xword sh_size;
	Elf64_Word sh_link;
	Elf64_Word sh_info;
	Elf64_Xword sh_addralign;
	Elf64_Xword sh_entsize;
} Elf64_Shdr;

/* Special section indexes */
#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_LOPROC	0xff00
#define SHN_HIPROC	0xff1f
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2
#define SHN_XINDEX	0xffff
#define SHN_HIRESERVE	0xffff

/* e_phnum value meaning "real count in section 0's sh_info" */
#define PN_XNUM		0xffff

/* sh_type */
#define SHT_NULL		0
#define SHT_PROGBITS		1
#define SHT_SYMTAB		2
#define SHT_STRTAB		3
#define SHT_RELA		4
#define SHT_HASH		5
#define SHT_DYNAMIC		6
#define SHT_NOTE		7
#define SHT_NOBITS		8
#define SHT_REL			9
#define SHT_SHLIB		10
#define SHT_DYNSYM		11
#define SHT_INIT_ARRAY		14
#define SHT_FINI_ARRAY		15
#define SHT_PREINIT_ARRAY	16
#define SHT_GROUP		17
#define SHT_SYMTAB_SHNDX	18
#define SHT_RELR		19
#define SHT_GNU_HASH		0x6ffffff6
#define SHT_GNU_VERDEF		0x6ffffffd
#define SHT_GNU_VERNEED		0x6ffffffe
#define SHT_GNU_VERSYM		0x6fffffff
#define SHT_AARCH64_ATTRIBUTES	0x70000003

/* sh_flags */
#define SHF_WRITE		0x1
#define SHF_ALLOC		0x2
#define SHF_EXECINSTR		0x4
#define SHF_MERGE		0x10
#define SHF_STRINGS		0x20
#define SHF_INFO_LINK		0x40
#define SHF_LINK_ORDER		0x80
#define SHF_OS_NONCONFORMING	0x100
#define SHF_GROUP		0x200
#define SHF_TLS			0x400
#define SHF_COMPRESSED		0x800

/* ---- Program headers ---- */

typedef struct {
	Elf64_Word p_type;
	Elf64_Word p_flags;
	Elf64_Off p_offset;
	Elf64_Addr p_vaddr;
	Elf64_Addr p_paddr;
	Elf64_Xword p_filesz;
	Elf64_Xword p_memsz;
	Elf64_Xword p_align;
} Elf64_Phdr;

#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define PT_SHLIB	5
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_EH_FRAME	0x6474e550
#define PT_GNU_STACK	0x6474e551
#define PT_GNU_RELRO	0x6474e552
#define PT_GNU_PROPERTY	0x6474e553

#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

/* ---- Symbols ---- */

typedef struct {
	Elf64_Word st_name;
	unsigned char st_info;
	unsigned char st_other;
	Elf64_Half st_shndx;
	Elf64_Addr st_value;
	Elf64_Xword st_size;
} Elf64_Sym;

#define ELF64_ST_BIND(i)	((unsigned char)(i) >> 4)
#define ELF64_ST_TYPE(i)	((unsigned char)(i) & 0xf)
#define ELF64_ST_INFO(b, t)	((unsigned char)(((b) << 4) | ((t) & 0xf)))
#define ELF64_ST_VISIBILITY(o)	((unsigned char)(o) & 0x3)

#define STB_LOCAL	0
#define STB_GLOBAL	1
#define STB_WEAK	2
#define STB_GNU_UNIQUE	10

#define STT_NOTYPE	0
#define STT_OBJECT	1
#define STT_FUNC	2
#define STT_SECTION	3
#define STT_FILE	4
#define STT_COMMON	5
#define STT_TLS		6
#define STT_GNU_IFUNC	10

#define STV_DEFAULT	0
#define STV_INTERNAL	1
#define STV_HIDDEN	2
#define STV_PROTECTED	3

/* ---- Relocations ---- */

typedef struct {
	Elf64_Addr r_offset;
	Elf64_Xword r_info;
} Elf64_Rel;

typedef struct {
	Elf64_Addr r_offset;
	Elf64_Xword r_info;
	Elf64_Sxword r_addend;
} Elf64_Rela;

/* One SHT_RELR entry: an even address or an odd bitmap. */
typedef uint64_t Elf64_Relr;

#define ELF64_R_SYM(i)		((uint32_t)((uint64_t)(i) >> 32))
#define ELF64_R_TYPE(i)		((uint32_t)((uint64_t)(i) & 0xffffffffu))
#define ELF64_R_INFO(s, t)	(((uint64_t)(s) << 32) | (uint32_t)(t))

/*
 * AArch64 relocation types (AAELF64, LP64).  One list, expanded both into
 * the R_AARCH64_* constants and into elf_aarch64_reloc_name(), so names and
 * numbers cannot drift apart.
 */
#define ELF_AARCH64_RELOCS(X)						\
	X(NONE, 0)							\
	/* data */							\
	X(ABS64, 257) X(ABS32, 258) X(ABS16, 259)			\
	X(PREL64, 260) X(PREL32, 261) X(PREL16, 262)			\
	/* MOVW, absolute and PC-relative */				\
	X(MOVW_UABS_G0, 263) X(MOVW_UABS_G0_NC, 264)			\
	X(MOVW_UABS_G1, 265) X(MOVW_UABS_G1_NC, 266)			\
	X(MOVW_UABS_G2, 267) X(MOVW_UABS_G2_NC, 268)			\
	X(MOVW_UABS_G3, 269)						\
	X(MOVW_SABS_G0, 270) X(MOVW_SABS_G1, 271) X(MOVW_SABS_G2, 272)	\
	/* PC-relative addresses and loads */				\
	X(LD_PREL_LO19, 273) X(ADR_PREL_LO21, 274)			\
	X(ADR_PREL_PG_HI21, 275) X(ADR_PREL_PG_HI21_NC, 276)		\
	X(ADD_ABS_LO12_NC, 277) X(LDST8_ABS_LO12_NC, 278)		\
	/* branches */							\
	X(TSTBR14, 279) X(CONDBR19, 280) X(JUMP26, 282) X(CALL26, 283)	\
	X(LDST16_ABS_LO12_NC, 284) X(LDST32_ABS_LO12_NC, 285)		\
	X(LDST64_ABS_LO12_NC, 286)					\
	X(MOVW_PREL_G0, 287) X(MOVW_PREL_G0_NC, 288)			\
	X(MOVW_PREL_G1, 289) X(MOVW_PREL_G1_NC, 290)			\
	X(MOVW_PREL_G2, 291) X(MOVW_PREL_G2_NC, 292)			\
	X(MOVW_PREL_G3, 293)						\
	X(LDST128_ABS_LO12_NC, 299)					\
	/* GOT-relative */						\
	X(MOVW_GOTOFF_G0, 300) X(MOVW_GOTOFF_G0_NC, 301)		\
	X(MOVW_GOTOFF_G1, 302) X(MOVW_GOTOFF_G1_NC, 303)		\
	X(MOVW_GOTOFF_G2, 304) X(MOVW_GOTOFF_G2_NC, 305)		\
	X(MOVW_GOTOFF_G3, 306)						\
	X(GOTREL64, 307) X(GOTREL32, 308)				\
	X(GOT_LD_PREL19, 309) X(LD64_GOTOFF_LO15, 310)			\
	X(ADR_GOT_PAGE, 311) X(LD64_GOT_LO12_NC, 312)			\
	X(LD64_GOTPAGE_LO15, 313)					\
	/* thread-local storage (static) */				\
	X(TLSGD_ADR_PREL21, 512) X(TLSGD_ADR_PAGE21, 513)		\
	X(TLSGD_ADD_LO12_NC, 514) X(TLSGD_MOVW_G1, 515)			\
	X(TLSGD_MOVW_G0_NC, 516)					\
	X(TLSLD_ADR_PREL21, 517) X(TLSLD_ADR_PAGE21, 518)		\
	X(TLSLD_ADD_LO12_NC, 519) X(TLSLD_MOVW_G1, 520)			\
	X(TLSLD_MOVW_G0_NC, 521) X(TLSLD_LD_PREL19, 522)		\
	X(TLSLD_MOVW_DTPREL_G2, 523) X(TLSLD_MOVW_DTPREL_G1, 524)	\
	X(TLSLD_MOVW_DTPREL_G1_NC, 525) X(TLSLD_MOVW_DTPREL_G0, 526)	\
	X(TLSLD_MOVW_DTPREL_G0_NC, 527)					\
	X(TLSLD_ADD_DTPREL_HI12, 528) X(TLSLD_ADD_DTPREL_LO12, 529)	\
	X(TLSLD_ADD_DTPREL_LO12_NC, 530)				\
	X(TLSLD_LDST8_DTPREL_LO12, 531)					\
	X(TLSLD_LDST8_DTPREL_LO12_NC, 532)				\
	X(TLSLD_LDST16_DTPREL_LO12, 533)				\
	X(TLSLD_LDST16_DTPREL_LO12_NC, 534)				\
	X(TLSLD_LDST32_DTPREL_LO12, 535)				\
	X(TLSLD_LDST32_DTPREL_LO12_NC, 536)				\
	X(TLSLD_LDST64_DTPREL_LO12, 537)				\
	X(TLSLD_LDST64_DTPREL_LO12_NC, 538)				\
	X(TLSIE_MOVW_GOTTPREL_G1, 539)					\
	X(TLSIE_MOVW_GOTTPREL_G0_NC, 540)				\
	X(TLSIE_ADR_GOTTPREL_PAGE21, 541)				\
	X(TLSIE_LD64_GOTTPREL_LO12_NC, 542)				\
	X(TLSIE_LD_GOTTPREL_PREL19, 543)				\
	X(TLSLE_MOVW_TPREL_G2, 544) X(TLSLE_MOVW_TPREL_G1, 545)		\
	X(TLSLE_MOVW_TPREL_G1_NC, 546) X(TLSLE_MOVW_TPREL_G0, 547)	\
	X(TLSLE_MOVW_TPREL_G0_NC, 548)					\
	X(TLSLE_ADD_TPREL_HI12, 549) X(TLSLE_ADD_TPREL_LO12, 550)	\
	X(TLSLE_ADD_TPREL_LO12_NC, 551)					\
	X(TLSLE_LDST8_TPREL_LO12, 552)					\
	X(TLSLE_LDST8_TPREL_LO12_NC, 553)				\
	X(TLSLE_LDST16_TPREL_LO12, 554)					\
	X(TLSLE_LDST16_TPREL_LO12_NC, 555)				\
	X(TLSLE_LDST32_TPREL_LO12, 556)					\
	X(TLSLE_LDST32_TPREL_LO12_NC, 557)				\
	X(TLSLE_LDST64_TPREL_LO12, 558)					\
	X(TLSLE_LDST64_TPREL_LO12_NC, 559)				\
	X(TLSDESC_LD_PREL19, 560) X(TLSDESC_ADR_PREL21, 561)		\
	X(TLSDESC_ADR_PAGE21, 562) X(TLSDESC_LD64_LO12, 563)		\
	X(TLSDESC_ADD_LO12, 564) X(TLSDESC_OFF_G1, 565)			\
	X(TLSDESC_OFF_G0_NC, 566) X(TLSDESC_LDR, 567)			\
	X(TLSDESC_ADD, 568) X(TLSDESC_CALL, 569)			\
	X(TLSLE_LDST128_TPREL_LO12, 570)				\
	X(TLSLE_LDST128_TPREL_LO12_NC, 571)				\
	X(TLSLD_LDST128_DTPREL_LO12, 572)				\
	X(TLSLD_LDST128_DTPREL_LO12_NC, 573)				\
	/* dynamic */							\
	X(COPY, 1024) X(GLOB_DAT, 1025) X(JUMP_SLOT, 1026)		\
	X(RELATIVE, 1027) X(TLS_DTPMOD, 1028) X(TLS_DTPREL, 1029)	\
	X(TLS_TPREL, 1030) X(TLSDESC, 1031) X(IRELATIVE, 1032)

#define ELF_AARCH64_RELOC_ENUM(name, num)	R_AARCH64_##name = num,
enum {
	ELF_AARCH64_RELOCS(ELF_AARCH64_RELOC_ENUM)
};
#undef ELF_AARCH64_RELOC_ENUM

/* The ABI document's older names for the TLS dynamic relocations. */
#define R_AARCH64_TLS_DTPMOD64	R_AARCH64_TLS_DTPMOD
#define R_AARCH64_TLS_DTPREL64	R_AARCH64_TLS_DTPREL
#define R_AARCH64_TLS_TPREL64	R_AARCH64_TLS_TPREL

/* ---- Dynamic section ---- */

typedef struct {
	Elf64_Sxword d_tag;
	union {
		Elf64_Xword d_val;
		Elf64_Addr d_ptr;
	} d_un;
} Elf64_Dyn;

#define DT_NULL		0
#define DT_NEEDED	1
#define DT_PLTRELSZ	2
#define DT_PLTGOT	3
#define DT_HASH		4
#define DT_STRTAB	5
#define DT_SYMTAB	6
#define DT_RELA		7
#define DT_RELASZ	8
#define DT_RELAENT	9
#define DT_STRSZ	10
#define DT_SYMENT	11
#define DT_INIT		12
#define DT_FINI		13
#define DT_SONAME	14
#define DT_RPATH	15
#define DT_SYMBOLIC	16
#define DT_REL		17
#define DT_RELSZ	18
#define DT_RELENT	19
#define DT_PLTREL	20
#define DT_DEBUG	21
#define DT_TEXTREL	22
#define DT_JMPREL	23
#define DT_BIND_NOW	24
#define DT_INIT_ARRAY	25
#define DT_FINI_ARRAY	26
#define DT_INIT_ARRAYSZ	27
#define DT_FINI_ARRAYSZ	28
#define DT_RUNPATH	29
#define DT_FLAGS	30
#define DT_PREINIT_ARRAY	32
#define DT_PREINIT_ARRAYSZ	33
#define DT_SYMTAB_SHNDX	34
#define DT_RELRSZ	35
#define DT_RELR		36
#define DT_RELRENT	37
#define DT_GNU_HASH	0x6ffffef5
#define DT_VERSYM	0x6ffffff0
#define DT_RELACOUNT	0x6ffffff9
#define DT_RELCOUNT	0x6ffffffa
#define DT_FLAGS_1	0x6ffffffb
#define DT_VERDEF	0x6ffffffc
#define DT_VERDEFNUM	0x6ffffffd
#define DT_VERNEED	0x6ffffffe
#define DT_VERNEEDNUM	0x6fffffff

/* DT_FLAGS bits */
#define DF_TEXTREL	0x4
/* DT_FLAGS_1 bits */
#define DF_1_NOW	0x1
#define DF_1_PIE	0x08000000

/* ---- Validated view ---- */

/*
 * A read-only view of an ELF file in memory.  Every pointer points into
 * the caller's buffer; elf_open() has checked the headers and tables these
 * accessors use, so they only need the cheap per-call bounds checks.
 */
struct elf_view {
	const uint8_t *buf;
	uint64_t size;
	const Elf64_Ehdr *ehdr;
	const Elf64_Shdr *shdr;		/* NULL when there are no sections */
	uint16_t shnum;
	const Elf64_Phdr *phdr;		/* NULL when there are no segments */
	uint16_t phnum;
	const char *shstrtab;		/* section names, NUL-terminated */
	uint64_t shstrtab_size;
	const Elf64_Dyn *dyn;		/* dynamic array, NULL if none */
	uint64_t dyn_count;		/* entries in the array (incl. DT_NULL) */
};

/*
 * Validate buf[0..size) as an ELF64 LSB AArch64 file and fill in *v.
 * want_type is ET_REL/ET_EXEC/ET_DYN, or 0 for any type.  buf must be
 * 8-byte aligned (the headers are read in place).  On failure *d holds the
 * reason (subsystem "elf") and, where useful, an offset or index in d->value.
 */
bool elf_open(struct elf_view *v, const void *buf, uint64_t size,
	      uint16_t want_type, struct diag *d);

/* Section header by index; NULL if index is out of range. */
const Elf64_Shdr *elf_section(const struct elf_view *v, uint32_t index);
/* Index of a section header that belongs to v. */
uint32_t elf_section_index(const struct elf_view *v, const Elf64_Shdr *sh);
/* First section whose name is exactly name; NULL if none. */
const Elf64_Shdr *elf_section_by_name(const struct elf_view *v,
				      const char *name);
/* Name of a section (never NULL; "" for section 0). */
const char *elf_section_name(const struct elf_view *v, const Elf64_Shdr *sh);
/* File contents of a section; NULL for SHT_NOBITS or an empty section. */
const void *elf_section_data(const struct elf_view *v, const Elf64_Shdr *sh);
/* Number of sh_entsize entries in a table section (0 if entsize is 0). */
uint64_t elf_section_entries(const Elf64_Shdr *sh);
/*
 * The allocated section containing virtual address addr (sections of size
 * 0 and .tbss-like TLS NOBITS sections, which take no address space, are
 * skipped); NULL if none.
 */
const Elf64_Shdr *elf_section_for_addr(const struct elf_view *v,
				       uint64_t addr);

/*
 * Symbol number index of the symbol table symtab (SHT_SYMTAB or
 * SHT_DYNSYM), copied to *sym, its name in *name (may be NULL).
 */
bool elf_symbol(const struct elf_view *v, const Elf64_Shdr *symtab,
		uint32_t index, Elf64_Sym *sym, const char **name,
		struct diag *d);

/* The first symbol of the (static) symbol table named name; false if none. */
bool elf_symbol_by_name(const struct elf_view *v, const char *name, Elf64_Sym *sym);

/*
 * File offset of [addr, addr + len), link-time addresses inside one
 * allocated section's file contents; false if they are not.
 */
bool elf_addr_to_offset(const struct elf_view *v, uint64_t addr, uint64_t len, uint64_t *off);

/* Program header by index; NULL if out of range. */
const Elf64_Phdr *elf_phdr(const struct elf_view *v, uint32_t index);

/* Value of the first dynamic entry with tag; false if absent. */
bool elf_dynamic_get(const struct elf_view *v, int64_t tag, uint64_t *val);

/* "R_AARCH64_RELATIVE" etc.; NULL for a number we do not know. */
const char *elf_aarch64_reloc_name(uint32_t type);

#endif
