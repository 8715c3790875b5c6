// SPDX-License-Identifier: MIT
/* Broken on purpose: calls a function nobody defines. */
#include <relok/module.h>

int missing_function(void);

int module_init(void)
{
	return missing_function();
}
