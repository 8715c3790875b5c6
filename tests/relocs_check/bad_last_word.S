/* SPDX-License-Identifier: MIT */
/* A pointer in the image's very last word (placed last by tail.lds): the
 * RELR boot pass may rewrite the word after a target, which is not image. */
	.section .tail, "aw"
	.balign	8
	.globl	last_word
last_word:
	.quad	last_word
