// SPDX-License-Identifier: MIT
/* First of two modules: exports a function and a variable to the second. */
#include <relok/module.h>
#include <relok/printk.h>

int moda_bias = 100;

int moda_add(int a, int b)
{
	return a + b + moda_bias;
}

EXPORT_SYMBOL(moda_add);
EXPORT_SYMBOL(moda_bias);

int module_init(void)
{
	printk("moda: exporting moda_add and moda_bias=%d\n", moda_bias);
	return 0;
}
