/* SPDX-License-Identifier: MIT */
/*
 * An absolute reference to a preemptible symbol (defined by a shared
 * library the test links against): the linker must leave a symbolic
 * R_AARCH64_ABS64 dynamic relocation, which the boot pass cannot apply.
 */
	.data
	.balign	8
	.globl	abs_user
abs_user:
	.quad	extern_sym
