// SPDX-License-Identifier: MIT
/*
 * kexec's planning steps that need no hardware (include/relok/kexec.h):
 * judging an Image header, deriving the next command line, choosing the
 * next kernel's slot.  Freestanding and printing nothing, so the host tests
 * run exactly this code (both ends are little-endian AArch64 or x86-64).
 */
#include <asm/image.h>
#include <relok/cmdline.h>
#include <relok/kexec.h>
#include <relok/string.h>

#define DIAG_SUBSYS	"kexec"

#define GZIP_MAGIC0		0x1f
#define GZIP_MAGIC1		0x8b
#define CHAIN_KEY		"kexec.chain"
#define KEXEC_KEY		"kexec"
#define DECIMAL_MAX_DIGITS	10

/* Little-endian fields, copied out: the file sits 4-byte aligned in the cpio. */
static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

bool kexec_image_check(const uint8_t *file, uint64_t size, uint64_t max_slot,
		       struct kexec_image *img, struct diag *d)
{
	uint64_t flags;

	if (size >= 2 && file[0] == GZIP_MAGIC0 && file[1] == GZIP_MAGIC1)
		return diag_fail(d, "compressed: a gzip file, not an Image (decompress it first)",
				 size);
	if (size < ARM64_IMAGE_HEADER_SIZE)
		return diag_fail(d, "bad-image: shorter than the 64-byte arm64 Image header", size);
	if (le32(file + ARM64_IMAGE_MAGIC_AT) != ARM64_IMAGE_MAGIC)
		return diag_fail(d, "bad-magic: not an arm64 Image (no \"ARM\\x64\" at offset 56)",
				 le32(file + ARM64_IMAGE_MAGIC_AT));
	flags = le64(file + ARM64_IMAGE_FLAGS_AT);
	if (flags & ARM64_IMAGE_FLAG_BE)
		return diag_fail(d, "bad-image: a big-endian Image", flags);
	if ((flags >> ARM64_IMAGE_PAGE_SHIFT & ARM64_IMAGE_PAGE_MASK) > 1)
		return diag_fail(d, "bad-image: the Image needs 16K or 64K pages", flags);
	img->text_offset = le64(file + ARM64_IMAGE_TEXT_OFFSET_AT);
	img->image_size = le64(file + ARM64_IMAGE_SIZE_AT);
	/* booting.rst: image_size 0 is a kernel older than 3.17, size unknown. */
	if (!img->image_size)
		return diag_fail(d, "bad-image: image_size is 0 (a pre-3.17 Image)", 0);
	if (img->text_offset > max_slot || img->image_size > max_slot - img->text_offset)
		return diag_fail(d, "image-too-large: image_size is beyond RAM", img->image_size);
	/* A signed Image may carry its signature past image_size: not loaded. */
	img->load_size = size < img->image_size ? size : img->image_size;
	img->anywhere = (flags & ARM64_IMAGE_FLAG_ANYWHERE) != 0;
	return true;
}

bool kexec_parse_u32(const char *val, uint32_t len, uint32_t *out)
{
	uint64_t v = 0;
	uint32_t i;

	if (!len || len > DECIMAL_MAX_DIGITS)
		return false;
	for (i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(val[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Is tok "key=..."? */
static bool is_key(const char *tok, uint32_t tlen, const char *key)
{
	uint32_t i;

	for (i = 0; key[i]; i++)
		if (i >= tlen || tok[i] != key[i])
			return false;
	return i < tlen && tok[i] == '=';
}

/* Append n bytes; false once they (and the NUL that follows) do not fit. */
static bool put(char *out, uint32_t cap, uint32_t *at, const char *s, uint32_t n)
{
	uint32_t i;

	if (n >= cap - *at)
		return false;
	for (i = 0; i < n; i++)
		out[(*at)++] = s[i];
	return true;
}

int64_t kexec_next_cmdline(const char *cur, uint32_t len, char *out, uint32_t cap,
			   struct diag *d)
{
	const char *val, *tok;
	uint32_t vlen, tlen, pos = 0, at = 0, chain = 1;
	char num[DECIMAL_MAX_DIGITS + 1];
	uint32_t nlen = 0;

	if (!cap)
		return diag_fail(d, "cmdline-too-long: no room at all", 0), -1;
	if (cmdline_get(cur, len, CHAIN_KEY, &val, &vlen) &&
	    (!kexec_parse_u32(val, vlen, &chain) || !chain))
		return diag_fail(d, "bad-argument: kexec.chain must be a number from 1", vlen), -1;
	if (chain > 1) {
		uint32_t v = chain - 1;
		char rev[DECIMAL_MAX_DIGITS];
		uint32_t r = 0;

		do {
			rev[r++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (r)
			num[nlen++] = rev[--r];
	}
	while (cur && cmdline_next(cur, len, &pos, &tok, &tlen)) {
		const bool is_chain = is_key(tok, tlen, CHAIN_KEY);

		if (chain <= 1 && (is_chain || is_key(tok, tlen, KEXEC_KEY)))
			continue;
		if ((at && !put(out, cap, &at, " ", 1)) ||
		    (is_chain ? !put(out, cap, &at, tok, sizeof(CHAIN_KEY)) ||
				!put(out, cap, &at, num, nlen)
			      : !put(out, cap, &at, tok, tlen)))
			return diag_fail(d, "cmdline-too-long: the next command line does not fit",
					 cap), -1;
	}
	out[at] = '\0';
	return at;
}

#define AVOID_MAX	32	/* avoid entries looked at; KEXEC_HISTORY_MAX + the running kernel fit */

/* First candidate base in r and how many there are (0: none). */
static uint64_t range_slots(const struct mem_range *r, uint64_t size, uint64_t align,
			    uint64_t *first)
{
	const uint64_t start = (r->start + align - 1) & ~(align - 1);

	if (start < r->start || start >= r->end || r->end - start < size)
		return 0;
	*first = start;
	return (r->end - start - size) / align + 1;
}

/*
 * The candidate indexes of r that avoid names, sorted and distinct, in
 * idx[]; returns how many.
 */
static uint32_t avoided_in(uint64_t first, uint64_t slots, uint64_t align, const uint64_t *avoid,
			   uint32_t navoid, uint64_t idx[AVOID_MAX])
{
	uint32_t i, j, n = 0;

	for (i = 0; i < navoid && i < AVOID_MAX; i++) {
		uint64_t k;

		if (avoid[i] < first || (avoid[i] - first) & (align - 1))
			continue;
		k = (avoid[i] - first) / align;
		if (k >= slots)
			continue;
		for (j = 0; j < n && idx[j] != k; j++)
			;
		if (j < n)
			continue;			/* listed twice */
		for (j = n++; j > 0 && idx[j - 1] > k; j--)
			idx[j] = idx[j - 1];
		idx[j] = k;
	}
	return n;
}

/*
 * Count the candidates outside avoid (pick == UINT64_MAX), or store the
 * pick-th of them in *base.  Per range: its candidates form an arithmetic
 * sequence, less the few avoided indexes.
 */
static uint64_t walk_slots(const struct mem_range *free, uint32_t n, uint64_t size,
			   uint64_t align, const uint64_t *avoid, uint32_t navoid, uint64_t pick,
			   uint64_t *base)
{
	uint64_t count = 0, first = 0, slots, idx[AVOID_MAX];
	uint32_t i, j, nav;

	for (i = 0; i < n; i++) {
		slots = range_slots(&free[i], size, align, &first);
		if (!slots)
			continue;
		nav = avoided_in(first, slots, align, avoid, navoid, idx);
		if (pick != UINT64_MAX && pick - count < slots - nav) {
			uint64_t k = pick - count;

			/* The k-th index not avoided: step over each avoided one at or below it. */
			for (j = 0; j < nav; j++)
				if (idx[j] <= k)
					k++;
			*base = first + k * align;
			return pick;
		}
		count += slots - nav;
	}
	return count;
}

bool kexec_choose_slot(const struct mem_range *free, uint32_t n, uint64_t size, uint64_t align,
		       const uint64_t *avoid, uint32_t navoid, uint64_t rnd, bool lowest,
		       uint64_t *base)
{
	uint64_t count;

	if (!size || !align || (align & (align - 1)))
		return false;
	count = walk_slots(free, n, size, align, avoid, navoid, UINT64_MAX, base);
	if (!count) {
		/* Only the avoided bases are left: better reused than no kexec. */
		navoid = 0;
		count = walk_slots(free, n, size, align, avoid, 0, UINT64_MAX, base);
		if (!count)
			return false;
	}
	/* rnd * count / 2^64: uniform over [0, count) to 1 part in 2^64 / count. */
	walk_slots(free, n, size, align, avoid, navoid,
		   lowest ? 0 : (uint64_t)(((unsigned __int128)rnd * count) >> 64), base);
	return true;
}
