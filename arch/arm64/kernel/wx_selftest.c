// SPDX-License-Identifier: MIT
/*
 * W^X self-test: walk every live TTBR1 translation and check that no
 * mapping is both writable and executable at EL1, that the identity map
 * used to turn the MMU on is gone, and that the hardware enforces
 * "writable implies never-execute" as a second line.
 */
#include <asm/addr.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <relok/printk.h>
#include <relok/selftest.h>

struct wx_walk {
	uint64_t leaves;
	uint64_t bad_va;
	int bad;
};

static uint64_t sign_extend_va(uint64_t va)
{
	return va | ~((UL(1) << VA_BITS) - 1);	/* TTBR1: upper half */
}

static void walk(struct wx_walk *w, uint64_t table_pa, unsigned int level, uint64_t va_base)
{
	const uint64_t *const t = phys_to_virt(table_pa);
	const unsigned int shift = LEVEL_SHIFT(level);

	for (unsigned int i = 0; i < PTRS_PER_TABLE && !w->bad; i++) {
		const uint64_t e = t[i];
		const uint64_t va = va_base + ((uint64_t)i << shift);

		if (!(e & PTE_VALID))
			continue;
		if (level < PT_LAST_LEVEL && (e & PTE_TABLE_BIT)) {
			walk(w, e & PTE_ADDR_MASK, level + 1, va);
			continue;
		}
		w->leaves++;
		if (!(e & PTE_AP_RO) && !(e & PTE_PXN)) {
			w->bad = 1;
			w->bad_va = sign_extend_va(va);
		}
	}
}

static const char *test_wx(void)
{
	struct wx_walk w = { 0, 0, 0 };
	const uint64_t ttbr1 = read_sysreg(ttbr1_el1), tcr = read_sysreg(tcr_el1);
	const uint64_t sctlr = read_sysreg(sctlr_el1);
	if (!(tcr & TCR_EPD0))
		return "TTBR0 walks still enabled: the identity map is live";
	if (!(sctlr & SCTLR_EL1_WXN))
		return "SCTLR_EL1.WXN is clear";
	walk(&w, ttbr1 & PTE_ADDR_MASK, 0, 0);
	if (w.bad) {
		printk("relok: wx: writable and executable mapping at 0x%lx\n", w.bad_va);
		return "a mapping is both writable and executable";
	}
	if (!w.leaves)
		return "no mappings found";
	printk("relok: wx checked=%lu mappings\n", w.leaves);
	return 0;
}

int run_wx_selftest(void)
{
	return selftest_run("wx", test_wx);
}
