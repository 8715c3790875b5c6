/* SPDX-License-Identifier: MIT */
/*
 * The EFI stub's last step: leave the firmware's MMU-on world and enter the
 * kernel copy the way booting.rst asks for.  Lives in .pi.text beside the
 * stub (inside the PE .text section, position independent: ADR only).
 */
#include <asm/assembler.h>
#include <asm/sysreg.h>

	.section .pi.text, "ax"

/* clean_poc: x0 = start, x1 = size; head.S's dcache_clean_inval_poc takes an end. */
#define CLEAN_POC	add x1, x0, x1; bl dcache_clean_inval_poc

/*
 * efi_enter_kernel(entry, dtb, image, image_size, dtb_size)
 * In:  x0 = physical address to jump to (the copy's first instruction),
 *      x1 = DTB physical address, x2/x3 = the image copy and its size,
 *      x4 = DTB size.  Called after ExitBootServices at EL1 or EL2, MMU on
 *      with the firmware's identity map, caches on.
 * Out: does not return.  The kernel starts at x0 with x0 = DTB, x1-x3 = 0,
 *      MMU and D-cache off, interrupts masked, the image and the DTB
 *      cleaned to PoC.
 * The stack is not used once the MMU is off.
 */
	.globl	__pi_efi_enter_kernel
	.type	__pi_efi_enter_kernel, %function
__pi_efi_enter_kernel:
	msr	daifset, #0xf
	mov	x19, x0
	mov	x20, x1
	mov	x21, x4

	mov	x0, x2				// the kernel copy, written with caches on
	mov	x1, x3
	CLEAN_POC
	mov	x0, x20				// the DTB copy
	mov	x1, x21
	CLEAN_POC
	adr	x0, mmu_off			// the code below runs with caches off
	adr	x1, mmu_off_end
	sub	x1, x1, x0
	CLEAN_POC

mmu_off:
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.eq	1f
	mrs	x0, sctlr_el1
	bic	x0, x0, #SCTLR_EL1_M
	bic	x0, x0, #SCTLR_EL1_C
	bic	x0, x0, #SCTLR_EL1_I
	msr	sctlr_el1, x0
	b	2f
1:	mrs	x0, sctlr_el2
	bic	x0, x0, #SCTLR_EL2_M
	bic	x0, x0, #SCTLR_EL2_C
	bic	x0, x0, #SCTLR_EL2_I
	msr	sctlr_el2, x0
2:	isb
	ic	iallu				// nothing fetched under the firmware's map
	dsb	nsh
	isb

	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19
mmu_off_end:
	.size	__pi_efi_enter_kernel, . - __pi_efi_enter_kernel
