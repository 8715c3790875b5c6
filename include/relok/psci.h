/* SPDX-License-Identifier: MIT */
#ifndef RELOK_PSCI_H
#define RELOK_PSCI_H

/* PSCI function IDs (Arm DEN 0022); no suffix, so assembly can use them
 * (in C a hex literal above INT_MAX is unsigned int anyway). */
#define PSCI_0_2_FN_SYSTEM_OFF	0x84000008
#define PSCI_0_2_FN_VERSION	0x84000000

/* Return codes (DEN 0022 5.2.2); SMCCC uses the same -1 for an unknown function. */
#define PSCI_RET_NOT_SUPPORTED	(-1)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <relok/compiler.h>

/* conduit: enum fdt_psci_conduit (FDT_PSCI_HVC or FDT_PSCI_SMC). */
uint64_t psci_call(uint32_t conduit, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/*
 * Power off; if that fails or no conduit is known, wait forever with
 * interrupts masked (the caller has already said why).  An HVC that comes
 * back NOT_SUPPORTED is retried as an SMC: entered at EL2, the HVC reaches
 * relok's own hyp stub (asm/virt.h), and the firmware that handed over at
 * EL2 sits behind SMC.
 */
void psci_system_off(uint32_t conduit) __noreturn;
#endif

#endif
