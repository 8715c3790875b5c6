// SPDX-License-Identifier: MIT
/*
 * The relocation module: function-pointer tables, data pointers, and every
 * relocation type the loader supports (the rarer ones in reltypes_asm.S).
 * Each value computed through one relocation type is compared with the
 * same value computed another way; prints "reltypes: <n> checks passed"
 * or one "reltypes: FAIL" line per wrong value.
 */
#include <stdint.h>
#include <asm/boot_info.h>
#include <relok/module.h>
#include <relok/printk.h>
#include <relok/string.h>

/* reltypes_asm.S */
extern uint64_t rt_abs64, rt_prel64_slot;
extern uint32_t rt_abs32;
extern uint16_t rt_abs16;
extern int32_t rt_prel32_slot;
extern int16_t rt_prel16_slot;
extern uint64_t rt_data64;
extern const char rt_ro_obj[];
uint64_t rt_movw_uabs(void), rt_movw_uabs_g2(void), rt_movw_uabs_g1(void), rt_movw_uabs_g0(void);
uint64_t rt_movw_sabs_g2(void), rt_movw_sabs_g1(void), rt_movw_sabs_g0(void);
uint64_t rt_movw_prel_g3(void), rt_movw_prel_g2(void), rt_movw_prel_g1(void), rt_movw_prel_g0(void);
uint64_t rt_ld_prel_lo19(void), rt_adr(void), rt_adrp_add(void), rt_adrp_nc(void);
uint64_t rt_ldst8(void), rt_ldst16(void), rt_ldst32(void), rt_ldst64(void), rt_ldst128(void);
uint64_t rt_tbz(uint64_t x), rt_beq(uint64_t x);
size_t rt_jump_strlen(const char *s);
extern const uint8_t rt_bytes[];

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }

/* Function pointers in read-only data (module and kernel functions). */
static int (*const ops[])(int) = { twice, square };
static size_t (*const kernel_fns[])(const char *) = { strlen };
/* Data pointers: to module rodata, module data and kernel data. */
static const char *const words[] = { "alpha", "beta" };
static int counter = 5;
static int *counter_ptr = &counter;
static struct boot_info *const bi_ptr = &boot_info;

static int checks, failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
	checks++;
	if (got != want) {
		failures++;
		printk("reltypes: FAIL %s got=0x%lx want=0x%lx\n", what, got, want);
	}
}

#define ADDR(x)		((uint64_t)(uintptr_t)(x))
#define WEAK_BASE	0	/* rt_weak_missing: an unresolved weak symbol is 0 */

int module_init(void)
{
	check("fnptr-module", ops[0](21) + ops[1](3), 51);
	check("fnptr-kernel", kernel_fns[0]("four"), 4);
	check("dataptr-rodata", strcmp(words[1], "beta"), 0);
	check("dataptr-data", *counter_ptr, 5);
	check("dataptr-kernel", ADDR(bi_ptr), ADDR(&boot_info));
	check("ABS64", rt_abs64, ADDR(printk));
	check("ABS32", rt_abs32, WEAK_BASE + 0x12345678);
	check("ABS16", rt_abs16, WEAK_BASE + 0x1234);
	check("PREL64", ADDR(&rt_prel64_slot) + rt_prel64_slot, ADDR(printk));
	check("PREL32", ADDR(&rt_prel32_slot) + (int64_t)rt_prel32_slot, ADDR(printk));
	check("PREL16", ADDR(&rt_prel16_slot) + (int64_t)rt_prel16_slot, ADDR(&rt_data64));
	check("MOVW_UABS_G3..G0_NC", rt_movw_uabs(), ADDR(printk));
	check("MOVW_UABS_G2", rt_movw_uabs_g2(), 0x123456789abcull);
	check("MOVW_UABS_G1", rt_movw_uabs_g1(), 0x12345678);
	check("MOVW_UABS_G0", rt_movw_uabs_g0(), 0x1234);
	check("MOVW_SABS_G2", rt_movw_sabs_g2(), (uint64_t)-0x123456789abcll);
	check("MOVW_SABS_G1", rt_movw_sabs_g1(), (uint64_t)-0x12345678ll);
	check("MOVW_SABS_G0", rt_movw_sabs_g0(), (uint64_t)-0x1234ll);
	check("MOVW_PREL_G3", rt_movw_prel_g3(), ADDR(printk));
	check("MOVW_PREL_G2", rt_movw_prel_g2(), ADDR(&rt_data64));
	check("MOVW_PREL_G1", rt_movw_prel_g1(), ADDR(&rt_data64));
	check("MOVW_PREL_G0", rt_movw_prel_g0(), ADDR(rt_ro_obj));
	check("LD_PREL_LO19", rt_ld_prel_lo19(), ADDR(printk));
	check("ADR_PREL_LO21", rt_adr(), ADDR(rt_ro_obj));
	check("ADR_PREL_PG_HI21+ADD_ABS_LO12_NC", rt_adrp_add(), ADDR(&boot_info));
	check("ADR_PREL_PG_HI21_NC", rt_adrp_nc(), ADDR(&rt_data64));
	check("LDST8", rt_ldst8(), rt_bytes[3]);
	check("LDST16", rt_ldst16(), rt_bytes[2] | rt_bytes[3] << 8);
	check("LDST32", rt_ldst32(), 0x07060504);
	check("LDST64", rt_ldst64(), 0x0f0e0d0c0b0a0908ull);
	check("LDST128", rt_ldst128(), 0x1716151413121110ull);
	check("TSTBR14", rt_tbz(0) * 10 + rt_tbz(1), 12);
	check("CONDBR19", rt_beq(0) * 10 + rt_beq(1), 34);
	check("JUMP26", rt_jump_strlen("seven!!"), 7);
	check("CALL26", ADDR(strlen("call")), 4);
	if (!failures)
		printk("reltypes: %d checks passed\n", checks);
	return failures;
}
