// SPDX-License-Identifier: MIT
/*
 * Read-only flattened device tree reader (see <relok/fdt.h>).
 *
 * Runs with the MMU off and before relocation: no library calls, no pointers
 * in static data, no unaligned loads (Device memory faults on them), and every
 * offset checked against the block it must lie in before it is used.  Sums of
 * untrusted 32-bit values are done in 64 bits so that they cannot wrap.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <relok/diag.h>
#include <relok/fdt.h>
#include <relok/fdt_format.h>

#define DIAG_SUBSYS	"dtb"

#define FDT_CELL_SIZE		4u
#define FDT_U64_CELLS		2u	/* a 64-bit value is two big-endian cells */
#define FDT_U64_SIZE		(FDT_U64_CELLS * FDT_CELL_SIZE)
#define FDT_DEFAULT_ADDR_CELLS	2u
#define FDT_DEFAULT_SIZE_CELLS	1u
#define FDT_MAX_CELLS		2u	/* values must fit a uint64_t */

/* One decoded token of the structure block. */
struct fdt_tok {
	uint32_t type;
	uint32_t next;		/* offset of the following token */
	uint32_t len;		/* FDT_PROP: value length */
	uint32_t nameoff;	/* FDT_PROP: name offset in the strings block */
};

uint32_t fdt_be32(const void *p)
{
	/*
	 * Device memory (MMU off) faults on an unaligned access, so a word
	 * load is used only when p is 4-byte aligned -- always the case for
	 * tokens and cells, which the format aligns -- and bytes otherwise.
	 * volatile keeps the compiler from merging the byte loads into one
	 * (possibly unaligned) word load.
	 */
	if (!((uintptr_t)p & (FDT_CELL_SIZE - 1)))
		return __builtin_bswap32(*(const volatile uint32_t *)p);
	{
		const volatile uint8_t *b = p;

		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	}
}

uint64_t fdt_read_cells(const void *p, uint32_t ncells)
{
	const uint8_t *b = p;

	if (ncells == 1)
		return fdt_be32(b);
	if (ncells == FDT_U64_CELLS)
		return (uint64_t)fdt_be32(b) << 32 | fdt_be32(b + FDT_CELL_SIZE);
	return 0;
}

static uint32_t align_up4(uint32_t v)
{
	return (v + (FDT_TOKEN_SIZE - 1)) & ~(FDT_TOKEN_SIZE - 1);
}

/* Caller strings are trusted C strings; blob strings never go through here. */
static uint32_t cstr_len(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool bytes_eq(const uint8_t *a, const char *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i] != (uint8_t)b[i])
			return false;
	return true;
}

/* A property value that is exactly the string str. */
static bool prop_equals(const void *val, uint32_t len, const char *str)
{
	const uint32_t n = cstr_len(str);

	return val && len == n + 1 && bytes_eq(val, str, n) && ((const uint8_t *)val)[n] == 0;
}

static void fdt_clear(struct fdt *fdt)
{
	fdt->blob = NULL;
	fdt->totalsize = 0;
	fdt->off_struct = 0;
	fdt->size_struct = 0;
	fdt->off_strings = 0;
	fdt->size_strings = 0;
	fdt->off_rsvmap = 0;
	fdt->num_rsv = 0;
	fdt->version = 0;
	fdt->nspans = 0;
	for (uint32_t i = 0; i < FDT_SPAN_SLOTS; i++)
		fdt->spans[i].key = 0;
	fdt->root = 0;
	fdt->nroot_kids = FDT_ROOT_KIDS + 1;	/* none recorded: walk */
}

static const uint8_t *struct_base(const struct fdt *fdt)
{
	return fdt->blob + fdt->off_struct;
}

static const uint8_t *strings_base(const struct fdt *fdt)
{
	return fdt->blob + fdt->off_strings;
}

/*
 * NULL if a property name at nameoff is usable, else why not.  A strings
 * block that ends in a NUL (as every one the spec describes does) ends
 * every name inside it, so only the offset needs checking; otherwise the
 * name is scanned for its NUL.
 */
static const char *check_name(const struct fdt *fdt, uint32_t nameoff)
{
	const uint8_t *s;

	if (nameoff >= fdt->size_strings)
		return "property name offset outside the strings block";
	s = strings_base(fdt);
	if (!s[fdt->size_strings - 1])
		return NULL;
	for (uint32_t i = nameoff; i < fdt->size_strings; i++)
		if (!s[i])
			return NULL;
	return "property name not terminated inside the strings block";
}

#define BITS_PER_BYTE	8u
#define ONES_BYTES	0x01010101u
#define HIGH_BITS	0x80808080u
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "name_nul() finds the first NUL with a little-endian word trick");

/*
 * Offset of the NUL that ends the string at s + at, or size if there is
 * none before size.  Node names are most of the bytes a walk over the
 * tree reads (every lookup re-reads them), so when s + at is 4-byte
 * aligned -- always, for a name after its token in an aligned blob -- the
 * scan goes a word at a time: (w - 0x01..) & ~w & 0x80.. is non-zero iff
 * w has a zero byte, and its lowest set bit marks the first one (a false
 * positive can only appear above a true zero).  Word loads stay inside
 * [0, size); any tail is scanned bytewise.
 */
static uint32_t name_nul(const uint8_t *s, uint32_t at, uint32_t size)
{
	if (!((uintptr_t)(s + at) & (FDT_CELL_SIZE - 1))) {
		while ((uint64_t)at + FDT_CELL_SIZE <= size) {
			const uint32_t w = *(const volatile uint32_t *)(s + at);
			const uint32_t zero = (w - ONES_BYTES) & ~w & HIGH_BITS;

			if (zero)
				return at + (uint32_t)__builtin_ctz(zero) / BITS_PER_BYTE;
			at += FDT_CELL_SIZE;
		}
	}
	while (at < size && s[at])
		at++;
	return at;
}

/*
 * Decode the token at pos.  Everything the token covers in the structure
 * block (name, value, padding) is checked to lie inside it, so a caller may
 * use it blindly.  The property name is not checked here (check_structure()
 * does, once; lookups compare it with bounds).  Returns NULL, or why the
 * token is malformed.
 */
static const char *tok_read(const struct fdt *fdt, uint32_t pos, struct fdt_tok *t)
{
	const uint32_t size = fdt->size_struct;
	const uint8_t *s;
	uint64_t end;

	if (pos & (FDT_TOKEN_SIZE - 1))
		return "misaligned token";
	if ((uint64_t)pos + FDT_TOKEN_SIZE > size)
		return "structure block ends without FDT_END";
	/* Only now: a rejected view has a NULL blob and a zero size. */
	s = struct_base(fdt);
	t->type = fdt_be32(s + pos);
	t->len = 0;
	t->nameoff = 0;
	switch (t->type) {
	case FDT_BEGIN_NODE:
		end = name_nul(s, pos + FDT_TOKEN_SIZE, size);
		if (end >= size)
			return "node name not terminated inside the structure block";
		end = align_up4((uint32_t)end + 1);
		break;
	case FDT_PROP:
		if ((uint64_t)pos + FDT_PROP_HDR_SIZE > size)
			return "property header past the structure block";
		t->len = fdt_be32(s + pos + FDT_PROP_LEN);
		t->nameoff = fdt_be32(s + pos + FDT_PROP_NAMEOFF);
		end = (uint64_t)pos + FDT_PROP_HDR_SIZE + t->len;
		if (end > size)
			return "property value past the structure block";
		end = align_up4((uint32_t)end);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = pos + FDT_TOKEN_SIZE;
		break;
	default:
		return "unknown token";
	}
	/* The padding after a name or value must be inside the block too. */
	if (end > size)
		return "token padding past the structure block";
	t->next = (uint32_t)end;
	return NULL;
}

static bool node_tok(const struct fdt *fdt, int32_t node, struct fdt_tok *t)
{
	return node >= 0 && !tok_read(fdt, (uint32_t)node, t) && t->type == FDT_BEGIN_NODE;
}

#define FDT_NO_TOKEN	0u	/* not a token value: pos cannot hold a token */

/*
 * The type of the token at pos, without decoding it.  Walks between nodes
 * only need to know that a node starts at pos; tok_read() would also scan
 * its name, and names are most of what a walk reads.
 */
static uint32_t tok_type(const struct fdt *fdt, uint32_t pos)
{
	if ((pos & (FDT_TOKEN_SIZE - 1)) || (uint64_t)pos + FDT_TOKEN_SIZE > fdt->size_struct)
		return FDT_NO_TOKEN;
	return fdt_be32(struct_base(fdt) + pos);
}

/*
 * Advance *pos over NOP and PROP tokens; *type is the type of the token
 * left at *pos, which is not decoded (a node's name is not scanned).
 */
static bool skip_props(const struct fdt *fdt, uint32_t *pos, uint32_t *type)
{
	struct fdt_tok t;

	for (;;) {
		*type = tok_type(fdt, *pos);
		if (*type != FDT_PROP && *type != FDT_NOP)
			return *type != FDT_NO_TOKEN;
		if (tok_read(fdt, *pos, &t))
			return false;
		*pos = t.next;
	}
}

/*
 * The span cache's hash: Fibonacci hashing of the token index, whose top
 * bits spread the evenly spaced offsets of sibling nodes over the slots.
 */
#define FDT_SPAN_SLOT_BITS	7
#define FDT_SPAN_HASH_MUL	0x9e3779b1u
_Static_assert((1u << FDT_SPAN_SLOT_BITS) == FDT_SPAN_SLOTS, "slots are a power of two");
_Static_assert(FDT_SPAN_SLOTS >= 2 * FDT_SPAN_CACHE, "the hash is at most half full");

static uint32_t span_slot(uint32_t node)
{
	return ((node / FDT_TOKEN_SIZE) * FDT_SPAN_HASH_MUL) >> (32 - FDT_SPAN_SLOT_BITS);
}

static uint32_t span_next(uint32_t slot)
{
	return (slot + 1) & (FDT_SPAN_SLOTS - 1);
}

/* The cached subtree end of node, or 0 if node is not in the cache.  The
 * probe ends: the table always has an empty slot. */
static uint32_t cached_end(const struct fdt *fdt, uint32_t node)
{
	uint32_t i;

	for (i = span_slot(node); fdt->spans[i].key; i = span_next(i))
		if (fdt->spans[i].key == node + 1)
			return fdt->spans[i].end;
	return 0;
}

/* Offset just past the FDT_END_NODE that closes the node at pos. */
static bool node_end(const struct fdt *fdt, uint32_t pos, uint32_t *end)
{
	uint32_t depth = 0;
	struct fdt_tok t;

	*end = cached_end(fdt, pos);
	if (*end)
		return true;
	do {
		if (tok_read(fdt, pos, &t))
			return false;
		if (t.type == FDT_BEGIN_NODE)
			depth++;
		else if (t.type == FDT_END_NODE)
			depth--;
		else if (t.type == FDT_END)
			return false;
		pos = t.next;
	} while (depth);
	*end = pos;
	return true;
}

static const char *check_rsvmap(struct fdt *fdt)
{
	const uint8_t *b = fdt->blob;
	uint64_t off = fdt->off_rsvmap;

	for (;;) {
		if (off + FDT_RSV_ENTRY_SIZE > fdt->totalsize)
			return "memory reservation map not terminated";
		/* An all-zero entry ends the map. */
		if (!fdt_read_cells(b + off, FDT_U64_CELLS) &&
		    !fdt_read_cells(b + off + FDT_U64_SIZE, FDT_U64_CELLS))
			return NULL;
		fdt->num_rsv++;
		off += FDT_RSV_ENTRY_SIZE;
	}
}

/* Record a node near the root in the span cache; returns its slot or -1. */
static int32_t span_open(struct fdt *fdt, uint32_t node, uint32_t depth)
{
	uint32_t i;

	if (depth > FDT_SPAN_DEPTH || fdt->nspans >= FDT_SPAN_CACHE)
		return -1;
	for (i = span_slot(node); fdt->spans[i].key; i = span_next(i))
		;
	fdt->spans[i].key = node + 1;
	fdt->spans[i].end = 0;
	fdt->nspans++;
	return (int32_t)i;
}

/* One pass over the token stream; fdt->size_struct bounds it on entry. */
static bool check_structure(struct fdt *fdt, struct diag *d)
{
	uint32_t pos = 0, depth = 0;
	bool have_root = false, had_child = false;
	struct fdt_tok t;
	const char *why;
	/* Span-cache slot of the open node at each depth (1-based), -1 if none. */
	int32_t open[FDT_SPAN_DEPTH + 1];

	for (;;) {
		why = tok_read(fdt, pos, &t);
		if (why)
			return diag_fail(d, why, pos);
		switch (t.type) {
		case FDT_BEGIN_NODE:
			if (!depth) {
				if (have_root)
					return diag_fail(d, "more than one root node", pos);
				/* DT spec 2.2.1: the root node's name is empty. */
				if (struct_base(fdt)[pos + FDT_TOKEN_SIZE])
					return diag_fail(d, "root node has a name", pos);
				have_root = true;
				fdt->root = pos;
				fdt->nroot_kids = 0;
			} else if (depth == 1 && fdt->nroot_kids <= FDT_ROOT_KIDS) {
				if (fdt->nroot_kids < FDT_ROOT_KIDS)
					fdt->root_kids[fdt->nroot_kids] = pos;
				fdt->nroot_kids++;
			}
			depth++;
			if (depth <= FDT_SPAN_DEPTH)
				open[depth] = span_open(fdt, pos, depth);
			had_child = false;
			break;
		case FDT_END_NODE:
			if (!depth)
				return diag_fail(d, "unbalanced nodes", pos);
			if (depth <= FDT_SPAN_DEPTH && open[depth] >= 0)
				fdt->spans[open[depth]].end = t.next;
			depth--;
			/* We are back in the parent, which now has a subnode. */
			had_child = true;
			break;
		case FDT_PROP:
			why = check_name(fdt, t.nameoff);
			if (why)
				return diag_fail(d, why, t.nameoff);
			if (!depth)
				return diag_fail(d, "property outside any node", pos);
			/* Lookups stop at the first subnode (the spec orders them). */
			if (had_child)
				return diag_fail(d, "property after a subnode", pos);
			break;
		case FDT_END:
			if (!have_root)
				return diag_fail(d, "no root node", pos);
			if (depth)
				return diag_fail(d, "unbalanced nodes", pos);
			/* Anything after FDT_END is never looked at. */
			fdt->size_struct = t.next;
			return true;
		default:
			break;
		}
		pos = t.next;
	}
}

/* Header checks; fills fdt with the header values (size_struct is only an
 * upper bound until check_structure() has found FDT_END). */
static bool check_header(struct fdt *fdt, const uint8_t *b, uint64_t avail, struct diag *d)
{
	uint32_t total, version, last_comp, hdr_size;
	const char *why;

	if (!b)
		return diag_fail(d, "no blob", 0);
	if ((uintptr_t)b & (FDT_BLOB_ALIGN - 1))
		return diag_fail(d, "blob not 8-byte aligned", (uintptr_t)b);
	if (avail < FDT_HDR_MAGIC + FDT_CELL_SIZE)
		return diag_fail(d, "truncated header", avail);
	if (fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return diag_fail(d, "bad magic", fdt_be32(b + FDT_HDR_MAGIC));
	if (avail < FDT_HDR_TOTALSIZE + FDT_CELL_SIZE)
		return diag_fail(d, "truncated header", avail);
	total = fdt_be32(b + FDT_HDR_TOTALSIZE);
	/* The limit first: the kernel reads (and can probe) at most that much. */
	if (total > FDT_MAX_SIZE)
		return diag_fail(d, "totalsize above the 2 MiB limit", total);
	if (total > avail)
		return diag_fail(d, "totalsize beyond the readable limit", total);
	/* Nothing past totalsize may be read: check it before the other fields. */
	if (total < FDT_V16_HEADER_SIZE)
		return diag_fail(d, "totalsize smaller than the header", total);

	version = fdt_be32(b + FDT_HDR_VERSION);
	last_comp = fdt_be32(b + FDT_HDR_LAST_COMP);
	if (version < FDT_MIN_VERSION || version > FDT_MAX_VERSION)
		return diag_fail(d, "unsupported version", version);
	if (last_comp > version)
		return diag_fail(d, "last compatible version above version", last_comp);
	hdr_size = version > FDT_MIN_VERSION ? FDT_V17_HEADER_SIZE : FDT_V16_HEADER_SIZE;
	if (total < hdr_size)
		return diag_fail(d, "totalsize smaller than the header", total);

	fdt->blob = b;
	fdt->totalsize = total;
	fdt->version = version;
	fdt->off_struct = fdt_be32(b + FDT_HDR_OFF_STRUCT);
	fdt->off_strings = fdt_be32(b + FDT_HDR_OFF_STRINGS);
	fdt->size_strings = fdt_be32(b + FDT_HDR_SIZE_STRINGS);
	fdt->off_rsvmap = fdt_be32(b + FDT_HDR_OFF_RSVMAP);

	if (fdt->off_rsvmap < hdr_size)
		return diag_fail(d, "memory reservation map overlaps the header", fdt->off_rsvmap);
	if (fdt->off_rsvmap & (FDT_RSV_ALIGN - 1))
		return diag_fail(d, "memory reservation map not 8-byte aligned", fdt->off_rsvmap);
	why = check_rsvmap(fdt);
	if (why)
		return diag_fail(d, why, fdt->off_rsvmap);

	if (fdt->off_struct < hdr_size)
		return diag_fail(d, "structure block overlaps the header", fdt->off_struct);
	if (fdt->off_struct > total)
		return diag_fail(d, "structure block starts beyond totalsize", fdt->off_struct);
	if (fdt->off_struct & (FDT_TOKEN_SIZE - 1))
		return diag_fail(d, "structure block not 4-byte aligned", fdt->off_struct);
	/* Version 16 has no size_dt_struct: FDT_END will tell where it ends. */
	if (version > FDT_MIN_VERSION)
		fdt->size_struct = fdt_be32(b + FDT_HDR_SIZE_STRUCT);
	else
		fdt->size_struct = total - fdt->off_struct;
	if ((uint64_t)fdt->off_struct + fdt->size_struct > total)
		return diag_fail(d, "structure block beyond totalsize", fdt->size_struct);

	if (fdt->off_strings < hdr_size)
		return diag_fail(d, "strings block overlaps the header", fdt->off_strings);
	if (fdt->off_strings > total)
		return diag_fail(d, "strings block starts beyond totalsize", fdt->off_strings);
	if ((uint64_t)fdt->off_strings + fdt->size_strings > total)
		return diag_fail(d, "strings block beyond totalsize", fdt->size_strings);
	return true;
}

bool fdt_init(struct fdt *fdt, const void *blob, uint64_t avail, struct diag *d)
{
	fdt_clear(fdt);
	if (check_header(fdt, blob, avail, d) && check_structure(fdt, d))
		return true;
	/* A rejected blob must not look usable to the other functions. */
	fdt_clear(fdt);
	return false;
}

void fdt_rebase(struct fdt *fdt, const void *blob)
{
	fdt->blob = blob;
}

bool fdt_mem_rsv(const struct fdt *fdt, uint32_t index, uint64_t *addr, uint64_t *size)
{
	const uint8_t *e;

	if (index >= fdt->num_rsv)
		return false;
	e = fdt->blob + fdt->off_rsvmap + (uint64_t)index * FDT_RSV_ENTRY_SIZE;
	*addr = fdt_read_cells(e, FDT_U64_CELLS);
	*size = fdt_read_cells(e + FDT_U64_SIZE, FDT_U64_CELLS);
	return true;
}

/* ---- Navigation ---- */

int32_t fdt_root(const struct fdt *fdt)
{
	uint32_t pos = 0;
	struct fdt_tok t;

	for (;;) {
		if (tok_read(fdt, pos, &t))
			return FDT_NOTFOUND;
		if (t.type == FDT_BEGIN_NODE)
			return (int32_t)pos;
		if (t.type != FDT_NOP)
			return FDT_NOTFOUND;
		pos = t.next;
	}
}

int32_t fdt_first_child(const struct fdt *fdt, int32_t node)
{
	struct fdt_tok t;
	uint32_t pos, type;

	if (!node_tok(fdt, node, &t))
		return FDT_BADNODE;
	pos = t.next;
	if (skip_props(fdt, &pos, &type) && type == FDT_BEGIN_NODE)
		return (int32_t)pos;
	return FDT_NOTFOUND;
}

int32_t fdt_next_sibling(const struct fdt *fdt, int32_t node)
{
	uint32_t pos, type;

	/* node_end() decodes every token it walks; the type is enough here. */
	if (node < 0 || tok_type(fdt, (uint32_t)node) != FDT_BEGIN_NODE)
		return FDT_BADNODE;
	if (node_end(fdt, (uint32_t)node, &pos) && skip_props(fdt, &pos, &type) &&
	    type == FDT_BEGIN_NODE)
		return (int32_t)pos;
	return FDT_NOTFOUND;
}

int32_t fdt_walk_next(const struct fdt *fdt, int32_t node, int32_t *depth)
{
	struct fdt_tok t;
	uint32_t pos;
	int32_t delta = 1;

	if (!node_tok(fdt, node, &t))
		return FDT_BADNODE;
	for (pos = t.next; !tok_read(fdt, pos, &t); pos = t.next) {
		if (t.type == FDT_BEGIN_NODE) {
			if (depth)
				*depth += delta;
			return (int32_t)pos;
		}
		if (t.type == FDT_END_NODE)
			delta--;
		else if (t.type == FDT_END)
			break;
	}
	return FDT_NOTFOUND;
}

const char *fdt_node_name(const struct fdt *fdt, int32_t node)
{
	struct fdt_tok t;

	if (!node_tok(fdt, node, &t))
		return NULL;
	/* tok_read() found the NUL inside the block. */
	return (const char *)struct_base(fdt) + node + FDT_TOKEN_SIZE;
}

int32_t fdt_parent(const struct fdt *fdt, int32_t node)
{
	struct fdt_tok t;
	int32_t cur = fdt_root(fdt), child, next;

	if (!node_tok(fdt, node, &t) || cur < 0)
		return FDT_BADNODE;
	if (node == cur)
		return FDT_NOTFOUND;
	/*
	 * Handles carry no parent link: descend from the root into the child
	 * whose subtree spans node.  Each subtree before node is skipped once,
	 * and cur grows strictly, so this ends.
	 */
	for (;;) {
		for (child = fdt_first_child(fdt, cur); child >= 0; child = next) {
			if (child == node)
				return cur;
			if (child > node)
				return FDT_BADNODE;
			next = fdt_next_sibling(fdt, child);
			if (next < 0 || next > node)
				break;
		}
		/* Not a child of any node: a fake token inside a value. */
		if (child < 0)
			return FDT_BADNODE;
		cur = child;
	}
}

/* ---- Properties ---- */

/* The strings-block entry at nameoff is exactly name[0..n).  Bounded by the
 * block, so it needs no prior validation of nameoff. */
static bool prop_name_eq(const struct fdt *fdt, uint32_t nameoff, const char *name, uint32_t n)
{
	const uint32_t size = fdt->size_strings;
	const uint8_t *s;

	if (nameoff >= size || n >= size - nameoff)
		return false;
	s = strings_base(fdt) + nameoff;
	for (uint32_t i = 0; i < n; i++)
		if (s[i] != (uint8_t)name[i])
			return false;
	return s[n] == 0;
}

static const void *getprop_n(const struct fdt *fdt, int32_t node, const char *name,
			     uint32_t namelen, uint32_t *lenp)
{
	struct fdt_tok t;
	uint32_t pos;

	if (!node_tok(fdt, node, &t))
		return NULL;
	for (pos = t.next; !tok_read(fdt, pos, &t); pos = t.next) {
		if (t.type == FDT_NOP)
			continue;
		if (t.type != FDT_PROP)
			break;
		if (prop_name_eq(fdt, t.nameoff, name, namelen)) {
			if (lenp)
				*lenp = t.len;
			return struct_base(fdt) + pos + FDT_PROP_HDR_SIZE;
		}
	}
	return NULL;
}

const void *fdt_getprop(const struct fdt *fdt, int32_t node, const char *name, uint32_t *lenp)
{
	return getprop_n(fdt, node, name, cstr_len(name), lenp);
}

bool fdt_prop_is_string(const void *val, uint32_t len)
{
	const uint8_t *s = val;

	if (!s || !len || s[len - 1])
		return false;
	for (uint32_t i = 0; i + 1 < len; i++)
		if (!s[i])
			return false;
	return true;
}

bool fdt_stringlist_contains(const void *val, uint32_t len, const char *str)
{
	const uint8_t *s = val;
	const uint32_t n = cstr_len(str);
	uint32_t i = 0, j;

	if (!s)
		return false;
	while (i < len) {
		for (j = i; j < len && s[j]; j++)
			;
		if (j == len)
			return false;	/* unterminated tail */
		if (j - i == n && bytes_eq(s + i, str, n))
			return true;
		i = j + 1;
	}
	return false;
}

/* ---- Paths ---- */

static bool has_at(const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i] == '@')
			return true;
	return false;
}

/* A child name matches "name@unit" exactly, or "name" alone when the
 * component carries no unit address. */
static bool node_name_matches(const char *nodename, const char *comp, uint32_t n)
{
	const uint8_t *s = (const uint8_t *)nodename;

	for (uint32_t i = 0; i < n; i++)
		if (!s[i] || s[i] != (uint8_t)comp[i])
			return false;
	return !s[n] || (s[n] == '@' && !has_at(comp, n));
}

/*
 * Step through node's children: *i counts them (start at 0), child is the
 * last one returned (unused for the root).  The root's come from
 * fdt_init's index, any other node's from stepping over siblings.
 */
static int32_t next_child(const struct fdt *fdt, int32_t node, int32_t child, uint32_t *i)
{
	if (node >= 0 && (uint32_t)node == fdt->root && fdt->nroot_kids <= FDT_ROOT_KIDS)
		return *i < fdt->nroot_kids ? (int32_t)fdt->root_kids[(*i)++] : FDT_NOTFOUND;
	return (*i)++ ? fdt_next_sibling(fdt, child) : fdt_first_child(fdt, node);
}

static int32_t find_child(const struct fdt *fdt, int32_t node, const char *comp, uint32_t n)
{
	uint32_t i = 0;
	int32_t child = FDT_NOTFOUND;

	/*
	 * Children come from a walk over tokens fdt_init() checked, so each
	 * name is terminated inside the block: compare it in place rather
	 * than decode the token again (fdt_node_name) -- path look-ups walk
	 * every child of the root, and names are most of what they read.
	 */
	while ((child = next_child(fdt, node, child, &i)) >= 0)
		if (node_name_matches((const char *)struct_base(fdt) + child + FDT_TOKEN_SIZE,
				      comp, n))
			return child;
	return child == FDT_BADNODE ? FDT_BADNODE : FDT_NOTFOUND;
}

static int32_t walk_path(const struct fdt *fdt, int32_t node, const char *p, uint32_t n)
{
	uint32_t i = 0, j;

	while (i < n && node >= 0) {
		if (p[i] == '/') {
			i++;
			continue;
		}
		for (j = i; j < n && p[j] != '/'; j++)
			;
		node = find_child(fdt, node, p + i, j - i);
		i = j;
	}
	return node;
}

int32_t fdt_path_offset(const struct fdt *fdt, const char *path, uint32_t pathlen)
{
	const char *alias;
	uint32_t n = 0, i, len = 0;
	int32_t root, node;

	while (n < pathlen && path[n])
		n++;
	if (!n)
		return FDT_BADPATH;
	root = fdt_root(fdt);
	if (root < 0)
		return FDT_NOTFOUND;
	if (path[0] == '/')
		return walk_path(fdt, root, path, n);

	for (i = 0; i < n && path[i] != '/'; i++)
		;
	node = find_child(fdt, root, "aliases", cstr_len("aliases"));
	if (node < 0)
		return FDT_BADPATH;
	alias = getprop_n(fdt, node, path, i, &len);
	/* Only absolute targets: an alias naming an alias could loop. */
	if (!fdt_prop_is_string(alias, len) || alias[0] != '/')
		return FDT_BADPATH;
	node = walk_path(fdt, root, alias, len - 1);
	return walk_path(fdt, node, path + i, n - i);
}

static int32_t find_path(const struct fdt *fdt, const char *path)
{
	return fdt_path_offset(fdt, path, cstr_len(path));
}

/* ---- Cells ---- */

static bool read_cell_prop(const struct fdt *fdt, int32_t node, const char *name,
			   uint32_t *out, struct diag *d)
{
	uint32_t len = 0;
	const void *val = fdt_getprop(fdt, node, name, &len);

	if (!val)
		return true;
	if (len != FDT_CELL_SIZE)
		return diag_fail(d, "#address-cells or #size-cells is not one cell", len);
	*out = fdt_be32(val);
	return true;
}

bool fdt_child_cells(const struct fdt *fdt, int32_t node, uint32_t *addr_cells,
		     uint32_t *size_cells, struct diag *d)
{
	struct fdt_tok t;
	uint32_t ac = FDT_DEFAULT_ADDR_CELLS, sc = FDT_DEFAULT_SIZE_CELLS;

	if (!node_tok(fdt, node, &t))
		return diag_fail(d, "not a node", (uint64_t)(int64_t)node);
	if (!read_cell_prop(fdt, node, "#address-cells", &ac, d) ||
	    !read_cell_prop(fdt, node, "#size-cells", &sc, d))
		return false;
	if (!ac || ac > FDT_MAX_CELLS)
		return diag_fail(d, "unsupported #address-cells", ac);
	if (sc > FDT_MAX_CELLS)
		return diag_fail(d, "unsupported #size-cells", sc);
	*addr_cells = ac;
	*size_cells = sc;
	return true;
}

/* ---- Memory ---- */

static bool is_memory_node(const struct fdt *fdt, int32_t node)
{
	uint32_t len = 0;
	const void *val = fdt_getprop(fdt, node, "device_type", &len);

	if (!prop_equals(val, len, "memory"))
		return false;
	val = fdt_getprop(fdt, node, "status", &len);
	return !prop_equals(val, len, "disabled");
}

/* Insert keeping banks sorted by base; equal bases stay in input order. */
static void insert_bank(struct fdt_mem_bank *banks, uint32_t count, uint64_t base, uint64_t size)
{
	uint32_t i = count;

	while (i && banks[i - 1].base > base) {
		banks[i].base = banks[i - 1].base;
		banks[i].size = banks[i - 1].size;
		i--;
	}
	banks[i].base = base;
	banks[i].size = size;
}

static bool add_reg_banks(const struct fdt *fdt, int32_t node, uint32_t ac, uint32_t sc,
			  struct fdt_mem_bank *banks, uint32_t max, uint32_t *count,
			  struct diag *d)
{
	const uint32_t pair = (ac + sc) * FDT_CELL_SIZE;
	const uint8_t *reg;
	uint64_t base, size;
	uint32_t len = 0;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return diag_fail(d, "memory node without reg", (uint32_t)node);
	if (len % pair)
		return diag_fail(d, "memory reg length is not a multiple of the address/size pair",
				 len);
	for (uint32_t off = 0; off < len; off += pair) {
		base = fdt_read_cells(reg + off, ac);
		size = fdt_read_cells(reg + off + ac * FDT_CELL_SIZE, sc);
		if (!size)
			continue;
		/* The last byte must be addressable; base + size may be 2^64. */
		if (size - 1 > UINT64_MAX - base)
			return diag_fail(d, "memory bank wraps past the top of the address space",
					 base);
		if (*count >= max)
			return diag_fail(d, "more memory banks than supported", max);
		insert_bank(banks, *count, base, size);
		(*count)++;
	}
	return true;
}

uint32_t fdt_memory_banks(const struct fdt *fdt, struct fdt_mem_bank *banks, uint32_t max,
			  struct diag *d)
{
	const int32_t root = fdt_root(fdt);
	uint32_t ac, sc, count = 0, i = 0;
	int32_t node = FDT_NOTFOUND;

	if (root < 0) {
		diag_fail(d, "no root node", 0);
		return 0;
	}
	if (!fdt_child_cells(fdt, root, &ac, &sc, d))
		return 0;
	while ((node = next_child(fdt, root, node, &i)) >= 0)
		if (is_memory_node(fdt, node) &&
		    !add_reg_banks(fdt, node, ac, sc, banks, max, &count, d))
			return 0;
	if (!count) {
		diag_fail(d, "no memory", 0);
		return 0;
	}
	for (uint32_t i = 1; i < count; i++) {
		if (banks[i - 1].base + (banks[i - 1].size - 1) >= banks[i].base) {
			diag_fail(d, "overlapping memory banks", banks[i].base);
			return 0;
		}
	}
	return count;
}

/* ---- /chosen ---- */

static bool read_addr_prop(const struct fdt *fdt, int32_t node, const char *name,
			   uint64_t *out, struct diag *d)
{
	uint32_t len = 0;
	const void *val = fdt_getprop(fdt, node, name, &len);

	if (len != FDT_CELL_SIZE && len != FDT_U64_SIZE)
		return diag_fail(d, "initrd address is neither 4 nor 8 bytes long", len);
	*out = fdt_read_cells(val, len / FDT_CELL_SIZE);
	return true;
}

static bool read_initrd(const struct fdt *fdt, int32_t chosen, struct fdt_chosen *out,
			struct diag *d)
{
	const bool has_start = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL) != NULL;
	const bool has_end = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL) != NULL;

	if (!has_start && !has_end)
		return true;
	if (!has_start || !has_end)
		return diag_fail(d, "only one of linux,initrd-start and linux,initrd-end", 0);
	if (!read_addr_prop(fdt, chosen, "linux,initrd-start", &out->initrd_start, d) ||
	    !read_addr_prop(fdt, chosen, "linux,initrd-end", &out->initrd_end, d))
		return false;
	if (out->initrd_end < out->initrd_start)
		return diag_fail(d, "initrd ends before it starts", out->initrd_end);
	out->has_initrd = true;
	return true;
}

/*
 * A /chosen string: up to its first NUL, which may be followed by more NULs
 * and nothing else -- kexec-tools pads every property it writes to a
 * multiple of 4 bytes ("modules=hello\0\0"), as Linux accepts.
 */
static bool read_string_prop(const struct fdt *fdt, int32_t node, const char *name,
			     const char **str, uint32_t *slen, const char *why, struct diag *d)
{
	uint32_t len = 0, n = 0, i;
	const char *val = fdt_getprop(fdt, node, name, &len);

	if (!val)
		return true;
	while (n < len && val[n])
		n++;
	for (i = n; i < len && !val[i]; i++)
		;
	if (n == len || i != len)
		return diag_fail(d, why, len);
	*str = val;
	*slen = n;
	return true;
}

bool fdt_read_chosen(const struct fdt *fdt, struct fdt_chosen *out, struct diag *d)
{
	const uint8_t *seed;
	int32_t chosen;

	/* Field by field: a struct assignment could become a memset call. */
	out->bootargs = NULL;
	out->bootargs_len = 0;
	out->stdout_path = NULL;
	out->stdout_path_len = 0;
	out->has_kaslr_seed = false;
	out->kaslr_seed_len = 0;
	out->kaslr_seed = 0;
	out->kaslr_seed_off = 0;
	out->has_initrd = false;
	out->initrd_start = 0;
	out->initrd_end = 0;

	if (fdt_root(fdt) < 0)
		return diag_fail(d, "no root node", 0);
	chosen = find_path(fdt, "/chosen");
	if (chosen < 0)
		return true;
	if (!read_string_prop(fdt, chosen, "bootargs", &out->bootargs, &out->bootargs_len,
			      "bootargs is not a string", d) ||
	    !read_string_prop(fdt, chosen, "stdout-path", &out->stdout_path,
			      &out->stdout_path_len, "stdout-path is not a string", d))
		return false;
	seed = fdt_getprop(fdt, chosen, "kaslr-seed", &out->kaslr_seed_len);
	if (seed) {
		out->has_kaslr_seed = true;
		out->kaslr_seed_off = (uint32_t)(seed - fdt->blob);
		if (out->kaslr_seed_len == FDT_U64_SIZE)
			out->kaslr_seed = fdt_read_cells(seed, FDT_U64_CELLS);
	} else {
		out->kaslr_seed_len = 0;
	}
	return read_initrd(fdt, chosen, out, d);
}

/* ---- PSCI ---- */

static bool is_psci_compatible(const struct fdt *fdt, int32_t node)
{
	uint32_t len = 0;
	const void *val = fdt_getprop(fdt, node, "compatible", &len);

	return fdt_stringlist_contains(val, len, "arm,psci-1.0") ||
	       fdt_stringlist_contains(val, len, "arm,psci-0.2") ||
	       fdt_stringlist_contains(val, len, "arm,psci");
}

bool fdt_read_psci(const struct fdt *fdt, enum fdt_psci_conduit *out, struct diag *d)
{
	int32_t node;
	uint32_t len = 0;
	const void *method;

	*out = FDT_PSCI_NONE;
	node = find_path(fdt, "/psci");
	if (node < 0)
		for (node = fdt_root(fdt); node >= 0; node = fdt_walk_next(fdt, node, NULL))
			if (is_psci_compatible(fdt, node))
				break;
	if (node < 0)
		return true;
	method = fdt_getprop(fdt, node, "method", &len);
	if (!method)
		return diag_fail(d, "psci node has no method", (uint32_t)node);
	if (prop_equals(method, len, "hvc"))
		*out = FDT_PSCI_HVC;
	else if (prop_equals(method, len, "smc"))
		*out = FDT_PSCI_SMC;
	else
		return diag_fail(d, "unknown psci method (neither hvc nor smc)", len);
	return true;
}

/* ---- CPUs ---- */

static bool is_cpu_node(const struct fdt *fdt, int32_t node)
{
	uint32_t len = 0;
	const void *val = fdt_getprop(fdt, node, "device_type", &len);

	return prop_equals(val, len, "cpu");
}

/* The entry for node: its reg, enable-method and what is wrong with it. */
static void read_cpu(const struct fdt *fdt, int32_t node, uint32_t addr_cells,
		     const struct fdt_cpu *seen, uint32_t nseen, struct fdt_cpu *out)
{
	uint32_t len = 0, i;
	const void *reg, *method;

	out->node = node;
	out->mpidr = 0;
	out->enable = FDT_CPU_ENABLE_NONE;
	out->problem = NULL;
	method = fdt_getprop(fdt, node, "enable-method", &len);
	if (method && fdt_stringlist_contains(method, len, "psci"))
		out->enable = FDT_CPU_ENABLE_PSCI;
	else if (method && fdt_stringlist_contains(method, len, "spin-table"))
		out->enable = FDT_CPU_ENABLE_SPIN_TABLE;
	else if (method)
		out->enable = FDT_CPU_ENABLE_OTHER;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg) {
		out->problem = "no reg";
		return;
	}
	/* The first (or only) address of reg is the MPIDR (DT spec 3.8). */
	if (len < addr_cells * FDT_CELL_SIZE) {
		out->problem = "reg shorter than /cpus #address-cells";
		return;
	}
	out->mpidr = fdt_read_cells(reg, addr_cells);
	for (i = 0; i < nseen; i++)
		if (!seen[i].problem && seen[i].mpidr == out->mpidr) {
			out->problem = "reg duplicates an earlier CPU's";
			return;
		}
}

bool fdt_read_cpus(const struct fdt *fdt, struct fdt_cpu *cpus, uint32_t max,
		   uint32_t *count, uint32_t *dropped, struct diag *d)
{
	const int32_t parent = find_path(fdt, "/cpus");
	uint32_t addr_cells, size_cells, len = 0, n = 0;
	int32_t node;

	*count = 0;
	*dropped = 0;
	if (parent < 0)
		return true;
	if (!fdt_child_cells(fdt, parent, &addr_cells, &size_cells, d))
		return false;
	for (node = fdt_first_child(fdt, parent); node >= 0; node = fdt_next_sibling(fdt, node)) {
		const void *status;

		if (!is_cpu_node(fdt, node))
			continue;
		status = fdt_getprop(fdt, node, "status", &len);
		if (status && !prop_equals(status, len, "okay") && !prop_equals(status, len, "ok"))
			continue;
		if (n == max) {
			(*dropped)++;
			continue;
		}
		read_cpu(fdt, node, addr_cells, cpus, n, &cpus[n]);
		n++;
	}
	*count = n;
	return true;
}

/* ---- Console UART ---- */

/*
 * Map the window [*addr, *addr + size), a child address range of bus, to the
 * parent addresses: one entry of bus's ranges must hold all of it.
 */
static bool translate_one(const struct fdt *fdt, int32_t bus, int32_t up, uint64_t *addr,
			  uint64_t size, struct diag *d)
{
	uint32_t cac, csc, pac, psc, len = 0, entry;
	uint64_t cbase, pbase, rsize, off;
	const uint8_t *r;

	if (!fdt_child_cells(fdt, bus, &cac, &csc, d) || !fdt_child_cells(fdt, up, &pac, &psc, d))
		return false;
	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r)
		return diag_fail(d, "stdout uart sits behind a bus without ranges", (uint32_t)bus);
	if (!len)
		return true;
	entry = (cac + pac + csc) * FDT_CELL_SIZE;
	if (len % entry)
		return diag_fail(d, "ranges length is not a multiple of the entry size", len);
	for (uint32_t e = 0; e < len; e += entry) {
		cbase = fdt_read_cells(r + e, cac);
		pbase = fdt_read_cells(r + e + cac * FDT_CELL_SIZE, pac);
		rsize = fdt_read_cells(r + e + (cac + pac) * FDT_CELL_SIZE, csc);
		if (*addr < cbase || *addr - cbase >= rsize)
			continue;
		off = *addr - cbase;
		if (size > rsize - off)
			return diag_fail(d, "stdout uart reg runs past the end of its bus range",
					 *addr);
		if (off > UINT64_MAX - pbase || size - 1 > UINT64_MAX - (pbase + off))
			return diag_fail(d, "ranges translation overflows", pbase);
		*addr = pbase + off;
		return true;
	}
	return diag_fail(d, "stdout uart address outside its bus ranges", *addr);
}

bool fdt_stdout_uart(const struct fdt *fdt, uint64_t *phys, uint64_t *size, struct diag *d)
{
	const int32_t root = fdt_root(fdt);
	int32_t chosen, node, bus, up;
	uint32_t len = 0, plen, ac, sc;
	const char *path;
	const void *val;
	uint64_t addr, sz;

	chosen = find_path(fdt, "/chosen");
	path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	if (!path)
		return diag_fail(d, "no stdout-path", 0);
	if (!fdt_prop_is_string(path, len))
		return diag_fail(d, "stdout-path is not a string", len);
	/* "serial0:115200n8": options follow the first ':'. */
	for (plen = 0; plen < len - 1 && path[plen] != ':'; plen++)
		;
	node = fdt_path_offset(fdt, path, plen);
	if (node < 0)
		return diag_fail(d, "stdout-path names no node", plen);
	val = fdt_getprop(fdt, node, "compatible", &len);
	if (!fdt_stringlist_contains(val, len, "arm,pl011"))
		return diag_fail(d, "stdout-path device is not a PL011", (uint32_t)node);

	bus = fdt_parent(fdt, node);
	if (bus < 0 || !fdt_child_cells(fdt, bus, &ac, &sc, d))
		return diag_fail(d, "stdout uart has no usable parent", (uint32_t)node);
	if (!sc)
		return diag_fail(d, "stdout uart's parent has #size-cells 0", (uint32_t)bus);
	/* One or more (address, size) entries in the parent's cells; the first counts. */
	val = fdt_getprop(fdt, node, "reg", &len);
	if (!val)
		return diag_fail(d, "stdout uart has no reg", (uint32_t)node);
	if (!len || len % ((ac + sc) * FDT_CELL_SIZE))
		return diag_fail(d, "stdout uart reg does not fit #address-cells/#size-cells",
				 len);
	addr = fdt_read_cells(val, ac);
	sz = fdt_read_cells((const uint8_t *)val + ac * FDT_CELL_SIZE, sc);
	if (!sz)
		return diag_fail(d, "stdout uart reg has size 0", addr);
	if (sz - 1 > UINT64_MAX - addr)
		return diag_fail(d, "stdout uart reg wraps past the top of the address space",
				 addr);

	/* fdt_parent() returns a smaller offset each time: this ends. */
	for (; bus != root; bus = up) {
		up = fdt_parent(fdt, bus);
		if (up < 0)
			return diag_fail(d, "broken node tree", (uint32_t)bus);
		if (!translate_one(fdt, bus, up, &addr, sz, d))
			return false;
	}
	*phys = addr;
	*size = sz;
	return true;
}

/* ---- In-place edits ---- */

bool fdt_zero_prop(void *blob, const struct fdt *fdt, int32_t node, const char *name,
		   struct diag *d)
{
	uint32_t len = 0;
	const uint8_t *val = fdt_getprop(fdt, node, name, &len);
	volatile uint8_t *p;

	if (!val)
		return diag_fail(d, "property to wipe is missing", 0);
	/* volatile: the wipe must happen, and must not become a memset call. */
	p = (uint8_t *)blob + (val - fdt->blob);
	for (uint32_t i = 0; i < len; i++)
		p[i] = 0;
	return true;
}
