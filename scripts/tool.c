// SPDX-License-Identifier: MIT
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tool.h"

int tool_vfail(int code, const char *path, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", tool_name);
	if (path)
		fprintf(stderr, "%s: ", path);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return code;
}

int tool_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = tool_vfail(code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int tool_fail_diag_at(int code, const char *path, const char *context, const struct diag *d)
{
	return tool_fail(code, "%s: %s%s" DIAG_FMT " [0x%" PRIx64 "]", path, context ? context : "",
			 context ? ": " : "", DIAG_ARGS(d), d->value);
}

int tool_fail_diag(int code, const char *path, const struct diag *d)
{
	return tool_fail_diag_at(code, path, NULL, d);
}

static void *out_of_memory(void)
{
	tool_fail(TOOL_EXIT_BAD, "out of memory");
	exit(TOOL_EXIT_BAD);
}

void *tool_alloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return out_of_memory();
	p = calloc(n ? n : 1, size ? size : 1);
	return p ? p : out_of_memory();
}

void *tool_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return out_of_memory();
		c *= 2;
	}
	if (size && c > SIZE_MAX / size)
		return out_of_memory();
	p = realloc(p, c * size);
	if (!p)
		return out_of_memory();
	*cap = c;
	return p;
}

#define TMP_SUFFIX	".tmp"

void *tool_read_file(const char *path, uint64_t *size, size_t slack, const char **why)
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
	if (slack == TOOL_ROOM_FOR_COPY)
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

bool tool_write_file(const char *path, const void *buf, uint64_t size, const char **why)
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
