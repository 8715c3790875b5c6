// SPDX-License-Identifier: MIT
#include <relok/printk.h>
#include <relok/psci.h>

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("relok: panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	psci_system_off();
}
