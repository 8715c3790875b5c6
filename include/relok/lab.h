/* SPDX-License-Identifier: MIT */
/*
 * The code-model lab (docs/codegen.md): a workload shaped like kernel code,
 * linked in only by "make LAB=1" (make lab), run after the modules are
 * loaded when bootargs has "selftest=lab", and counted with the PMU: the
 * instructions retired (event INST_RETIRED) and the cycle counter for each
 * kernel of the workload.  Each kernel returns a checksum of what it
 * computed; every code model must give the same one.
 */
#ifndef RELOK_LAB_H
#define RELOK_LAB_H

#include <stdint.h>

/* One workload kernel: runs its loop "rounds" times, returns a checksum. */
typedef uint64_t (*lab_kernel_fn)(uint32_t rounds);

#define LAB_MAX_KERNELS		16
#define LAB_DEFAULT_ROUNDS	8
/* Keeps every kernel below 2^32 instructions (a 32-bit event counter). */
#define LAB_MAX_ROUNDS		1000

/* The kernel side of the cross-module kernel (exported to the lab modules). */
#define LAB_KERNEL_TABLE_SIZE	256

/*
 * Add a kernel to the run (a lab module calls it from module_init).
 * Returns 0, or -1 when the table is full (the kernel is then reported
 * as not run).
 */
int lab_register(const char *name, lab_kernel_fn fn);

/* With "selftest=lab": run every kernel, print its counts; 1 if one failed. */
int run_lab(void);

/* Exported to modules: a small mixing step and a table to index. */
uint32_t lab_kernel_step(uint32_t x);
extern const uint32_t lab_kernel_table[LAB_KERNEL_TABLE_SIZE];

/* What module lab_lib exports to module lab_mod (a call and a table in the same region). */
#define LABLIB_WEIGHTS		64
extern uint32_t lablib_weights[LABLIB_WEIGHTS];
uint32_t lablib_mix(uint32_t x);

/* A 32-bit LCG (Numerical Recipes constants): the workload's only "random". */
static inline uint32_t lab_rand(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state;
}

#endif
