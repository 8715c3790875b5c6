/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules (kernel/module.c; docs/modules.md).
 *
 * A module is an ELF relocatable object (ET_REL, "*.ko") delivered in the
 * initrd.  It defines "int module_init(void)", called once it is loaded,
 * and may EXPORT_SYMBOL() (relok/export.h) for modules loaded after it.
 */
#ifndef RELOK_MODULE_H
#define RELOK_MODULE_H

#include <relok/export.h>

struct boot_info;

/* The entry point every module defines. */
#define MODULE_INIT_SYMBOL	"module_init"

/*
 * Load every *.ko of the initrd in archive order (or only those that
 * modules=a,b in bootargs names), one boot report line each.  A module that
 * fails is reported and skipped; nothing here stops the boot.
 */
void load_modules(const struct boot_info *bi);

#endif
