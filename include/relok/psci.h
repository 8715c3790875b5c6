/* SPDX-License-Identifier: MIT */
/*
 * PSCI (Arm DEN 0022, Power State Coordination Interface): the function
 * IDs and return codes relok uses, for C and assembly alike (under
 * __ASSEMBLER__ this header holds plain numbers only).
 *
 * The calls go through the conduit the device tree's /psci "method" names
 * (SMCCC: hvc #0 or smc #0, function ID in w0, arguments in x1-x3, result
 * in x0).  drivers/firmware/psci.c decides, once at boot, whether that
 * conduit can work at all (psci_init) and never calls a conduit it found
 * dead; after that, psci_invoke() is the only way the kernel calls PSCI.
 */
#ifndef RELOK_PSCI_H
#define RELOK_PSCI_H

/* Function IDs: SMC32 for calls without addresses, SMC64 for CPU_ON and AFFINITY_INFO. */
#define PSCI_0_2_FN_VERSION		0x84000000
#define PSCI_0_2_FN_CPU_OFF		0x84000002
#define PSCI_0_2_FN64_CPU_ON		0xc4000003
#define PSCI_0_2_FN64_AFFINITY_INFO	0xc4000004
#define PSCI_0_2_FN_SYSTEM_OFF		0x84000008

/* Return codes (signed 32-bit values, sign-extended into x0). */
#define PSCI_RET_SUCCESS		0
#define PSCI_RET_NOT_SUPPORTED		(-1)
#define PSCI_RET_INVALID_PARAMETERS	(-2)
#define PSCI_RET_DENIED			(-3)
#define PSCI_RET_ALREADY_ON		(-4)
#define PSCI_RET_ON_PENDING		(-5)
#define PSCI_RET_INTERNAL_FAILURE	(-6)
#define PSCI_RET_NOT_PRESENT		(-7)
#define PSCI_RET_DISABLED		(-8)
#define PSCI_RET_INVALID_ADDRESS	(-9)

/* AFFINITY_INFO results (lowest affinity level only). */
#define PSCI_AFFINITY_ON		0
#define PSCI_AFFINITY_OFF		1
#define PSCI_AFFINITY_ON_PENDING	2

/* PSCI_VERSION: major in [31:16], minor in [15:0]. */
#define PSCI_VERSION_MAJOR_SHIFT	16
#define PSCI_VERSION_MINOR_MASK		0xffff

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include <relok/compiler.h>
#include <relok/fdt.h>

/*
 * The raw SMCCC 1.0 call, for the early boot path only (MMU off, no
 * exception table).  The callee may
 * clobber x4-x17, so the asm says so.  Returns ~0 for an unknown conduit.
 */
#define PSCI_SMCCC_CLOBBERS "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", \
			    "x13", "x14", "x15", "x16", "x17", "memory"
static inline uint64_t psci_call_raw(uint32_t conduit, uint32_t fn, uint64_t a1,
				     uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == FDT_PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : PSCI_SMCCC_CLOBBERS);
	else if (conduit == FDT_PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : PSCI_SMCCC_CLOBBERS);
	else
		return ~UINT64_C(0);
	return x0;
}

/*
 * Decide, without calling it, whether the conduit can work: none (no
 * /psci) and hvc after an EL2 entry (it would trap to relok's own EL2, not
 * to firmware) are dead.  Until psci_probe() runs, the panic path may
 * still try a conduit that passed (psci_system_off guards that).
 */
void psci_init(uint32_t conduit, uint32_t entry_el);
/*
 * Call PSCI_VERSION through the exception table: an smc or hvc that is an
 * undefined instruction here (no EL3 firmware, no hypervisor), an error
 * answer or PSCI < 0.2 make the conduit dead.  Prints "relok: psci:
 * <method> unusable: <why>" for a dead conduit (psci_init's verdicts
 * included), else "relok: psci method=<m> version=<x.y>".  Needs
 * extable_init() and the vectors.
 */
void psci_probe(void);
/* Not found dead (after psci_probe: answered PSCI_VERSION with 0.2 or later). */
bool psci_usable(void);
/* Why it is not (a static string), or NULL. */
const char *psci_unusable_reason(void);
/* "hvc", "smc" or "none". */
const char *psci_method_name(void);
/*
 * One call through the checked conduit: PSCI_RET_NOT_SUPPORTED without
 * calling when it is not usable.  Safe on any CPU once psci_init ran.
 */
int64_t psci_invoke(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* "SUCCESS", "ALREADY_ON", ...; "UNKNOWN" for anything else. */
const char *psci_err_name(int64_t ret);

/*
 * Power off through PSCI SYSTEM_OFF.  When that is impossible (no usable
 * conduit, the call returned, or a power-off is already under way on this
 * path) it prints "relok: halted: <why>" and parks every CPU in a
 * low-power loop instead.  Never calls a conduit psci_init found dead.
 */
void psci_system_off(void) __noreturn;
/* "relok: halted: <why>", then every CPU parks (wfi, interrupts masked). */
void halt(const char *why) __noreturn;
#endif /* !__ASSEMBLER__ */

#endif
