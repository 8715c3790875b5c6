/* SPDX-License-Identifier: MIT */
/*
 * What every host tool in scripts/ shares: its exit codes, one way to say
 * why it failed, allocation that never fails quietly, and whole-file I/O.
 * A tool names itself once, at file scope: TOOL_NAME("relr_pack");
 */
#ifndef SCRIPTS_TOOL_H
#define SCRIPTS_TOOL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "relok/diag.h"

#define TOOL_EXIT_OK	0
#define TOOL_EXIT_CHECK	1	/* the input is well formed but fails what the tool checks,
				   or lacks what it looks for (each tool's --help says) */
#define TOOL_EXIT_BAD	2	/* usage error or bad input */

extern const char tool_name[];
#define TOOL_NAME(name)	const char tool_name[] = name

/*
 * "<tool>: <message>" on stderr; returns code, for "return tool_fail(...)".
 * A message about a file starts with its path: "%s: ...", path.
 */
int tool_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * tool_fail's core, for a tool's own wrapper that adds to every message
 * (relocs_check counts its violations): "<tool>: <path>: <message>", or
 * "<tool>: <message>" when path is NULL.
 */
int tool_vfail(int code, const char *path, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* "<tool>: <path>: <subsys>: <what> [0x<value>]" for a diag from lib/. */
int tool_fail_diag(int code, const char *path, const struct diag *d);

/*
 * The same with what the diag is about between path and reason (a
 * section, a symbol): "<tool>: <path>: <context>: <subsys>: <what> ...".
 */
int tool_fail_diag_at(int code, const char *path, const char *context, const struct diag *d);

/* Zeroed memory for n objects of size bytes; out of memory exits (TOOL_EXIT_BAD). */
void *tool_alloc(size_t n, size_t size);

/*
 * The array p, with room for at least need objects of size bytes; *cap is
 * its capacity in objects, doubled as needed.  Out of memory exits.
 *	list = tool_grow(list, &cap, n + 1, sizeof(*list));
 */
void *tool_grow(void *p, size_t *cap, size_t need, size_t size);

/* As slack: as many bytes of room as the file itself has. */
#define TOOL_ROOM_FOR_COPY	((size_t)-1)

/*
 * The whole regular file at path in a malloc'd buffer (malloc alignment
 * is what elf_open needs), followed by slack zeroed bytes of room.  On
 * failure returns NULL and *why says why (strerror text or a fixed
 * message); the caller prints it its own way.
 */
void *tool_read_file(const char *path, uint64_t *size, size_t slack, const char **why);

/*
 * Replace path with buf: write "<path>.tmp", give it the old file's mode
 * if there was one, then rename, so a failure never leaves half a file.
 */
bool tool_write_file(const char *path, const void *buf, uint64_t size, const char **why);

#endif
