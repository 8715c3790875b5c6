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

#endif
