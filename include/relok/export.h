/* SPDX-License-Identifier: MIT */
/*
 * Symbols the kernel (and a module) offers to modules.
 *
 * EXPORT_SYMBOL(name) leaves a marker in the object file: a local absolute
 * symbol __kexport_<name>, which costs nothing at run time.  For the kernel,
 * scripts/gen_exports.sh collects the markers from the kernel objects at
 * build time and writes a table sorted by name (strcmp order) whose entries
 * are 32-bit offsets relative to themselves: the linker resolves them, the
 * boot needs no relocation for them, and the loader finds a name by binary
 * search.  For a module, the loader reads the markers from its symbol table.
 */
#ifndef RELOK_EXPORT_H
#define RELOK_EXPORT_H

#include <stdint.h>

#define EXPORT_MARKER_PREFIX	"__kexport_"

#define EXPORT_SYMBOL(sym)	__asm__(".set " EXPORT_MARKER_PREFIX #sym ", 0")

/* One entry of the generated table (scripts/gen_exports.sh). */
struct kernel_export {
	int32_t addr_off;	/* symbol - &addr_off */
	int32_t name_off;	/* name string - &name_off */
};

/* Address of an exported kernel symbol; 0 if name is not exported. */
uint64_t kernel_export_lookup(const char *name);
/* Number of kernel exports (for the boot report). */
uint32_t kernel_export_count(void);

#endif
