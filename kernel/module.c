// SPDX-License-Identifier: MIT
/*
 * The module loader (include/relok/module.h, docs/modules.md).
 *
 * For each module, in this order, so nothing is trusted before it is checked
 * and nothing is allocated for a module that will be rejected:
 *  1. copy the file out of the initrd into page-aligned memory (newc keeps
 *     file data only 4-byte aligned; the ELF tables are read in place);
 *  2. validate: lib/elf.c (headers, section table, string and symbol tables,
 *     relocation sections), then what a loader needs on top (one symbol
 *     table, allocated section kinds, alignments, every symbol's section
 *     index, every relocation's type, symbol and place);
 *  3. lay the sections out by kind, text (RX) / read-only (R) / data (RW),
 *     each kind on its own pages, and take an address in the module region;
 *  4. resolve every symbol (module, then kernel exports, then other modules'
 *     exports; an unresolved non-weak symbol rejects the module, by name);
 *  5. count the PLT entries the module needs at that address, exactly;
 *  6. allocate, copy, relocate through the linear map, write PLTs and
 *     erratum 843419 veneers, clean the D-cache, map the pages with their
 *     final permissions (never writable and executable), invalidate the
 *     I-cache, and call module_init().
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/module.h>
#include <asm/pgtable.h>
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/cpio.h>
#include <relok/elf.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/module.h>
#include <relok/page_alloc.h>
#include <relok/printf.h>
#include <relok/printk.h>
#include <relok/string.h>

#define MODULE_MAX_FILE		(UL(16) << 20)	/* largest .ko accepted */
#define MODULE_NAME_MAX		32
#define MODULE_REASON_MAX	160
#define MAX_MODULES		32
#define MAX_MODULE_EXPORTS	256
/* Per-module working memory (section and symbol arrays, branch list). */
#define SCRATCH_PAGES		64
#define KO_SUFFIX		".ko"
#define INSN_ALIGN		4u
#define PLT_ALIGN		8u

extern char _head[], _end[];

enum section_kind {
	KIND_NONE = 0,	/* not loaded */
	KIND_TEXT,
	KIND_RO,
	KIND_DATA,
	NR_KINDS,
};

struct module_export {
	const char *name;	/* in the module's (kept) file copy */
	uint64_t addr;
};

struct loaded_module {
	char name[MODULE_NAME_MAX];
	uint64_t base;
};

static struct loaded_module modules[MAX_MODULES];
static uint32_t nr_modules;
static struct module_export module_exports[MAX_MODULE_EXPORTS];
static uint32_t nr_module_exports;

/* A bump allocator over scratch pages, reset for every module. */
static struct {
	uint8_t *mem;
	uint64_t size, used;
} scratch;

static void *scratch_alloc(uint64_t bytes)
{
	void *p;

	bytes = (bytes + 7) & ~UL(7);
	if (!scratch.mem || bytes > scratch.size - scratch.used)
		return 0;
	p = scratch.mem + scratch.used;
	scratch.used += bytes;
	memset(p, 0, bytes);
	return p;
}

/* Everything the loader knows about the module being loaded. */
struct load {
	const char *name;
	char reason[MODULE_REASON_MAX];
	struct elf_view v;
	const Elf64_Shdr *symtab;
	uint32_t nsyms;
	uint8_t *kind;		/* per section: enum section_kind */
	uint64_t *secoff;	/* per section: offset in the module */
	uint64_t *symval;	/* per symbol: S */
	uint64_t kind_size[NR_KINDS];
	uint64_t kind_off[NR_KINDS];
	uint64_t text_size;	/* sections only, before the PLT and veneer areas */
	uint32_t nbranches, nadrp;
	struct plt_branch *branches;
	uint32_t nplts, nveneers;
	uint64_t plt_off, veneer_off, total;
	uint64_t base;		/* run-time address */
	uint8_t *mem;		/* linear-map alias of the module's pages */
	uint64_t nrelocs, adrp_fixes;
	uint64_t init;		/* address of module_init */
};

static bool reject(struct load *l, const char *fmt, ...) __printf(2, 3);
static bool reject(struct load *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->reason, sizeof(l->reason), fmt, ap);
	va_end(ap);
	return false;
}

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *reloc_name(uint32_t type, char *buf, uint32_t size)
{
	const char *n = elf_aarch64_reloc_name(type);

	if (n)
		return n;
	snprintf(buf, size, "relocation type %u", type);
	return buf;
}

/* ---- Validation ---- */

static enum section_kind kind_of(const struct load *l, const Elf64_Shdr *sh)
{
	if (!(sh->sh_flags & SHF_ALLOC))
		return KIND_NONE;
	if (sh->sh_flags & SHF_EXECINSTR)
		return KIND_TEXT;
	/* Relocated once by the loader through the linear map, then read-only. */
	if (starts_with(elf_section_name(&l->v, sh), ".data.rel.ro"))
		return KIND_RO;
	return (sh->sh_flags & SHF_WRITE) ? KIND_DATA : KIND_RO;
}

static bool check_sections(struct load *l)
{
	uint32_t i;

	l->symtab = 0;
	for (i = 1; i < l->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&l->v, i);
		const char *name = elf_section_name(&l->v, sh);

		if (sh->sh_type == SHT_SYMTAB) {
			if (l->symtab)
				return reject(l, "more than one symbol table");
			l->symtab = sh;
		}
		if (sh->sh_type == SHT_REL)
			return reject(l, "section %s: SHT_REL relocations are not supported", name);
		if (!(sh->sh_flags & SHF_ALLOC))
			continue;
		switch (sh->sh_type) {
		case SHT_PROGBITS: case SHT_NOBITS: case SHT_NOTE:
		case SHT_INIT_ARRAY: case SHT_FINI_ARRAY:
			break;
		default:
			return reject(l, "section %s: unsupported type %u", name, sh->sh_type);
		}
		if ((sh->sh_flags & SHF_WRITE) && (sh->sh_flags & SHF_EXECINSTR))
			return reject(l, "section %s is writable and executable", name);
		if (sh->sh_flags & SHF_TLS)
			return reject(l, "section %s: thread-local storage is not supported", name);
		if (sh->sh_addralign > PAGE_SIZE ||
		    (sh->sh_addralign > 1 && !is_pow2(sh->sh_addralign)))
			return reject(l, "section %s: bad alignment 0x%lx", name, sh->sh_addralign);
		if (sh->sh_size > MODULE_REGION_SIZE)
			return reject(l, "section %s too large", name);
	}
	if (!l->symtab)
		return reject(l, "no symbol table");
	l->nsyms = (uint32_t)(l->symtab->sh_size / sizeof(Elf64_Sym));
	return true;
}

static bool get_sym(struct load *l, uint32_t i, Elf64_Sym *s, const char **name)
{
	struct diag d;

	diag_init(&d);
	if (!elf_symbol(&l->v, l->symtab, i, s, name, &d))
		return reject(l, DIAG_FMT " (symbol %u)", DIAG_ARGS(&d), i);
	return true;
}

static bool check_symbols(struct load *l)
{
	uint32_t i;

	l->init = 0;
	for (i = 1; i < l->nsyms; i++) {
		Elf64_Sym s;
		const char *name;
		const Elf64_Shdr *sh;

		if (!get_sym(l, i, &s, &name))
			return false;
		switch (ELF64_ST_TYPE(s.st_info)) {
		case STT_TLS:
			return reject(l, "symbol %s: thread-local storage is not supported", name);
		case STT_GNU_IFUNC:
			return reject(l, "symbol %s: IFUNC is not supported", name);
		default:
			break;
		}
		if (s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS)
			continue;
		if (s.st_shndx == SHN_COMMON)
			return reject(l, "symbol %s: common symbol (build with -fno-common)", name);
		sh = elf_section(&l->v, s.st_shndx);
		if (!sh || s.st_shndx >= SHN_LORESERVE)
			return reject(l, "symbol %s: bad section index %u", name, s.st_shndx);
		if (s.st_value > sh->sh_size)
			return reject(l, "symbol %s: value 0x%lx beyond its section", name, s.st_value);
		if (ELF64_ST_BIND(s.st_info) != STB_LOCAL && !strcmp(name, MODULE_INIT_SYMBOL) &&
		    kind_of(l, sh) == KIND_TEXT)
			l->init = i;
	}
	if (!l->init)
		return reject(l, "no %s function", MODULE_INIT_SYMBOL);
	return true;
}

/* The relocation sections that apply to loaded sections; calls fn per entry. */
typedef bool (*rela_fn)(struct load *l, const Elf64_Shdr *target, uint32_t target_idx,
			const Elf64_Rela *r);

static bool for_each_rela(struct load *l, rela_fn fn)
{
	uint32_t i;
	uint64_t k;

	for (i = 1; i < l->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&l->v, i);
		const Elf64_Shdr *target;
		const Elf64_Rela *tbl;

		if (sh->sh_type != SHT_RELA)
			continue;
		target = elf_section(&l->v, sh->sh_info);	/* elf_open checked the index */
		if (!(target->sh_flags & SHF_ALLOC))
			continue;	/* debug information: not loaded */
		if (elf_section(&l->v, sh->sh_link) != l->symtab)
			return reject(l, "section %s: relocations against another symbol table",
				      elf_section_name(&l->v, sh));
		tbl = elf_section_data(&l->v, sh);
		for (k = 0; k < elf_section_entries(sh); k++)
			if (!fn(l, target, sh->sh_info, &tbl[k]))
				return false;
	}
	return true;
}

static bool check_one_rela(struct load *l, const Elf64_Shdr *target, uint32_t target_idx,
			   const Elf64_Rela *r)
{
	const uint32_t type = ELF64_R_TYPE(r->r_info);
	const uint32_t size = module_reloc_place_size(type);
	char buf[32];

	(void)target_idx;
	if (!module_reloc_supported(type))
		return reject(l, "unsupported relocation %s", reloc_name(type, buf, sizeof(buf)));
	if (ELF64_R_SYM(r->r_info) >= l->nsyms)
		return reject(l, "%s: bad symbol index %u", reloc_name(type, buf, sizeof(buf)),
			      ELF64_R_SYM(r->r_info));
	if (target->sh_type == SHT_NOBITS)
		return reject(l, "%s: relocation in a section without contents",
			      reloc_name(type, buf, sizeof(buf)));
	if (r->r_offset > target->sh_size || size > target->sh_size - r->r_offset)
		return reject(l, "%s: place 0x%lx outside its section",
			      reloc_name(type, buf, sizeof(buf)), r->r_offset);
	if (module_reloc_is_branch26(type))
		l->nbranches++;
	if (type == R_AARCH64_ADR_PREL_PG_HI21 || type == R_AARCH64_ADR_PREL_PG_HI21_NC)
		l->nadrp++;
	return true;
}

/* ---- Layout and symbols ---- */

static void layout(struct load *l, uint32_t nplts, uint32_t nveneers)
{
	uint64_t off[NR_KINDS] = { 0 };
	uint32_t i, k;

	for (i = 1; i < l->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&l->v, i);
		const uint8_t kind = l->kind[i];

		if (kind == KIND_NONE)
			continue;
		off[kind] = align_up(off[kind], sh->sh_addralign > 1 ? sh->sh_addralign : 1);
		l->secoff[i] = off[kind];
		off[kind] += sh->sh_size;
	}
	l->text_size = off[KIND_TEXT];
	l->nplts = nplts;
	l->nveneers = nveneers;
	l->plt_off = align_up(off[KIND_TEXT], PLT_ALIGN);
	l->veneer_off = l->plt_off + (uint64_t)nplts * PLT_ENTRY_SIZE;
	off[KIND_TEXT] = l->veneer_off + (uint64_t)nveneers * ADRP_VENEER_SIZE;
	/* Each kind on its own pages, so each gets its own permissions. */
	l->kind_off[KIND_TEXT] = 0;
	l->kind_off[KIND_RO] = align_up(off[KIND_TEXT], PAGE_SIZE);
	l->kind_off[KIND_DATA] = l->kind_off[KIND_RO] + align_up(off[KIND_RO], PAGE_SIZE);
	for (k = KIND_TEXT; k < NR_KINDS; k++)
		l->kind_size[k] = align_up(off[k], PAGE_SIZE);
	l->total = l->kind_off[KIND_DATA] + l->kind_size[KIND_DATA];
	for (i = 1; i < l->v.shnum; i++)
		if (l->kind[i] != KIND_NONE)
			l->secoff[i] += l->kind_off[l->kind[i]];
}

static uint64_t module_export_lookup(const char *name)
{
	uint32_t i;

	for (i = 0; i < nr_module_exports; i++)
		if (!strcmp(module_exports[i].name, name))
			return module_exports[i].addr;
	return 0;
}

/* S for every symbol at the module's address l->base. */
static bool resolve_symbols(struct load *l)
{
	uint32_t i;

	for (i = 1; i < l->nsyms; i++) {
		Elf64_Sym s;
		const char *name;
		uint64_t addr;

		if (!get_sym(l, i, &s, &name))
			return false;
		if (s.st_shndx == SHN_ABS) {
			l->symval[i] = s.st_value;
		} else if (s.st_shndx != SHN_UNDEF) {
			/* a symbol of an unloaded section: only relocations would use it */
			l->symval[i] = l->kind[s.st_shndx] == KIND_NONE ? 0 :
				       l->base + l->secoff[s.st_shndx] + s.st_value;
		} else {
			addr = kernel_export_lookup(name);
			if (!addr)
				addr = module_export_lookup(name);
			if (!addr && ELF64_ST_BIND(s.st_info) != STB_WEAK)
				return reject(l, "undefined symbol %s", name);
			l->symval[i] = addr;	/* unresolved weak: 0 */
		}
	}
	return true;
}

static bool collect_branch(struct load *l, const Elf64_Shdr *target, uint32_t target_idx,
			   const Elf64_Rela *r)
{
	const uint32_t type = ELF64_R_TYPE(r->r_info);
	struct plt_branch *b;

	(void)target;
	if (!module_reloc_is_branch26(type))
		return true;
	b = &l->branches[l->nbranches++];
	b->sym = ELF64_R_SYM(r->r_info);
	b->addend = r->r_addend;
	b->place = l->base + l->secoff[target_idx] + r->r_offset;
	b->target = l->symval[b->sym] + (uint64_t)r->r_addend;
	return true;
}

/* ---- Applying ---- */

struct apply_state {
	struct plt_area plts, veneers;
};

static struct apply_state *apply_state;

static bool apply_one(struct load *l, const Elf64_Shdr *target, uint32_t target_idx,
		      const Elf64_Rela *r)
{
	const uint32_t type = ELF64_R_TYPE(r->r_info);
	const uint32_t symi = ELF64_R_SYM(r->r_info);
	const uint64_t off = l->secoff[target_idx] + r->r_offset;
	const uint64_t place = l->base + off;
	uint64_t sa = l->symval[symi] + (uint64_t)r->r_addend;
	uint8_t *loc = l->mem + off;
	struct diag d;
	char buf[32];

	(void)target;
	diag_init(&d);
	if (module_reloc_is_branch26(type)) {
		const struct plt_branch b = { symi, r->r_addend, place, sa };

		sa = plt_branch_dest(&apply_state->plts, &b);
		if (!sa)
			return reject(l, "%s: PLT area full (loader bug)",
				      reloc_name(type, buf, sizeof(buf)));
	}
	if (!module_reloc_apply(type, loc, place, sa, &d)) {
		Elf64_Sym s;
		const char *sym = "?";

		if (get_sym(l, symi, &s, &sym) && !*sym)
			sym = "(section)";
		/* "R_AARCH64_PREL32 out of range (symbol x)" */
		return reject(l, "%s %s (symbol %s)", reloc_name(type, buf, sizeof(buf)), d.what,
			      sym);
	}
	l->nrelocs++;
	if ((type == R_AARCH64_ADR_PREL_PG_HI21 || type == R_AARCH64_ADR_PREL_PG_HI21_NC) &&
	    erratum_843419_place(place)) {
		if (!erratum_843419_fix(loc, place, sa & ~(PAGE_SIZE - 1), &apply_state->veneers))
			return reject(l, "erratum 843419: no veneer left (loader bug)");
		l->adrp_fixes++;
	}
	return true;
}

static void copy_sections(struct load *l)
{
	uint32_t i;

	for (i = 1; i < l->v.shnum; i++) {
		const Elf64_Shdr *sh = elf_section(&l->v, i);
		const void *data;

		if (l->kind[i] == KIND_NONE || sh->sh_type == SHT_NOBITS)
			continue;
		data = elf_section_data(&l->v, sh);
		if (data)
			memcpy(l->mem + l->secoff[i], data, sh->sh_size);
	}
}

static bool map_module(struct load *l, uint64_t pa)
{
	static const uint64_t prot[NR_KINDS] = {
		[KIND_TEXT] = PROT_KERNEL_TEXT,
		[KIND_RO] = PROT_KERNEL_RO,
		[KIND_DATA] = PROT_KERNEL_RW,
	};
	uint32_t k;

	for (k = KIND_TEXT; k < NR_KINDS; k++) {
		if (!l->kind_size[k])
			continue;
		if (!map_pages(l->base + l->kind_off[k], pa + l->kind_off[k], l->kind_size[k],
			       prot[k]))
			return reject(l, "cannot map the module at 0x%lx", l->base);
	}
	return true;
}

static void register_exports(struct load *l)
{
	const uint32_t plen = sizeof(EXPORT_MARKER_PREFIX) - 1;
	uint32_t i, j;

	for (i = 1; i < l->nsyms; i++) {
		Elf64_Sym s, t;
		const char *marker, *name;

		if (!get_sym(l, i, &s, &marker) || s.st_shndx != SHN_ABS ||
		    strncmp(marker, EXPORT_MARKER_PREFIX, plen))
			continue;
		for (j = 1; j < l->nsyms; j++) {
			if (!get_sym(l, j, &t, &name) || t.st_shndx == SHN_UNDEF ||
			    t.st_shndx == SHN_ABS || ELF64_ST_BIND(t.st_info) == STB_LOCAL ||
			    strcmp(name, marker + plen))
				continue;
			if (nr_module_exports == MAX_MODULE_EXPORTS) {
				printk("relok: module %s: export table full, %s not exported\n",
				       l->name, name);
				return;
			}
			module_exports[nr_module_exports].name = name;
			module_exports[nr_module_exports].addr = l->symval[j];
			nr_module_exports++;
		}
	}
}

static bool load_one(struct load *l, const uint8_t *file, uint64_t size)
{
	struct diag d;
	uint64_t file_pa, pa, upper;
	uint8_t *copy;
	struct apply_state st;

	scratch.used = 0;
	if (!size || size > MODULE_MAX_FILE)
		return reject(l, "file size %lu not in 1..%lu", size, MODULE_MAX_FILE);
	/* 1. An aligned copy; kept, since exported names point into it. */
	file_pa = alloc_pages(align_up(size, PAGE_SIZE) / PAGE_SIZE);
	if (!file_pa)
		return reject(l, "out of memory for the file copy");
	copy = phys_to_virt(file_pa);
	memcpy(copy, file, size);

	/* 2. Validate. */
	diag_init(&d);
	if (!elf_open(&l->v, copy, size, ET_REL, &d))
		return reject(l, DIAG_FMT " (0x%lx)", DIAG_ARGS(&d), d.value);
	if (!check_sections(l) || !check_symbols(l))
		return false;
	l->kind = scratch_alloc(l->v.shnum);
	l->secoff = scratch_alloc((uint64_t)l->v.shnum * sizeof(uint64_t));
	l->symval = scratch_alloc((uint64_t)l->nsyms * sizeof(uint64_t));
	if (!l->kind || !l->secoff || !l->symval)
		return reject(l, "too many sections or symbols for the loader");
	for (uint32_t i = 1; i < l->v.shnum; i++)
		l->kind[i] = (uint8_t)kind_of(l, elf_section(&l->v, i));
	l->nbranches = l->nadrp = 0;
	if (!for_each_rela(l, check_one_rela))
		return false;
	l->branches = scratch_alloc((uint64_t)l->nbranches * sizeof(struct plt_branch));
	st.plts.keys = scratch_alloc((uint64_t)l->nbranches * sizeof(struct plt_branch));
	if (l->nbranches && (!l->branches || !st.plts.keys))
		return reject(l, "too many branches for the loader");

	/* 3. Address: sized for the worst case, one PLT per branch, one veneer per ADRP. */
	layout(l, l->nbranches, l->nadrp);
	upper = l->total;
	if (upper > MODULE_REGION_SIZE)
		return reject(l, "module too large (%lu bytes)", upper);
	l->base = module_region_peek(upper);
	if (!l->base)
		return reject(l, "module region full");

	/* 4, 5. Symbols at that address; then the exact PLT count and final layout. */
	if (!resolve_symbols(l))
		return false;
	l->nbranches = 0;
	for_each_rela(l, collect_branch);
	layout(l, plt_count(l->branches, l->nbranches), l->nadrp);
	if (!resolve_symbols(l))	/* sections after the PLTs moved */
		return false;

	/* 6. Memory, contents, relocations. */
	pa = alloc_pages(l->total / PAGE_SIZE);
	if (!pa)
		return reject(l, "out of memory (%lu bytes)", l->total);
	l->mem = phys_to_virt(pa);
	copy_sections(l);
	st.plts.mem = l->mem + l->plt_off;
	st.plts.va = l->base + l->plt_off;
	st.plts.used = 0;
	st.plts.max = l->nplts;
	st.veneers.mem = l->mem + l->veneer_off;
	st.veneers.va = l->base + l->veneer_off;
	st.veneers.used = 0;
	st.veneers.max = l->nveneers;
	st.veneers.keys = 0;
	apply_state = &st;
	l->nrelocs = l->adrp_fixes = 0;
	if (!for_each_rela(l, apply_one))
		return false;
	if (st.plts.used != l->nplts)
		return reject(l, "PLT count %u but %u used (loader bug)", l->nplts, st.plts.used);
	l->nplts = st.plts.used;
	module_region_take(l->base, l->total);
	if (!map_module(l, pa))
		return false;
	sync_icache_aliases((uint64_t)(uintptr_t)l->mem, l->base, l->kind_size[KIND_TEXT]);
	return true;
}

static void module_name(const char *path, char *out)
{
	const char *base = path, *p;
	uint32_t n = 0;

	for (p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	while (base[n] && n + 1 < MODULE_NAME_MAX)
		n++;
	if (n >= sizeof(KO_SUFFIX) - 1 && !strcmp(base + n - (sizeof(KO_SUFFIX) - 1), KO_SUFFIX))
		n -= sizeof(KO_SUFFIX) - 1;
	memcpy(out, base, n);
	out[n] = '\0';
}

static bool is_ko(const struct cpio_entry *e)
{
	const uint32_t n = e->namesize - 1, s = sizeof(KO_SUFFIX) - 1;

	return (e->mode & CPIO_MODE_TYPE_MASK) == CPIO_MODE_REGULAR && n > s &&
	       !strcmp(e->name + n - s, KO_SUFFIX);
}

static bool load_module(const char *name, const uint8_t *file, uint64_t size)
{
	static struct load l;	/* large: not on the 16 KiB stack */
	int (*init)(void);
	int ret;

	memset(&l, 0, sizeof(l));
	l.name = name;
	if (nr_modules == MAX_MODULES)
		reject(&l, "too many modules (at most %u)", MAX_MODULES);
	else if (load_one(&l, file, size))
		goto loaded;
	printk("relok: module %s rejected: %s\n", name, l.reason);
	return false;
loaded:
	memcpy(modules[nr_modules].name, name, MODULE_NAME_MAX);
	modules[nr_modules].base = l.base;
	nr_modules++;
	register_exports(&l);
	printk("relok: module %s loaded at=0x%lx plts=%u relocs=%lu adrp_fixes=%lu\n", name,
	       l.base, l.nplts, l.nrelocs, l.adrp_fixes);
	init = (int (*)(void))(uintptr_t)l.symval[l.init];
	ret = init();
	if (ret)
		printk("relok: module %s init returned %d\n", name, ret);
	return true;
}

/* The initrd's linear-map address, if it lies in RAM clear of the image and DTB. */
static const uint8_t *find_initrd(const struct boot_info *bi, uint64_t *size)
{
	uint64_t start = 0, end = 0;

	switch (devicetree_initrd(bi, &start, &end)) {
	case DT_INITRD_OK:
		*size = end - start;
		return phys_to_virt(start);
	case DT_INITRD_UNREADABLE:
		printk("relok: modules: cannot read /chosen\n");
		return 0;
	case DT_INITRD_NOT_IN_RAM:
		printk("relok: modules: initrd 0x%lx-0x%lx is not in RAM\n", start, end);
		return 0;
	case DT_INITRD_OVER_IMAGE:
		printk("relok: modules: initrd 0x%lx-0x%lx overlaps the kernel image\n", start, end);
		return 0;
	case DT_INITRD_OVER_DTB:
		printk("relok: modules: initrd 0x%lx-0x%lx overlaps the device tree\n", start, end);
		return 0;
	default:
		return 0;
	}
}

/* Report every name of modules= that the archive did not have. */
static void report_missing(const char *list, uint32_t len, const uint8_t *initrd,
			   uint64_t size)
{
	uint32_t start = 0, i;

	for (i = 0; i <= len; i++) {
		char want[MODULE_NAME_MAX], got[MODULE_NAME_MAX];
		struct cpio_entry e;
		struct diag d;
		uint64_t pos = 0;
		bool found = false;

		if (i < len && list[i] != ',')
			continue;
		if (i - start == 0 || i - start >= MODULE_NAME_MAX) {
			start = i + 1;
			continue;
		}
		memcpy(want, list + start, i - start);
		want[i - start] = '\0';
		start = i + 1;
		diag_init(&d);
		while (!found && cpio_next(initrd, size, &pos, &e, &d) > 0) {
			module_name(e.name, got);
			found = is_ko(&e) && !strcmp(got, want);
		}
		if (!found)
			printk("relok: module %s rejected: not in the initrd\n", want);
	}
}

void load_modules(const struct boot_info *bi)
{
	const char *only = 0, *placement;
	uint32_t only_len = 0, placement_len, loaded = 0, rejected = 0;
	bool force_far = false;
	const uint8_t *initrd;
	uint64_t size = 0, pos = 0, scratch_pa;
	struct cpio_entry e;
	struct diag d;
	int r;

	if (bootarg_get("module_placement", &placement, &placement_len))
		force_far = placement_len == 3 && !strncmp(placement, "far", 3);
	if (!page_alloc_init(bi))
		return;
	module_region_init(bi, (uint64_t)(uintptr_t)_head, (uint64_t)(uintptr_t)_end, force_far);
	initrd = find_initrd(bi, &size);
	if (!initrd) {
		printk("relok: modules: no initrd\n");
		return;
	}
	scratch_pa = alloc_pages(SCRATCH_PAGES);
	scratch.mem = scratch_pa ? phys_to_virt(scratch_pa) : 0;
	scratch.size = scratch_pa ? SCRATCH_PAGES * PAGE_SIZE : 0;
	bootarg_get("modules", &only, &only_len);
	diag_init(&d);
	while ((r = cpio_next(initrd, size, &pos, &e, &d)) > 0) {
		char name[MODULE_NAME_MAX];

		if (!is_ko(&e))
			continue;
		module_name(e.name, name);
		if (only && !cmdline_list_has(only, only_len, name))
			continue;
		if (load_module(name, e.data, e.size))
			loaded++;
		else
			rejected++;
	}
	if (r < 0)
		printk("relok: modules: initrd: " DIAG_FMT " at offset 0x%lx\n", DIAG_ARGS(&d), d.value);
	if (only)
		report_missing(only, only_len, initrd, size);
	printk("relok: modules loaded=%u rejected=%u\n", loaded, rejected);
}
