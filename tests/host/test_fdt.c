// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/fdt.c.
 *
 * Usage: test_fdt FIXTURE_DIR
 *   FIXTURE_DIR holds the .dtb files written by
 *   "tests/host/fdt/build-fixtures.sh FIXTURE_DIR" (dtc, plus a QEMU virt
 *   dump when qemu-system-aarch64 is installed; the QEMU cases are skipped,
 *   and reported as such, when its .dtb is missing).
 *
 * Reference reader: the system libfdt, loaded with dlopen() at run time
 * (fdt_libfdt.h has the comparison and why there is no -lfdt).
 *
 * Every blob lives in its own malloc'd buffer of exactly its size, so that
 * AddressSanitizer reports any read past the end.
 */
#include "fdt_libfdt.h"
#include <relok/compiler.h>
#include <relok/fdt.h>

static const char *fixture_dir;
static uint64_t uart_size;	/* fdt_stdout_uart's size, where only the address is checked */

/* ---- Helpers ---- */

struct blob {
	uint8_t *p;
	uint32_t size;
};

static uint8_t *dup_exact(const uint8_t *src, uint32_t size)
{
	uint8_t *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, src, size);
	return p;
}

/* Loads FIXTURE_DIR/name.dtb into an exact-size buffer; p NULL if missing. */
static struct blob load(const char *name)
{
	struct blob b = { NULL, 0 };
	char path[4096];
	uint8_t *tmp;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dtb", fixture_dir, name);
	f = fopen(path, "rb");
	if (!f)
		return b;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	tmp = malloc((size_t)n);
	if (!tmp || fread(tmp, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	b.p = dup_exact(tmp, (uint32_t)n);
	b.size = (uint32_t)n;
	free(tmp);
	return b;
}

static struct blob must_load(const char *name)
{
	struct blob b = load(name);

	if (!b.p) {
		fprintf(stderr, "missing fixture %s/%s.dtb (run build-fixtures.sh)\n", fixture_dir, name);
		exit(2);
	}
	return b;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Init must succeed; reports the diag otherwise. */
static bool init_ok(struct fdt *f, const struct blob *b)
{
	struct diag d;

	diag_init(&d);
	if (!fdt_init(f, b->p, b->size, &d)) {
		printf("  fdt_init: %s (0x%" PRIx64 ")\n", diag_str(&d), d.value);
		CHECK(0);
		return false;
	}
	CHECK(diag_ok(&d));
	return true;
}

/* ---- Unit helpers ---- */

static void test_be32_cells(void)
{
	const uint8_t raw[] = { 0xff, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10 };

	CHECK_EQ(fdt_be32(raw + 1), 0x01234567);
	CHECK_EQ(fdt_be32(raw + 3), 0x456789ab);
	CHECK_EQ(fdt_read_cells(raw + 1, 1), 0x01234567);
	CHECK_EQ(fdt_read_cells(raw + 1, 2), 0x0123456789abcdefull);
	CHECK_EQ(fdt_read_cells(raw + 2, 2), 0x23456789abcdef10ull);
	CHECK_EQ(fdt_read_cells(raw, 0), 0);
	CHECK_EQ(fdt_read_cells(raw, 3), 0);
}

static void test_strings(void)
{
	static const char list[] = "arm,pl011\0arm,primecell";	/* 24 bytes with final NUL */

	CHECK(fdt_stringlist_contains(list, sizeof(list), "arm,pl011"));
	CHECK(fdt_stringlist_contains(list, sizeof(list), "arm,primecell"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), "arm,pl01"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), "arm,pl0111"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), "primecell"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), ""));
	/* The last string counts only if its NUL is inside len. */
	CHECK(!fdt_stringlist_contains(list, sizeof(list) - 1, "arm,primecell"));
	CHECK(fdt_stringlist_contains(list, sizeof(list) - 1, "arm,pl011"));
	CHECK(!fdt_stringlist_contains(list, 9, "arm,pl011"));
	CHECK(!fdt_stringlist_contains(NULL, 0, "x"));
	CHECK(fdt_stringlist_contains("\0", 2, ""));

	CHECK(fdt_prop_is_string("hvc", 4));
	CHECK(fdt_prop_is_string("", 1));
	CHECK(!fdt_prop_is_string("hvc", 3));
	CHECK(!fdt_prop_is_string("a\0b", 4));
	CHECK(!fdt_prop_is_string("", 0));
	CHECK(!fdt_prop_is_string(NULL, 4));
}

/* ---- Fixture semantics ---- */

static void check_banks(const struct fdt *f, const struct fdt_mem_bank *want, uint32_t n)
{
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	struct diag d;
	uint32_t got;

	diag_init(&d);
	got = fdt_memory_banks(f, banks, MAX_MEM_BANKS, &d);
	CHECK_EQ(got, n);
	CHECK(diag_ok(&d));
	for (uint32_t i = 0; i < n && i < got; i++) {
		CHECK_EQ(banks[i].base, want[i].base);
		CHECK_EQ(banks[i].size, want[i].size);
	}
}

static void check_uart(const struct fdt *f, uint64_t want)
{
	uint64_t phys = 0, size = 0;
	struct diag d;

	diag_init(&d);
	CHECK(fdt_stdout_uart(f, &phys, &size, &d));
	CHECK(diag_ok(&d));
	CHECK_EQ(phys, want);
	CHECK_EQ(size, 0x1000);
}

static void check_psci(const struct fdt *f, enum fdt_psci_conduit want)
{
	enum fdt_psci_conduit c = (enum fdt_psci_conduit)99;
	struct diag d;

	diag_init(&d);
	CHECK(fdt_read_psci(f, &c, &d));
	CHECK(diag_ok(&d));
	CHECK_EQ(c, want);
}

static void check_virt_tree(const struct blob *b)
{
	static const struct fdt_mem_bank mem[] = { { 0x40000000, 0x40000000 } };
	struct fdt_chosen ch;
	struct fdt f;
	struct diag d;
	uint64_t a, s;
	uint32_t ac, sc;
	int32_t root, n;

	if (!init_ok(&f, b))
		return;
	CHECK_EQ(f.totalsize, b->size);
	CHECK_EQ(f.num_rsv, 1);
	CHECK(fdt_mem_rsv(&f, 0, &a, &s));
	CHECK_EQ(a, 0x48000000);
	CHECK_EQ(s, 0x100000);
	CHECK(!fdt_mem_rsv(&f, 1, &a, &s));

	root = fdt_root(&f);
	CHECK_EQ(root, 0);
	CHECK_STR(fdt_node_name(&f, root), "");
	CHECK_EQ(fdt_parent(&f, root), FDT_NOTFOUND);
	n = fdt_first_child(&f, root);
	CHECK_STR(fdt_node_name(&f, n), "psci");
	n = fdt_next_sibling(&f, n);
	CHECK_STR(fdt_node_name(&f, n), "memory@40000000");
	CHECK_EQ(fdt_parent(&f, n), root);

	CHECK_EQ(path(&f, "/"), root);
	CHECK_STR(fdt_node_name(&f, path(&f, "/chosen")), "chosen");
	CHECK_EQ(path(&f, "/memory"), n);
	CHECK_EQ(path(&f, "/memory@40000000"), n);
	CHECK_EQ(path(&f, "/memory@4"), FDT_NOTFOUND);
	CHECK_STR(fdt_node_name(&f, path(&f, "/cpus/cpu@1")), "cpu@1");
	CHECK_STR(fdt_node_name(&f, path(&f, "/cpus/cpu")), "cpu@0");
	CHECK_EQ(fdt_parent(&f, path(&f, "/cpus/cpu@1")), path(&f, "/cpus"));
	CHECK_EQ(path(&f, "serial0"), path(&f, "/pl011@9000000"));
	CHECK_EQ(path(&f, "gic"), path(&f, "/intc"));
	CHECK(path(&f, "gic") > 0);
	CHECK_EQ(path(&f, "/nonexistent"), FDT_NOTFOUND);
	CHECK_EQ(path(&f, "/cpus/cpu@2"), FDT_NOTFOUND);
	CHECK_EQ(path(&f, "nosuchalias"), FDT_BADPATH);
	CHECK_EQ(path(&f, ""), FDT_BADPATH);
	CHECK_EQ(fdt_path_offset(&f, "/chosen/bogus", 7), path(&f, "/chosen"));
	CHECK_EQ(fdt_path_offset(&f, "/cpus\0/cpu@1", 12), path(&f, "/cpus"));

	diag_init(&d);
	CHECK(fdt_child_cells(&f, root, &ac, &sc, &d));
	CHECK_EQ(ac, 2);
	CHECK_EQ(sc, 2);
	CHECK(fdt_child_cells(&f, path(&f, "/cpus"), &ac, &sc, &d));
	CHECK_EQ(ac, 1);
	CHECK_EQ(sc, 0);
	CHECK(fdt_child_cells(&f, path(&f, "/chosen"), &ac, &sc, &d));
	CHECK_EQ(ac, 2);
	CHECK_EQ(sc, 1);
	CHECK(diag_ok(&d));

	check_banks(&f, mem, 1);
	check_uart(&f, 0x9000000);
	check_psci(&f, FDT_PSCI_HVC);

	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(diag_ok(&d));
	CHECK_STR(ch.bootargs, "console=ttyAMA0 earlycon");
	CHECK_EQ(ch.bootargs_len, strlen("console=ttyAMA0 earlycon"));
	CHECK_STR(ch.stdout_path, "/pl011@9000000");
	CHECK_EQ(ch.stdout_path_len, 14);
	CHECK(ch.has_kaslr_seed);
	CHECK_EQ(ch.kaslr_seed_len, 8);
	CHECK_EQ(ch.kaslr_seed, 0x0123456789abcdefull);
	CHECK_EQ(get_be32(b->p + ch.kaslr_seed_off), 0x01234567);
	CHECK(!ch.has_initrd);
}

static void test_virt(void)
{
	struct blob b = must_load("virt");

	check_virt_tree(&b);
	free(b.p);
}

/* The same tree as blob version 16 and with padding / spare rsvmap slots. */
static void test_virt_variants(void)
{
	struct blob b = must_load("virt-v16");
	struct fdt f;

	CHECK_EQ(get_be32(b.p + 20), 16);
	check_virt_tree(&b);
	if (init_ok(&f, &b))
		CHECK_EQ(f.version, 16);
	free(b.p);
	b = must_load("virt-padded");
	check_virt_tree(&b);
	free(b.p);
}

static void test_multi_mem(void)
{
	static const struct fdt_mem_bank mem[] = {
		{ 0x20000000, 0x8000000 },
		{ 0x80000000, 0x20000000 },
		{ 0xc0000000, 0x10000000 },
		{ 0x880000000ull, 0x40000000 },
	};
	struct blob b = must_load("multi-mem");
	struct fdt_mem_bank banks[4];
	struct fdt_chosen ch;
	struct fdt f;
	struct diag d;

	if (!init_ok(&f, &b))
		goto out;
	check_banks(&f, mem, 4);
	check_uart(&f, 0x1c001000);
	check_psci(&f, FDT_PSCI_SMC);
	CHECK_EQ(path(&f, "serial0/"), path(&f, "/soc/serial@1000"));
	CHECK_STR(fdt_node_name(&f, path(&f, "serial1")), "serial@2000");
	CHECK_STR(fdt_node_name(&f, path(&f, "/soc/serial")), "serial@1000");

	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, 3, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: more memory banks than supported");

	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(diag_ok(&d));
	CHECK_STR(ch.bootargs, "");
	CHECK_EQ(ch.bootargs_len, 0);
	CHECK_STR(ch.stdout_path, "serial0:115200n8");
	CHECK_EQ(ch.stdout_path_len, 16);
	CHECK(ch.has_kaslr_seed);
	CHECK_EQ(ch.kaslr_seed_len, 4);
	CHECK_EQ(get_be32(b.p + ch.kaslr_seed_off), 0xdeadbeef);
	CHECK(ch.has_initrd);
	CHECK_EQ(ch.initrd_start, 0x48000000);
	CHECK_EQ(ch.initrd_end, 0x48100000);

	/* One shared byte is an overlap; touching banks are not. */
	{
		uint8_t *reg = (uint8_t *)fdt_getprop(&f, path(&f, "/memory@880000000"), "reg", NULL);
		struct fdt_mem_bank all[MAX_MEM_BANKS];

		put_be32(reg, 0);
		put_be32(reg + 4, 0xcfffffff);
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, all, MAX_MEM_BANKS, &d), 0);
		CHECK_STR(diag_str(&d), "dtb: overlapping memory banks");
		CHECK_EQ(d.value, 0xcfffffff);
		put_be32(reg + 4, 0xd0000000);
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, all, MAX_MEM_BANKS, &d), 4);
		CHECK_EQ(all[3].base, 0xd0000000);
		/* Same base as another bank. */
		put_be32(reg + 4, 0xc0000000);
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, all, MAX_MEM_BANKS, &d), 0);
		CHECK_STR(diag_str(&d), "dtb: overlapping memory banks");
	}
out:
	free(b.p);
}

static void test_cells_1_1(void)
{
	static const struct fdt_mem_bank mem[] = {
		{ 0x0, 0x10000000 },
		{ 0x30000000, 0x1000000 },
		{ 0x80000000, 0x40000000 },
	};
	struct blob b = must_load("cells-1-1");
	struct fdt_chosen ch;
	struct fdt f;
	struct diag d;
	uint64_t phys = 0;

	if (!init_ok(&f, &b))
		goto out;
	check_banks(&f, mem, 3);
	check_psci(&f, FDT_PSCI_NONE);

	diag_init(&d);
	ch.bootargs = "junk";
	ch.has_kaslr_seed = true;
	ch.has_initrd = true;
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(diag_ok(&d));
	CHECK(!ch.bootargs);
	CHECK(!ch.stdout_path);
	CHECK(!ch.has_kaslr_seed);
	CHECK(!ch.has_initrd);

	diag_init(&d);
	CHECK(!fdt_stdout_uart(&f, &phys, &uart_size, &d));
	CHECK_STR(diag_str(&d), "dtb: no stdout-path");
out:
	free(b.p);
}

static void test_nested_bus(void)
{
	static const struct fdt_mem_bank mem[] = { { 0x8040000000ull, 0x100000000ull } };
	struct blob b = must_load("nested-bus");
	struct fdt_chosen ch;
	struct fdt f;
	struct diag d;

	if (!init_ok(&f, &b))
		goto out;
	check_banks(&f, mem, 1);
	check_uart(&f, 0x10002000);
	check_psci(&f, FDT_PSCI_SMC);
	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(ch.has_initrd);
	CHECK_EQ(ch.initrd_start, 0x8048000000ull);
	CHECK_EQ(ch.initrd_end, 0x8049000000ull);
	CHECK(!ch.has_kaslr_seed);
	CHECK(!ch.bootargs);
out:
	free(b.p);
}

/* Valid blobs whose content the high-level readers must refuse. */
static void test_bad_semantics(void)
{
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	enum fdt_psci_conduit c;
	struct fdt_chosen ch;
	uint64_t phys;
	struct fdt f;
	struct diag d;
	struct blob b;

	b = must_load("bad-a");
	if (init_ok(&f, &b)) {
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
		CHECK_STR(diag_str(&d), "dtb: overlapping memory banks");
		CHECK_EQ(d.value, 0x50000000);
		diag_init(&d);
		CHECK(!fdt_read_psci(&f, &c, &d));
		CHECK_STR(diag_str(&d), "dtb: unknown psci method (neither hvc nor smc)");
		diag_init(&d);
		CHECK(!fdt_read_chosen(&f, &ch, &d));
		CHECK_STR(diag_str(&d), "dtb: initrd ends before it starts");
		diag_init(&d);
		CHECK(!fdt_stdout_uart(&f, &phys, &uart_size, &d));
		CHECK_STR(diag_str(&d), "dtb: stdout uart sits behind a bus without ranges");
	}
	free(b.p);

	b = must_load("bad-b");
	if (init_ok(&f, &b)) {
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
		CHECK_STR(diag_str(&d), "dtb: memory reg length is not a multiple of the address/size pair");
		diag_init(&d);
		CHECK(!fdt_read_psci(&f, &c, &d));
		CHECK_STR(diag_str(&d), "dtb: psci node has no method");
		diag_init(&d);
		CHECK(!fdt_read_chosen(&f, &ch, &d));
		CHECK_STR(diag_str(&d), "dtb: bootargs is not a string");
		diag_init(&d);
		CHECK(!fdt_stdout_uart(&f, &phys, &uart_size, &d));
		CHECK_STR(diag_str(&d), "dtb: stdout-path device is not a PL011");
	}
	free(b.p);

	b = must_load("bad-c");
	if (init_ok(&f, &b)) {
		uint32_t ac, sc;

		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
		CHECK_STR(diag_str(&d), "dtb: unsupported #address-cells");
		CHECK_EQ(d.value, 3);
		diag_init(&d);
		CHECK(!fdt_child_cells(&f, fdt_root(&f), &ac, &sc, &d));
		diag_init(&d);
		CHECK(!fdt_read_chosen(&f, &ch, &d));
		CHECK_STR(diag_str(&d), "dtb: only one of linux,initrd-start and linux,initrd-end");
		diag_init(&d);
		CHECK(!fdt_stdout_uart(&f, &phys, &uart_size, &d));
		CHECK_STR(diag_str(&d), "dtb: stdout-path names no node");
		diag_init(&d);
		c = FDT_PSCI_SMC;
		CHECK(fdt_read_psci(&f, &c, &d));
		CHECK_EQ(c, FDT_PSCI_NONE);
	}
	free(b.p);
}

/* Edits values in place (same lengths) to reach the remaining error paths. */
/* fdt_read_cpus: every CPU node in order, bad ones flagged, others left out. */
static void test_cpus(void)
{
	struct blob b = must_load("cpus"), bad = must_load("cpus-bad-cells");
	struct blob none = must_load("cells-1-1");
	struct fdt_cpu c[8];
	uint32_t n = 99, dropped = 99;
	struct fdt f;
	struct diag d;

	if (!init_ok(&f, &b))
		goto out;
	diag_init(&d);
	CHECK(fdt_read_cpus(&f, c, 8, &n, &dropped, &d));
	CHECK_EQ(n, 7);
	CHECK_EQ(dropped, 0);
	if (n != 7)
		goto out;
	CHECK_STR(fdt_node_name(&f, c[0].node), "cpu@0");
	CHECK_EQ(c[0].mpidr, 0);
	CHECK_EQ(c[0].enable, FDT_CPU_ENABLE_PSCI);
	CHECK(!c[0].problem);
	CHECK_EQ(c[1].mpidr, 1);
	CHECK_EQ(c[1].enable, FDT_CPU_ENABLE_SPIN_TABLE);
	CHECK(!c[1].problem);
	CHECK_STR(c[2].problem, "no reg");
	CHECK_STR(c[3].problem, "reg duplicates an earlier CPU's");
	CHECK_STR(c[4].problem, "reg shorter than /cpus #address-cells");
	/* cpu@5 is disabled: not listed */
	CHECK_STR(fdt_node_name(&f, c[5].node), "cpu@100000100");
	CHECK_EQ(c[5].mpidr, 0x100000100);
	CHECK(!c[5].problem);
	CHECK_EQ(c[6].enable, FDT_CPU_ENABLE_OTHER);

	/* Room for two: the rest are counted, not written. */
	CHECK(fdt_read_cpus(&f, c, 2, &n, &dropped, &d));
	CHECK_EQ(n, 2);
	CHECK_EQ(dropped, 5);
	CHECK(!d.what);

	if (init_ok(&f, &bad)) {
		diag_init(&d);
		CHECK(!fdt_read_cpus(&f, c, 8, &n, &dropped, &d));
		CHECK_STR(diag_str(&d), "dtb: unsupported #address-cells");
		CHECK_EQ(n, 0);
	}
	if (init_ok(&f, &none)) {
		diag_init(&d);
		CHECK(fdt_read_cpus(&f, c, 8, &n, &dropped, &d));
		CHECK_EQ(n, 0);
	}
out:
	free(b.p);
	free(bad.p);
	free(none.p);
}

static void test_value_edits(void)
{
	struct blob b = must_load("virt");
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	struct fdt_chosen ch;
	uint8_t *reg, *val;
	uint32_t len;
	uint64_t phys;
	struct fdt f;
	struct diag d;

	if (!init_ok(&f, &b))
		goto out;
	reg = (uint8_t *)fdt_getprop(&f, path(&f, "/memory"), "reg", &len);
	CHECK_EQ(len, 16);
	/* 0xffffffffff000000 + 32 MiB wraps. */
	put_be32(reg, 0xffffffff);
	put_be32(reg + 4, 0xff000000);
	put_be32(reg + 12, 0x2000000);
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: memory bank wraps past the top of the address space");
	/* Exactly reaching 2^64 is fine. */
	put_be32(reg + 12, 0x1000000);
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 1);
	CHECK_EQ(banks[0].base, 0xffffffffff000000ull);
	/* Only a zero-size bank: no memory. */
	put_be32(reg + 12, 0);
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: no memory");

	/* device_type "memorx" is not memory either. */
	put_be32(reg, 0);
	put_be32(reg + 4, 0x40000000);
	put_be32(reg + 12, 0x1000);
	val = (uint8_t *)fdt_getprop(&f, path(&f, "/memory"), "device_type", &len);
	CHECK_EQ(len, 7);
	val[5] = 'x';
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: no memory");

	/* The uart's compatible no longer names a PL011. */
	val = (uint8_t *)fdt_getprop(&f, path(&f, "/pl011"), "compatible", &len);
	val[8] = '2';
	diag_init(&d);
	CHECK(!fdt_stdout_uart(&f, &phys, &uart_size, &d));
	CHECK_STR(diag_str(&d), "dtb: stdout-path device is not a PL011");

	/*
	 * bootargs NUL-padded the way kexec-tools writes it is the string up
	 * to its first NUL; anything but NULs after that NUL is not a string.
	 */
	val = (uint8_t *)fdt_getprop(&f, path(&f, "/chosen"), "bootargs", &len);
	CHECK_EQ(len, 25);
	val[len - 3] = 0;
	val[len - 2] = 0;
	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK_STR(ch.bootargs, "console=ttyAMA0 earlyc");
	CHECK_EQ(ch.bootargs_len, 22);
	val[len - 2] = 'x';
	diag_init(&d);
	CHECK(!fdt_read_chosen(&f, &ch, &d));
	CHECK_STR(diag_str(&d), "dtb: bootargs is not a string");
	memset(val, 0, len);
	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK_EQ(ch.bootargs_len, 0);

	/* stdout-path with its NUL overwritten is not a string. */
	val = (uint8_t *)fdt_getprop(&f, path(&f, "/chosen"), "stdout-path", &len);
	val[len - 1] = 'x';
	diag_init(&d);
	CHECK(!fdt_read_chosen(&f, &ch, &d));
	CHECK_STR(diag_str(&d), "dtb: stdout-path is not a string");

	/* #size-cells of 3 */
	val = (uint8_t *)fdt_getprop(&f, fdt_root(&f), "#size-cells", &len);
	put_be32(val, 3);
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: unsupported #size-cells");
	/* #address-cells of 0 */
	put_be32(val, 2);
	val = (uint8_t *)fdt_getprop(&f, fdt_root(&f), "#address-cells", &len);
	put_be32(val, 0);
	diag_init(&d);
	CHECK_EQ(fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d), 0);
	CHECK_STR(diag_str(&d), "dtb: unsupported #address-cells");
out:
	free(b.p);
}

/* The console UART's reg must fit its parent's cells and its bus ranges. */
static void expect_uart_refused(const struct fdt *f, const char *why)
{
	uint64_t phys = 0xdead, size = 0xdead;
	struct diag d;

	diag_init(&d);
	CHECK(!fdt_stdout_uart(f, &phys, &size, &d));
	CHECK_STR(diag_str(&d), why);
	CHECK_EQ(phys, 0xdead);
	CHECK_EQ(size, 0xdead);
}

static void test_uart_reg(void)
{
	struct blob b = must_load("virt");
	uint8_t *reg, *cells;
	uint32_t len;
	struct fdt f;

	if (!init_ok(&f, &b))
		goto out;
	reg = (uint8_t *)fdt_getprop(&f, path(&f, "/pl011"), "reg", &len);
	cells = (uint8_t *)fdt_getprop(&f, fdt_root(&f), "#address-cells", &len);
	/* Root #address-cells 1: 16 bytes are not whole (1 + 2)-cell entries. */
	put_be32(cells, 1);
	expect_uart_refused(&f, "dtb: stdout uart reg does not fit #address-cells/#size-cells");
	put_be32(cells, 2);
	/* <0 0 0 0x1000> fits, and is address 0: fdt.c leaves that to the caller. */
	put_be32(reg + 4, 0);
	check_uart(&f, 0);
	put_be32(reg + 12, 0);
	expect_uart_refused(&f, "dtb: stdout uart reg has size 0");
	put_be32(reg, 0xffffffff);
	put_be32(reg + 4, 0xfffff000);
	put_be32(reg + 12, 0x2000);
	expect_uart_refused(&f, "dtb: stdout uart reg wraps past the top of the address space");
	/* Exactly reaching 2^64 is fine. */
	put_be32(reg + 12, 0x1000);
	check_uart(&f, 0xfffffffffffff000ull);
	cells = (uint8_t *)fdt_getprop(&f, fdt_root(&f), "#size-cells", &len);
	put_be32(cells, 0);
	expect_uart_refused(&f, "dtb: stdout uart's parent has #size-cells 0");
	free(b.p);

	/* Behind a bus: the whole window must lie in one range. */
	b = must_load("nested-bus");
	if (!init_ok(&f, &b))
		goto out;
	reg = (uint8_t *)fdt_getprop(&f, path(&f, "/soc/bus/serial"), "reg", &len);
	CHECK_EQ(len, 8);
	put_be32(reg, 0x1ff000);			/* last page of the 1 MiB range */
	check_uart(&f, 0x100ff000);
	put_be32(reg, 0x1ff800);			/* half of it past the end */
	expect_uart_refused(&f, "dtb: stdout uart reg runs past the end of its bus range");
	put_be32(reg, 0x200000);			/* after the range */
	expect_uart_refused(&f, "dtb: stdout uart address outside its bus ranges");
out:
	free(b.p);
}

static void test_qemu_virt(void)
{
	struct blob b = load("qemu-virt");
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	struct fdt_chosen ch;
	uint32_t len, n;
	const void *m;
	struct fdt f;
	struct diag d;
	uint64_t phys;

	if (!b.p) {
		printf("  skip: no qemu-virt.dtb (qemu-system-aarch64 missing)\n");
		return;
	}
	if (!init_ok(&f, &b))
		goto out;
	diag_init(&d);
	n = fdt_memory_banks(&f, banks, MAX_MEM_BANKS, &d);
	CHECK_EQ(n, 1);
	CHECK_EQ(banks[0].base, 0x40000000);
	CHECK_EQ(banks[0].size, 1ull << 30);
	CHECK(fdt_stdout_uart(&f, &phys, &uart_size, &d));
	CHECK_EQ(phys, 0x9000000);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(ch.has_kaslr_seed);
	CHECK_EQ(ch.kaslr_seed_len, 8);
	CHECK(diag_ok(&d));
	/* QEMU picks the conduit (hvc under TCG without EL2/EL3 firmware). */
	m = fdt_getprop(&f, path(&f, "/psci"), "method", &len);
	CHECK(m != NULL);
	if (m)
		check_psci(&f, !strcmp(m, "smc") ? FDT_PSCI_SMC : FDT_PSCI_HVC);
out:
	free(b.p);
}

/* ---- Cross-check against libfdt ---- */

static const char *const fixtures[] = {
	"virt", "virt-v16", "virt-padded", "multi-mem", "cells-1-1", "nested-bus",
	"bad-a", "bad-b", "bad-c", "qemu-virt", "qemu-virt-packed",
};

static void crosscheck(const struct blob *b)
{
	struct fdt f;

	CHECK_EQ(lf_check_full(b->p, b->size), 0);
	if (!init_ok(&f, b))
		return;
	libfdt_compare(&f, b->p);
}

static void test_libfdt_crosscheck(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
		struct blob b = load(fixtures[i]);

		if (!b.p) {
			printf("  skip: %s.dtb missing\n", fixtures[i]);
			continue;
		}
		crosscheck(&b);
		if (test_case_failed) {
			printf("  (fixture %s)\n", fixtures[i]);
			free(b.p);
			return;
		}
		free(b.p);
	}
}

/* ---- fdt_zero_prop ---- */

static void zero_seed(const char *name)
{
	struct blob b = load(name);
	struct fdt_chosen ch;
	uint8_t *orig;
	struct fdt f;
	struct diag d;
	int32_t chosen;

	if (!b.p) {
		printf("  skip: %s.dtb missing\n", name);
		return;
	}
	if (!init_ok(&f, &b))
		goto out;
	orig = dup_exact(b.p, b.size);
	diag_init(&d);
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK(ch.has_kaslr_seed);
	CHECK(ch.kaslr_seed != 0);
	chosen = path(&f, "/chosen");
	CHECK(fdt_zero_prop(b.p, &f, chosen, "kaslr-seed", &d));
	CHECK(diag_ok(&d));
	for (uint32_t i = 0; i < b.size; i++) {
		const bool in_seed = i >= ch.kaslr_seed_off && i < ch.kaslr_seed_off + ch.kaslr_seed_len;

		if (in_seed)
			CHECK_EQ(b.p[i], 0);
		else
			CHECK_EQ(b.p[i], orig[i]);
		if (test_case_failed)
			break;
	}
	CHECK(fdt_read_chosen(&f, &ch, &d));
	CHECK_EQ(ch.kaslr_seed, 0);
	/* Absent property: error, nothing written. */
	CHECK(!fdt_zero_prop(b.p, &f, chosen, "no-such-seed", &d));
	CHECK_STR(diag_str(&d), "dtb: property to wipe is missing");
	free(orig);
out:
	free(b.p);
}

static void test_zero_prop(void)
{
	zero_seed("virt");
	zero_seed("qemu-virt");
}

/* ---- Exercising every API on an arbitrary accepted blob ---- */

static void exercise(const struct fdt *f, const uint8_t *b, uint32_t size, uint64_t salt)
{
	struct fdt_mem_bank banks[MAX_MEM_BANKS];
	enum fdt_psci_conduit c;
	struct fdt_chosen ch;
	uint32_t len, ac, sc, nodes = 0;
	int32_t n, depth = 0;
	uint64_t phys, a, s;
	struct diag d;
	uint8_t *copy;

	for (uint32_t i = 0; i < f->num_rsv; i++)
		CHECK(fdt_mem_rsv(f, i, &a, &s));
	for (n = fdt_root(f); n >= 0 && nodes < 4096; n = fdt_walk_next(f, n, &depth), nodes++) {
		const char *name = fdt_node_name(f, n);
		const int32_t p = fdt_parent(f, n);
		const void *v;

		CHECK(name != NULL);
		CHECK(p < n);
		fdt_first_child(f, n);
		fdt_next_sibling(f, n);
		diag_init(&d);
		fdt_child_cells(f, n, &ac, &sc, &d);
		v = fdt_getprop(f, n, "compatible", &len);
		if (v)
			fdt_stringlist_contains(v, len, "arm,pl011");
		v = fdt_getprop(f, n, "reg", &len);
		if (v && len >= 8)
			fdt_read_cells(v, 2);
		if (name && strlen(name) < 200) {
			char pth[256];

			snprintf(pth, sizeof(pth), "/%s", name);
			fdt_path_offset(f, pth, (uint32_t)strlen(pth));
			fdt_path_offset(f, name, (uint32_t)strlen(name));
		}
	}
	diag_init(&d);
	fdt_memory_banks(f, banks, (uint32_t)(salt % (MAX_MEM_BANKS + 1)), &d);
	diag_init(&d);
	fdt_read_chosen(f, &ch, &d);
	diag_init(&d);
	fdt_read_psci(f, &c, &d);
	diag_init(&d);
	fdt_stdout_uart(f, &phys, &uart_size, &d);
	fdt_path_offset(f, "serial0:115200", 7);
	fdt_path_offset(f, "/soc/serial", 11);

	/* Arbitrary handles, valid or not. */
	for (int i = 0; i < 8; i++) {
		const int32_t h = (int32_t)((salt >> (i * 8)) % (f->size_struct + 16)) - 8;

		fdt_node_name(f, h);
		fdt_first_child(f, h);
		fdt_next_sibling(f, h);
		fdt_parent(f, h);
		fdt_walk_next(f, h, NULL);
		fdt_getprop(f, h, "reg", &len);
		diag_init(&d);
		fdt_child_cells(f, h, &ac, &sc, &d);
	}

	/* Wipe on a separate copy; only the value bytes may change. */
	diag_init(&d);
	n = fdt_path_offset(f, "/chosen", 7);
	if (fdt_getprop(f, n, "kaslr-seed", &len)) {
		const uint32_t off = (uint32_t)((const uint8_t *)fdt_getprop(f, n, "kaslr-seed", NULL) - b);

		copy = dup_exact(b, size);
		CHECK(fdt_zero_prop(copy, f, n, "kaslr-seed", &d));
		for (uint32_t i = 0; i < size; i++)
			if (copy[i] != (i >= off && i - off < len ? 0 : b[i]))
				CHECK(0);
		free(copy);
	}
}

/* ---- Malformed input ---- */

/*
 * Same tree with the struct block moved to the very end of the blob (dtc puts
 * the strings last), so that ASan catches overreads of the struct block too.
 */
static struct blob struct_last(const struct blob *b)
{
	const uint32_t off_struct = get_be32(b->p + 8), off_strings = get_be32(b->p + 12);
	const uint32_t off_rsv = get_be32(b->p + 16), size_strings = get_be32(b->p + 32);
	const uint32_t size_struct = get_be32(b->p + 36);
	uint32_t rsv_len = 16, pos, total;
	struct blob out;
	uint8_t *tmp;

	while (get_be32(b->p + off_rsv + rsv_len - 16) || get_be32(b->p + off_rsv + rsv_len - 12) ||
	       get_be32(b->p + off_rsv + rsv_len - 8) || get_be32(b->p + off_rsv + rsv_len - 4))
		rsv_len += 16;
	pos = 40 + rsv_len;
	total = ((pos + size_strings + 3) & ~3u) + size_struct;
	tmp = calloc(1, total);
	memcpy(tmp, b->p, 40);
	memcpy(tmp + 40, b->p + off_rsv, rsv_len);
	memcpy(tmp + pos, b->p + off_strings, size_strings);
	put_be32(tmp + 12, pos);
	pos = (pos + size_strings + 3) & ~3u;
	memcpy(tmp + pos, b->p + off_struct, size_struct);
	put_be32(tmp + 8, pos);
	put_be32(tmp + 16, 40);
	put_be32(tmp + 4, total);
	out.p = tmp;
	out.size = total;
	return out;
}

static struct blob load_struct_last(const char *name)
{
	struct blob b = load(name), out = { NULL, 0 };

	if (b.p) {
		out = struct_last(&b);
		free(b.p);
	}
	return out;
}

/* The relaid-out blob reads the same as the original. */
static void test_struct_last(void)
{
	struct blob b = load_struct_last("multi-mem");
	struct fdt f;

	CHECK(b.p != NULL);
	if (b.p && init_ok(&f, &b)) {
		CHECK_EQ(f.off_struct + f.size_struct, b.size);
		check_uart(&f, 0x1c001000);
		crosscheck(&b);
	}
	free(b.p);
}

static void test_truncation(void)
{
	static const char *const names[] = { "virt", "virt-v16", "multi-mem", "nested-bus",
					     "qemu-virt-packed" };
	uint32_t accepted = 0, rejected = 0;

	for (size_t k = 0; k < 2 * ARRAY_SIZE(names); k++) {
		struct blob b;

		if (k >= ARRAY_SIZE(names) && !strcmp(names[k - ARRAY_SIZE(names)], "virt-v16"))
			continue;	/* no size_dt_struct to relayout with */
		b = k < ARRAY_SIZE(names) ? load(names[k]) :
		    load_struct_last(names[k - ARRAY_SIZE(names)]);

		if (!b.p)
			continue;
		for (uint32_t avail = 0; avail < b.size; avail++) {
			uint8_t *t = dup_exact(b.p, avail);
			struct fdt f;
			struct diag d;

			/* The header still claims the full size: must be refused. */
			diag_init(&d);
			CHECK(!fdt_init(&f, t, avail, &d));
			CHECK(!diag_ok(&d));
			CHECK_EQ(f.size_struct, 0);
			CHECK(fdt_root(&f) < 0);
			/* Claiming exactly what is there: anything accepted must be safe. */
			if (avail >= 8) {
				put_be32(t + 4, avail);
				diag_init(&d);
				if (fdt_init(&f, t, avail, &d)) {
					accepted++;
					exercise(&f, t, avail, avail * 0x9e3779b97f4a7c15ull);
				} else {
					rejected++;
					CHECK(d.what && !strcmp(d.subsys, "dtb"));
				}
			}
			free(t);
			if (test_case_failed) {
				printf("  (%s%s avail %u)\n", names[k % ARRAY_SIZE(names)],
				       k < ARRAY_SIZE(names) ? "" : " struct-last", avail);
				free(b.p);
				return;
			}
		}
		free(b.p);
	}
	printf("  truncated blobs with patched totalsize: %u accepted, %u rejected\n",
	       accepted, rejected);
	CHECK(rejected > 1000);
}

/* Patch a header field of a virt copy and expect fdt_init to fail with why. */
static void expect_header_fail(const struct blob *b, uint32_t field, uint32_t value,
			       const char *why)
{
	uint8_t *t = dup_exact(b->p, b->size);
	struct fdt f;
	struct diag d;

	put_be32(t + field, value);
	diag_init(&d);
	CHECK(!fdt_init(&f, t, b->size, &d));
	CHECK_STR(diag_str(&d), why);
	if (!d.what || strcmp(diag_str(&d), why))
		printf("  (field %u = 0x%x)\n", field, value);
	free(t);
}

static void test_header_corruption(void)
{
	struct blob b = must_load("virt");
	const uint32_t size = b.size;
	const uint32_t off_struct = get_be32(b.p + 8);
	const uint32_t off_strings = get_be32(b.p + 12);
	const uint32_t size_strings = get_be32(b.p + 32);
	const uint32_t size_struct = get_be32(b.p + 36);
	struct fdt f;
	struct diag d;
	uint8_t *big, *odd;

	/* The unmodified blob passes, so each failure below is the edit's. */
	if (!init_ok(&f, &b))
		goto out;
	CHECK_EQ(f.off_struct, off_struct);
	CHECK_EQ(f.size_struct, size_struct);
	CHECK_EQ(f.off_strings, off_strings);
	CHECK_EQ(f.size_strings, size_strings);

	expect_header_fail(&b, 0, 0xedfe0dd0, "dtb: bad magic");
	expect_header_fail(&b, 4, size + 1, "dtb: totalsize beyond the readable limit");
	expect_header_fail(&b, 4, 0xffffffff, "dtb: totalsize above the 2 MiB limit");
	expect_header_fail(&b, 4, 20, "dtb: totalsize smaller than the header");
	expect_header_fail(&b, 4, 38, "dtb: totalsize smaller than the header");
	expect_header_fail(&b, 4, off_strings + size_strings - 1,
			   "dtb: strings block beyond totalsize");
	expect_header_fail(&b, 8, size + 4, "dtb: structure block starts beyond totalsize");
	expect_header_fail(&b, 8, 16, "dtb: structure block overlaps the header");
	expect_header_fail(&b, 8, off_struct + 2, "dtb: structure block not 4-byte aligned");
	expect_header_fail(&b, 8, off_struct + 4, "dtb: unknown token");
	expect_header_fail(&b, 8, off_strings, "dtb: structure block beyond totalsize");
	expect_header_fail(&b, 36, 0xfffffff0, "dtb: structure block beyond totalsize");
	expect_header_fail(&b, 36, size, "dtb: structure block beyond totalsize");
	expect_header_fail(&b, 36, 8, "dtb: structure block ends without FDT_END");
	expect_header_fail(&b, 36, size_struct - 4, "dtb: structure block ends without FDT_END");
	expect_header_fail(&b, 12, size + 1, "dtb: strings block starts beyond totalsize");
	expect_header_fail(&b, 12, 0, "dtb: strings block overlaps the header");
	expect_header_fail(&b, 32, 0xffffffff, "dtb: strings block beyond totalsize");
	expect_header_fail(&b, 32, 0, "dtb: property name offset outside the strings block");
	expect_header_fail(&b, 32, size_strings - 1,
			   "dtb: property name not terminated inside the strings block");
	expect_header_fail(&b, 16, 44, "dtb: memory reservation map not 8-byte aligned");
	expect_header_fail(&b, 16, 8, "dtb: memory reservation map overlaps the header");
	expect_header_fail(&b, 16, (size & ~7u) - 8, "dtb: memory reservation map not terminated");
	expect_header_fail(&b, 16, (size + 8) & ~7u, "dtb: memory reservation map not terminated");
	expect_header_fail(&b, 20, 15, "dtb: unsupported version");
	expect_header_fail(&b, 20, 18, "dtb: unsupported version");
	expect_header_fail(&b, 20, 0xffffffff, "dtb: unsupported version");
	expect_header_fail(&b, 24, 18, "dtb: last compatible version above version");

	/* NULL, tiny avail, misaligned, oversized. */
	diag_init(&d);
	CHECK(!fdt_init(&f, NULL, 100, &d));
	CHECK_STR(diag_str(&d), "dtb: no blob");
	diag_init(&d);
	CHECK(!fdt_init(&f, b.p, 3, &d));
	CHECK_STR(diag_str(&d), "dtb: truncated header");
	diag_init(&d);
	CHECK(!fdt_init(&f, b.p, 7, &d));
	CHECK_STR(diag_str(&d), "dtb: truncated header");
	odd = malloc(size + 1);
	memcpy(odd + 1, b.p, size);
	diag_init(&d);
	CHECK(!fdt_init(&f, odd + 1, size, &d));
	CHECK_STR(diag_str(&d), "dtb: blob not 8-byte aligned");
	free(odd);
	big = calloc(1, FDT_MAX_SIZE + 8);
	memcpy(big, b.p, size);
	put_be32(big + 4, FDT_MAX_SIZE + 8);
	diag_init(&d);
	CHECK(!fdt_init(&f, big, FDT_MAX_SIZE + 8, &d));
	CHECK_STR(diag_str(&d), "dtb: totalsize above the 2 MiB limit");
	/* Exactly 2 MiB is allowed. */
	put_be32(big + 4, FDT_MAX_SIZE);
	diag_init(&d);
	CHECK(fdt_init(&f, big, FDT_MAX_SIZE, &d));
	free(big);
	/* Header-only blob and a failed init leave an unusable view. */
	diag_init(&d);
	CHECK(!fdt_init(&f, b.p, 40, &d));
	CHECK(f.blob == NULL && f.size_struct == 0 && f.totalsize == 0);
out:
	free(b.p);
}

/* Tiny blob builder for token-stream cases. */
struct builder {
	uint8_t st[512];
	uint32_t len;
};

static void tok(struct builder *bb, uint32_t v)
{
	put_be32(bb->st + bb->len, v);
	bb->len += 4;
}

static void node(struct builder *bb, const char *name)
{
	const uint32_t n = (uint32_t)strlen(name) + 1;

	tok(bb, 1);
	memcpy(bb->st + bb->len, name, n);
	bb->len += (n + 3) & ~3u;
}

static void prop(struct builder *bb, uint32_t nameoff, const char *val, uint32_t len)
{
	tok(bb, 3);
	tok(bb, len);
	tok(bb, nameoff);
	memcpy(bb->st + bb->len, val, len);
	bb->len += (len + 3) & ~3u;
}

#define B_STRINGS	"reg\0compatible"	/* nameoff 0 and 4 */
#define B_STRINGS_LEN	15u

/*
 * Header (v17) + one empty rsvmap entry + strings + struct block.  The
 * struct block goes last so that ASan sees any read past its end.
 */
static struct blob finish(const struct builder *bb, uint32_t struct_len, const char *strings,
			  uint32_t strings_len)
{
	const uint32_t off_strings = 56, off_struct = (off_strings + strings_len + 3) & ~3u;
	const uint32_t total = off_struct + bb->len;
	uint8_t tmp[1024];
	struct blob b;

	memset(tmp, 0, sizeof(tmp));
	put_be32(tmp + 0, 0xd00dfeed);
	put_be32(tmp + 4, total);
	put_be32(tmp + 8, off_struct);
	put_be32(tmp + 12, off_strings);
	put_be32(tmp + 16, 40);
	put_be32(tmp + 20, 17);
	put_be32(tmp + 24, 16);
	put_be32(tmp + 32, strings_len);
	put_be32(tmp + 36, struct_len);
	memcpy(tmp + off_struct, bb->st, bb->len);
	memcpy(tmp + off_strings, strings, strings_len);
	b.p = dup_exact(tmp, total);
	b.size = total;
	return b;
}

static void expect_tokens(const struct builder *bb, const char *why)
{
	struct blob b = finish(bb, bb->len, B_STRINGS, B_STRINGS_LEN);
	struct fdt f;
	struct diag d;
	bool ok;

	diag_init(&d);
	ok = fdt_init(&f, b.p, b.size, &d);
	if (!why) {
		CHECK(ok);
		if (!ok)
			printf("  unexpected: %s\n", diag_str(&d));
	} else {
		CHECK(!ok);
		CHECK_STR(diag_str(&d), why);
	}
	free(b.p);
}

static void test_token_corruption(void)
{
	struct builder bb;
	struct blob b;
	struct fdt f;
	struct diag d;

#define RESET() (bb.len = 0)
	/* A minimal good stream first: the builder itself is right. */
	RESET(); tok(&bb, 4); node(&bb, ""); prop(&bb, 0, "\0\0\0\1", 4); node(&bb, "a@1");
	tok(&bb, 4); tok(&bb, 2); tok(&bb, 2); tok(&bb, 4); tok(&bb, 9);
	expect_tokens(&bb, NULL);
	b = finish(&bb, bb.len, B_STRINGS, B_STRINGS_LEN);
	if (init_ok(&f, &b)) {
		CHECK_EQ(fdt_root(&f), 4);
		CHECK_STR(fdt_node_name(&f, path(&f, "/a")), "a@1");
		CHECK_EQ(fdt_be32(fdt_getprop(&f, 4, "reg", NULL)), 1);
		CHECK(fdt_getprop(&f, 4, "re", NULL) == NULL);
		CHECK(fdt_getprop(&f, 4, "regs", NULL) == NULL);
	}
	free(b.p);

	/* The root's name is empty (DT spec 2.2.1; libfdt refuses it too). */
	RESET(); node(&bb, "/"); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: root node has a name");
	RESET(); node(&bb, ""); tok(&bb, 5); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: unknown token");
	RESET(); node(&bb, ""); tok(&bb, 0); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: unknown token");
	/* Name running to the end of the block without its NUL. */
	RESET(); node(&bb, ""); tok(&bb, 1); memcpy(bb.st + bb.len, "abcd", 4); bb.len += 4;
	expect_tokens(&bb, "dtb: node name not terminated inside the structure block");
	RESET(); node(&bb, ""); tok(&bb, 3); tok(&bb, 4);
	expect_tokens(&bb, "dtb: property header past the structure block");
	RESET(); node(&bb, ""); tok(&bb, 3); tok(&bb, 100); tok(&bb, 0); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: property value past the structure block");
	RESET(); node(&bb, ""); tok(&bb, 3); tok(&bb, 0xfffffff8); tok(&bb, 0); tok(&bb, 2);
	tok(&bb, 9);
	expect_tokens(&bb, "dtb: property value past the structure block");
	RESET(); node(&bb, ""); prop(&bb, B_STRINGS_LEN, "", 0); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: property name offset outside the strings block");
	RESET(); node(&bb, ""); prop(&bb, 0xffffffff, "", 0); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: property name offset outside the strings block");
	RESET(); node(&bb, ""); prop(&bb, 0, "", 0); tok(&bb, 2); tok(&bb, 9);
	b = finish(&bb, bb.len, "reg", 3);	/* strings block without a NUL */
	diag_init(&d);
	CHECK(!fdt_init(&f, b.p, b.size, &d));
	CHECK_STR(diag_str(&d), "dtb: property name not terminated inside the strings block");
	free(b.p);
	RESET(); node(&bb, ""); tok(&bb, 2);
	expect_tokens(&bb, "dtb: structure block ends without FDT_END");
	RESET(); node(&bb, ""); tok(&bb, 2); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: unbalanced nodes");
	RESET(); node(&bb, ""); node(&bb, "a"); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: unbalanced nodes");
	RESET(); node(&bb, ""); tok(&bb, 2); node(&bb, ""); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: more than one root node");
	RESET(); prop(&bb, 0, "", 0); node(&bb, ""); tok(&bb, 2); tok(&bb, 9);
	expect_tokens(&bb, "dtb: property outside any node");
	RESET(); node(&bb, ""); tok(&bb, 2); prop(&bb, 0, "", 0); tok(&bb, 9);
	expect_tokens(&bb, "dtb: property outside any node");
	RESET(); node(&bb, ""); node(&bb, "a"); tok(&bb, 2); prop(&bb, 0, "", 0); tok(&bb, 2);
	tok(&bb, 9);
	expect_tokens(&bb, "dtb: property after a subnode");
	RESET(); tok(&bb, 4); tok(&bb, 9);
	expect_tokens(&bb, "dtb: no root node");
	RESET();
	expect_tokens(&bb, "dtb: structure block ends without FDT_END");
	/* Padding of the last token would cross the end of the block. */
	RESET(); node(&bb, ""); prop(&bb, 0, "\1", 1); tok(&bb, 2); tok(&bb, 9);
	b = finish(&bb, 8 + 12 + 1, B_STRINGS, B_STRINGS_LEN);
	diag_init(&d);
	CHECK(!fdt_init(&f, b.p, b.size, &d));
	CHECK_STR(diag_str(&d), "dtb: token padding past the structure block");
	free(b.p);
	/* Bytes after FDT_END inside the block are ignored. */
	RESET(); node(&bb, ""); tok(&bb, 2); tok(&bb, 9); tok(&bb, 0x55555555);
	expect_tokens(&bb, NULL);
	/* Value overrunning the block by one cell; name running off the end. */
	RESET(); node(&bb, ""); tok(&bb, 3); tok(&bb, 8); tok(&bb, 0); tok(&bb, 0x55555555);
	expect_tokens(&bb, "dtb: property value past the structure block");
	RESET(); node(&bb, ""); tok(&bb, 1); memcpy(bb.st + bb.len, "abcdefgh", 8); bb.len += 8;
	expect_tokens(&bb, "dtb: node name not terminated inside the structure block");

	/* Unit-address rules: "a@1" names "a@1" exactly, never "a@1@2". */
	RESET(); node(&bb, ""); node(&bb, "a@1@2"); tok(&bb, 2); node(&bb, "a"); tok(&bb, 2);
	node(&bb, "b@2"); tok(&bb, 2); tok(&bb, 2); tok(&bb, 9);
	b = finish(&bb, bb.len, B_STRINGS, B_STRINGS_LEN);
	if (init_ok(&f, &b)) {
		CHECK_EQ(path(&f, "/a@1"), FDT_NOTFOUND);
		CHECK_STR(fdt_node_name(&f, path(&f, "/a@1@2")), "a@1@2");
		CHECK_STR(fdt_node_name(&f, path(&f, "/a")), "a@1@2");	/* first match */
		CHECK_STR(fdt_node_name(&f, path(&f, "/b")), "b@2");
		CHECK_EQ(path(&f, "/b@"), FDT_NOTFOUND);
		CHECK_EQ(path(&f, "/b@2@"), FDT_NOTFOUND);
		CHECK_EQ(path(&f, "/c"), FDT_NOTFOUND);
	}
	free(b.p);

	/*
	 * A value that looks like a node with a property whose name offset is
	 * far outside the strings block: lookups through that fake handle must
	 * stay in bounds.
	 */
	{
		uint8_t fake[20];

		put_be32(fake, 1);		/* FDT_BEGIN_NODE, name "" */
		put_be32(fake + 4, 0);
		put_be32(fake + 8, 3);		/* FDT_PROP, len 0 */
		put_be32(fake + 12, 0);
		put_be32(fake + 16, 0x7ffffff0);	/* nameoff */
		RESET(); node(&bb, ""); prop(&bb, 4, (const char *)fake, sizeof(fake));
		tok(&bb, 2); tok(&bb, 9);
		b = finish(&bb, bb.len, B_STRINGS, B_STRINGS_LEN);
		if (init_ok(&f, &b)) {
			const int32_t h = fdt_root(&f) + 8 + 12;

			CHECK_EQ(fdt_be32(b.p + f.off_struct + h), 1);
			CHECK_STR(fdt_node_name(&f, h), "");
			CHECK(fdt_getprop(&f, h, "reg", NULL) == NULL);
			CHECK(fdt_getprop(&f, h, "", NULL) == NULL);
			CHECK_EQ(fdt_parent(&f, h), FDT_BADNODE);
		}
		free(b.p);
	}
#undef RESET
}

/* Handles that are not nodes must be refused without reading out of bounds. */
static void test_bad_handles(void)
{
	struct blob b = must_load("virt");
	struct fdt f, dead;
	struct diag d;
	uint32_t len, ac, sc;
	const int32_t bad[] = { -1, -100, 1, 2, 3, 5, 8, 0x7fffffff, INT32_MIN };
	int32_t prop_tok;

	if (!init_ok(&f, &b))
		goto out;
	/* Offset of a FDT_PROP token and of a value that looks like FDT_BEGIN_NODE. */
	prop_tok = 8;
	for (size_t i = 0; i < ARRAY_SIZE(bad) + 2; i++) {
		const int32_t h = i < ARRAY_SIZE(bad) ? bad[i] :
				  i == ARRAY_SIZE(bad) ? prop_tok : (int32_t)f.size_struct;

		CHECK(fdt_node_name(&f, h) == NULL);
		CHECK_EQ(fdt_first_child(&f, h), FDT_BADNODE);
		CHECK_EQ(fdt_next_sibling(&f, h), FDT_BADNODE);
		CHECK_EQ(fdt_parent(&f, h), FDT_BADNODE);
		CHECK_EQ(fdt_walk_next(&f, h, NULL), FDT_BADNODE);
		CHECK(fdt_getprop(&f, h, "reg", &len) == NULL);
		diag_init(&d);
		CHECK(!fdt_child_cells(&f, h, &ac, &sc, &d));
		CHECK_STR(diag_str(&d), "dtb: not a node");
		CHECK(!fdt_zero_prop(b.p, &f, h, "reg", &d));
	}
	/* #address-cells = <1> inside a property value of /cpus is a 0x00000001
	 * word: a fake FDT_BEGIN_NODE that must not be taken for a node. */
	{
		const uint8_t *v = fdt_getprop(&f, path(&f, "/cpus"), "#address-cells", &len);
		const int32_t fake = (int32_t)(v - (b.p + f.off_struct));

		CHECK_EQ(fdt_be32(v), 1);
		CHECK_STR(fdt_node_name(&f, fake), "");	/* decodes as a token... */
		CHECK_EQ(fdt_parent(&f, fake), FDT_BADNODE);	/* ...but is in no tree */
	}
	/* A view left by a failed fdt_init answers "nothing". */
	diag_init(&d);
	CHECK(!fdt_init(&dead, b.p, 10, &d));
	CHECK_EQ(fdt_root(&dead), FDT_NOTFOUND);
	CHECK_EQ(path(&dead, "/chosen"), FDT_NOTFOUND);
	CHECK(fdt_getprop(&dead, 0, "reg", NULL) == NULL);
	{
		struct fdt_mem_bank banks[1];
		uint64_t a, s;

		struct fdt_chosen ch;
		enum fdt_psci_conduit c;
		uint64_t phys;

		CHECK(!fdt_mem_rsv(&dead, 0, &a, &s));
		diag_init(&d);
		CHECK_EQ(fdt_memory_banks(&dead, banks, 1, &d), 0);
		CHECK(!fdt_read_chosen(&dead, &ch, &d));
		CHECK(fdt_read_psci(&dead, &c, &d));
		CHECK_EQ(c, FDT_PSCI_NONE);
		CHECK(!fdt_stdout_uart(&dead, &phys, &uart_size, &d));
	}
out:
	free(b.p);
}

/* ---- Fuzzing ---- */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, good enough to pick mutations. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void mutate(uint8_t *p, uint32_t size)
{
	const uint32_t interesting[] = { 0, 1, 2, 3, 4, 9, 0x7fffffff, 0x80000000, 0xffffffff,
					 0xfffffffc, size, size - 4, size + 4, 0xd00dfeed, 16, 17 };
	const uint32_t pos = (uint32_t)(rnd() % size);
	const uint32_t apos = pos & ~3u;

	switch (rnd() % 5) {
	case 0:
		p[pos] = (uint8_t)rnd();
		break;
	case 1:
		p[pos] ^= (uint8_t)(1u << (rnd() % 8));
		break;
	case 2:
		if (apos + 4 <= size)
			put_be32(p + apos, interesting[rnd() % ARRAY_SIZE(interesting)]);
		break;
	case 3:
		if (apos + 4 <= size) {
			const uint32_t from = (uint32_t)(rnd() % size) & ~3u;

			if (from + 4 <= size)
				memcpy(p + apos, p + from, 4);
		}
		break;
	default:
		/* Small arithmetic on a header or token word. */
		if (apos + 4 <= size)
			put_be32(p + apos, get_be32(p + apos) + (uint32_t)(rnd() % 17) - 8);
		break;
	}
}

#define FUZZ_ITERATIONS	200000

/*
 * The QEMU tree (last source) is ten times bigger than the others and the
 * per-blob checks are quadratic in the node count: pick it 1 time in 8 of
 * its fair share to keep the run to seconds under ASan.
 */
static const struct blob *pick(const struct blob *src, uint32_t n, uint32_t heavy)
{
	uint32_t i = (uint32_t)(rnd() % n);

	if (i == heavy && n > 1 && rnd() % 8)
		i = (uint32_t)(rnd() % (n - 1)) + (i == 0);
	return &src[i];
}

static void test_fuzz(void)
{
	static const char *const names[] = { "virt", "virt-v16", "multi-mem", "cells-1-1",
					     "nested-bus", "bad-a", "bad-b", "bad-c",
					     "qemu-virt-packed" };
	struct blob src[2 * ARRAY_SIZE(names)];
	const char *srcname[2 * ARRAY_SIZE(names)];
	uint32_t nsrc = 0, accepted = 0, libfdt_agree = 0, heavy = UINT32_MAX;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		src[nsrc] = load(names[i]);
		if (!src[nsrc].p)
			continue;
		if (!strcmp(names[i], "qemu-virt-packed"))
			heavy = nsrc;
		srcname[nsrc++] = names[i];
	}
	/* Struct-last copies of the small v17 trees. */
	for (size_t i = 0; i < 8; i++) {
		if (!strcmp(names[i], "virt-v16"))
			continue;
		src[nsrc] = load_struct_last(names[i]);
		if (src[nsrc].p)
			srcname[nsrc++] = names[i];
	}
	CHECK(nsrc >= 15);
	fuzzing = true;
	for (uint32_t it = 0; it < FUZZ_ITERATIONS && !test_case_failed; it++) {
		const struct blob *s = pick(src, nsrc, heavy);
		uint8_t *p = dup_exact(s->p, s->size);
		const uint32_t nmut = 1 + (uint32_t)(rnd() % 4);
		struct fdt f;
		struct diag d;

		for (uint32_t m = 0; m < nmut; m++)
			mutate(p, s->size);
		diag_init(&d);
		if (fdt_init(&f, p, s->size, &d)) {
			accepted++;
			exercise(&f, p, s->size, rnd());
			/* Where libfdt agrees the blob is sound, the trees must match. */
			/* (v16 blobs carry no size_dt_struct; libfdt bounds them
			 * differently, so only v17 is compared.) */
			if (lf_check_full(p, s->size) == 0 && f.version == 17) {
				libfdt_agree++;
				cmp_node(&f, p, fdt_root(&f), 0);
				cmp_walk(&f, p, 0);
			}
		} else {
			CHECK(d.what && !strcmp(d.subsys, "dtb"));
			CHECK(f.blob == NULL && f.size_struct == 0);
		}
		if (test_case_failed)
			printf("  fuzz iteration %u (source %s): failed\n", it,
			       srcname[s - src]);
		free(p);
	}
	fuzzing = false;
	printf("  fuzz: %u iterations, %u accepted, %u cross-checked with libfdt\n",
	       FUZZ_ITERATIONS, accepted, libfdt_agree);
	CHECK(accepted > 1000);
	for (uint32_t i = 0; i < nsrc; i++)
		free(src[i].p);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_DIR (see tests/host/fdt/build-fixtures.sh)\n",
			argv[0]);
		return 2;
	}
	fixture_dir = argv[1];
	lf_load();

	RUN(test_be32_cells);
	RUN(test_strings);
	RUN(test_virt);
	RUN(test_virt_variants);
	RUN(test_multi_mem);
	RUN(test_cells_1_1);
	RUN(test_nested_bus);
	RUN(test_bad_semantics);
	RUN(test_value_edits);
	RUN(test_cpus);
	RUN(test_uart_reg);
	RUN(test_qemu_virt);
	RUN(test_libfdt_crosscheck);
	RUN(test_zero_prop);
	RUN(test_bad_handles);
	RUN(test_header_corruption);
	RUN(test_token_corruption);
	RUN(test_struct_last);
	RUN(test_truncation);
	RUN(test_fuzz);
	return test_summary();
}
