/* SPDX-License-Identifier: MIT */
/*
 * Reader for "newc" cpio archives (the initramfs format, `cpio -o -H newc`):
 * each member is a 110-byte ASCII header ("070701" or "070702", then 13
 * eight-digit hex fields), the NUL-terminated name padded so the data starts
 * 4-byte aligned, the data padded to 4 bytes; "TRAILER!!!" ends the archive.
 *
 * Shared by the kernel and the host tests: freestanding, no printing, every
 * field checked against the archive bounds before use (errors: subsystem "cpio").
 */
#ifndef RELOK_CPIO_H
#define RELOK_CPIO_H

#include <stdbool.h>
#include <stdint.h>

#include <relok/diag.h>

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	uint32_t namesize;	/* including the NUL */
	uint32_t mode;		/* st_mode: type and permission bits */
	const uint8_t *data;
	uint32_t size;
};

#define CPIO_MODE_TYPE_MASK	0170000u
#define CPIO_MODE_REGULAR	0100000u

/*
 * The member at *pos of buf[0..size).  Returns 1 and advances *pos past the
 * member, 0 at the trailer (or at the end of the buffer, which the kernel
 * allows for archives padded with zeros), -1 with a diag on a malformed
 * member.
 */
int cpio_next(const uint8_t *buf, uint64_t size, uint64_t *pos, struct cpio_entry *e,
	      struct diag *d);

/*
 * The regular file called name[0..namelen) (need not be NUL-terminated; a
 * leading "/" or "./" on it or on the member is ignored).  1 and *e filled
 * in if found, 0 if not, -1 with a diag on a malformed archive.
 */
int cpio_find(const uint8_t *buf, uint64_t size, const char *name, uint32_t namelen,
	      struct cpio_entry *e, struct diag *d);

#endif
