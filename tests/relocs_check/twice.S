/* SPDX-License-Identifier: MIT */
/*
 * Two pointers more than two RELR windows (63 words each) apart, so that a packed
 * table holds two address entries; tests/relocs_check/run.sh then makes
 * the second name the first word again (issue 15, finding 1).
 */
	.data
	.balign	8
	.globl	twice_first
twice_first:
	.quad	twice_first
	.space	8 * 200
	.globl	twice_second
twice_second:
	.quad	twice_second
