/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing memory that may not be mapped, or not writable,
 * without crashing: the access runs at an instruction listed in the
 * exception table, so a fault resumes with an error instead of reaching
 * the crash report.  For probing hardware, debugging aids, checking
 * permissions.  Kernel (EL1) addresses only, MMU on.
 */
#ifndef RELOK_PROBE_H
#define RELOK_PROBE_H

#include <stddef.h>
#include <stdint.h>

/* Returned negated. */
#define PROBE_EFAULT	14	/* the access faulted (same value as EX_EFAULT) */
#define PROBE_EINVAL	22	/* size is not 1, 2, 4 or 8 */

/*
 * Copy size bytes (1, 2, 4 or 8: one access of that width) from the
 * address src_addr to dst.  Returns 0, -PROBE_EFAULT if the access
 * faulted (dst then gets zeros, so nothing stale is mistaken for data) or
 * -PROBE_EINVAL (dst untouched).
 */
int probe_read(void *dst, uint64_t src_addr, size_t size);

/*
 * Copy size bytes (1, 2, 4 or 8: one access of that width) from src to the
 * address dst_addr.  Returns 0, -PROBE_EFAULT if the store faulted (memory
 * unchanged) or -PROBE_EINVAL.
 */
int probe_write(uint64_t dst_addr, const void *src, size_t size);

#endif
