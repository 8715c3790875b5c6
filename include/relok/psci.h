/* SPDX-License-Identifier: MIT */
#ifndef RELOK_PSCI_H
#define RELOK_PSCI_H

#include <stdint.h>
#include <relok/compiler.h>

/* PSCI function IDs (Arm DEN 0022). */
#define PSCI_0_2_FN_SYSTEM_OFF	0x84000008u
#define PSCI_0_2_FN_VERSION	0x84000000u

/* conduit: enum fdt_psci_conduit (FDT_PSCI_HVC or FDT_PSCI_SMC). */
uint64_t psci_call(uint32_t conduit, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* Power off; if that fails or no conduit is known, wait forever with
 * interrupts masked (the caller has already said why). */
void psci_system_off(uint32_t conduit) __noreturn;

#endif
