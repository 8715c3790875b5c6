/* SPDX-License-Identifier: MIT */
/*
 * The EL2 hyp stub (arch/arm64/kernel/hyp-stub.S).  When the kernel is
 * entered at EL2 it drops to EL1 but leaves this stub at VBAR_EL2, so that
 * a later stage can get back to EL2: kexec enters the next kernel at the EL
 * the first one was entered at (booting.rst allows EL2 or EL1; Linux keeps
 * its own hyp stub for the same reason).
 *
 * Calls are HVC #0 with the function ID in x0, in the SMCCC "vendor
 * specific hypervisor service" range (owner 6, fast, SMC64).  Any other ID
 * -- a PSCI call sent over HVC by mistake, say -- returns
 * PSCI_RET_NOT_SUPPORTED (-1, relok/psci.h) in x0 with every other register
 * intact, so the caller gets an error instead of a hang.
 */
#ifndef ASM_VIRT_H
#define ASM_VIRT_H

/* Branch to x1 at EL2, MMU off, x0 = x2 and x1-x3 = 0 (booting.rst entry). */
#define HVC_STUB_SOFT_RESTART	0xc6000001

#endif
