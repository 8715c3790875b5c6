/* SPDX-License-Identifier: MIT */
/*
 * lib/fdt.c against the system libfdt, for the host tests (test_fdt.c) and
 * the differential fuzz harness (tests/fuzz/fuzz_fdt_libfdt.c): the same
 * nodes in the same order, the same properties with the same values (the
 * same bytes of the blob), the same paths, cells, reservations, banks and
 * /chosen.  Mismatches are CHECK failures (test.h).
 *
 * libfdt is loaded with dlopen() at run time, so build WITHOUT -lfdt.  Both
 * libraries define fdt_getprop(), fdt_path_offset() and
 * fdt_stringlist_contains(), and libfdt calls its own exported functions
 * through the PLT: linked with -lfdt, our definitions would interpose on
 * libfdt's internals and it would crash.  (If -lfdt is wanted anyway,
 * rename ours in both files with -Dfdt_getprop=relok_fdt_getprop
 * -Dfdt_path_offset=relok_fdt_path_offset
 * -Dfdt_stringlist_contains=relok_fdt_stringlist_contains.)  lf_load()
 * refuses to run when it detects the interposition.
 */
#ifndef RELOK_TEST_FDT_LIBFDT_H
#define RELOK_TEST_FDT_LIBFDT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>

#include "test.h"
#include <relok/compiler.h>
#include <relok/fdt.h>
#include <asm/pgtable_pool.h>	/* MAX_MEM_BANKS: the kernel's limit */

/* Fuzzed blobs: names may repeat or hold '/', so libfdt decides paths. */
static bool fuzzing;
/* libfdt's parent and path look-ups work (see libfdt_compare()). */
static bool lf_root_at_zero = true;

/* ---- libfdt, through dlopen ---- */

static struct {
	int (*check_full)(const void *fdt, size_t bufsize);
	int (*check_header)(const void *fdt);
	int (*next_node)(const void *fdt, int offset, int *depth);
	const char *(*get_name)(const void *fdt, int nodeoffset, int *lenp);
	int (*first_prop)(const void *fdt, int nodeoffset);
	int (*next_prop)(const void *fdt, int offset);
	const void *(*getprop_by_offset)(const void *fdt, int offset, const char **namep, int *lenp);
	const void *(*getprop)(const void *fdt, int nodeoffset, const char *name, int *lenp);
	int (*first_subnode)(const void *fdt, int offset);
	int (*next_subnode)(const void *fdt, int offset);
	int (*parent)(const void *fdt, int nodeoffset);
	int (*path_offset_namelen)(const void *fdt, const char *path, int namelen);
	int (*get_path)(const void *fdt, int nodeoffset, char *buf, int buflen);
	int (*address_cells)(const void *fdt, int nodeoffset);
	int (*size_cells)(const void *fdt, int nodeoffset);
	int (*num_mem_rsv)(const void *fdt);
	int (*get_mem_rsv)(const void *fdt, int n, uint64_t *address, uint64_t *size);
} lf;

#define LF_NOTFOUND	(-1)	/* -FDT_ERR_NOTFOUND */
#define LF_BADPATH	(-5)	/* -FDT_ERR_BADPATH */

static void *lf_sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (!p) {
		fprintf(stderr, "libfdt: no symbol %s\n", name);
		exit(2);
	}
	return p;
}

static void lf_load(void)
{
	const void *(*ours)(const struct fdt *, int32_t, const char *, uint32_t *) = fdt_getprop;
	void *self = dlopen(NULL, RTLD_NOW);
	void *global = self ? dlsym(self, "fdt_getprop") : NULL;
	void *ours_p;
	void *h;

	/*
	 * If the global fdt_getprop is ours, libfdt (linked with -lfdt) would
	 * call it instead of its own.  Fine: no -lfdt, or -lfdt with our
	 * clashing names renamed (-Dfdt_getprop=relok_fdt_getprop ...).
	 */
	memcpy(&ours_p, &ours, sizeof(ours_p));
	if (global && global == ours_p) {
		fprintf(stderr, "test_fdt: linked with -lfdt and our fdt_getprop/fdt_path_offset/"
			"fdt_stringlist_contains interpose on libfdt's; see the top of test_fdt.c\n");
		exit(2);
	}
	h = dlopen("libfdt.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "cannot load libfdt.so.1 (install libfdt1): %s\n", dlerror());
		exit(2);
	}
	/* POSIX guarantees the object/function pointer round trip for dlsym. */
#define LF(field, sym) (*(void **)&lf.field = lf_sym(h, sym))
	LF(check_full, "fdt_check_full");
	LF(check_header, "fdt_check_header");
	LF(next_node, "fdt_next_node");
	LF(get_name, "fdt_get_name");
	LF(first_prop, "fdt_first_property_offset");
	LF(next_prop, "fdt_next_property_offset");
	LF(getprop_by_offset, "fdt_getprop_by_offset");
	LF(getprop, "fdt_getprop");
	LF(first_subnode, "fdt_first_subnode");
	LF(next_subnode, "fdt_next_subnode");
	LF(parent, "fdt_parent_offset");
	LF(path_offset_namelen, "fdt_path_offset_namelen");
	LF(get_path, "fdt_get_path");
	LF(address_cells, "fdt_address_cells");
	LF(size_cells, "fdt_size_cells");
	LF(num_mem_rsv, "fdt_num_mem_rsv");
	LF(get_mem_rsv, "fdt_get_mem_rsv");
#undef LF
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int32_t path(const struct fdt *f, const char *p)
{
	return fdt_path_offset(f, p, (uint32_t)strlen(p));
}

static void cmp_node(const struct fdt *f, const uint8_t *b, int32_t n, int depth)
{
	const char *pname;
	const void *lv, *mv;
	int lc, po, plen, la, ls;
	uint32_t mlen, ac, sc;
	int32_t c;
	char buf[1024];
	struct diag d;

	CHECK_STR(fdt_node_name(f, n), lf.get_name(b, n, NULL));
	for (po = lf.first_prop(b, n); po >= 0; po = lf.next_prop(b, po)) {
		lf.getprop_by_offset(b, po, &pname, &plen);
		/* Duplicate names (fuzzing makes them): both return the first. */
		lv = lf.getprop(b, n, pname, &plen);
		mlen = 0xdead;
		mv = fdt_getprop(f, n, pname, &mlen);
		/* Same blob: the value pointers must be identical. */
		CHECK(mv == lv);
		CHECK_EQ(mlen, (uint32_t)plen);
	}
	CHECK(fdt_getprop(f, n, "no-such-property", NULL) == NULL);

	if (lf_root_at_zero && lf.get_path(b, n, buf, sizeof(buf)) == 0) {
		const int32_t mine = path(f, buf);

		/* Fuzzed names may repeat or hold '/': then libfdt decides. */
		CHECK_EQ(mine, lf.path_offset_namelen(b, buf, (int)strlen(buf)));
		if (!fuzzing)
			CHECK_EQ(mine, n);
	}

	la = lf.address_cells(b, n);
	ls = lf.size_cells(b, n);
	diag_init(&d);
	if (fdt_child_cells(f, n, &ac, &sc, &d)) {
		CHECK_EQ(ac, (uint32_t)la);
		CHECK_EQ(sc, (uint32_t)ls);
	} else {
		CHECK(la <= 0 || la > 2 || ls < 0 || ls > 2);
	}

	c = fdt_first_child(f, n);
	for (lc = lf.first_subnode(b, n); lc >= 0; lc = lf.next_subnode(b, lc)) {
		CHECK_EQ(c, lc);
		if (c != lc)
			return;
		CHECK_EQ(fdt_parent(f, c), n);
		if (lf_root_at_zero)
			CHECK_EQ(lf.parent(b, lc), n);
		cmp_node(f, b, c, depth + 1);
		c = fdt_next_sibling(f, c);
	}
	CHECK_EQ(c, FDT_NOTFOUND);
}

static void cmp_walk(const struct fdt *f, const uint8_t *b, int lroot)
{
	int32_t mine = fdt_root(f), mdepth = 0;
	int theirs = lroot, ldepth = 0;
	uint32_t nodes = 0;

	for (;;) {
		CHECK_EQ(mine, theirs);
		CHECK_EQ(mdepth, ldepth);
		if (mine != theirs || mdepth != ldepth)
			return;
		nodes++;
		mine = fdt_walk_next(f, mine, &mdepth);
		theirs = lf.next_node(b, theirs, &ldepth);
		if (theirs < 0 || ldepth < 0)
			break;
	}
	CHECK_EQ(mine, FDT_NOTFOUND);
	CHECK(fuzzing || nodes > 1);
}

/*
 * Paths lib/fdt.c refuses as bad (FDT_BADPATH) by its own rules where
 * libfdt goes on, which fuzzed blobs reach: the empty path (libfdt looks up
 * an alias with an empty name, a property name the DT spec does not
 * allow), an alias whose value is not exactly one string (libfdt reads it
 * up to its first NUL), and one whose value is not an absolute path (libfdt
 * follows it as another alias, without end if it names itself).
 */
static bool lf_alias_unusable(const uint8_t *b, const char *p)
{
	const int aliases = lf.path_offset_namelen(b, "/aliases", 8);
	const char *slash = strchr(p, '/');
	const int n = slash ? (int)(slash - p) : (int)strlen(p);
	const char *v;
	int len = 0;

	if (!*p)
		return true;
	if (*p == '/' || aliases < 0)
		return false;
	for (int po = lf.first_prop(b, aliases); po >= 0; po = lf.next_prop(b, po)) {
		const char *name;

		v = lf.getprop_by_offset(b, po, &name, &len);
		if ((int)strlen(name) == n && !strncmp(name, p, (size_t)n))
			return !v || len < 1 || memchr(v, '\0', (size_t)len) != v + len - 1 ||
			       v[0] != '/';
	}
	return false;
}

static void cmp_paths(const struct fdt *f, const uint8_t *b)
{
	static const char *const paths[] = {
		"/", "/chosen", "/chosen/", "//chosen", "/memory", "/memory@40000000",
		"/memory@4", "/cpus/cpu@1", "/cpus/cpu", "/cpus/cpu@2", "serial0",
		"serial0/", "serial1", "gic", "/intc", "/soc/serial", "/soc/serial@2000",
		"/soc/bus/serial", "/soc/bus@10000000/serial@102000", "/firmware/psci",
		"/psci", "/pl011", "/pl011@9000000", "/nonexistent", "/chosen/x", "nosuch",
		"", "aliases", "/aliases", "/memory@40000000/x", "/@", "/memory@",
		"/platform-bus@c000000", "/pcie@10000000", "/flash@0", "rtc", "serial0/x",
	};

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		const int32_t mine = path(f, paths[i]);
		int theirs;

		/* (Before libfdt sees it: an alias naming an alias recurses in libfdt
		 * until its stack overflows.) */
		if (fuzzing && mine == FDT_BADPATH && lf_alias_unusable(b, paths[i]))
			continue;
		theirs = lf.path_offset_namelen(b, paths[i], (int)strlen(paths[i]));
		if (theirs >= 0 || theirs == LF_NOTFOUND)
			CHECK_EQ(mine, theirs);
		else if (theirs == LF_BADPATH)
			CHECK_EQ(mine, FDT_BADPATH);
		else
			CHECK(mine < 0);
		if (test_case_failed) {
			printf("  path \"%s\": mine %d libfdt %d\n", paths[i], mine, theirs);
			return;
		}
	}
}

static int bank_cmp(const void *a, const void *b)
{
	const struct fdt_mem_bank *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* Memory banks computed with libfdt calls; false when the tree is invalid. */
static bool lf_banks(const uint8_t *b, struct fdt_mem_bank *out, uint32_t *count)
{
	int ac = lf.address_cells(b, 0), sc = lf.size_cells(b, 0), n, len;
	uint32_t cnt = 0;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return false;
	for (n = lf.first_subnode(b, 0); n >= 0; n = lf.next_subnode(b, n)) {
		const char *dt = lf.getprop(b, n, "device_type", &len);
		const char *st;
		const uint8_t *reg;
		int stlen;

		if (!dt || len != 7 || memcmp(dt, "memory", 7))
			continue;
		st = lf.getprop(b, n, "status", &stlen);
		if (st && stlen == 9 && !memcmp(st, "disabled", 9))
			continue;
		reg = lf.getprop(b, n, "reg", &len);
		if (!reg || len % ((ac + sc) * 4))
			return false;
		for (int off = 0; off < len; off += (ac + sc) * 4) {
			uint64_t base = 0, size = 0;

			for (int i = 0; i < ac; i++)
				base = base << 32 | get_be32(reg + off + 4 * i);
			for (int i = 0; i < sc; i++)
				size = size << 32 | get_be32(reg + off + 4 * (ac + i));
			if (!size)
				continue;
			if (size - 1 > UINT64_MAX - base || cnt == MAX_MEM_BANKS)
				return false;
			out[cnt].base = base;
			out[cnt].size = size;
			cnt++;
		}
	}
	qsort(out, cnt, sizeof(*out), bank_cmp);
	for (uint32_t i = 1; i < cnt; i++)
		if (out[i - 1].base + out[i - 1].size - 1 >= out[i].base)
			return false;
	*count = cnt;
	return cnt > 0;
}

static uint64_t lf_cells(const uint8_t *p, int len)
{
	return len == 8 ? (uint64_t)get_be32(p) << 32 | get_be32(p + 4) : get_be32(p);
}

static void cmp_high_level(const struct fdt *f, const uint8_t *b)
{
	struct fdt_mem_bank mine[MAX_MEM_BANKS], ref[MAX_MEM_BANKS];
	uint32_t n, rn = 0;
	struct fdt_chosen ch;
	struct diag d;
	const uint8_t *v;
	int chosen, len;

	diag_init(&d);
	n = fdt_memory_banks(f, mine, MAX_MEM_BANKS, &d);
	if (lf_banks(b, ref, &rn)) {
		CHECK_EQ(n, rn);
		for (uint32_t i = 0; i < n && i < rn; i++) {
			CHECK_EQ(mine[i].base, ref[i].base);
			CHECK_EQ(mine[i].size, ref[i].size);
		}
	} else {
		CHECK_EQ(n, 0);
		CHECK(!diag_ok(&d));
	}

	diag_init(&d);
	chosen = lf.path_offset_namelen(b, "/chosen", 7);
	if (!fdt_read_chosen(f, &ch, &d)) {
		CHECK(chosen >= 0);
		return;
	}
	if (chosen < 0) {
		CHECK(!ch.bootargs && !ch.stdout_path && !ch.has_kaslr_seed && !ch.has_initrd);
		return;
	}
	CHECK(ch.bootargs == lf.getprop(b, chosen, "bootargs", &len));
	if (ch.bootargs)
		CHECK_EQ(ch.bootargs_len, (uint32_t)strnlen(ch.bootargs, (size_t)len));
	CHECK(ch.stdout_path == lf.getprop(b, chosen, "stdout-path", &len));
	if (ch.stdout_path)
		CHECK_EQ(ch.stdout_path_len, (uint32_t)strnlen(ch.stdout_path, (size_t)len));
	v = lf.getprop(b, chosen, "kaslr-seed", &len);
	CHECK_EQ(ch.has_kaslr_seed, v != NULL);
	if (v) {
		CHECK_EQ(ch.kaslr_seed_len, (uint32_t)len);
		CHECK(b + ch.kaslr_seed_off == v);
		if (len == 8)
			CHECK_EQ(ch.kaslr_seed, lf_cells(v, 8));
	}
	v = lf.getprop(b, chosen, "linux,initrd-start", &len);
	CHECK_EQ(ch.has_initrd, v != NULL);
	if (v && ch.has_initrd) {
		CHECK_EQ(ch.initrd_start, lf_cells(v, len));
		v = lf.getprop(b, chosen, "linux,initrd-end", &len);
		CHECK(v != NULL);
		if (v)
			CHECK_EQ(ch.initrd_end, lf_cells(v, len));
	}
}
/*
 * fdt_check_full(), less a bug of libfdt 1.6.1 (Debian 12's): it reads the
 * root node's name through fdt_get_name() without checking for NULL, so a
 * root whose name runs past the structure block crashes it.  Such a blob
 * is refused here, as later libfdt releases refuse it.
 */
static int lf_check_full(const uint8_t *b, size_t size)
{
	const int badstructure = -11;	/* -FDT_ERR_BADSTRUCTURE */
	int root;

	if (size >= 40 && !lf.check_header(b) && size >= get_be32(b + 4)) {
		root = lf.next_node(b, -1, NULL);
		if (root >= 0 && !lf.get_name(b, root, NULL))
			return badstructure;
	}
	return lf.check_full(b, size);
}

/*
 * The whole comparison, for a blob both readers accept.  libfdt takes
 * offset 0 for the root in its parent and path look-ups: NOP tokens before
 * the root, which the spec allows, break those, so for such a (fuzzed)
 * blob only the tree itself is compared.
 */
static void libfdt_compare(const struct fdt *f, const uint8_t *b)
{
	const int n = lf.num_mem_rsv(b), lroot = lf.next_node(b, -1, NULL);
	uint64_t a, s, la, ls;

	/*
	 * libfdt ends the reservation map at the first entry of size 0, the DT
	 * spec (5.3.2) and lib/fdt.c at the first all-zero one: the entries
	 * libfdt sees must agree, and lib/fdt.c may see more only past an
	 * entry of size 0 (which reserves nothing).
	 */
	CHECK(n >= 0 && f->num_rsv >= (uint32_t)n);
	for (int i = 0; i < n && (uint32_t)i < f->num_rsv; i++) {
		CHECK(fdt_mem_rsv(f, (uint32_t)i, &a, &s));
		CHECK_EQ(lf.get_mem_rsv(b, i, &la, &ls), 0);
		CHECK_EQ(a, la);
		CHECK_EQ(s, ls);
	}
	if (n >= 0 && f->num_rsv > (uint32_t)n) {
		CHECK(fdt_mem_rsv(f, (uint32_t)n, &a, &s));
		CHECK_EQ(s, 0);
	}
	CHECK_EQ(fdt_root(f), lroot);
	CHECK(fuzzing || lroot == 0);
	lf_root_at_zero = lroot == 0;
	cmp_node(f, b, fdt_root(f), 0);
	cmp_walk(f, b, lroot);
	if (!lf_root_at_zero)
		return;
	cmp_paths(f, b);
	cmp_high_level(f, b);
}

#endif
