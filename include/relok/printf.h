/* SPDX-License-Identifier: MIT */
#ifndef RELOK_PRINTF_H
#define RELOK_PRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include <relok/compiler.h>

/*
 * A small vsnprintf: %s %c %d %i %u %x %X %p %%, flags '0' '-', width,
 * precision for %s (also '*'), length modifiers l, ll, z.  Always
 * NUL-terminates when size > 0; returns the length it would have written.
 * Holds no pointer in static data, so early code can use it.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
