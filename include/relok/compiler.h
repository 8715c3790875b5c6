/* SPDX-License-Identifier: MIT */
/*
 * Included first in every kernel C file (-include).  Kernel symbols are
 * hidden so that -fpie code reaches them with ADRP/ADD instead of through the
 * GOT: the kernel is one module and has no symbol preemption.
 * CODE_MODEL=small-pie-default (make lab, docs/codegen.md) defines
 * RELOK_DEFAULT_VISIBILITY to measure what the GOT costs.
 */
#ifndef RELOK_COMPILER_H
#define RELOK_COMPILER_H

#if defined(__KERNEL__) && !defined(RELOK_DEFAULT_VISIBILITY)
#pragma GCC visibility push(hidden)
#endif

#define __section(s)	__attribute__((__section__(s)))
#define __aligned(n)	__attribute__((__aligned__(n)))
#define __noreturn	__attribute__((__noreturn__))
#define __used		__attribute__((__used__))
#define __unused	__attribute__((__unused__))
#define __printf(a, b)	__attribute__((__format__(__printf__, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
