// SPDX-License-Identifier: MIT
#include <relok/printk.h>
#include <relok/selftest.h>

int selftest_run(const char *name, selftest_fn fn)
{
	const char *why = fn();

	if (why)
		printk("relok: selftest %s FAIL %s\n", name, why);
	else
		printk("relok: selftest %s ok\n", name);
	return why ? 1 : 0;
}
