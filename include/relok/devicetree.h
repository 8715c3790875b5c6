/* SPDX-License-Identifier: MIT */
#ifndef RELOK_DEVICETREE_H
#define RELOK_DEVICETREE_H

#include <stdbool.h>
#include <relok/fdt.h>

struct boot_info;

/*
 * The device tree once the MMU is on: validated once (fdt_init is a full
 * walk of the blob), through its read-only fixmap alias, and shared by
 * everything that reads it after that.
 */
void devicetree_init(const struct boot_info *bi);
/* The validated view, or NULL (with a warning printed at init) if none. */
const struct fdt *devicetree(void);
/* /chosen, read from the shared view; false if there is no usable tree. */
bool devicetree_chosen(struct fdt_chosen *ch);

/*
 * The initrd /chosen names, [*start, *end) physical, for the module loader
 * and kexec.  DT_INITRD_OK: inside one RAM bank.  DT_INITRD_NOT_IN_RAM:
 * named (start and end set) but not inside a bank.  DT_INITRD_OVER_IMAGE,
 * DT_INITRD_OVER_DTB: named, but sharing bytes with the kernel image or the
 * DTB, so what is there now is not what the loader put there.
 */
enum {
	DT_INITRD_OK = 1, DT_INITRD_NONE = 0, DT_INITRD_UNREADABLE = -1, DT_INITRD_NOT_IN_RAM = -2,
	DT_INITRD_OVER_IMAGE = -3, DT_INITRD_OVER_DTB = -4,
};
int devicetree_initrd(const struct boot_info *bi, uint64_t *start, uint64_t *end);

#endif
