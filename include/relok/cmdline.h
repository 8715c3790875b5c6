/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line (/chosen/bootargs) look-ups.  The property need not
 * be NUL-terminated within len; tokens are separated by spaces or tabs.
 * No pointer in static data: early boot uses this before relocation.
 */
#ifndef RELOK_CMDLINE_H
#define RELOK_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The next token of args[*pos..len): its start and length, *pos moved past
 * it; false at the end.  Start with *pos = 0.  Every look-up below splits
 * the line this way.
 */
bool cmdline_next(const char *args, uint32_t len, uint32_t *pos,
		  const char **tok, uint32_t *tlen);
/* Is there a token exactly equal to word ("nokaslr")? */
bool cmdline_has_word(const char *args, uint32_t len, const char *word);
/* The value of the first "key=value" token; *val is not NUL-terminated. */
bool cmdline_get(const char *args, uint32_t len, const char *key,
		 const char **val, uint32_t *vlen);
/* Is word one of the comma-separated items of val ("a,b,c")? */
bool cmdline_list_has(const char *val, uint32_t vlen, const char *word);

#endif
