/* SPDX-License-Identifier: MIT */
/*
 * Test kernel for run.sh: four "faulting" loads, each with a fixup, listed
 * in the exception table out of address order (3, 1, 0, 2) through the
 * kernel's own macros, plus one ordinary pointer in .data (a relocation
 * the tool must keep).  BAD_* variants add one wrong entry each; NO_TABLE
 * has no entries (and the linker script then no table).
 */
#include <asm/asm-extable.h>

	.section .head.text, "ax"
	.globl	_start
_start:
	b	i0

	.text
	.globl	i0, i1, i2, i3, f0, f1, f2, f3
i0:	ldr	x0, [x1]
i1:	ldr	x0, [x2]
i2:	ldr	x0, [x3]
i3:	ldr	x0, [x4]
	ret
f0:	mov	x0, #0
f1:	mov	x0, #1
f2:	mov	x0, #2
f3:	mov	x0, #3
	ret

#ifndef NO_TABLE
	_asm_extable i3, f3
	_asm_extable_entry i1, f1, EX_TYPE_ERR_ZERO, 0x43
	_asm_extable i0, f0
	_asm_extable_entry i2, f2, EX_TYPE_ERR_ZERO, 0x25
#endif

#ifdef BAD_NOREL
	/* an address the linker did not place: no relocation */
	_asm_extable_entry 0x1234, f0, EX_TYPE_FIXUP, 0
#endif
#ifdef BAD_OUTSIDE
	_asm_extable_entry some_data, f0, EX_TYPE_FIXUP, 0
#endif
#ifdef BAD_DUP
	_asm_extable i2, f1
#endif
#ifdef BAD_TYPE
	_asm_extable_entry i3 + 4, f0, 7, 0
#endif

	.data
	.balign	8
some_data:
	.quad	f2
