// SPDX-License-Identifier: MIT
/*
 * Host tests for the module loader's shared pieces: PLT counting and
 * emission and erratum 843419 rewriting (arch/arm64/kernel/module-plts.c),
 * and the newc cpio reader (lib/cpio.c), including malformed archives and
 * the look-up by name kexec uses.
 */
#include <asm/memory.h>
#include <asm/module.h>
#include <relok/cpio.h>
#include <asm/insn.h>
#include <relok/elf.h>

#include "test.h"

#define BASE		0xffff800100000000ull	/* module text */
#define KERNEL_NEAR	(BASE - 64 * MIB)
#define KERNEL_FAR	(BASE - 512 * MIB)

static struct plt_branch br(uint32_t sym, int64_t addend, uint64_t place, uint64_t target)
{
	struct plt_branch b = { sym, addend, place, target + (uint64_t)addend };
	return b;
}

static void test_plt_count_none_when_near(void)
{
	struct plt_branch b[] = {
		br(1, 0, BASE, KERNEL_NEAR), br(2, 0, BASE + 4, KERNEL_NEAR + 0x100),
		br(1, 0, BASE + 8, KERNEL_NEAR),
	};

	CHECK_EQ(plt_count(b, 3), 0);
}

static void test_plt_count_distinct_targets(void)
{
	/* sym 1 twice (one entry), sym 1 + 8 (another), sym 2, sym 3 in range */
	struct plt_branch b[] = {
		br(1, 0, BASE, KERNEL_FAR), br(1, 0, BASE + 4, KERNEL_FAR),
		br(1, 8, BASE + 8, KERNEL_FAR), br(2, 0, BASE + 12, KERNEL_FAR + 0x40),
		br(3, 0, BASE + 16, BASE + 0x1000),
	};

	CHECK_EQ(plt_count(b, 5), 3);
	CHECK_EQ(plt_count(b, 0), 0);
}

static void test_plt_count_mixed_reach(void)
{
	/* One target, reached directly from one place but not from another:
	 * one entry, used only by the far branch. */
	const uint64_t target = BASE + 128 * MIB;
	struct plt_branch b[] = { br(5, 0, BASE + 4, target), br(5, 0, BASE, target) };

	CHECK_EQ(plt_count(b, 2), 1);
	CHECK_EQ(plt_count(b, 1), 0);
}

static uint32_t word(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_plt_emit_and_share(void)
{
	uint8_t mem[3 * PLT_ENTRY_SIZE];
	struct plt_branch keys[3];
	struct plt_area a = { mem, BASE + 0x1000, 0, 2, keys };
	struct plt_branch b1 = br(1, 0, BASE, 0xffff800012345678ull);
	struct plt_branch b2 = br(1, 0, BASE + 4, 0xffff800012345678ull);
	struct plt_branch b3 = br(2, 0, BASE + 8, BASE + 0x40);	/* in range */
	struct plt_branch b4 = br(3, 0, BASE + 12, KERNEL_FAR);
	struct plt_branch b5 = br(4, 0, BASE + 16, KERNEL_FAR + 4);

	memset(mem, 0, sizeof(mem));
	CHECK_EQ(plt_branch_dest(&a, &b1), BASE + 0x1000);
	CHECK_EQ(plt_branch_dest(&a, &b2), BASE + 0x1000);	/* shared */
	CHECK_EQ(plt_branch_dest(&a, &b3), BASE + 0x40);	/* direct */
	CHECK_EQ(plt_branch_dest(&a, &b4), BASE + 0x1000 + PLT_ENTRY_SIZE);
	CHECK_EQ(plt_branch_dest(&a, &b5), 0);			/* area full */
	CHECK_EQ(a.used, 2);
	/* movz x16, #0x5678; movk #0x1234 lsl 16; movk #0x8000 lsl 32;
	 * movk #0xffff lsl 48; br x16 */
	CHECK_EQ(word(mem), 0xd28acf10);
	CHECK_EQ(word(mem + 4), 0xf2a24690);
	CHECK_EQ(word(mem + 8), 0xf2d00010);
	CHECK_EQ(word(mem + 12), 0xf2fffff0);
	CHECK_EQ(word(mem + 16), 0xd61f0200);
}

static void test_erratum(void)
{
	uint8_t insn[4] = { 0x09, 0x00, 0x00, 0x90 };	/* adrp x9, ... */
	uint8_t ven[ADRP_VENEER_SIZE];
	struct plt_area v = { ven, BASE + 0x4000, 0, 1, 0 };
	const uint64_t place = BASE + 0xff8;

	CHECK(erratum_843419_place(BASE + 0xff8));
	CHECK(erratum_843419_place(BASE + 0x1ffc));
	CHECK(!erratum_843419_place(BASE + 0xff4));
	CHECK(!erratum_843419_place(BASE + 0x1000));
	/* near page: ADR x9 */
	CHECK(erratum_843419_fix(insn, place, BASE + 0x3000, &v));
	CHECK_EQ(word(insn), aarch64_insn_adr(9, place, BASE + 0x3000));
	CHECK_EQ(v.used, 0);
	/* far page: B to a veneer that builds the page in x9 and branches back */
	CHECK(erratum_843419_fix(insn, place, KERNEL_FAR, &v));
	CHECK_EQ(v.used, 1);
	CHECK_EQ(word(insn), aarch64_insn_b(place, BASE + 0x4000));
	CHECK_EQ(word(ven), aarch64_insn_movz(9, (uint16_t)KERNEL_FAR, 0));
	CHECK_EQ(word(ven + 12), aarch64_insn_movk(9, (uint16_t)(KERNEL_FAR >> 48), 48));
	CHECK_EQ(word(ven + 16), aarch64_insn_b(BASE + 0x4010, place + 4));
	/* no veneer left */
	CHECK(!erratum_843419_fix(insn, place, KERNEL_FAR, &v));
}

/* ---- cpio ---- */

static uint8_t arc[4096];

static size_t add_member(size_t off, const char *name, uint32_t mode, const char *data)
{
	const size_t nlen = strlen(name) + 1, dlen = strlen(data);

	off += (size_t)sprintf((char *)arc + off,
			       "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
			       1, mode, 0, 0, 1, 0, dlen, 0, 0, 0, 0, nlen, 0);
	memcpy(arc + off, name, nlen);
	off = (off + nlen + 3) & ~(size_t)3;
	memcpy(arc + off, data, dlen);
	return (off + dlen + 3) & ~(size_t)3;
}

static void test_cpio_read(void)
{
	size_t end;
	uint64_t pos = 0;
	struct cpio_entry e;
	struct diag d;

	memset(arc, 0, sizeof(arc));
	end = add_member(0, "a.ko", 0100644, "hello");
	end = add_member(end, "dir", 040755, "");
	end = add_member(end, "b.ko", 0100644, "xy");
	end = add_member(end, "TRAILER!!!", 0, "");
	diag_init(&d);
	CHECK_EQ(cpio_next(arc, end, &pos, &e, &d), 1);
	CHECK_STR(e.name, "a.ko");
	CHECK_EQ(e.size, 5);
	CHECK(!memcmp(e.data, "hello", 5));
	CHECK_EQ(e.mode & CPIO_MODE_TYPE_MASK, CPIO_MODE_REGULAR);
	CHECK_EQ(cpio_next(arc, end, &pos, &e, &d), 1);
	CHECK_STR(e.name, "dir");
	CHECK_EQ(cpio_next(arc, end, &pos, &e, &d), 1);
	CHECK_STR(e.name, "b.ko");
	CHECK(!memcmp(e.data, "xy", 2));
	CHECK_EQ(cpio_next(arc, end, &pos, &e, &d), 0);
	CHECK(diag_ok(&d));
}

static void expect_malformed(size_t end, const char *reason)
{
	uint64_t pos = 0;
	struct cpio_entry e;
	struct diag d;

	diag_init(&d);
	CHECK_EQ(cpio_next(arc, end, &pos, &e, &d), (uint64_t)-1);
	CHECK_STR(diag_str(&d), reason);
}

static void test_cpio_malformed(void)
{
	size_t end;
	uint64_t pos;
	struct cpio_entry e;
	struct diag d;
	size_t cut;

	memset(arc, 0, sizeof(arc));
	end = add_member(0, "a.ko", 0100644, "hello world");
	/* every truncation inside the member is an error, never a read past the end */
	for (cut = 1; cut < end - 1; cut++) {
		uint8_t *copy = malloc(cut);

		memcpy(copy, arc, cut);
		pos = 0;
		diag_init(&d);
		CHECK_EQ(cpio_next(copy, cut, &pos, &e, &d), (uint64_t)-1);
		CHECK(!diag_ok(&d));
		free(copy);
	}
	/* bad magic, non-hex field, huge file size, name without NUL */
	arc[0] = 'X';
	expect_malformed(end, "cpio: bad magic (not a newc archive)");
	arc[0] = '0';
	arc[6] = 'g';
	expect_malformed(end, "cpio: header field is not hexadecimal");
	arc[6] = '0';
	memcpy(arc + 6 + 6 * 8, "ffffffff", 8);		/* filesize */
	expect_malformed(end, "cpio: file data outside the archive");
	memcpy(arc + 6 + 6 * 8, "0000000b", 8);
	arc[110 + 4] = 'x';				/* the name's NUL */
	expect_malformed(end, "cpio: name not NUL-terminated");
}

static void test_cpio_find(void)
{
	struct cpio_entry e;
	struct diag d;
	size_t end;

	memset(arc, 0, sizeof(arc));
	end = add_member(0, "./Image", 0100644, "kernel");
	end = add_member(end, "boot", 040755, "");
	end = add_member(end, "boot/cmdline", 0100644, "nokaslr");
	end = add_member(end, "TRAILER!!!", 0, "");
	diag_init(&d);
	/* "./" and "/" on either side do not matter; the length bounds the name. */
	CHECK_EQ(cpio_find(arc, end, "Image", 5, &e, &d), 1);
	CHECK(!memcmp(e.data, "kernel", 6));
	CHECK_EQ(cpio_find(arc, end, "/Image trailing", 6, &e, &d), 1);
	CHECK_EQ(cpio_find(arc, end, "./boot/cmdline", 14, &e, &d), 1);
	CHECK_EQ(e.size, 7);
	/* a directory, a prefix, a longer name, a missing one: not found */
	CHECK_EQ(cpio_find(arc, end, "boot", 4, &e, &d), 0);
	CHECK_EQ(cpio_find(arc, end, "Imag", 4, &e, &d), 0);
	CHECK_EQ(cpio_find(arc, end, "Image2", 6, &e, &d), 0);
	CHECK_EQ(cpio_find(arc, end, "nothere", 7, &e, &d), 0);
	CHECK(diag_ok(&d));
	/* a malformed member on the way is an error, not "not found" */
	arc[0] = 'X';
	CHECK_EQ(cpio_find(arc, end, "Image", 5, &e, &d), (uint64_t)-1);
	CHECK_STR(diag_str(&d), "cpio: bad magic (not a newc archive)");
}

int main(void)
{
	RUN(test_plt_count_none_when_near);
	RUN(test_plt_count_distinct_targets);
	RUN(test_plt_count_mixed_reach);
	RUN(test_plt_emit_and_share);
	RUN(test_erratum);
	RUN(test_cpio_read);
	RUN(test_cpio_malformed);
	RUN(test_cpio_find);
	return test_summary();
}
