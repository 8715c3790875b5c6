/* SPDX-License-Identifier: MIT */
/*
 * relok entry point.
 *
 * Boot flow (each step's home in the tree):
 *   1. entry, EL2 -> EL1           this file (.head.text)
 *   2. device tree, layout choice  arch/arm64/kernel/pi/early_boot.c
 *   3. relocation pass             this file, __pi_relocate_rela
 *   4. early page tables           arch/arm64/kernel/pi/map_kernel.c
 *   5. MMU on, jump to virtual     this file (.idmap.text)
 *   6. C init                      init/main.c
 *
 * Everything up to step 5 runs at the physical load address with the MMU
 * off, before relocation: it must be position independent.  The build
 * proves it: this code lives in .head.text and .pi.text, which
 * scripts/relocs_check fails on if any dynamic relocation lands there, and
 * the early C objects have their symbols prefixed __pi_ so they cannot link
 * against code or data that needs relocating.
 *
 * With the MMU off every data access is Device-nGnRnE: no caching, and an
 * unaligned access faults (the early C is built -mstrict-align).
 */
#include <asm/assembler.h>
#include <asm/boot_cost.h>
#include <asm/early.h>
#include <asm/image.h>
#include <asm/memory.h>
#include <asm/sysreg.h>

/* Registers that live across the whole of primary_entry. */
dtb_pa		.req	x19	/* DTB physical address from the loader (x0) */
entry_el	.req	x20	/* exception level we were entered at: 1 or 2 */
phys_base	.req	x21	/* physical address of the Image header */
virt_base	.req	x22	/* virtual address the Image header will run at */
cost_valid	.req	x23	/* 1: the boot cost counter runs (asm/boot_cost.h) */

#define ELF_R_AARCH64_RELATIVE	1027
#define RELA_ENTRY_SIZE		24

	.section .head.text, "ax"

/*
 * The Image header, 64 bytes at offset 0 (booting.rst).
 */
	.globl	__image_header
__image_header:
	/*
	 * code0 is "MZ" for UEFI (efi-header.S) and harmless as an
	 * instruction: it only sets the flags.  code1 goes to the kernel.
	 */
	ccmp	x18, #0, #0xd, pl		// code0: 0xfa405a4d, bytes "MZ\x40\xfa"
	b	primary_entry			// code1
	.quad	0				// text_offset: run where loaded
	/*
	 * image_size as two absolute 32-bit halves: a 64-bit ABS64 against an
	 * absolute symbol makes GNU ld reserve a dynamic relocation slot that
	 * it then leaves as R_AARCH64_NONE; ABS32 is always resolved at link.
	 */
	.long	__image_size_lo32		// image_size: file + BSS + stack + page tables
	.long	__image_size_hi32
	.quad	ARM64_IMAGE_FLAGS		// LE, 4K pages, placement anywhere
	.quad	0				// res2
	.quad	0				// res3
	.quad	0				// res4
	.long	ARM64_IMAGE_MAGIC		// "ARM\x64"
	.long	pe_header - __image_header	// res5: PE/COFF header offset (e_lfanew)
	.if	(. - __image_header) != ARM64_IMAGE_HEADER_SIZE
	.error	"Image header must be 64 bytes"
	.endif
#include "efi-header.S"

/*
 * primary_entry: the loader jumps here.
 * In:  x0 = DTB physical address, x1-x3 = 0 (booting.rst).
 *      MMU off, D-cache off, at EL2 or EL1, image cleaned to PoC.
 * Out: does not return; continues at primary_switched with the MMU on.
 */
SYM_FUNC_START(primary_entry)
	mov	dtb_pa, x0
	bl	el2_to_el1			// w0 = entry EL; now at EL1
	mov	entry_el, x0
	bl	boot_counter_start		// counter = 0: the entry stamp
	mov	cost_valid, x0

	mov_q	x0, SCTLR_EL1_MMU_OFF		// known state: MMU, caches, alignment checks off
	msr	sctlr_el1, x0
	mov_q	x0, CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	isb

	/*
	 * ADRP-based addressing (all C code) is only correct when the image
	 * keeps its 4 KiB page offsets, so check that with ADR alone first.
	 */
	adr	phys_base, __image_header
	tst	phys_base, #(PAGE_SIZE - 1)
	b.ne	misaligned_image

	/*
	 * image_size tells the loader to keep the DTB clear of our BSS and
	 * page tables; if it did not, clearing BSS would destroy the DTB and
	 * the failure would look like a corrupt blob.  Say what happened.
	 */
	adr_l	x0, __bss_start
	adr_l	x1, _end
	cmp	dtb_pa, x0
	b.lo	1f
	cmp	dtb_pa, x1
	b.lo	dtb_in_image
1:
	/*
	 * BSS and the stack are outside the file the loader cleaned to PoC:
	 * a dirty line left there by the firmware could be evicted later and
	 * overwrite what we write with the MMU off.  Clean and invalidate
	 * them before the first write; with the MMU off no access can bring
	 * a line back, so this also keeps them free of stale lines for when
	 * the caches come on.  (The page-table pool is handled a page at a
	 * time as pt_alloc() hands pages out: most of it is never used.)
	 */
	adr_l	x0, __bss_start
	adr_l	x1, __pgtable_pool_start
	bl	dcache_clean_inval_poc

	adr_l	x0, __bss_start			// both BSS_CLEAR_STEP aligned
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #BSS_CLEAR_STEP
	b	1b
	.if	BSS_CLEAR_STEP != 64
	.error	"the BSS loop clears 64 bytes a step"
	.endif
2:
	adr_l	x0, boot_stamps			// BSS is clear: say whether stamps count
	str	cost_valid, [x0, #(BOOT_STAMP_VALID * 8)]
	adr_l	x0, init_stack_top
	mov	sp, x0

	/*
	 * early_boot(&early_mmu, &boot_info, phys_base, dtb, entry_el):
	 * reads the DT, chooses the virtual base, applies the relocations
	 * and builds the page tables.  Returns only on success.
	 */
	adr_l	x0, early_mmu
	adr_l	x1, boot_info
	mov	x2, phys_base
	mov	x3, dtb_pa
	mov	x4, entry_el
	bl	__pi_early_boot

	/*
	 * The relocation pass wrote the image's data with the MMU off,
	 * straight to memory.  The caches may still hold clean lines for
	 * those addresses (the loader read or copied the image with caches
	 * on).  Once the MMU and caches are on, a read would hit such a stale
	 * line and see the un-relocated pointer.  QEMU models no caches, so
	 * only hardware shows this: invalidate to PoC what the pass can have
	 * written -- .data.rel.ro to the start of BSS, less the relocation
	 * tables, which are only read.  Text and read-only data are never
	 * written; BSS, stack and page tables were invalidated before they
	 * were written.  The work is proportional to the data, not the image.
	 */
	adr_l	x0, __data_rel_ro_start
	adr_l	x1, __rela_start
	bl	dcache_clean_inval_poc
	adr_l	x0, __relr_end
	adr_l	x1, __bss_start
	bl	dcache_clean_inval_poc

	adr_l	x3, early_mmu
	ldr	x0, [x3, #EARLY_MMU_TTBR0]
	ldr	x1, [x3, #EARLY_MMU_TTBR1]
	ldr	virt_base, [x3, #EARLY_MMU_VIRT_BASE]
	adr_l	x2, primary_switched		// its physical address ...
	sub	x2, x2, phys_base
	add	x2, x2, virt_base		// ... becomes its virtual one
	b	enable_mmu_and_jump
SYM_FUNC_END(primary_entry)

/*
 * el2_to_el1: if entered at EL2, configure EL2 so that EL1 runs a normal
 * AArch64 kernel with nothing trapped, leave the hyp stub at EL2 (the way
 * back for kexec: hyp-stub.S, asm/virt.h) and drop to EL1.
 * In:  lr = return address.  MMU off.
 * Out: w0 = entry EL (1 or 2), running at EL1 with DAIF masked.
 * Clobbers: x0, x1.
 */
SYM_FUNC_START(el2_to_el1)
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.eq	1f
	mov	w0, #1
	ret
1:
	adr_l	x0, __hyp_stub_vectors		// its PA: EL2 runs with the MMU off
	msr	vbar_el2, x0

	mov_q	x0, HCR_EL2_RW			// EL1 is AArch64; no stage 2, no traps
	msr	hcr_el2, x0

	mrs	x0, cnthctl_el2			// EL1 may use the physical counter and timer
	orr	x0, x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr		// virtual counter == physical counter

	mrs	x0, midr_el1			// EL1 sees the real CPU identity
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0

	msr	vttbr_el2, xzr
	mov_q	x0, CPTR_EL2_RES1		// no FP/SIMD trap to EL2
	msr	cptr_el2, x0
	msr	hstr_el2, xzr

	/* Give EL1 every PMU event counter (HPMN = PMCR_EL0.N), if a PMU exists. */
	mov	x1, xzr
	mrs	x0, id_aa64dfr0_el1
	ubfx	x0, x0, #ID_AA64DFR0_PMUVER_SHIFT, #4
	cbz	x0, 2f
	cmp	x0, #ID_AA64DFR0_PMUVER_IMPDEF
	b.eq	2f
	mrs	x1, pmcr_el0
	ubfx	x1, x1, #PMCR_EL0_N_SHIFT, #5
2:	msr	mdcr_el2, x1

	mov_q	x0, SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0

	mov_q	x0, SPSR_EL2_TO_EL1
	msr	spsr_el2, x0
	msr	elr_el2, lr
	mov	w0, #2
	isb
	eret
SYM_FUNC_END(el2_to_el1)

/*
 * dcache_clean_inval_poc(start, end): clean and invalidate [start, end)
 * to the Point of Coherency, by VA.  Safe with the MMU off or on.
 * Eight lines per iteration, 19 instructions: 2.4 a line (4 unrolled),
 * which matters because after relocation it covers all the data the
 * boot pass wrote (a DC takes no offset, so one ADD per line remains).
 * In:  x0 = start, x1 = end.  Clobbers: x0, x2-x5.  Called from C too.
 */
#define DCACHE_UNROLL_SHIFT	3		/* 8 lines per iteration */
SYM_FUNC_START(dcache_clean_inval_poc)
	.globl	__pi_dcache_clean_inval_poc	// early C calls it too
__pi_dcache_clean_inval_poc:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			// CTR_EL0.DminLine: log2(words)
	mov	x2, #4
	lsl	x2, x2, x3			// line size in bytes
	sub	x3, x2, #1
	bic	x0, x0, x3
	lsl	x4, x2, #DCACHE_UNROLL_SHIFT	// bytes per iteration
	cmp	x1, x4
	b.lo	2f				// (no wrap below)
	sub	x4, x1, x4			// last start of a whole iteration
1:	cmp	x0, x4
	b.hi	2f
	.rept	(1 << DCACHE_UNROLL_SHIFT)
	dc	civac, x0
	add	x0, x0, x2
	.endr
	b	1b
2:	cmp	x0, x1				// the last one to seven lines
	b.hs	3f
	dc	civac, x0
	add	x0, x0, x2
	b	2b
3:	dsb	sy
	ret
SYM_FUNC_END(dcache_clean_inval_poc)

/*
 * __pi_relocate_rela(start, end, delta, wdelta): the boot-time RELA pass.
 * In:  x0 = first Elf64_Rela (PA), x1 = end of table (PA),
 *      x2 = delta = chosen virtual base - link-time virtual base,
 *      x3 = wdelta = physical base - link-time virtual base, so that
 *           r_offset + wdelta is where the target word is now.
 *      MMU off: targets are 8-byte aligned (relocs_check checks).
 * Out: x0 = number of R_AARCH64_RELATIVE entries applied.  Entries of any
 *      other type are skipped and not counted: the caller compares the
 *      count with the table size and panics on a mismatch.
 * Clobbers: x0-x7.  Called from C (AAPCS64): preserves x19-x30, sp.
 */
SYM_FUNC_START(__pi_relocate_rela)
	mov	x7, xzr
	cmp	x0, x1
	b.hs	3f
1:	ldp	x4, x5, [x0], #RELA_ENTRY_SIZE	// r_offset, r_info
	cmp	w5, #ELF_R_AARCH64_RELATIVE
	b.ne	2f
	ldur	x6, [x0, #-8]			// r_addend: the link-time value
	add	x6, x6, x2
	str	x6, [x4, x3]
	add	x7, x7, #1
2:	cmp	x0, x1
	b.lo	1b
3:	mov	x0, x7
	ret
SYM_FUNC_END(__pi_relocate_rela)

/*
 * misaligned_image: the image is not even 4 KiB aligned, so no C (ADRP)
 * can run.  Say so on the fallback console and power off.
 * In:  phys_base, entry_el.  MMU off, no stack.  Does not return.
 */
#define PSCI_SYSTEM_OFF		0x84000008
misaligned_image:
	adr	x0, msg_misaligned
	bl	asm_puts
	mov	x0, phys_base
	bl	asm_puthex
	adr	x0, msg_misaligned_tail
	bl	asm_puts
	/* fall through */
power_off_guess:
	/*
	 * No device tree was read, so guess the PSCI conduit: firmware that
	 * entered us at EL2 sits at EL3 (SMC); otherwise a hypervisor (HVC).
	 */
	mov_q	x0, PSCI_SYSTEM_OFF
	cmp	entry_el, #2
	b.eq	1f
	hvc	#0
	b	.
1:	smc	#0
	b	.

/*
 * dtb_in_image: the DTB lies in memory the image claims (BSS, stack, page
 * tables).  In: dtb_pa, entry_el.  MMU off, no stack.  Does not return.
 */
dtb_in_image:
	adr	x0, msg_dtb_in_image
	bl	asm_puts
	mov	x0, dtb_pa
	bl	asm_puthex
	adr	x0, msg_dtb_in_image_tail
	bl	asm_puts
	b	power_off_guess

/*
 * asm_puts(str) / asm_puthex(value): print on the fallback PL011 with
 * ADR-only addressing.  Clobbers x0-x4, lr is preserved through x4.
 */
asm_puts:
	mov_q	x2, FALLBACK_UART_PHYS
1:	ldrb	w1, [x0], #1
	cbz	w1, 3f
2:	ldr	w3, [x2, #0x18]			// UARTFR
	tbnz	w3, #5, 2b			// TXFF: FIFO full
	strb	w1, [x2]			// UARTDR
	b	1b
3:	ret

asm_puthex:
	mov_q	x2, FALLBACK_UART_PHYS
	mov	x4, #60
1:	lsr	x1, x0, x4
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x3, x1, #'0'
	add	x1, x1, #('a' - 10)
	csel	x1, x3, x1, lo
2:	ldr	w3, [x2, #0x18]
	tbnz	w3, #5, 2b
	strb	w1, [x2]
	subs	x4, x4, #4
	b.ge	1b
	ret

msg_misaligned:
	.asciz	"relok: panic: Image loaded at 0x"
msg_misaligned_tail:
	.asciz	", which is not 4 KiB aligned (booting.rst requires 2 MiB): cannot run\r\n"
msg_dtb_in_image:
	.asciz	"relok: panic: the DTB at 0x"
msg_dtb_in_image_tail:
	.asciz	" lies inside the memory the Image needs (image_size covers BSS and page tables)\r\n"
	.balign	4

/*
 * enable_mmu_and_jump: the only code that runs through the identity map.
 * In:  x0 = TTBR0 (identity map root, PA), x1 = TTBR1 (kernel root, PA),
 *      x2 = virtual address to continue at.  MMU off, caches off,
 *      page tables written and invalidated to PoC.
 * Out: branches to x2 with MMU and caches on.  Does not return.
 * Clobbers: x0-x4.
 */
	.section .idmap.text, "ax"
SYM_FUNC_START(enable_mmu_and_jump)
	mov_q	x3, MAIR_EL1_VALUE
	msr	mair_el1, x3
	mov_q	x3, TCR_EL1_VALUE
	mrs	x4, id_aa64mmfr0_el1		// output size = what the CPU implements
	and	x4, x4, #ID_AA64MMFR0_PARANGE_MASK
	cmp	x4, #5				// TCR.IPS encodes up to 48 bits (0b101)
	b.ls	1f
	mov	x4, #5
1:	orr	x3, x3, x4, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x3
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x1
	isb
	tlbi	vmalle1				// nothing stale from the firmware
	dsb	nsh
	isb
	mov_q	x3, SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x3
	isb
	ic	iallu				// drop instructions fetched with the MMU off
	dsb	nsh
	isb
	br	x2
SYM_FUNC_END(enable_mmu_and_jump)

/*
 * kexec_idmap_mmu_off(entry, arg): the other way through the identity map,
 * for kexec (arch/arm64/kernel/machine_kexec.c): turn the MMU and caches
 * off and branch to a physical address.
 * In:  x0 = PA to branch to, x1 = the x0 it gets.  Running at this code's
 *      identity address (TTBR0 live again), DAIF masked, everything the
 *      target reads cleaned to PoC.
 * Out: branches to x0 with x0 = arg, MMU and caches off.  Does not return.
 * Clobbers: x0-x2.
 */
SYM_FUNC_START(kexec_idmap_mmu_off)
	mov_q	x2, SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x2
	isb
	ic	iallu				// the target's code was written as data
	dsb	nsh
	isb
	mov	x2, x0
	mov	x0, x1
	br	x2
SYM_FUNC_END(kexec_idmap_mmu_off)

/*
 * primary_switched: first code at the virtual address.
 * In:  x19-x22 as in primary_entry.  MMU on, identity map still live.
 * Out: enters start_kernel(&boot_info); never returns.
 */
	.text
SYM_FUNC_START(primary_switched)
	mov	x0, #BOOT_STAMP_MMU_ON
	bl	boot_stamp_asm
	adr_l	x0, init_stack_top
	mov	sp, x0
	adr_l	x0, vectors
	msr	vbar_el1, x0

	/* The identity map has done its job: stop TTBR0 walks entirely. */
	mrs	x0, tcr_el1
	orr	x0, x0, #TCR_EPD0
	msr	tcr_el1, x0
	msr	ttbr0_el1, xzr
	isb
	tlbi	vmalle1
	dsb	nsh
	isb

	adr_l	x0, boot_info
	bl	start_kernel
	b	.
SYM_FUNC_END(primary_switched)

	.bss
	.balign	16
	.globl	init_stack_top
init_stack:
	.space	INIT_STACK_SIZE
init_stack_top:
	.balign	8
	.globl	early_mmu
early_mmu:
	.space	EARLY_MMU_SIZE
