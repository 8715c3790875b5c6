/* SPDX-License-Identifier: MIT */
#ifndef RELOK_PL011_H
#define RELOK_PL011_H

#include <stdint.h>

/* Write a NUL-terminated string to the PL011 at base (PA with the MMU off,
 * its fixmap alias after), turning "\n" into "\r\n". */
void pl011_puts(uint64_t base, const char *s);

#endif
