/* SPDX-License-Identifier: MIT */
/*
 * Marking an instruction that may fault, for assembly and for C inline
 * assembly.  Each mark emits one entry of the LINKED form described in
 * asm/extable.h into the input section __ex_table: absolute addresses, as
 * a compiler would emit them; scripts/extable_sort turns the table into
 * sorted self-relative offsets after the link.
 *
 * Assembly:
 *	1:	ldr	x1, [x0]
 *		_asm_extable	1b, 9f		// fault at 1: resume at 9:
 *
 * C inline assembly, loading into val with err set on a fault:
 *	asm volatile("1: ldr %x[val], [%[addr]]\n"
 *		     "2:\n"
 *		     _ASM_EXTABLE_ERR_ZERO(1b, 2b, %w[err], %x[val])
 *		     : [err] "+r"(err), [val] "=&r"(val) : [addr] "r"(p));
 * On a fault at 1: the handler sets err to -EX_EFAULT and val to 0, and
 * resumes at 2:.  The register operands may be written as x or w names.
 */
#ifndef ASM_ASM_EXTABLE_H
#define ASM_ASM_EXTABLE_H

#include <asm/extable.h>

#define __EXTABLE_STR(x)	#x
#define EXTABLE_STR(x)		__EXTABLE_STR(x)

#ifdef __ASSEMBLER__

/* One linked-form entry; keep in step with _ASM_EXTABLE_ENTRY below. */
	.macro	_asm_extable_entry, insn, fixup, type, data
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.long	\type, \data
	.popsection
	.endm

/* A fault at insn resumes at fixup with every register as it was. */
	.macro	_asm_extable, insn, fixup
	_asm_extable_entry \insn, \fixup, EX_TYPE_FIXUP, 0
	.endm

#else /* !__ASSEMBLER__ */

#define _ASM_EXTABLE_ENTRY(insn, fixup, type, data)			\
	".pushsection __ex_table, \"a\"\n"				\
	".balign 8\n"							\
	".quad " #insn ", " #fixup "\n"					\
	".long " type ", " data "\n"					\
	".popsection\n"

/*
 * Register numbers for the data field: the compiler substitutes operand
 * names such as "x3" or "w3" into the string, and these assembler symbols
 * turn them into 3 (xzr/wzr into 31).  .set may redefine a symbol, so
 * every asm statement can define them again.
 */
#define __EXTABLE_GPR_NUMS						\
	".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"	\
	"21,22,23,24,25,26,27,28,29,30\n"				\
	".set .Lrelok_gpr_x\\n, \\n\n"					\
	".set .Lrelok_gpr_w\\n, \\n\n"					\
	".endr\n"							\
	".set .Lrelok_gpr_xzr, " EXTABLE_STR(EX_DATA_REG_XZR) "\n"	\
	".set .Lrelok_gpr_wzr, " EXTABLE_STR(EX_DATA_REG_XZR) "\n"

/* A fault at insn resumes at fixup with every register as it was. */
#define _ASM_EXTABLE(insn, fixup)					\
	_ASM_EXTABLE_ENTRY(insn, fixup, EXTABLE_STR(EX_TYPE_FIXUP), "0")

/* An entry of type (an EX_TYPE_*) whose data names the err and zero registers. */
#define __ASM_EXTABLE_REGS(insn, fixup, type, err, zero)		\
	__EXTABLE_GPR_NUMS						\
	_ASM_EXTABLE_ENTRY(insn, fixup, EXTABLE_STR(type),		\
		"(.Lrelok_gpr_" #err " << " EXTABLE_STR(EX_DATA_ERR_SHIFT) ")" \
		" | (.Lrelok_gpr_" #zero " << " EXTABLE_STR(EX_DATA_ZERO_SHIFT) ")")

/* A fault at insn sets err to -EX_EFAULT and zero to 0, resumes at fixup. */
#define _ASM_EXTABLE_ERR_ZERO(insn, fixup, err, zero)			\
	__ASM_EXTABLE_REGS(insn, fixup, EX_TYPE_ERR_ZERO, err, zero)

/* The same for an instruction that may be undefined (smc, hvc) instead. */
#define _ASM_EXTABLE_UNDEF_ERR_ZERO(insn, fixup, err, zero)		\
	__ASM_EXTABLE_REGS(insn, fixup, EX_TYPE_UNDEF_ERR_ZERO, err, zero)

#endif /* __ASSEMBLER__ */
#endif
