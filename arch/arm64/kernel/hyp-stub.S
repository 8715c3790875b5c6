/* SPDX-License-Identifier: MIT */
/*
 * The EL2 hyp stub: what stays at EL2 once a kernel entered there has
 * dropped to EL1 (head.S el2_to_el1 points VBAR_EL2 here).  It is the way
 * back to EL2 for kexec, so the next kernel is entered at the EL the first
 * one was (asm/virt.h has the calls).
 *
 * It runs with the EL2 MMU off, at its physical address, and owns no
 * memory: no stack, no data.  It lives in .pi.text, where relocs_check
 * allows no dynamic relocation, because it runs at its physical address
 * and can hold no absolute one.  TPIDR_EL2 is its only scratch register.
 */
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/sysreg.h>
#include <asm/virt.h>
#include <relok/psci.h>

/* One vector entry: 128 bytes, the architectural slot size. */
	.macro	ventry, label
	.balign	128
	b	\label
	.endm

	.section .pi.text.hyp_stub, "ax"

/*
 * __hyp_stub_vectors: VBAR_EL2.  Only a synchronous exception from
 * AArch64 EL1 (an HVC) is expected; anything else means EL2 state is
 * broken, and the stub powers off rather than return into it.
 */
	.balign	2048				// VBAR_EL2 bits [10:0] are RES0
	.globl	__hyp_stub_vectors
__hyp_stub_vectors:
	ventry	el2_unexpected			// current EL with SP_EL0: sync
	ventry	el2_unexpected			//   IRQ
	ventry	el2_unexpected			//   FIQ
	ventry	el2_unexpected			//   SError
	ventry	el2_unexpected			// current EL with SP_EL2
	ventry	el2_unexpected
	ventry	el2_unexpected
	ventry	el2_unexpected
	ventry	el1_sync			// lower EL, AArch64: sync
	ventry	el2_unexpected			//   IRQ
	ventry	el2_unexpected			//   FIQ
	ventry	el2_unexpected			//   SError
	ventry	el2_unexpected			// lower EL, AArch32
	ventry	el2_unexpected
	ventry	el2_unexpected
	ventry	el2_unexpected

/*
 * el1_sync: an exception taken from EL1.
 * In:  x0 = function ID (asm/virt.h), x1, x2 its arguments.
 * Out: HVC_STUB_SOFT_RESTART does not return.  Anything else returns
 *      PSCI_RET_NOT_SUPPORTED in x0.
 * Preserves: every register but x0 (x1 through TPIDR_EL2).
 */
el1_sync:
	msr	tpidr_el2, x1
	mrs	x1, esr_el2
	lsr	x1, x1, #ESR_EC_SHIFT
	cmp	x1, #EC_HVC64
	b.ne	el2_unexpected			// nothing is trapped: only HVC comes here
	mov_q	x1, HVC_STUB_SOFT_RESTART
	cmp	x0, x1
	mrs	x1, tpidr_el2
	b.eq	soft_restart
	mov	x0, #PSCI_RET_NOT_SUPPORTED
	eret

/*
 * soft_restart: enter an image at EL2 the way booting.rst asks.
 * In:  x1 = entry PA, x2 = its x0 (the DTB).  EL2 MMU off (relok never
 *      turns it on), DAIF masked by the exception entry.
 * Out: branches to x1 with x0 = x2, x1-x3 = 0.  Does not return.
 */
soft_restart:
	mov_q	x0, SCTLR_EL2_MMU_OFF		// MMU and caches off, known state
	msr	sctlr_el2, x0
	isb
	mov	x4, x1
	mov	x0, x2
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4

/*
 * el2_unexpected: any other exception at or into EL2.  There is no stack
 * and no console of our own, so ask the firmware (EL3, behind SMC when we
 * were entered at EL2) to power off, and stop.
 * In:  anything.  Out: does not return.  Clobbers: x0.
 */
el2_unexpected:
	mov_q	x0, PSCI_0_2_FN_SYSTEM_OFF
	smc	#0
1:	wfi
	b	1b
