// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the kernel's own relocation code
 * (arch/arm64/kernel/reloc.c, built with RELOC_TRACE so that every access
 * of the boot pass is seen) on arbitrary RELA and RELR tables for a small
 * image linked at KIMAGE_VADDR.
 *
 * Input: byte 0 = how many 24-byte RELA entries follow (mod 9), byte 1
 * picks the displacement, then the RELA entries, then RELR words (a
 * trailing partial word is ignored).  Properties:
 *  - reloc_verify refuses with a "reloc" reason, or accepts;
 *  - on accepted tables the boot pass (reloc_relr_apply, then
 *    reloc_rela_apply, as pi/relocate.c runs them) loads exactly the words
 *    the RELR walk names, once each, stores exactly the words either walk
 *    names, and leaves each with its expected value and every other word
 *    untouched; verify's count is the number of words named;
 *  - reloc_check_applied agrees with the pass when no word is named twice;
 *  - reloc_relr_encode of the walked addresses is no longer than the input
 *    table, walks back to the same addresses and encodes to itself;
 *  - the line table reloc_lines_encode makes of every target drops, with
 *    reloc_lines_inval, exactly the lines that hold one, each once.
 */
#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include <asm/memory.h>
#include <relok/reloc.h>

#define IMG_SIZE	(256u << 10)
#define IMG_WORDS	(IMG_SIZE / 8)
#define IMG_LINES	(IMG_SIZE / RELOC_LINE_MIN)
#define LINK_BASE	KIMAGE_VADDR
#define WRITE_START	(LINK_BASE + (16u << 10))	/* "text" below: no target there */
#define MAX_RELA	8u
#define MAX_RELR	(4096u)

static uint64_t *img;			/* the image the pass works on */
static uint8_t loads[IMG_WORDS], stores[IMG_WORDS], lines_hit[IMG_LINES];
static bool tracing;

static uint64_t orig_word(uint64_t i)
{
	return (i + 1) * 0x9e3779b97f4a7c15ull;
}

/* The boot pass's accesses (RELOC_TRACE): inside the image, aligned, counted. */
static uint64_t word_index(const uint64_t *p)
{
	const uintptr_t a = (uintptr_t)p, base = (uintptr_t)img;

	if (a < base || a >= base + IMG_SIZE || (a - base) % 8)
		fuzz_fail("the pass touched 0x%lx, outside the image or unaligned",
			  (unsigned long)(a - base));
	return (a - base) / 8;
}

uint64_t reloc_trace_load(uint64_t *p);
void reloc_trace_store(uint64_t *p, uint64_t v);
void reloc_trace_inval(uint64_t addr);

uint64_t reloc_trace_load(uint64_t *p)
{
	const uint64_t i = word_index(p);

	if (tracing && loads[i] < 255)
		loads[i]++;
	return *p;
}

void reloc_trace_store(uint64_t *p, uint64_t v)
{
	const uint64_t i = word_index(p);

	if (tracing && stores[i] < 255)
		stores[i]++;
	*p = v;
}

void reloc_trace_inval(uint64_t addr)
{
	const uintptr_t base = (uintptr_t)img;

	if (addr < base || addr >= base + IMG_SIZE || (addr - base) % RELOC_LINE_MIN)
		fuzz_fail("a line dropped outside the image or off a line boundary");
	if (lines_hit[(addr - base) / RELOC_LINE_MIN] < 255)
		lines_hit[(addr - base) / RELOC_LINE_MIN]++;
}

/* What the walks name, word by word. */
struct named {
	uint8_t rela[IMG_WORDS], relr[IMG_WORDS];
	uint64_t addend[IMG_WORDS];	/* the last RELA entry's, as the pass leaves it */
	uint64_t relr_addr[IMG_WORDS];	/* verified: strictly increasing, in the image */
	uint64_t nrelr;
};
static struct named nm;

static uint64_t index_of(uint64_t r_offset)
{
	if (r_offset < LINK_BASE || r_offset - LINK_BASE >= IMG_SIZE || r_offset % 8)
		fuzz_fail("a verified table names 0x%lx, outside the image",
			  (unsigned long)r_offset);
	return (r_offset - LINK_BASE) / 8;
}

static const Elf64_Rela *cur_rela;

static void visit_rela(void *ctx, uint64_t r_offset, uint32_t type)
{
	const uint64_t i = index_of(r_offset);

	(void)ctx;
	fuzz_check(type == R_AARCH64_RELATIVE, "a verified RELA entry of another type");
	nm.rela[i]++;
	nm.addend[i] = (uint64_t)cur_rela->r_addend;
	cur_rela++;
}

static void visit_relr(void *ctx, uint64_t r_offset, uint32_t type)
{
	struct named *n = ctx;

	(void)type;
	n->relr[index_of(r_offset)]++;
	n->relr_addr[n->nrelr++] = r_offset;
}

static void collect_addr(void *ctx, uint64_t r_offset, uint32_t type)
{
	uint64_t *n = ctx;

	(void)type;
	if (*n >= nm.nrelr || nm.relr_addr[*n] != r_offset)
		fuzz_fail("the re-encoded RELR table walks to other addresses");
	(*n)++;
}

static void check_encode(uint64_t nrelr_in)
{
	static Elf64_Relr enc[IMG_WORDS], again[IMG_WORDS];	/* n entries suffice */
	struct diag d;
	uint64_t k, k2, n = 0;

	diag_init(&d);
	k = reloc_relr_encode(nm.relr_addr, nm.nrelr, enc, &d);
	fuzz_check(nm.nrelr == 0 || k > 0, "the walked addresses do not encode");
	fuzz_check(k <= nrelr_in, "the canonical encoding is longer than a valid input");
	fuzz_check(reloc_relr_walk(enc, k, collect_addr, &n, &d), "the encoding does not walk");
	fuzz_check(n == nm.nrelr, "the encoding names fewer addresses");
	/* encoding the same addresses again gives the same table */
	k2 = reloc_relr_encode(nm.relr_addr, nm.nrelr, again, &d);
	fuzz_check(k2 == k && !memcmp(enc, again, k * sizeof(*enc)), "the encoder is not canonical");
}

static void check_lines(void)
{
	static uint64_t off[IMG_WORDS];
	static uint32_t tbl[IMG_WORDS + 2];
	struct diag d;
	uint64_t i, n = 0, k;

	for (i = 0; i < IMG_WORDS; i++)
		if (nm.rela[i] || nm.relr[i])
			off[n++] = i * 8;
	memset(lines_hit, 0, sizeof(lines_hit));
	diag_init(&d);
	k = reloc_lines_encode(off, n, tbl, sizeof(tbl) / sizeof(tbl[0]), &d);
	fuzz_check(n == 0 || k > 0, "the targets do not encode as a line table");
	reloc_lines_inval(tbl, tbl + k, (uint64_t)(uintptr_t)img);
	for (i = 0; i < IMG_LINES; i++) {
		bool holds = false;

		for (uint64_t w = i * (RELOC_LINE_MIN / 8); w < (i + 1) * (RELOC_LINE_MIN / 8); w++)
			holds |= nm.rela[w] || nm.relr[w];
		if (lines_hit[i] != (holds ? 1 : 0))
			fuzz_fail("line %lu dropped %u times, holds a target: %d", (unsigned long)i,
				  lines_hit[i], holds);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static Elf64_Rela rela[MAX_RELA];
	static Elf64_Relr relr[MAX_RELR];
	static uint64_t orig[IMG_WORDS];
	const struct reloc_image ri = {
		.link_base = LINK_BASE, .size = IMG_SIZE,
		.write_start = WRITE_START, .write_end = LINK_BASE + IMG_SIZE,
	};
	struct reloc_image im = ri;
	uint64_t nrela, nrelr, delta, wdelta, count, checked, i;
	bool twice = false;
	struct diag d;

	if (!img && !(img = aligned_alloc(4096, IMG_SIZE)))
		abort();
	if (size < 2)
		return 0;
	nrela = data[0] % (MAX_RELA + 1);
	delta = (uint64_t)data[1] << 21;	/* a 2 MiB-aligned displacement, as KASLR makes */
	data += 2;
	size -= 2;
	if (nrela * sizeof(Elf64_Rela) > size)
		nrela = size / sizeof(Elf64_Rela);
	memcpy(rela, data, nrela * sizeof(Elf64_Rela));
	data += nrela * sizeof(Elf64_Rela);
	size -= nrela * sizeof(Elf64_Rela);
	nrelr = size / sizeof(Elf64_Relr);
	if (nrelr > MAX_RELR)
		nrelr = MAX_RELR;
	memcpy(relr, data, nrelr * sizeof(Elf64_Relr));

	for (i = 0; i < IMG_WORDS; i++)
		orig[i] = img[i] = orig_word(i);
	im.mem = (uint8_t *)img;

	diag_init(&d);
	if (!reloc_verify(&im, rela, nrela, relr, nrelr, &count, &d)) {
		fuzz_check(d.what && !strcmp(d.subsys, "reloc"), "refused without a reloc reason");
		return 0;
	}
	fuzz_check(diag_ok(&d), "accepted with an error recorded");

	memset(&nm.rela, 0, sizeof(nm.rela));
	memset(&nm.relr, 0, sizeof(nm.relr));
	nm.nrelr = 0;
	cur_rela = rela;
	reloc_rela_walk(rela, nrela, visit_rela, NULL);
	fuzz_check(reloc_relr_walk(relr, nrelr, visit_relr, &nm, &d), "verified RELR does not walk");
	fuzz_check(count == nrela + nm.nrelr, "verify counts other than the words named");

	/* The boot pass, as pi/relocate.c runs it. */
	memset(loads, 0, sizeof(loads));
	memset(stores, 0, sizeof(stores));
	wdelta = (uint64_t)(uintptr_t)img - LINK_BASE;
	tracing = true;
	reloc_relr_apply(relr, relr + nrelr, delta, wdelta);
	fuzz_check(reloc_rela_apply(rela, rela + nrela, delta, wdelta) == nrela,
		   "the pass applied another number of RELA entries");
	tracing = false;
	for (i = 0; i < IMG_WORDS; i++) {
		uint64_t want = orig[i];

		if (nm.relr[i])
			want += delta;
		if (nm.rela[i])
			want = nm.addend[i] + delta;
		twice |= nm.relr[i] + nm.rela[i] > 1;
		if (loads[i] != nm.relr[i] || stores[i] != nm.relr[i] + nm.rela[i])
			fuzz_fail("word %lu: %u loads, %u stores; named %u (RELR) + %u (RELA)",
				  (unsigned long)i, loads[i], stores[i], nm.relr[i], nm.rela[i]);
		if (img[i] != want)
			fuzz_fail("word %lu holds 0x%lx, want 0x%lx", (unsigned long)i,
				  (unsigned long)img[i], (unsigned long)want);
	}
	if (!twice) {
		diag_init(&d);
		fuzz_check(reloc_check_applied(&im, rela, nrela, relr, nrelr, LINK_BASE + delta, orig,
					       &checked, &d) && checked == count,
			   "reloc_check_applied disagrees with the pass");
	}
	check_encode(nrelr);
	check_lines();
	return 0;
}
