// SPDX-License-Identifier: MIT
/*
 * The code-model lab's library module (docs/codegen.md): a function and a
 * table that modules/lab_mod.c uses across the module boundary, and a call
 * back into the kernel that a far module makes through a PLT.
 */
#include <relok/lab.h>
#include <relok/module.h>
#include <relok/printk.h>

uint32_t lablib_weights[LABLIB_WEIGHTS];

uint32_t lablib_mix(uint32_t x)
{
	return lab_kernel_step(x) + lablib_weights[x & (LABLIB_WEIGHTS - 1)];
}

EXPORT_SYMBOL(lablib_mix);
EXPORT_SYMBOL(lablib_weights);

int module_init(void)
{
	uint32_t state = 7, i;

	for (i = 0; i < LABLIB_WEIGHTS; i++)
		lablib_weights[i] = lab_rand(&state);
	printk("lab_lib: exporting lablib_mix and lablib_weights\n");
	return 0;
}
