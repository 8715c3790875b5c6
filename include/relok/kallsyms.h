/* SPDX-License-Identifier: MIT */
#ifndef RELOK_KALLSYMS_H
#define RELOK_KALLSYMS_H

#include <stdint.h>

/*
 * The function containing addr (a running virtual address): its name,
 * offset into it and size.  False if addr is in no known function.
 */
int kallsyms_lookup(uint64_t addr, const char **name, uint64_t *offset, uint64_t *size);

#endif
