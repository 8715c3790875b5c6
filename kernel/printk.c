// SPDX-License-Identifier: MIT
#include <relok/pl011.h>
#include <relok/printf.h>
#include <relok/printk.h>

#define PRINTK_LINE_MAX	512

static uint64_t console_base;	/* 0: no console */

void console_init(uint64_t uart_virt)
{
	console_base = uart_virt;
}

void vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];

	if (!console_base)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	/* A UART that stops draining is dropped: the kernel carries on without one. */
	if (!pl011_puts(console_base, line))
		console_base = 0;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
