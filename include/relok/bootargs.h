/* SPDX-License-Identifier: MIT */
#ifndef RELOK_BOOTARGS_H
#define RELOK_BOOTARGS_H

#include <stdbool.h>
#include <stdint.h>

struct boot_info;

/* Find /chosen/bootargs in the DTB (through its fixmap alias). */
void bootargs_init(const struct boot_info *bi);
/* The whole command line ("" if none) and its length. */
const char *bootargs(uint32_t *len);
/* A bare word ("nokaslr"). */
bool bootarg_has(const char *word);
/* key=value; *val is not NUL-terminated. */
bool bootarg_get(const char *key, const char **val, uint32_t *vlen);
/*
 * Is the token tok[0..tlen) a boot argument of the registry in
 * kernel/bootargs.c (register new arguments there)?
 */
bool bootarg_known(const char *tok, uint32_t tlen);
/* Boot report: relok: cmdline "..." and one warning per unknown argument. */
void bootargs_report(void);

#endif
