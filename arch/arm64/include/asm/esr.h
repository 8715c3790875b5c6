/* SPDX-License-Identifier: MIT */
/*
 * ESR_ELx, the syndrome of an exception taken to EL1 or EL2 (Arm ARM
 * D19.2, ESR_EL1): its fields, the exception classes relok names, and
 * the fault status codes of aborts.  Plain numbers: C and assembly alike.
 */
#ifndef ASM_ESR_H
#define ASM_ESR_H

#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3f
#define ESR_ISS_MASK		0x1ffffff
#define ESR_ABORT_FSC_MASK	0x3f	/* DFSC/IFSC */
#define ESR_ABORT_WNR		(1 << 6)	/* data abort caused by a write */

/* Exception classes (Arm ARM D17.2.37, ESR_EL1.EC). */
#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_FP_ASIMD		0x07
#define EC_ILLEGAL_STATE	0x0e
#define EC_SVC64		0x15
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYS64		0x18
#define EC_SVE			0x19
#define EC_IABT_LOWER		0x20
#define EC_IABT_CURRENT		0x21
#define EC_PC_ALIGN		0x22
#define EC_DABT_LOWER		0x24
#define EC_DABT_CURRENT		0x25
#define EC_SP_ALIGN		0x26
#define EC_SERROR		0x2f
#define EC_BREAKPOINT_LOWER	0x30
#define EC_BREAKPOINT_CURRENT	0x31
#define EC_SOFTSTEP_LOWER	0x32
#define EC_SOFTSTEP_CURRENT	0x33
#define EC_WATCHPOINT_LOWER	0x34
#define EC_WATCHPOINT_CURRENT	0x35
#define EC_BRK64		0x3c

/* Fault status codes for aborts: type in bits [5:2], level in [1:0]. */
#define FSC_TYPE_MASK		0x3c
#define FSC_LEVEL_MASK		0x3
#define FSC_TRANSLATION		0x04
#define FSC_ACCESS_FLAG		0x08
#define FSC_PERMISSION		0x0c
#define FSC_ALIGNMENT		0x21

#endif
