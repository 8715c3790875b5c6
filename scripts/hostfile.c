// SPDX-License-Identifier: MIT
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "hostfile.h"

#define TMP_SUFFIX	".tmp"

void *hostfile_read(const char *path, uint64_t *size, size_t slack, const char **why)
{
	struct stat st;
	uint8_t *buf;
	FILE *f;

	if (stat(path, &st)) {
		*why = strerror(errno);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	if (slack == HOSTFILE_ROOM_FOR_COPY)
		slack = (size_t)st.st_size;
	buf = calloc(1, (size_t)st.st_size + slack + 1);
	if (!buf) {
		*why = "out of memory";
	} else if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		*why = "read error";
		free(buf);
		buf = NULL;
	} else {
		*size = (uint64_t)st.st_size;
	}
	fclose(f);
	return buf;
}

bool hostfile_write(const char *path, const void *buf, uint64_t size, const char **why)
{
	const size_t n = strlen(path) + sizeof(TMP_SUFFIX);
	char *tmp = malloc(n);
	struct stat st;
	FILE *f;
	bool ok;

	if (!tmp) {
		*why = "out of memory";
		return false;
	}
	snprintf(tmp, n, "%s" TMP_SUFFIX, path);
	f = fopen(tmp, "wb");
	ok = f && fwrite(buf, 1, (size_t)size, f) == size;
	ok = f && fclose(f) == 0 && ok;
	if (ok && stat(path, &st) == 0)
		ok = chmod(tmp, st.st_mode & 07777) == 0;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		*why = strerror(errno);
		remove(tmp);
	}
	free(tmp);
	return ok;
}
