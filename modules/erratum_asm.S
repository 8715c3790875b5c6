// SPDX-License-Identifier: MIT
/*
 * ADRP at the page offsets Cortex-A53 erratum 843419 is about.  The
 * section is page aligned (the loader honours sh_addralign), so the
 * offsets below are page offsets at run time too.
 *   er_load_ff8: ADRP at 0xff8 of a module-local page, then the load the
 *                erratum needs (within ADR reach: becomes ADR);
 *   er_addr_ffc: ADRP at 0xffc of a kernel symbol (beyond ADR reach of
 *                the module region: goes through a veneer).
 * Both take no argument and return their value in x0.
 */
#define NOP_INSN	0xd503201f

	.section .text.erratum, "ax"
	.balign	4096
	.fill	(0xff8 / 4), 4, NOP_INSN
	.globl	er_load_ff8, er_adrp_ff8
	.type	er_load_ff8, %function
er_load_ff8:
er_adrp_ff8:
	adrp	x0, er_value			// at 0xff8
	ldr	x0, [x0, :lo12:er_value]	// at 0xffc
	ret
	.fill	((0x1ffc - 0x1004) / 4), 4, NOP_INSN
	.globl	er_addr_ffc, er_adrp_ffc
	.type	er_addr_ffc, %function
er_addr_ffc:
er_adrp_ffc:
	adrp	x0, boot_info			// at 0x1ffc
	add	x0, x0, :lo12:boot_info
	ret

	.data
	.balign	8
	.globl	er_value
er_value:
	.quad	0x843419
