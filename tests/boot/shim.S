/* SPDX-License-Identifier: MIT */
/*
 * Boot shim for placement tests.  QEMU loads this tiny arm64 Image with
 * -kernel (at RAM base + SHIM_TEXT_OFFSET) and enters it like a kernel:
 * x0 = DTB.  The shim reads a target address from the mailbox one page
 * above itself -- the test puts it there with
 *   -device loader,addr=<shim + 0x1000>,data=<target>,data-len=8
 * -- and enters the relok Image that a second loader put at that target,
 * per booting.rst: x0 = DTB, x1-x3 = 0, MMU off.
 */
#define SHIM_TEXT_OFFSET	0x07e00000	/* RAM base + 126 MiB, below QEMU's DTB */
#define SHIM_MAILBOX		0x1000
#define IMAGE_MAGIC		0x644d5241
#define IMAGE_FLAG_4K		(1 << 1)

	.text
/* A local label, so ADR resolves at assembly time: the shim is never linked. */
shim_head:
	b	entry				// code0
	.long	0				// code1
	.quad	SHIM_TEXT_OFFSET		// text_offset
	.quad	SHIM_MAILBOX + 16		// image_size: code plus mailbox
	.quad	IMAGE_FLAG_4K
	.quad	0, 0, 0
	.long	IMAGE_MAGIC
	.long	0

/* In: x0 = DTB.  Out: jumps to the mailbox target with x0 kept, x1-x3 = 0. */
entry:
	adr	x4, shim_head
	add	x4, x4, #SHIM_MAILBOX
	ldr	x5, [x4, #8]			// DTB override, 0 = none
	ldr	x4, [x4]
	cbz	x5, 1f
	mov	x0, x5
1:
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
