// SPDX-License-Identifier: MIT
#include <relok/printk.h>
#include <relok/selftest.h>

int selftest_report(const char *name, const char *why)
{
	if (why)
		printk("relok: selftest %s FAIL %s\n", name, why);
	else
		printk("relok: selftest %s ok\n", name);
	return why ? 1 : 0;
}

int selftest_run(const char *name, selftest_fn fn)
{
	return selftest_report(name, fn());
}
