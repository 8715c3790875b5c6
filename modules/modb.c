// SPDX-License-Identifier: MIT
/* Second of two modules: uses what moda exports. */
#include <relok/module.h>
#include <relok/printk.h>

extern int moda_bias;
int moda_add(int a, int b);

int module_init(void)
{
	moda_bias += 1;
	printk("modb: moda_add(2, 3) = %d\n", moda_add(2, 3));
	return 0;
}
