// SPDX-License-Identifier: MIT
/*
 * Self-test of the EL2 hyp stub (hyp-stub.S, asm/virt.h) after an EL2
 * entry: an HVC it does not know -- PSCI_VERSION here, what a device tree
 * saying "hvc" would send -- must come back with PSCI NOT_SUPPORTED in x0
 * and every other register as it was, not hang or crash.  (psci_init()
 * refuses that conduit without calling it; this proves the stub would
 * answer anyway.)  Entered at EL1 there is no stub of ours at EL2, so
 * there is nothing to test.
 */
#include <asm/boot_info.h>
#include <relok/psci.h>
#include <relok/selftest.h>

#define MARK(n)	(UINT64_C(0x5eed000000000000) | (n))

static const char *hyp_stub_unknown_call(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_0_2_FN_VERSION;
	register uint64_t x1 __asm__("x1") = MARK(1);
	register uint64_t x2 __asm__("x2") = MARK(2);
	register uint64_t x3 __asm__("x3") = MARK(3);
	register uint64_t x4 __asm__("x4") = MARK(4);
	register uint64_t x17 __asm__("x17") = MARK(17);

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x17)
			 : : "memory");
	if (x0 != (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED)
		return "an unknown HVC did not return NOT_SUPPORTED";
	if (x1 != MARK(1) || x2 != MARK(2) || x3 != MARK(3) || x4 != MARK(4) || x17 != MARK(17))
		return "an unknown HVC changed x1-x4 or x17";
	return 0;
}

int run_hyp_stub_selftest(const struct boot_info *bi)
{
	if (bi->entry_el != 2)
		return 0;
	return selftest_run("hyp-stub", hyp_stub_unknown_call);
}
