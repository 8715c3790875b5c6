/* SPDX-License-Identifier: MIT */
/*
 * relok entry point.
 *
 * Boot flow (each step's home in the tree):
 *   0. one CPU through, not EL3    this file, boot_cpu_elect, refuse_el3
 *   1. entry, EL2 -> EL1           this file (.head.text)
 *   2. device tree, layout choice  arch/arm64/kernel/pi/early_boot.c
 *   3. relocation pass             arch/arm64/kernel/pi/relocate.c (the pass: reloc.c)
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
 *
 * Entry contracts (README "Entry contracts"):
 *
 * primary_entry, from the loader (booting.rst):
 *   x0 = DTB physical address, x1-x3 = 0 (recorded; nonzero is reported,
 *   not refused), MMU and D-cache off, image cleaned to PoC, interrupts
 *   masked, at EL2 or non-secure EL1.  EL3 is refused ("relok: panic:
 *   entered at EL3", then halted: no firmware is below to power off
 *   through).  Only the boot CPU may come here: any other CPU that does
 *   (a loader that started them all) parks in boot_cpu_elect.
 *
 * secondary_entry, from PSCI CPU_ON (arch/arm64/kernel/smp.c):
 *   x0 = context_id = logical CPU number, MMU and caches off, at EL2 or EL1
 *   (non-secure), every other register UNKNOWN.  It reads its struct
 *   cpu_boot (asm/smp.h) with the MMU off -- the boot CPU cleaned it to PoC
 *   before CPU_ON -- and touches nothing else before the MMU is on: no
 *   relocation, no BSS, no page tables (the image was relocated once, by
 *   the boot CPU).  It drops EL2 -> EL1 like the boot CPU, turns the MMU on
 *   with the boot CPU's TTBR1 and identity map (the latter only for the
 *   switch, through the same enable_mmu_and_jump), and continues at
 *   secondary_switched at the KASLR virtual address: own stack, TPIDR_EL1 =
 *   its struct cpu_info, the boot CPU's vectors, TCR/MAIR/SCTLR (W^X) the
 *   same values, TTBR0 walks off.
 */
#include <asm/assembler.h>
#include <asm/boot_cost.h>
#include <asm/early.h>
#include <asm/early_probe.h>
#include <asm/image.h>
#include <asm/memory.h>
#include <asm/smp.h>
#include <asm/sysreg.h>
#include <relok/fdt_format.h>
#include <relok/pl011.h>
#include <relok/psci.h>

/* Registers that live across the whole of primary_entry. */
dtb_pa		.req	x19	/* DTB physical address from the loader (x0) */
entry_el	.req	x20	/* exception level we were entered at: 1 or 2 */
phys_base	.req	x21	/* physical address of the Image header */
virt_base	.req	x22	/* virtual address the Image header will run at */
cost_valid	.req	x23	/* 1: the boot cost counter runs (asm/boot_cost.h) */
entry_x1	.req	x24	/* x1-x3 as the loader left them (booting.rst: 0) */
entry_x2	.req	x25
entry_x3	.req	x26
elect_how	.req	x27	/* ELECT_BY_*: how boot_cpu_elect knew this CPU */

/* Turn TTBR0 walks off: the identity map has done its job.  Clobbers \tmp. */
	.macro	drop_idmap, tmp
	mrs	\tmp, tcr_el1
	orr	\tmp, \tmp, #TCR_EPD0
	msr	tcr_el1, \tmp
	msr	ttbr0_el1, xzr
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	.endm

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
	mov	entry_x1, x1
	mov	entry_x2, x2
	mov	entry_x3, x3
	bl	boot_cpu_elect			// any other CPU parks in there
	mov	elect_how, x0
	bl	refuse_el3
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
	adr_l	x0, entry_state			// ... and keep what the loader left
	stp	entry_x1, entry_x2, [x0, #ENTRY_STATE_X1]
	stp	entry_x3, elect_how, [x0, #ENTRY_STATE_X3]
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
	 * The relocation pass wrote the image's data with the MMU off and
	 * dropped the cache lines it wrote (reloc.c says why, above
	 * reloc_lines_inval); text and read-only data are never written;
	 * BSS, the stack and the page tables were invalidated before they
	 * were written.
	 */
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
 * boot_cpu_elect: let exactly one CPU through primary_entry.
 *
 * booting.rst lets only the boot CPU enter the image; the others wait in
 * firmware for PSCI CPU_ON (which starts them at secondary_entry) or a
 * spin-table release.  A loader that starts them all here at once (QEMU
 * -M virt,secure=on with a raw loader, broken firmware) would have them all
 * clear BSS, relocate and build page tables over each other.  Linux has
 * that problem: every CPU that enters its primary_entry is taken for the
 * boot CPU.
 *
 * Knowing the boot CPU before anything is set up:
 *  - The device tree header's boot_cpuid_phys names it (Devicetree spec
 *    5.2: the reg of the boot CPU's /cpus node).  It is a read-only fact in
 *    the blob x0 points at, so every CPU reaches the same verdict with no
 *    shared writable state and whatever the timing: the CPU it names goes
 *    on at once, every other one parks.  Without a DTB header at x0 the
 *    convention is the CPU with MPIDR affinity 0, the reset CPU on QEMU and
 *    on most SoCs.  This is the rule; everything below is a fallback.
 *  - A first-come election alone is not sound here.  With the MMU off every
 *    access is Device memory, where exclusives and atomics are
 *    IMPLEMENTATION DEFINED (Arm ARM B2.9: the global monitor need not
 *    cover Device or Non-cacheable memory), and with plain loads and stores
 *    only, no algorithm elects exactly one winner without a bound on how
 *    long a CPU can stall.
 *  - So the election is only the fallback for a header naming a CPU that
 *    does not come: a loader that left boot_cpuid_phys 0 on a machine
 *    whose boot CPU is not 0.  The named CPU claims boot_claim as it
 *    arrives; any other CPU waits up to ELECT_WAIT_DIV (1 s) for that claim
 *    and parks when it sees it.  If nothing claims, Fischer's timed mutual
 *    exclusion picks one: claim if unclaimed, wait ELECT_DELAY_DIV (50 ms),
 *    keep it if still ours.  That is correct as long as no CPU stalls for
 *    50 ms between its check and its claim, an assumption only this
 *    doubly broken case (wrong header and several CPUs at once) relies on.
 *
 * boot_claim is only ever accessed with the MMU off (here), so it never
 * lives in a cache; the winner invalidates its line in case the loader
 * left a stale clean copy that a later cached write to a neighbour could
 * write back.
 *
 * In:  x0 = the loader's x0.  MMU off, any EL, lr = return address.
 * Out: returns on the boot CPU only, x0 = ELECT_BY_*; other CPUs park.
 * Clobbers: x0-x9, x17.
 */
#define ELECT_CLAIMED		(1 << 63)	/* a claim is never 0 */
#define ELECT_WAIT_DIV		1		/* wait CNTFRQ / 1 ticks: 1 s */
#define ELECT_DELAY_DIV		20		/* Fischer's delay: 50 ms */
#define ELECT_SPINS		(1 << 24)	/* bound if the counter does not run */
#define ELECT_FALLBACK_FREQ	62500000	/* CNTFRQ_EL0 left 0 by firmware */
#define FDT_MAGIC_AS_LE32	0xedfe0dd0	/* FDT_MAGIC read by a little-endian load */

/* x4 = CNTFRQ_EL0 / \div (the fallback frequency if firmware left it 0). */
	.macro	elect_ticks, div
	mrs	x4, cntfrq_el0
	cbnz	x4, .Lfreq\@
	mov_q	x4, ELECT_FALLBACK_FREQ
.Lfreq\@:
	mov	x5, #\div
	udiv	x4, x4, x5
	.endm

SYM_FUNC_START(boot_cpu_elect)
	mrs	x1, mpidr_el1
	mov_q	x2, MPIDR_HWID_MASK
	and	x1, x1, x2
	orr	x1, x1, #ELECT_CLAIMED		// x1: this CPU's claim
	mov	x2, xzr				// x2: the boot CPU's MPIDR ...
	mov	x8, #ELECT_BY_DEFAULT
	cbz	x0, 1f				// ... from the DTB header, if x0 has one
	tst	x0, #(FDT_BLOB_ALIGN - 1)
	b.ne	1f
	/* Probing loads: x0 may point where nothing answers (asm/early_probe.h). */
	probe_ldr32 w3, x0, x5, x6		// magic
	cbz	x5, 1f
	mov_q	x4, FDT_MAGIC_AS_LE32
	cmp	w3, w4
	b.ne	1f
	add	x7, x0, #FDT_HDR_VERSION
	probe_ldr32 w3, x7, x5, x6
	cbz	x5, 1f
	rev	w3, w3
	cmp	w3, #2				// boot_cpuid_phys exists from version 2
	b.lo	1f
	add	x7, x0, #FDT_HDR_BOOT_CPUID
	probe_ldr32 w3, x7, x5, x6
	cbz	x5, 1f
	rev	w2, w3
	mov	x8, #ELECT_BY_HEADER
1:	orr	x2, x2, #ELECT_CLAIMED
	adr	x9, boot_claim_offset		// ADR only: placement is not checked yet
	ldr	x3, [x9]
	add	x9, x9, x3			// x9 = &boot_claim
	cmp	x1, x2
	b.ne	.Lelect_wait

	ldr	x3, [x9]			// the named CPU: claim it ...
	cbz	x3, 2f
	cmp	x3, x1				// ... unless another CPU took over
	b.ne	cpu_park
2:	str	x1, [x9]
.Lelect_won:
	dsb	sy
	dc	civac, x9
	dsb	sy
	mov	x0, x8
	ret

.Lelect_wait:					// not named: wait for the named one
	elect_ticks ELECT_WAIT_DIV
	mrs	x7, cntvct_el0
	mov	x6, #ELECT_SPINS
3:	ldr	x3, [x9]
	cbnz	x3, cpu_park			// claimed: we are a stray
	mrs	x5, cntvct_el0
	sub	x5, x5, x7
	cmp	x5, x4
	b.hs	4f
	subs	x6, x6, #1
	b.ne	3b
4:	ldr	x3, [x9]			// nobody came: Fischer's claim
	cbnz	x3, cpu_park
	str	x1, [x9]
	dsb	sy
	elect_ticks ELECT_DELAY_DIV
	mrs	x7, cntvct_el0
	mov	x6, #ELECT_SPINS
5:	mrs	x5, cntvct_el0
	sub	x5, x5, x7
	cmp	x5, x4
	b.hs	6f
	subs	x6, x6, #1
	b.ne	5b
6:	ldr	x3, [x9]
	cmp	x3, x1
	b.ne	cpu_park			// another CPU claimed after us
	mov	x8, #ELECT_BY_TIMEOUT
	b	.Lelect_won
SYM_FUNC_END(boot_cpu_elect)

	.balign	8
boot_claim_offset:				// link-time constant: no relocation
	.quad	boot_claim - boot_claim_offset

/*
 * refuse_el3: booting.rst requires EL2 or non-secure EL1.  At EL3 there is
 * no firmware below us to power off through, so say why and halt.  Only
 * the boot CPU gets here (boot_cpu_elect).
 * In:  lr = return address.  MMU off.
 * Out: returns below EL3; at EL3 it does not return.
 * Clobbers: x0-x4 (only when it does not return).
 */
SYM_FUNC_START(refuse_el3)
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL3
	b.eq	1f
	ret
1:	adr	x0, msg_el3
	bl	asm_puts
	adr	x0, msg_el3_halted
	bl	asm_puts
	b	cpu_park
SYM_FUNC_END(refuse_el3)

/*
 * cpu_park: stop this CPU for good, in a low-power loop that reads no
 * memory (wfi wakes on a pending interrupt even when masked; then it waits
 * again).  Position independent: any EL, MMU on or off.  C: cpu_park().
 * In:  nothing.  Does not return.
 */
SYM_FUNC_START(cpu_park)
	.globl	__pi_cpu_park			// early C halts here too
__pi_cpu_park:
	msr	daifset, #0xf
1:	wfi
	b	1b
SYM_FUNC_END(cpu_park)

/*
 * dcache_clean_inval_poc(start, end): clean and invalidate [start, end)
 * to the Point of Coherency, by VA.  Safe with the MMU off or on.
 * Eight lines per iteration, 19 instructions: 2.4 a line (a DC takes no
 * offset, so one ADD per line remains).
 * In:  x0 = start, x1 = end.  Clobbers: x0, x2-x5.  Called from C too.
 */
#define DCACHE_UNROLL_SHIFT	3		/* 8 lines per iteration */
SYM_FUNC_START(dcache_clean_inval_poc)
	.globl	__pi_dcache_clean_inval_poc	// early C calls it too
__pi_dcache_clean_inval_poc:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #CTR_EL0_DMINLINE_SHIFT, #4	// log2(words)
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
 * misaligned_image: the image is not even 4 KiB aligned, so no C (ADRP)
 * can run.  Say so on the fallback console and power off.
 * In:  phys_base, entry_el.  MMU off, no stack.  Does not return.
 */
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
	mov_q	x0, PSCI_0_2_FN_SYSTEM_OFF
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
 * asm_putc: one character on the fallback PL011 (relok/pl011.h), waiting
 * for room in its FIFO at most PL011_TX_POLLS polls: a UART that never
 * drains makes the calling routine return with the rest unsaid, rather
 * than hang.  No device tree has been read, so nothing says this is a
 * PL011; the bound keeps the guess harmless.
 * In:  \chr = character (w), \base = UART base.  Clobbers \tmp, \cnt.
 */
	.macro	asm_putc, base, chr, tmp, cnt
	mov	\cnt, #PL011_TX_POLLS
.Lpoll\@:
	ldr	\tmp, [\base, #PL011_UARTFR]
	tbz	\tmp, #PL011_UARTFR_TXFF_BIT, .Lroom\@
	subs	\cnt, \cnt, #1
	b.ne	.Lpoll\@
	ret					// never drained: give up
.Lroom\@:
	strb	\chr, [\base, #PL011_UARTDR]
	.endm

/*
 * asm_puts(str) / asm_puthex(value): print on the fallback PL011 with
 * ADR-only addressing, no stack.  Leaf routines.
 * In:  x0 = NUL-terminated string / value.  Clobbers x0-x5.
 */
asm_puts:
	mov_q	x2, FALLBACK_UART_PHYS
1:	ldrb	w1, [x0], #1
	cbz	w1, 2f
	asm_putc x2, w1, w3, x5
	b	1b
2:	ret

asm_puthex:
	mov_q	x2, FALLBACK_UART_PHYS
	mov	x4, #60
1:	lsr	x1, x0, x4
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x3, x1, #'0'
	add	x1, x1, #('a' - 10)
	csel	x1, x3, x1, lo
	asm_putc x2, w1, w3, x5
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
msg_el3:
	.asciz	"relok: panic: entered at EL3\r\n"
msg_el3_halted:
	.asciz	"relok: halted: no firmware below EL3 to power off through (booting.rst: enter at EL2 or non-secure EL1)\r\n"
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
 * secondary_entry: where PSCI CPU_ON starts a secondary CPU (contract in
 * the header comment).  Physical, in the identity-mapped page, so the
 * instruction after the MMU switch is still there.
 * In:  x0 = logical CPU number.  MMU and caches off, EL2 or EL1.
 * Out: does not return; continues at secondary_switched with x19 = CPU
 *      number, x20 = entry EL, x22 = VA of its struct cpu_info, x23 = VA
 *      of its stack top.
 */
SYM_FUNC_START(secondary_entry)
	msr	daifset, #0xf
	mov	x19, x0
	bl	el2_to_el1			// the same drop as the boot CPU
	mov	x20, x0
	mov_q	x0, SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	mov_q	x0, CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	isb

	cmp	x19, #NR_CPUS			// a context we did not give: stop
	b.hs	cpu_park
	adr_l	x21, cpu_info
	add	x21, x21, x19, lsl #CPU_INFO_SHIFT
	ldr	x1, [x21, #CPU_BOOT_TTBR1]
	cbz	x1, cpu_park			// record not armed by smp.c
	ldr	x0, [x21, #CPU_BOOT_TTBR0]
	ldr	x3, [x21, #CPU_BOOT_VIRT_BASE]
	ldr	x22, [x21, #CPU_BOOT_SELF]
	ldr	x23, [x21, #CPU_BOOT_STACK]
	adr_l	x2, secondary_switched		// its physical address ...
	adr_l	x4, __image_header
	sub	x2, x2, x4
	add	x2, x2, x3			// ... becomes its virtual one
	b	enable_mmu_and_jump
SYM_FUNC_END(secondary_entry)

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

	drop_idmap x0

	adr_l	x0, boot_info
	bl	start_kernel
	b	.
SYM_FUNC_END(primary_switched)

/*
 * secondary_switched: a secondary's first code at the virtual address.
 * In:  x19-x23 as secondary_entry leaves them.  MMU on, identity map live.
 * Out: enters secondary_start_kernel(info, entry EL); never returns.
 */
SYM_FUNC_START(secondary_switched)
	mov	sp, x23
	msr	tpidr_el1, x22
	adr_l	x0, vectors
	msr	vbar_el1, x0
	drop_idmap x0
	mov	x0, x22
	mov	w1, w20
	bl	secondary_start_kernel
	b	cpu_park
SYM_FUNC_END(secondary_switched)

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
	.globl	entry_state
entry_state:
	.space	ENTRY_STATE_SIZE

	/* In .data, not BSS: stray CPUs read it while the boot CPU clears BSS. */
	.data
	.balign	8
boot_claim:
	.quad	0
