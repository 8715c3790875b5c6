/* SPDX-License-Identifier: MIT */
#ifndef RELOK_STRING_H
#define RELOK_STRING_H

#include <stddef.h>

/* The compiler may emit calls to the first three itself. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
