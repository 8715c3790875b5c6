/* SPDX-License-Identifier: MIT */
/*
 * Boot shim for placement and entry-state tests.  QEMU loads this tiny
 * arm64 Image with -kernel (at RAM base + SHIM_TEXT_OFFSET) and enters it
 * like a kernel: x0 = DTB.  Or a test loads it raw and starts CPUs at it
 * itself (-device loader,addr=<shim>,cpu-num=<n>: x0 = 0, at the reset
 * EL, EL3 with -M virt,secure=on).  The shim reads what to do from the
 * mailbox one page above itself -- the test fills it with
 *   -device loader,addr=<shim + 0x1000 + offset>,data=<value>,data-len=8
 * (tests/boot/lib.sh: shim_set) -- and enters the relok Image that a
 * second loader put at the target: x0 = DTB, x1-x3 = 0 unless the test
 * asks for a loader that breaks booting.rst.
 */
#include <asm/image.h>
#include <asm/sysreg.h>
#include <relok/psci.h>

#define SHIM_TEXT_OFFSET	0x07e00000	/* RAM base + 126 MiB, below QEMU's DTB */
#define SHIM_MAILBOX		0x1000

/* Mailbox words (offsets from SHIM_MAILBOX); 0 = the default. */
#define MB_TARGET		0	/* where to jump: the relok Image */
#define MB_DTB			8	/* DTB override for x0 */
#define MB_X1			16	/* x1-x3 to enter with (booting.rst: 0) */
#define MB_X2			24
#define MB_X3			32
#define MB_STRAYS		40	/* start MPIDR 1..n at the target first (PSCI CPU_ON) */
#define MB_STRAYS_CONDUIT	48	/* for that: 1 = hvc, 2 = smc */
#define MB_FLAGS		56
#define MB_FLAG_SECURE_EL1	(1 << 0)	/* at EL3: CPU 0 enters at Secure EL1 */

#define SCR_EL3_RW_ST		((1 << 10) | (1 << 11))	/* EL1 AArch64, secure timer at EL1; NS = 0 */

	.text
/* A local label, so ADR resolves at assembly time: the shim is never linked. */
shim_head:
	b	entry				// code0
	.long	0				// code1
	.quad	SHIM_TEXT_OFFSET		// text_offset
	.quad	SHIM_MAILBOX + 64		// image_size: code plus mailbox
	.quad	ARM64_IMAGE_FLAG_PAGE_4K
	.quad	0, 0, 0
	.long	ARM64_IMAGE_MAGIC
	.long	0

/* In: x0 = DTB (or 0).  Out: jumps to the target with x0 = DTB, x1-x3 as asked. */
entry:
	adr	x10, shim_head
	add	x10, x10, #SHIM_MAILBOX
	ldr	x5, [x10, #MB_DTB]
	cbz	x5, 1f
	mov	x0, x5
1:	mov	x9, x0				// x9: the DTB from here on

	/*
	 * A loader that releases every CPU at the kernel's entry point: start
	 * MPIDR 1..n there with the DTB as x0, as if they were boot CPUs.
	 */
	ldr	x6, [x10, #MB_STRAYS]
	ldr	x7, [x10, #MB_STRAYS_CONDUIT]
	mov	x8, #1
2:	cmp	x8, x6
	b.hi	4f
	mov	x0, #(PSCI_0_2_FN64_CPU_ON & 0xffff)
	movk	x0, #(PSCI_0_2_FN64_CPU_ON >> 16), lsl #16
	mov	x1, x8
	ldr	x2, [x10, #MB_TARGET]
	mov	x3, x9
	cmp	x7, #2
	b.eq	3f
	hvc	#0
	b	31f
3:	smc	#0
31:	add	x8, x8, #1
	b	2b

4:	mrs	x5, CurrentEL
	cmp	x5, #CURRENTEL_EL3
	b.ne	6f
	ldr	x5, [x10, #MB_FLAGS]
	tbz	x5, #0, 6f
	/* A secure loader: CPU 0 drops to Secure EL1 at the target, the rest wait. */
	mrs	x5, mpidr_el1
	and	x5, x5, #0xffffff
	cbnz	x5, 7f
	mov	x5, #SCR_EL3_RW_ST
	msr	scr_el3, x5
	mov	x5, #(PSR_DAIF_MASK | PSR_MODE_EL1H)	// EL1h, DAIF masked
	msr	spsr_el3, x5
	ldr	x5, [x10, #MB_TARGET]
	msr	elr_el3, x5
	mov	x0, x9
	ldr	x1, [x10, #MB_X1]
	ldr	x2, [x10, #MB_X2]
	ldr	x3, [x10, #MB_X3]
	isb
	eret

6:	mov	x0, x9
	ldr	x1, [x10, #MB_X1]
	ldr	x2, [x10, #MB_X2]
	ldr	x3, [x10, #MB_X3]
	ldr	x4, [x10, #MB_TARGET]
	br	x4

7:	wfi
	b	7b
