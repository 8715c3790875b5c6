// SPDX-License-Identifier: MIT
/*
 * Flattened device tree writer (see <relok/fdt_rw.h>).
 *
 * Every edit is "make room at an offset, write the new bytes, fix the
 * header": the blob is kept packed (reservation map, structure block,
 * strings block back to back, totalsize = their end), so inserting n bytes
 * at an offset moves everything after it by n and only the header fields
 * of the blocks behind the offset change.  After each edit the reader view
 * is rebuilt with fdt_init(), which re-validates the whole blob: a bug here
 * shows up as a diag, not as a broken DTB handed to the kernel.
 *
 * Format reference: Devicetree Specification v0.4, chapter 5.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <relok/diag.h>
#include <relok/fdt.h>
#include <relok/fdt_format.h>
#include <relok/fdt_rw.h>

#define DIAG_SUBSYS	"dtb"

#define FDT_OUT_VERSION		17u
#define FDT_OUT_LAST_COMP	16u
#define FDT_HEADER_SIZE		FDT_V17_HEADER_SIZE
#define FDT_NAME_MAX		64u	/* node name length we create */

static uint32_t align4(uint32_t n)
{
	return (n + FDT_TOKEN_SIZE - 1) & ~(FDT_TOKEN_SIZE - 1);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

/* Byte copies: the reader's rule, and src/dst may overlap (move). */
static void move_bytes(uint8_t *dst, const uint8_t *src, uint32_t n)
{
	uint32_t i;

	if (dst < src) {
		for (i = 0; i < n; i++)
			dst[i] = src[i];
	} else if (dst > src) {
		while (n--)
			dst[n] = src[n];
	}
}

static void fill_zero(uint8_t *p, uint32_t n)
{
	while (n--)
		*p++ = 0;
}

static uint32_t str_len(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

static uint32_t hdr(const struct fdt_rw *rw, uint32_t field)
{
	return fdt_be32(rw->blob + field);
}

static void set_hdr(struct fdt_rw *rw, uint32_t field, uint32_t v)
{
	put_be32(rw->blob + field, v);
}

uint32_t fdt_rw_size(const struct fdt_rw *rw)
{
	return hdr(rw, FDT_HDR_TOTALSIZE);
}

static bool refresh(struct fdt_rw *rw, struct diag *d)
{
	return fdt_init(&rw->fdt, rw->blob, rw->capacity, d);
}

/*
 * Open a gap of n bytes at offset `at` (everything from `at` to the end
 * moves up) or, for n < 0, remove -n bytes at `at`.  Only the bytes move:
 * the caller fixes the block fields.
 */
static bool shift_tail(struct fdt_rw *rw, uint32_t at, int32_t n, struct diag *d)
{
	const uint32_t total = fdt_rw_size(rw);

	if (n > 0 && (uint64_t)total + (uint32_t)n > rw->capacity)
		return diag_fail(d, "no room for the edit", (uint64_t)total + (uint32_t)n);
	if (n >= 0)
		move_bytes(rw->blob + at + n, rw->blob + at, total - at);
	else
		move_bytes(rw->blob + at, rw->blob + at - n, total - at + n);
	set_hdr(rw, FDT_HDR_TOTALSIZE, (uint32_t)((int64_t)total + n));
	return true;
}

/* Grow (n > 0) or shrink the structure block at an offset inside it. */
static bool resize_struct(struct fdt_rw *rw, uint32_t at, int32_t n, struct diag *d)
{
	if (!shift_tail(rw, at, n, d))
		return false;
	set_hdr(rw, FDT_HDR_SIZE_STRUCT, (uint32_t)((int64_t)hdr(rw, FDT_HDR_SIZE_STRUCT) + n));
	set_hdr(rw, FDT_HDR_OFF_STRINGS, (uint32_t)((int64_t)hdr(rw, FDT_HDR_OFF_STRINGS) + n));
	return true;
}

bool fdt_rw_open(struct fdt_rw *rw, void *buf, uint32_t capacity, const void *src,
		 uint64_t avail, struct diag *d)
{
	struct fdt in;
	uint8_t *out = buf;
	uint32_t rsv_bytes, off_struct, off_strings, total;

	if (!fdt_init(&in, src, avail, d))
		return false;
	rsv_bytes = (in.num_rsv + 1) * FDT_RSV_ENTRY_SIZE;	/* with the terminator */
	off_struct = FDT_HEADER_SIZE + rsv_bytes;
	off_strings = off_struct + in.size_struct;
	total = off_strings + in.size_strings;
	if (total > capacity || capacity > FDT_MAX_SIZE)
		return diag_fail(d, "buffer too small to open the blob", total);

	fill_zero(out, FDT_HEADER_SIZE);
	put_be32(out + FDT_HDR_MAGIC, FDT_MAGIC);
	put_be32(out + FDT_HDR_TOTALSIZE, total);
	put_be32(out + FDT_HDR_OFF_STRUCT, off_struct);
	put_be32(out + FDT_HDR_OFF_STRINGS, off_strings);
	put_be32(out + FDT_HDR_OFF_RSVMAP, FDT_HEADER_SIZE);
	put_be32(out + FDT_HDR_VERSION, FDT_OUT_VERSION);
	put_be32(out + FDT_HDR_LAST_COMP, FDT_OUT_LAST_COMP);
	put_be32(out + FDT_HDR_BOOT_CPUID, fdt_be32(in.blob + FDT_HDR_BOOT_CPUID));
	put_be32(out + FDT_HDR_SIZE_STRINGS, in.size_strings);
	put_be32(out + FDT_HDR_SIZE_STRUCT, in.size_struct);
	move_bytes(out + FDT_HEADER_SIZE, in.blob + in.off_rsvmap, rsv_bytes);
	move_bytes(out + off_struct, in.blob + in.off_struct, in.size_struct);
	move_bytes(out + off_strings, in.blob + in.off_strings, in.size_strings);

	rw->blob = out;
	rw->capacity = capacity;
	return refresh(rw, d);
}

/* Offset of name in the strings block, appending it if it is not there. */
static bool string_offset(struct fdt_rw *rw, const char *name, uint32_t *off, struct diag *d)
{
	const uint32_t len = str_len(name) + 1;
	const uint8_t *strings = rw->blob + rw->fdt.off_strings;
	const uint32_t size = rw->fdt.size_strings;
	uint32_t i, j;

	for (i = 0; i + len <= size; i++) {
		for (j = 0; j < len && strings[i + j] == (uint8_t)name[j]; j++)
			;
		if (j == len) {
			*off = i;
			return true;
		}
	}
	/* Packed layout: the strings block ends the blob, append there. */
	if (!shift_tail(rw, rw->fdt.off_strings + size, (int32_t)len, d))
		return false;
	move_bytes(rw->blob + rw->fdt.off_strings + size, (const uint8_t *)name, len);
	set_hdr(rw, FDT_HDR_SIZE_STRINGS, size + len);
	*off = size;
	return refresh(rw, d);
}

/* Offset in the blob just past a node's BEGIN_NODE token and name. */
static uint32_t node_body(const struct fdt_rw *rw, int32_t node)
{
	const char *name = fdt_node_name(&rw->fdt, node);

	return rw->fdt.off_struct + (uint32_t)node + FDT_TOKEN_SIZE + align4(str_len(name) + 1);
}

bool fdt_rw_setprop(struct fdt_rw *rw, int32_t node, const char *name, const void *val,
		    uint32_t len, struct diag *d)
{
	const uint8_t *old;
	uint32_t oldlen, nameoff, at;

	if (!fdt_node_name(&rw->fdt, node))
		return diag_fail(d, "setprop on something that is not a node", (uint64_t)node);
	if (len > FDT_MAX_SIZE)
		return diag_fail(d, "property value too long", len);

	old = fdt_getprop(&rw->fdt, node, name, &oldlen);
	if (old) {
		const uint32_t keep = align4(len) < align4(oldlen) ? align4(len) : align4(oldlen);

		/* Grow or shrink the value's padded room at the end of what both share. */
		at = (uint32_t)(old - rw->blob);
		if (!resize_struct(rw, at + keep, (int32_t)align4(len) - (int32_t)align4(oldlen), d))
			return false;
		put_be32(rw->blob + at - FDT_PROP_HDR_SIZE + FDT_TOKEN_SIZE, len);
	} else {
		if (!string_offset(rw, name, &nameoff, d))
			return false;
		/* The string append may have moved nothing before it: node is valid. */
		at = node_body(rw, node);
		if (!resize_struct(rw, at, (int32_t)(FDT_PROP_HDR_SIZE + align4(len)), d))
			return false;
		put_be32(rw->blob + at, FDT_PROP);
		put_be32(rw->blob + at + FDT_TOKEN_SIZE, len);
		put_be32(rw->blob + at + 2 * FDT_TOKEN_SIZE, nameoff);
		at += FDT_PROP_HDR_SIZE;
	}
	move_bytes(rw->blob + at, val, len);
	fill_zero(rw->blob + at + len, align4(len) - len);
	return refresh(rw, d);
}

bool fdt_rw_setprop_u64(struct fdt_rw *rw, int32_t node, const char *name, uint64_t v,
			struct diag *d)
{
	uint8_t be[8];

	put_be64(be, v);
	return fdt_rw_setprop(rw, node, name, be, sizeof(be), d);
}

bool fdt_rw_setprop_string(struct fdt_rw *rw, int32_t node, const char *name,
			   const char *s, struct diag *d)
{
	return fdt_rw_setprop(rw, node, name, s, str_len(s) + 1, d);
}

/* Offset just past a node's properties (and NOPs): where a first child goes. */
static uint32_t after_props(const struct fdt_rw *rw, int32_t node)
{
	const uint32_t end = rw->fdt.off_struct + rw->fdt.size_struct;
	uint32_t at = node_body(rw, node);

	/* The blob was validated: every PROP fits, so the walk stays inside. */
	while (at + FDT_TOKEN_SIZE <= end) {
		const uint32_t tok = fdt_be32(rw->blob + at);

		if (tok == FDT_NOP)
			at += FDT_TOKEN_SIZE;
		else if (tok == FDT_PROP)
			at += FDT_PROP_HDR_SIZE + align4(fdt_be32(rw->blob + at + FDT_TOKEN_SIZE));
		else
			break;
	}
	return at;
}

int32_t fdt_rw_node(struct fdt_rw *rw, const char *path, struct diag *d)
{
	const uint32_t plen = str_len(path);
	uint32_t slash = plen, namelen, at, i;
	int32_t node, parent;

	node = fdt_path_offset(&rw->fdt, path, plen);
	if (node >= 0)
		return node;
	if (node != FDT_NOTFOUND) {
		diag_fail(d, "bad node path", plen);
		return node;
	}

	while (slash > 0 && path[slash - 1] != '/')
		slash--;
	namelen = plen - slash;
	if (slash == 0 || namelen == 0 || namelen > FDT_NAME_MAX) {
		diag_fail(d, "cannot create a node at this path", plen);
		return FDT_BADPATH;
	}
	parent = slash == 1 ? fdt_root(&rw->fdt) : fdt_path_offset(&rw->fdt, path, slash - 1);
	if (parent < 0) {
		diag_fail(d, "parent of the new node is missing", slash);
		return parent;
	}

	at = after_props(rw, parent);
	if (!resize_struct(rw, at, (int32_t)(2 * FDT_TOKEN_SIZE + align4(namelen + 1)), d))
		return FDT_BADNODE;
	put_be32(rw->blob + at, FDT_BEGIN_NODE);
	for (i = 0; i < align4(namelen + 1); i++)
		rw->blob[at + FDT_TOKEN_SIZE + i] = i < namelen ? (uint8_t)path[slash + i] : 0;
	put_be32(rw->blob + at + FDT_TOKEN_SIZE + align4(namelen + 1), FDT_END_NODE);
	if (!refresh(rw, d))
		return FDT_BADNODE;
	return (int32_t)(at - rw->fdt.off_struct);
}

bool fdt_rw_add_rsv(struct fdt_rw *rw, uint64_t addr, uint64_t size, struct diag *d)
{
	/* Insert before the terminating (0, 0) entry. */
	const uint32_t at = rw->fdt.off_rsvmap + rw->fdt.num_rsv * FDT_RSV_ENTRY_SIZE;

	if (!shift_tail(rw, at, FDT_RSV_ENTRY_SIZE, d))
		return false;
	put_be64(rw->blob + at, addr);
	put_be64(rw->blob + at + 8, size);
	set_hdr(rw, FDT_HDR_OFF_STRUCT, hdr(rw, FDT_HDR_OFF_STRUCT) + FDT_RSV_ENTRY_SIZE);
	set_hdr(rw, FDT_HDR_OFF_STRINGS, hdr(rw, FDT_HDR_OFF_STRINGS) + FDT_RSV_ENTRY_SIZE);
	return refresh(rw, d);
}
