/* SPDX-License-Identifier: MIT */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

/* Frame layout shared by entry.S and traps.c. */
#define PT_REGS_LR	(8 * 30)
#define PT_REGS_PC	(8 * 32)
#define PT_REGS_ESR	(8 * 34)
#define PT_REGS_SIZE	(8 * 36)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct pt_regs {
	uint64_t regs[31];	/* x0-x30 */
	uint64_t sp;
	uint64_t pc;		/* ELR_EL1 */
	uint64_t pstate;	/* SPSR_EL1 */
	uint64_t esr;
	uint64_t far;
};
_Static_assert(__builtin_offsetof(struct pt_regs, regs[30]) == PT_REGS_LR, "layout");
_Static_assert(__builtin_offsetof(struct pt_regs, pc) == PT_REGS_PC, "layout");
_Static_assert(__builtin_offsetof(struct pt_regs, esr) == PT_REGS_ESR, "layout");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "layout");
#endif

#endif
