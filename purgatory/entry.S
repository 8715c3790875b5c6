/* SPDX-License-Identifier: MIT */
/*
 * The purgatory's header, parameter block, entry and exit
 * (include/relok/purgatory.h has the contract, docs/kexec.md the design).
 *
 * Entered by the kernel's kexec_idmap_mmu_off at EL1 with the MMU and
 * D-cache off and DAIF masked, at whatever 4 KiB-aligned address the
 * kernel loaded it: everything here is PC-relative.
 */
#include <asm/assembler.h>
#include <asm/virt.h>
#include <relok/purgatory.h>

/*
 * Offset 0 of the load segment (the linker script puts this section
 * first): the header, then the parameter block the kernel fills.
 */
	.section .purgatory.header, "aw"
	.globl	purgatory_header
	.hidden	purgatory_header		// hidden, like the C (relocs_check --purgatory)
purgatory_header:
	.long	PURGATORY_MAGIC
	.long	PURGATORY_VERSION
	.quad	purgatory_params - purgatory_header
	.quad	PURGATORY_PARAMS_SIZE
	.quad	0
	.if	(. - purgatory_header) != PURGATORY_HEADER_SIZE
	.error	"struct purgatory_header is PURGATORY_HEADER_SIZE bytes"
	.endif
	.balign	PURGATORY_PARAMS_OFFSET
	.globl	purgatory_params
	.hidden	purgatory_params
purgatory_params:
	.space	PURGATORY_PARAMS_SIZE

	.text
/*
 * purgatory_entry: the ELF entry point.
 * In:  x0 = PA of the parameter block (unused: it is found PC-relative,
 *      which is what the header promises).  MMU, D-cache off; EL1.
 * Out: does not return (purgatory_main enters the next kernel or powers off).
 */
	.hidden	purgatory_entry
SYM_FUNC_START(purgatory_entry)
	adr_l	x1, purgatory_stack_top
	mov	sp, x1
	adr_l	x0, purgatory_params
	bl	purgatory_main
1:	wfi					// purgatory_main does not return
	b	1b
SYM_FUNC_END(purgatory_entry)

/*
 * purgatory_enter(entry, dtb, el): the booting.rst handover.
 * In:  x0 = entry PA, x1 = DTB PA, w2 = EL to enter at (1 or 2).
 *      Segments in place, caches maintained, MMU off.
 * Out: at EL1 branches to x0 with x0 = dtb, x1-x3 = 0.  At EL2 asks the
 *      hyp stub (asm/virt.h) to do the same at EL2; returns only if the
 *      stub refused (x0 = its answer), for the caller to report.
 * Clobbers: x0-x4.
 */
	.hidden	purgatory_enter
SYM_FUNC_START(purgatory_enter)
	cmp	w2, #2
	b.eq	1f
	mov	x4, x0
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
1:	mov	x2, x1
	mov	x1, x0
	mov_q	x0, HVC_STUB_SOFT_RESTART
	hvc	#0
	ret
SYM_FUNC_END(purgatory_enter)

/* The stack: BSS, so the same object serves the PIE and the ET_REL build. */
	.bss
	.balign	16
purgatory_stack:
	.space	PURGATORY_STACK_SIZE
purgatory_stack_top:
