// SPDX-License-Identifier: MIT
/* The hello module: calls kernel functions and reads kernel data. */
#include <asm/boot_info.h>
#include <relok/module.h>
#include <relok/printf.h>
#include <relok/printk.h>
#include <relok/string.h>

static const char greeting[] = "hello from a module";

int module_init(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s (%u bytes)", greeting, (unsigned int)strlen(greeting));
	printk("hello: %s\n", buf);
	printk("hello: kernel virt=0x%lx\n", boot_info.virt_base);
	return 0;
}
