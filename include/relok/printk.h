/* SPDX-License-Identifier: MIT */
#ifndef RELOK_PRINTK_H
#define RELOK_PRINTK_H

#include <stdarg.h>
#include <stdint.h>
#include <relok/compiler.h>

/* Console output after the MMU is on; a no-op until console_init() and
 * with uart_virt 0 (no console). */
void console_init(uint64_t uart_virt);
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

/* "relok: panic: <reason>", then PSCI SYSTEM_OFF (or "relok: halted: ..."). */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

#endif
