// SPDX-License-Identifier: MIT
/*
 * The code-model lab's cross-module kernel (docs/codegen.md).  Each step
 * calls the other module (lab_lib), calls the kernel (a PLT when the module
 * is placed beyond branch reach, module_placement=far) and reads the
 * kernel's and the other module's tables, the accesses whose code
 * sequences depend on the code model.  Registered with the kernel's lab
 * runner, which counts it like the built-in kernels.
 */
#include <relok/lab.h>
#include <relok/module.h>
#include <relok/printk.h>
#include <relok/string.h>

#define STEPS		512
#define COPY_EVERY	64

static const char name[] = "lab_mod: cross-module kernel";

static uint64_t labmod_run(uint32_t rounds)
{
	uint64_t acc = 0;
	uint32_t x = 1, r, i;
	char buf[sizeof(name)];

	for (r = 0; r < rounds; r++)
		for (i = 0; i < STEPS; i++) {
			x = lablib_mix(x);
			x ^= lab_kernel_step(x);
			acc += lab_kernel_table[x & (LAB_KERNEL_TABLE_SIZE - 1)] +
			       lablib_weights[i & (LABLIB_WEIGHTS - 1)];
			if (!(i % COPY_EVERY)) {
				memcpy(buf, name, sizeof(name));
				acc += strlen(buf);
			}
		}
	return acc ^ x;
}

int module_init(void)
{
	return lab_register("modules", labmod_run);
}
