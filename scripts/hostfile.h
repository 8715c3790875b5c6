/* SPDX-License-Identifier: MIT */
/* File I/O shared by the host tools in scripts/. */
#ifndef SCRIPTS_HOSTFILE_H
#define SCRIPTS_HOSTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* As slack: as many bytes of room as the file itself has. */
#define HOSTFILE_ROOM_FOR_COPY	((size_t)-1)

/*
 * The whole regular file at path in a malloc'd buffer (malloc alignment
 * is what elf_open needs), followed by slack zeroed bytes of room.  On
 * failure returns NULL and *why says why (strerror text or a fixed
 * message); the caller prints it its own way.
 */
void *hostfile_read(const char *path, uint64_t *size, size_t slack, const char **why);

/*
 * Replace path with buf: write "<path>.tmp", give it the old file's mode
 * if there was one, then rename, so a failure never leaves half a file.
 */
bool hostfile_write(const char *path, const void *buf, uint64_t size, const char **why);

#endif
