// SPDX-License-Identifier: MIT
/*
 * Host tests for the module relocation code in arch/arm64/kernel/module-reloc.c
 * and the encoders in insn.c:
 * for every relocation type the loader supports, the encoded field (the
 * expected words are what GNU as 2.40 assembles for the same operand, see
 * the comment on each) and the overflow check on both sides of each limit;
 * unsupported types are refused and the place left untouched.
 */
#include <asm/insn.h>
#include <asm/module.h>
#include <relok/diag.h>
#include <relok/elf.h>

#include "test.h"

#ifndef ARRAY_SIZE
#endif

#define P		0xffff800012340000ull	/* a place (4 KiB aligned) */

static uint8_t buf[16];

static void put32(uint32_t v)
{
	memset(buf, 0xee, sizeof(buf));
	buf[0] = (uint8_t)v;
	buf[1] = (uint8_t)(v >> 8);
	buf[2] = (uint8_t)(v >> 16);
	buf[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(void)
{
	return buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24;
}

static uint64_t get64(void)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | buf[i];
	return v;
}

/* Apply type to insn at place P with S + A = sa; returns the new word, or 0 on failure. */
static uint32_t apply(uint32_t type, uint32_t insn, uint64_t sa, int *ok, const char **why)
{
	struct diag d;

	diag_init(&d);
	put32(insn);
	*ok = module_reloc_apply(type, buf, P, sa, &d);
	*why = diag_str(&d);
	if (*ok)
		CHECK(diag_ok(&d));
	else
		CHECK_EQ(get32(), insn);	/* untouched on failure */
	return get32();
}

#define EXPECT_INSN(type, insn, sa, want)				\
	do {								\
		int ok_; const char *why_;				\
		uint32_t got_ = apply(type, insn, sa, &ok_, &why_);	\
		CHECK(ok_);						\
		CHECK_EQ(got_, want);					\
	} while (0)

#define EXPECT_FAIL(type, insn, sa, reason)				\
	do {								\
		int ok_; const char *why_;				\
		apply(type, insn, sa, &ok_, &why_);			\
		CHECK(!ok_);						\
		CHECK_STR(why_, reason);				\
	} while (0)

#define RANGE	"reloc: out of range"
#define ALIGN	"reloc: misaligned target"
#define WRONG	"reloc: relocation applied to the wrong kind of instruction"

static void test_call26_jump26(void)
{
	/* bl .+0x1000 = 0x94000400; b .-4 = 0x17ffffff */
	EXPECT_INSN(R_AARCH64_CALL26, 0x94000000, P + 0x1000, 0x94000400);
	EXPECT_INSN(R_AARCH64_JUMP26, 0x14000000, P - 4, 0x17ffffff);
	/* limits: [-128 MiB, +128 MiB - 4] */
	EXPECT_INSN(R_AARCH64_CALL26, 0x94000000, P + 128 * MIB - 4, 0x95ffffff);
	EXPECT_INSN(R_AARCH64_CALL26, 0x94000000, P - 128 * MIB, 0x96000000);
	EXPECT_FAIL(R_AARCH64_CALL26, 0x94000000, P + 128 * MIB, RANGE);
	EXPECT_FAIL(R_AARCH64_JUMP26, 0x14000000, P - 128 * MIB - 4, RANGE);
	EXPECT_FAIL(R_AARCH64_CALL26, 0x94000000, P + 2, ALIGN);
	EXPECT_FAIL(R_AARCH64_CALL26, 0x91000000, P + 4, WRONG);
	CHECK(aarch64_branch26_reaches(P, P + 128 * MIB - 4));
	CHECK(!aarch64_branch26_reaches(P, P + 128 * MIB));
	CHECK(aarch64_branch26_reaches(P, P - 128 * MIB));
	CHECK(!aarch64_branch26_reaches(P, P - 128 * MIB - 4));
}

static void test_condbr19(void)
{
	/* b.ne .+0x40 = 0x54000201; cbz x3, .-0x100 = 0xb4fff803 */
	EXPECT_INSN(R_AARCH64_CONDBR19, 0x54000001, P + 0x40, 0x54000201);
	EXPECT_INSN(R_AARCH64_CONDBR19, 0xb4000003, P - 0x100, 0xb4fff803);
	EXPECT_INSN(R_AARCH64_CONDBR19, 0x54000001, P + MIB - 4, 0x547fffe1);
	EXPECT_INSN(R_AARCH64_CONDBR19, 0x54000001, P - MIB, 0x54800001);
	EXPECT_FAIL(R_AARCH64_CONDBR19, 0x54000001, P + MIB, RANGE);
	EXPECT_FAIL(R_AARCH64_CONDBR19, 0x54000001, P - MIB - 4, RANGE);
	EXPECT_FAIL(R_AARCH64_CONDBR19, 0x94000000, P, WRONG);
}

static void test_tstbr14(void)
{
	/* tbz w5, #3, .+0x20 = 0x36180105 */
	EXPECT_INSN(R_AARCH64_TSTBR14, 0x36180005, P + 0x20, 0x36180105);
	EXPECT_INSN(R_AARCH64_TSTBR14, 0x36180005, P + 32 * KIB - 4, 0x361bffe5);
	EXPECT_INSN(R_AARCH64_TSTBR14, 0x36180005, P - 32 * KIB, 0x361c0005);
	EXPECT_FAIL(R_AARCH64_TSTBR14, 0x36180005, P + 32 * KIB, RANGE);
	EXPECT_FAIL(R_AARCH64_TSTBR14, 0x36180005, P - 32 * KIB - 4, RANGE);
	EXPECT_FAIL(R_AARCH64_TSTBR14, 0x36180005, P + 6, ALIGN);
}

static void test_ld_prel_lo19(void)
{
	/* ldr x2, .+0x100 = 0x58000802 */
	EXPECT_INSN(R_AARCH64_LD_PREL_LO19, 0x58000002, P + 0x100, 0x58000802);
	EXPECT_INSN(R_AARCH64_LD_PREL_LO19, 0x58000002, P - MIB, 0x58800002);
	EXPECT_FAIL(R_AARCH64_LD_PREL_LO19, 0x58000002, P + MIB, RANGE);
	EXPECT_FAIL(R_AARCH64_LD_PREL_LO19, 0x58000002, P - MIB - 4, RANGE);
	EXPECT_FAIL(R_AARCH64_LD_PREL_LO19, 0x58000002, P + 2, ALIGN);
}

static void test_adr_prel_lo21(void)
{
	/* adr x7, .+0x12345 = 0x30091a27; adr x7, .-1 = 0x70ffffe7 */
	EXPECT_INSN(R_AARCH64_ADR_PREL_LO21, 0x10000007, P + 0x12345, 0x30091a27);
	EXPECT_INSN(R_AARCH64_ADR_PREL_LO21, 0x10000007, P - 1, 0x70ffffe7);
	EXPECT_INSN(R_AARCH64_ADR_PREL_LO21, 0x10000007, P + MIB - 1, 0x707fffe7);
	EXPECT_FAIL(R_AARCH64_ADR_PREL_LO21, 0x10000007, P + MIB, RANGE);
	EXPECT_FAIL(R_AARCH64_ADR_PREL_LO21, 0x10000007, P - MIB - 1, RANGE);
	CHECK_EQ(aarch64_insn_adr(7, P, P + 0x12345), 0x30091a27);
	CHECK(aarch64_adr_reaches(P, P - MIB));
	CHECK(!aarch64_adr_reaches(P, P + MIB));
}

static void test_adrp(void)
{
	/* adrp x9, 5 pages ahead: immlo 1, immhi 1 = 0xb0000029 */
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P + 0x5000 + 0x123, 0xb0000029);
	/* page of P + 0xfff is P's own page: 0 */
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P + 0xfff, 0x90000009);
	/* -1 page: imm21 all ones */
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P - 1, 0xf0ffffe9);
	/* +/-4 GiB limits */
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P + 4 * GIB - 4096, 0xf07fffe9);
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P - 4 * GIB, 0x90800009);
	EXPECT_FAIL(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P + 4 * GIB, RANGE);
	EXPECT_FAIL(R_AARCH64_ADR_PREL_PG_HI21, 0x90000009, P - 4 * GIB - 1, RANGE);
	/* _NC: no check, low 21 bits of the page delta */
	EXPECT_INSN(R_AARCH64_ADR_PREL_PG_HI21_NC, 0x90000009, P + 4 * GIB, 0x90800009);
	EXPECT_FAIL(R_AARCH64_ADR_PREL_PG_HI21, 0x10000009, P, WRONG);
	CHECK(aarch64_insn_is_adrp(0xb0000029));
	CHECK(!aarch64_insn_is_adrp(0x30091a27));
	CHECK_EQ(aarch64_insn_rd(0xb0000029), 9);
}

static void test_lo12(void)
{
	/* add x1, x2, #0x345 = 0x910d1441; ldrb w1, [x2, #0x345] = 0x394d1441 */
	EXPECT_INSN(R_AARCH64_ADD_ABS_LO12_NC, 0x91000041, 0xffff000000001345ull, 0x910d1441);
	EXPECT_INSN(R_AARCH64_LDST8_ABS_LO12_NC, 0x39400041, 0x7345, 0x394d1441);
	/* ldrh #0x346 = 0x79468c41, ldr w #0x344 = 0xb9434441, ldr x #0x348 = 0xf941a441,
	 * ldr q1 #0x340 = 0x3dc0d041 */
	EXPECT_INSN(R_AARCH64_LDST16_ABS_LO12_NC, 0x79400041, 0x1346, 0x79468c41);
	EXPECT_INSN(R_AARCH64_LDST32_ABS_LO12_NC, 0xb9400041, 0x2344, 0xb9434441);
	EXPECT_INSN(R_AARCH64_LDST64_ABS_LO12_NC, 0xf9400041, 0x3348, 0xf941a441);
	EXPECT_INSN(R_AARCH64_LDST128_ABS_LO12_NC, 0x3dc00041, 0x4340, 0x3dc0d041);
	EXPECT_FAIL(R_AARCH64_LDST16_ABS_LO12_NC, 0x79400041, 0x1345, ALIGN);
	EXPECT_FAIL(R_AARCH64_LDST32_ABS_LO12_NC, 0xb9400041, 0x1346, ALIGN);
	EXPECT_FAIL(R_AARCH64_LDST64_ABS_LO12_NC, 0xf9400041, 0x1344, ALIGN);
	EXPECT_FAIL(R_AARCH64_LDST128_ABS_LO12_NC, 0x3dc00041, 0x1348, ALIGN);
	EXPECT_FAIL(R_AARCH64_ADD_ABS_LO12_NC, 0x94000000, 0x1000, WRONG);
	EXPECT_FAIL(R_AARCH64_LDST64_ABS_LO12_NC, 0x91000041, 0x1000, WRONG);
}

static void test_movw_uabs(void)
{
	/* movz x4, #0x1234, lsl #16 = 0xd2a24684; movk x4, #0xabcd, lsl #32 = 0xf2d579a4 */
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G1, 0xd2a00004, 0x12345678, 0xd2a24684);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G2_NC, 0xf2c00004, 0xffffabcd12345678ull, 0xf2d579a4);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G0, 0xd2800004, 0xffff, 0xd29fffe4);
	EXPECT_FAIL(R_AARCH64_MOVW_UABS_G0, 0xd2800004, 0x10000, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G0_NC, 0xf2800004, 0x10000, 0xf2800004);
	EXPECT_FAIL(R_AARCH64_MOVW_UABS_G1, 0xd2a00004, 0x100000000ull, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G1_NC, 0xf2a00004, 0x112340000ull, 0xf2a24684);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G2, 0xd2c00004, 0xffff00000000ull, 0xd2dfffe4);
	EXPECT_FAIL(R_AARCH64_MOVW_UABS_G2, 0xd2c00004, 0x1000000000000ull, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_UABS_G3, 0xd2e00004, 0xabcd000000000000ull, 0xd2f579a4);
	EXPECT_FAIL(R_AARCH64_MOVW_UABS_G0, 0x94000000, 0, WRONG);
	CHECK_EQ(aarch64_insn_movz(16, 0, 0), 0xd2800010);
	CHECK_EQ(aarch64_insn_movz(4, 0x1234, 16), 0xd2a24684);
	CHECK_EQ(aarch64_insn_movk(4, 0xabcd, 32), 0xf2d579a4);
	CHECK_EQ(aarch64_insn_br(16), 0xd61f0200);
	CHECK_EQ(aarch64_insn_b(P + 4, P), 0x17ffffff);
}

static void test_movw_sabs(void)
{
	/* movn x4, #0x1234, lsl #16 = 0x92a24684 (value 0xffffffffedcbffff) */
	EXPECT_INSN(R_AARCH64_MOVW_SABS_G1, 0xd2a00004, 0xffffffffedcbffffull, 0x92a24684);
	/* positive: MOVZ even if the assembler wrote MOVN */
	EXPECT_INSN(R_AARCH64_MOVW_SABS_G1, 0x92a00004, 0x12345678, 0xd2a24684);
	EXPECT_INSN(R_AARCH64_MOVW_SABS_G0, 0xd2800004, (uint64_t)-0x10000, 0x929fffe4);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G0, 0xd2800004, (uint64_t)-0x10001, RANGE);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G0, 0xd2800004, 0x10000, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_SABS_G0, 0xd2800004, 0xffff, 0xd29fffe4);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G1, 0xd2a00004, 0x100000000ull, RANGE);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G1, 0xd2a00004, (uint64_t)-0x100000001ll, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_SABS_G2, 0xd2c00004, 0xffff00000000ull, 0xd2dfffe4);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G2, 0xd2c00004, 0x1000000000000ull, RANGE);
	EXPECT_FAIL(R_AARCH64_MOVW_SABS_G2, 0xd2c00004, (uint64_t)-0x1000000000001ll, RANGE);
}

static void test_movw_prel(void)
{
	/* X = S + A - P */
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G0, 0xd2800004, P + 0x1234, 0xd2824684);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G0, 0xd2800004, P - 0x1235, 0x92824684);
	EXPECT_FAIL(R_AARCH64_MOVW_PREL_G0, 0xd2800004, P + 0x10000, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G0_NC, 0xf2800004, P + 0x11234, 0xf2824684);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G1, 0xd2a00004, P + 0x12340000, 0xd2a24684);
	EXPECT_FAIL(R_AARCH64_MOVW_PREL_G1, 0xd2a00004, P + 0x100000000ull, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G1_NC, 0xf2a00004, P + 0x112340000ull, 0xf2a24684);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G2, 0xd2c00004, P + 0xabcd00000000ull, 0xd2d579a4);
	EXPECT_FAIL(R_AARCH64_MOVW_PREL_G2, 0xd2c00004, P + 0x1000000000000ull, RANGE);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G2_NC, 0xf2c00004, P + 0x1abcd00000000ull, 0xf2d579a4);
	/* G3 of a negative delta: MOVN of the complement's top 16 bits */
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G3, 0xd2e00004, P - 0x1000000000000ull, 0x92e00004);
	EXPECT_INSN(R_AARCH64_MOVW_PREL_G3, 0xd2e00004, P + 0x1234000000000000ull, 0xd2e24684);
}

static uint64_t apply_data(uint32_t type, uint64_t sa, int *ok, const char **why)
{
	struct diag d;

	diag_init(&d);
	memset(buf, 0xee, sizeof(buf));
	/* an odd address: data places need no alignment */
	*ok = module_reloc_apply(type, buf + 1, P + 1, sa, &d);
	*why = diag_str(&d);
	memmove(buf, buf + 1, 8);
	return get64();
}

#define EXPECT_DATA(type, sa, bytes, want)				\
	do {								\
		int ok_; const char *why_;				\
		uint64_t got_ = apply_data(type, sa, &ok_, &why_);	\
		uint64_t mask_ = (bytes) == 8 ? ~0ull : ((1ull << (8 * (bytes))) - 1); \
		CHECK(ok_);						\
		CHECK_EQ(got_ & mask_, (uint64_t)(want) & mask_);	\
		if ((bytes) < 8)					\
			CHECK_EQ(buf[bytes], 0xee);	/* nothing beyond the place */ \
	} while (0)

#define EXPECT_DATA_FAIL(type, sa)					\
	do {								\
		int ok_; const char *why_;				\
		apply_data(type, sa, &ok_, &why_);			\
		CHECK(!ok_);						\
		CHECK_STR(why_, RANGE);					\
		CHECK_EQ(buf[0], 0xee);					\
	} while (0)

static void test_data(void)
{
	EXPECT_DATA(R_AARCH64_ABS64, 0xffff800012345678ull, 8, 0xffff800012345678ull);
	EXPECT_DATA(R_AARCH64_PREL64, P - 0x100, 8, (uint64_t)-0x101);
	EXPECT_DATA(R_AARCH64_ABS32, 0xffffffffull, 4, 0xffffffff);
	EXPECT_DATA(R_AARCH64_ABS32, (uint64_t)INT32_MIN, 4, 0x80000000);
	EXPECT_DATA_FAIL(R_AARCH64_ABS32, 0x100000000ull);
	EXPECT_DATA_FAIL(R_AARCH64_ABS32, (uint64_t)INT32_MIN - 1);
	EXPECT_DATA(R_AARCH64_ABS16, 0xffff, 2, 0xffff);
	EXPECT_DATA(R_AARCH64_ABS16, (uint64_t)-0x8000, 2, 0x8000);
	EXPECT_DATA_FAIL(R_AARCH64_ABS16, 0x10000);
	EXPECT_DATA_FAIL(R_AARCH64_ABS16, (uint64_t)-0x8001);
	/* PREL32/16: X = S + A - P, signed range; place is P + 1 */
	EXPECT_DATA(R_AARCH64_PREL32, P + 1 + 0x7fffffff, 4, 0x7fffffff);
	EXPECT_DATA(R_AARCH64_PREL32, P + 1 - 0x80000000ull, 4, 0x80000000);
	EXPECT_DATA_FAIL(R_AARCH64_PREL32, P + 1 + 0x80000000ull);
	EXPECT_DATA_FAIL(R_AARCH64_PREL32, P + 1 - 0x80000001ull);
	EXPECT_DATA(R_AARCH64_PREL16, P + 1 + 0x7fff, 2, 0x7fff);
	EXPECT_DATA(R_AARCH64_PREL16, P + 1 - 0x8000, 2, 0x8000);
	EXPECT_DATA_FAIL(R_AARCH64_PREL16, P + 1 + 0x8000);
	EXPECT_DATA_FAIL(R_AARCH64_PREL16, P + 1 - 0x8001);
}

static void test_unsupported(void)
{
	static const uint32_t bad[] = {
		R_AARCH64_ADR_GOT_PAGE, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_GLOB_DAT,
		R_AARCH64_RELATIVE, R_AARCH64_TLSLE_ADD_TPREL_HI12, R_AARCH64_TLSDESC_CALL,
		R_AARCH64_GOT_LD_PREL19, 9999,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ok;
		const char *why;

		CHECK(!module_reloc_supported(bad[i]));
		CHECK_EQ(module_reloc_place_size(bad[i]), 0);
		apply(bad[i], 0x94000000, P, &ok, &why);
		CHECK(!ok);
		CHECK_STR(why, "reloc: unsupported relocation type");
	}
	CHECK(module_reloc_supported(R_AARCH64_CALL26));
	CHECK(module_reloc_is_branch26(R_AARCH64_JUMP26));
	CHECK(!module_reloc_is_branch26(R_AARCH64_CONDBR19));
}

static void test_misaligned_insn_place(void)
{
	struct diag d;

	diag_init(&d);
	put32(0x94000000);
	CHECK(!module_reloc_apply(R_AARCH64_CALL26, buf, P + 2, P + 0x100, &d));
	CHECK_STR(diag_str(&d), "reloc: instruction place not 4-byte aligned");
}

int main(void)
{
	RUN(test_call26_jump26);
	RUN(test_condbr19);
	RUN(test_tstbr14);
	RUN(test_ld_prel_lo19);
	RUN(test_adr_prel_lo21);
	RUN(test_adrp);
	RUN(test_lo12);
	RUN(test_movw_uabs);
	RUN(test_movw_sabs);
	RUN(test_movw_prel);
	RUN(test_data);
	RUN(test_unsupported);
	RUN(test_misaligned_insn_place);
	return test_summary();
}
