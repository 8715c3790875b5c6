/* SPDX-License-Identifier: MIT */
/*
 * kexec: after "relok: ready", load another kernel Image from the initrd
 * and hand over to it through the purgatory (docs/kexec.md).
 *
 * Boot arguments (README "Boot report"):
 *   kexec=<path>          the Image, a file in the initrd
 *   kexec.initrd=<path>   the next kernel's initrd (default: this one)
 *   kexec.cmdline=<path>  a file holding its command line (default: this
 *                         one, kexec.chain decremented)
 *   kexec.chain=<n>       n handovers in a row
 *   kexec.corrupt=<i>     test only: flip a bit of staged segment i after
 *                         its digest was taken
 *   kexec.purgatory=<path> measurement only: a purgatory from the initrd,
 *                         ET_DYN (program headers) or ET_REL (sections)
 *
 * The pure planning steps (lib/kexec_plan.c) are shared with the host tests.
 */
#ifndef RELOK_KEXEC_H
#define RELOK_KEXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <relok/diag.h>
#include <relok/page_alloc.h>

struct boot_info;

/*
 * The longest next command line, with its NUL: Linux's arm64
 * COMMAND_LINE_SIZE, the /chosen/bootargs a kernel reads whole.
 */
#define KEXEC_CMDLINE_MAX	2048
/* Previous kernels' physical bases the next slot avoids (relok,kexec-history). */
#define KEXEC_HISTORY_MAX	16
/* Bytes of /chosen/rng-seed given to the next kernel. */
#define KEXEC_RNG_SEED_BYTES	32

/* ---- kernel/kexec.c ---- */

/* In the boot report: "relok: kexec booted-from-kexec generation=<g>". */
void kexec_report_boot(const struct boot_info *bi);
/* After "ready": with kexec=, load and hand over (no return), or print
 * the rejection and return so the caller powers off. */
void kexec_handover(const struct boot_info *bi);

/* ---- lib/kexec_plan.c: pure, shared with the host tests ---- */

/* What an arm64 Image header asks for (booting.rst). */
struct kexec_image {
	uint64_t text_offset;	/* from the 2 MiB-aligned base */
	uint64_t image_size;	/* bytes from the load address the kernel uses */
	uint64_t load_size;	/* bytes of the file to copy: min(file, image_size) */
	bool anywhere;		/* flags bit 3: any 2 MiB-aligned base in RAM */
};

/*
 * Check file[0..size) as an arm64 Image that a slot of max_slot bytes
 * could hold.  Errors name the rejection first ("bad-magic: ...",
 * "image-too-large: ...", "compressed: ...", "bad-image: ...").
 */
bool kexec_image_check(const uint8_t *file, uint64_t size, uint64_t max_slot,
		       struct kexec_image *img, struct diag *d);

/*
 * The next kernel's default command line, from this one's: with
 * kexec.chain=n, n > 1, it keeps kexec= and says kexec.chain=n-1; with
 * n = 1 or no kexec.chain, both are dropped.  Tokens are joined by one
 * space; out gets a NUL.  Returns the length, or -1 with a diag
 * ("bad-argument: ...", "cmdline-too-long: ...") when kexec.chain is not a
 * number from 1 or the result and its NUL do not fit cap bytes.
 */
int64_t kexec_next_cmdline(const char *cur, uint32_t len, char *out, uint32_t cap,
			   struct diag *d);

/* A decimal number, all of val[0..len); false if empty, not digits or > UINT32_MAX. */
bool kexec_parse_u32(const char *val, uint32_t len, uint32_t *out);

/*
 * A base for size bytes, aligned to align (a power of two), inside one of
 * the n free ranges: uniform over every candidate by rnd (the top of
 * rnd * count), the lowest one if lowest.  Bases listed in avoid are left
 * out while any other candidate exists.  false if there is none at all.
 */
bool kexec_choose_slot(const struct mem_range *free, uint32_t n, uint64_t size, uint64_t align,
		       const uint64_t *avoid, uint32_t navoid, uint64_t rnd, bool lowest,
		       uint64_t *base);

#endif
