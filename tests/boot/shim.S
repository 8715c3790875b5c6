/* SPDX-License-Identifier: MIT */
/*
 * Boot shim for placement and bad-input tests.  QEMU loads this tiny arm64
 * Image with -kernel (at RAM base + SHIM_TEXT_OFFSET) and enters it like a
 * kernel: x0 = DTB.  The shim reads the mailbox one page above itself, which
 * the test fills with -device loader,addr=...,data=...,data-len=8 (lib.sh
 * boot_at does it):
 *   +0   the target: where a second loader put the relok Image
 *   +8   a DTB address to pass instead of QEMU's (0: keep QEMU's), for a
 *        blob a raw loader put in memory, which QEMU cannot repair
 *   +16  nonzero: pass +8 as x0 even when it is 0 (an x0 = 0 entry)
 * and enters the Image per booting.rst: x0 = DTB, x1-x3 = 0, MMU off.
 */
#define SHIM_TEXT_OFFSET	0x07e00000	/* RAM base + 126 MiB, below QEMU's DTB */
#define SHIM_MAILBOX		0x1000
#define MAILBOX_TARGET		0
#define MAILBOX_DTB		8
#define MAILBOX_X0_SET		16
#define MAILBOX_SIZE		24
#define IMAGE_MAGIC		0x644d5241
#define IMAGE_FLAG_4K		(1 << 1)

	.text
/* A local label, so ADR resolves at assembly time: the shim is never linked. */
shim_head:
	b	entry				// code0
	.long	0				// code1
	.quad	SHIM_TEXT_OFFSET		// text_offset
	.quad	SHIM_MAILBOX + MAILBOX_SIZE	// image_size: code plus mailbox
	.quad	IMAGE_FLAG_4K
	.quad	0, 0, 0
	.long	IMAGE_MAGIC
	.long	0

/* In: x0 = DTB.  Out: jumps to the mailbox target with x0 as the mailbox
 * says, x1-x3 = 0.  Clobbers x4-x6. */
entry:
	adr	x4, shim_head
	add	x4, x4, #SHIM_MAILBOX
	ldr	x5, [x4, #MAILBOX_DTB]
	ldr	x6, [x4, #MAILBOX_X0_SET]
	ldr	x4, [x4, #MAILBOX_TARGET]
	orr	x6, x6, x5			// x0 replaced if either is nonzero
	cbz	x6, 1f
	mov	x0, x5
1:
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
