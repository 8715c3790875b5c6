// SPDX-License-Identifier: MIT
#include <relok/fdt.h>
#include <relok/psci.h>

/* SMCCC 1.0: the callee may clobber x4-x17, so the asm says so. */

uint64_t psci_call(uint32_t conduit, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == FDT_PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else if (conduit == FDT_PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else
		return ~UINT64_C(0);
	return x0;
}

/* Set once the SMC retry ran, so a fault it causes cannot loop back into it. */
static int smc_retried;

void psci_system_off(uint32_t conduit)
{
	const uint64_t ret = psci_call(conduit, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);

	/*
	 * A device tree that says "hvc" on a machine entered at EL2 sends the
	 * call to relok's hyp stub, which answers NOT_SUPPORTED; the PSCI
	 * firmware is then behind SMC.  Anywhere else a returned SYSTEM_OFF
	 * means there is nothing more to try.
	 */
	if (conduit == FDT_PSCI_HVC && ret == (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED &&
	    !smc_retried) {
		smc_retried = 1;
		psci_call(FDT_PSCI_SMC, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	}
	for (;;)
		__asm__ volatile("wfi");
}
