/* SPDX-License-Identifier: MIT */
/*
 * A small flattened device tree *writer*: just what a boot loader stage
 * (the EFI stub) needs to hand the kernel an edited DTB -- set or add a
 * property of a node, add /chosen, add memory reservation entries.
 *
 * Model: the caller owns a buffer of `capacity` bytes.  fdt_rw_open()
 * copies a blob into it in the canonical packed layout
 *     header | reservation map | structure block | strings block | free
 * and every edit keeps that layout, so the blob is always valid, packed
 * (totalsize = used bytes) and readable with <relok/fdt.h>: edits insert or
 * remove bytes and move what follows inside the buffer.  Nothing is
 * allocated; an edit that does not fit fails with "no room" (subsystem "dtb") and
 * leaves the blob unchanged.
 *
 * Like the reader: byte-wise multi-byte accesses, no pointer in static
 * data, no printing (errors go to a struct diag).
 */
#ifndef RELOK_FDT_RW_H
#define RELOK_FDT_RW_H

#include <stdbool.h>
#include <stdint.h>
#include <relok/diag.h>
#include <relok/fdt.h>

struct fdt_rw {
	uint8_t *blob;		/* the buffer (8-byte aligned) */
	uint32_t capacity;	/* its size in bytes */
	struct fdt fdt;		/* reader view, refreshed after every edit */
};

/*
 * Validate src (avail bytes readable) and copy it into buf in packed layout.
 * buf and src must not overlap.  False + diag if src is not a valid DTB or
 * does not fit.
 */
bool fdt_rw_open(struct fdt_rw *rw, void *buf, uint32_t capacity, const void *src,
		 uint64_t avail, struct diag *d);

/* Bytes of the buffer in use (the blob's totalsize). */
uint32_t fdt_rw_size(const struct fdt_rw *rw);

/*
 * Node at an absolute path such as "/chosen"; if it is missing and its
 * parent exists, an empty node is added as the parent's first child.
 * Returns the node handle (>= 0) or a negative FDT_* code with a diag.
 */
int32_t fdt_rw_node(struct fdt_rw *rw, const char *path, struct diag *d);

/* Set property name of node to len bytes of val (replacing or adding it).
 * Node handles change after any edit: look them up again. */
bool fdt_rw_setprop(struct fdt_rw *rw, int32_t node, const char *name, const void *val,
		    uint32_t len, struct diag *d);

/* Convenience: a big-endian 64-bit value, a NUL-terminated string. */
bool fdt_rw_setprop_u64(struct fdt_rw *rw, int32_t node, const char *name, uint64_t v,
			struct diag *d);
bool fdt_rw_setprop_string(struct fdt_rw *rw, int32_t node, const char *name,
			   const char *s, struct diag *d);

/* Append a memory reservation entry (/memreserve/ addr size). */
bool fdt_rw_add_rsv(struct fdt_rw *rw, uint64_t addr, uint64_t size, struct diag *d);

#endif
