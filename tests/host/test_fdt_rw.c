// SPDX-License-Identifier: MIT
/*
 * Host tests of the device tree writer (lib/fdt_rw.c).  Inputs are made
 * with dtc from source text; every result is checked twice: with our
 * reader (fdt_init re-validates the whole blob) and independently by
 * decompiling it with dtc and looking for the expected source lines.
 *   test_fdt_rw            (needs dtc on PATH)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include <relok/compiler.h>
#include <relok/fdt.h>
#include <relok/fdt_rw.h>

#define BLOB_MAX	8192
#define TEXT_MAX	16384

static _Alignas(8) uint8_t in_blob[BLOB_MAX];
static _Alignas(8) uint8_t out_blob[BLOB_MAX];

/* dts source -> in_blob; returns its size (0 on failure). */
static size_t compile(const char *dts)
{
	char src[] = "/tmp/relok-fdtrw-XXXXXX";
	char cmd[128];
	int fd = mkstemp(src);
	FILE *p;
	size_t n;

	if (fd < 0 || write(fd, dts, strlen(dts)) != (ssize_t)strlen(dts))
		return 0;
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s", src);
	p = popen(cmd, "r");
	n = p ? fread(in_blob, 1, sizeof(in_blob), p) : 0;
	if (p)
		pclose(p);
	unlink(src);
	return n;
}

/* out_blob (size bytes) -> dts text in buf. */
static void decompile(uint32_t size, char *buf)
{
	char bin[] = "/tmp/relok-fdtrw-XXXXXX";
	char cmd[128];
	int fd = mkstemp(bin);
	FILE *p;
	size_t n = 0;

	buf[0] = 0;
	if (fd < 0 || write(fd, out_blob, size) != (ssize_t)size)
		return;
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s 2>&1", bin);
	p = popen(cmd, "r");
	if (p) {
		n = fread(buf, 1, TEXT_MAX - 1, p);
		pclose(p);
	}
	buf[n] = 0;
	unlink(bin);
}

static const char base_dts[] =
	"/dts-v1/;\n/memreserve/ 0x1000 0x2000;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; model = \"t\";\n"
	"  chosen { bootargs = \"old args\"; stdout-path = \"/uart\"; };\n"
	"  uart { compatible = \"arm,pl011\"; };\n};\n";

static bool open_base(struct fdt_rw *rw, const char *dts, uint32_t capacity, struct diag *d)
{
	size_t n = compile(dts);

	diag_init(d);
	return n && fdt_rw_open(rw, out_blob, capacity, in_blob, n, d);
}

static void test_set_and_add(void)
{
	struct fdt_rw rw;
	struct fdt_chosen ch;
	struct diag d;
	char text[TEXT_MAX];
	int32_t chosen;

	CHECK(open_base(&rw, base_dts, BLOB_MAX, &d));
	chosen = fdt_rw_node(&rw, "/chosen", &d);
	CHECK(chosen >= 0);
	CHECK(fdt_rw_setprop_u64(&rw, chosen, "kaslr-seed", 0x0123456789abcdefULL, &d));
	chosen = fdt_rw_node(&rw, "/chosen", &d);
	CHECK(fdt_rw_setprop_string(&rw, chosen, "bootargs", "a much longer command line", &d));
	chosen = fdt_rw_node(&rw, "/chosen", &d);
	CHECK(fdt_rw_setprop_string(&rw, chosen, "bootargs", "x", &d));
	CHECK(fdt_rw_add_rsv(&rw, 0x40000000, 0x200000, &d));
	CHECK(diag_ok(&d));

	CHECK(fdt_read_chosen(&rw.fdt, &ch, &d));
	CHECK_EQ(ch.kaslr_seed_len, 8);
	CHECK_EQ(ch.kaslr_seed, 0x0123456789abcdefULL);
	CHECK_EQ(ch.bootargs_len, 1);
	CHECK_EQ(rw.fdt.num_rsv, 2);

	decompile(fdt_rw_size(&rw), text);
	CHECK(strstr(text, "kaslr-seed = <0x1234567 0x89abcdef>;"));
	CHECK(strstr(text, "bootargs = \"x\";"));
	CHECK(strstr(text, "stdout-path = \"/uart\";"));
	CHECK(strstr(text, "/memreserve/\t0x0000000000001000 0x0000000000002000;"));
	CHECK(strstr(text, "/memreserve/\t0x0000000040000000 0x0000000000200000;"));
	CHECK(strstr(text, "compatible = \"arm,pl011\";"));
}

static void test_creates_chosen(void)
{
	struct fdt_rw rw;
	struct diag d;
	char text[TEXT_MAX];
	int32_t chosen;

	CHECK(open_base(&rw, "/dts-v1/;\n/ { model = \"m\"; uart { reg = <1>; }; };\n",
			BLOB_MAX, &d));
	chosen = fdt_rw_node(&rw, "/chosen", &d);
	CHECK(chosen >= 0);
	CHECK(fdt_rw_setprop_string(&rw, chosen, "bootargs", "console=ttyAMA0", &d));
	CHECK(diag_ok(&d));
	CHECK(fdt_path_offset(&rw.fdt, "/uart", 5) >= 0);
	decompile(fdt_rw_size(&rw), text);
	CHECK(strstr(text, "chosen {"));
	CHECK(strstr(text, "bootargs = \"console=ttyAMA0\";"));
	CHECK(strstr(text, "reg = <0x01>;"));
	/* A parent that does not exist is an error, not a new subtree. */
	CHECK(fdt_rw_node(&rw, "/no/such", &d) < 0);
	CHECK(!diag_ok(&d));
}

static void test_no_room_leaves_blob(void)
{
	struct fdt_rw rw;
	struct diag d;
	uint32_t size;
	int32_t chosen;
	char before[TEXT_MAX], after[TEXT_MAX];

	CHECK(open_base(&rw, base_dts, 0, &d) == false);	/* capacity 0 */
	CHECK(!diag_ok(&d));
	/* Open once to learn the packed size, then exactly that big: any
	 * growth must fail and leave the blob as it was. */
	CHECK(open_base(&rw, base_dts, BLOB_MAX, &d));
	size = fdt_rw_size(&rw);
	CHECK(open_base(&rw, base_dts, size, &d));
	decompile(fdt_rw_size(&rw), before);
	chosen = fdt_rw_node(&rw, "/chosen", &d);
	CHECK(!fdt_rw_setprop_string(&rw, chosen, "bootargs",
				       "a command line much longer than the old one, to need room", &d));
	CHECK(!fdt_rw_add_rsv(&rw, 1, 2, &d));
	CHECK(!diag_ok(&d));
	decompile(fdt_rw_size(&rw), after);
	CHECK_STR(after, before);
}

int main(void)
{
	RUN(test_set_and_add);
	RUN(test_creates_chosen);
	RUN(test_no_room_leaves_blob);
	return test_summary();
}
