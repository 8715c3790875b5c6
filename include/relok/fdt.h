/* SPDX-License-Identifier: MIT */
/*
 * Read-only flattened device tree (DTB) reader.
 *
 * The firmware hands the kernel a DTB before the MMU is on and before the
 * kernel has relocated itself, so this code:
 *   - reads every multi-byte value byte by byte (Device memory faults on
 *     unaligned accesses, and the blob is big-endian anyway);
 *   - keeps no pointer in static data and calls no library function;
 *   - never reads outside [blob, blob + totalsize), whatever the input;
 *   - never prints: errors go to a struct diag (see <relok/diag.h>).
 *
 * fdt_init() validates the header and the whole token stream once.  Every
 * other function still bounds-checks what it reads, so a bogus node handle
 * or a struct fdt that fdt_init() rejected cannot make it read out of
 * bounds; it can only yield a "not found" answer.
 *
 * Format reference: Devicetree Specification v0.4, chapter 5.
 */
#ifndef RELOK_FDT_H
#define RELOK_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <relok/diag.h>

/* A validated view of a blob.  Offsets are from the start of the blob. */
#define FDT_SPAN_CACHE	64	/* enough for every node near the root of a QEMU DTB */
#define FDT_SPAN_DEPTH	3	/* root, its children, their children */
#define FDT_SPAN_SLOTS	128	/* hash slots: never more than half full */
#define FDT_ROOT_KIDS	64	/* the root's children indexed (a QEMU virt DTB has ~45) */

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t off_struct, size_struct;	/* size_struct: through FDT_END */
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
	uint32_t num_rsv;			/* memory reservation entries */
	uint32_t version;
	/*
	 * Where the subtrees of the first FDT_SPAN_CACHE nodes at depth
	 * <= FDT_SPAN_DEPTH end, recorded by fdt_init's validation walk in an
	 * open-addressed hash keyed by node offset.  Stepping to a sibling
	 * then skips a subtree with one or two probes instead of a token
	 * scan; nodes past the cache are scanned as before.
	 */
	uint32_t nspans;
	struct fdt_span {
		uint32_t key;			/* node offset + 1; 0: empty slot */
		uint32_t end;			/* just past its FDT_END_NODE */
	} spans[FDT_SPAN_SLOTS];
	/*
	 * The root node and its children, in order, also from that walk:
	 * nearly every look-up (a path, /memory, /chosen) starts by scanning
	 * the root's children, and a QEMU DTB has dozens (virtio_mmio@...).
	 * nroot_kids > FDT_ROOT_KIDS: too many to hold, so they are walked.
	 */
	uint32_t root;
	uint32_t nroot_kids;
	uint32_t root_kids[FDT_ROOT_KIDS];
};

/* Documentation/arch/arm64/booting.rst: the DTB must not exceed 2 MiB.
 * fdt_init() rejects anything larger, which also keeps every offset well
 * inside int32_t. */
#define FDT_MAX_SIZE	(2u << 20)

/*
 * Check the header (blob 8-byte aligned, magic, totalsize between the header
 * size, avail and FDT_MAX_SIZE, version 16 or 17, blocks inside totalsize and
 * not over the header, struct block 4-byte aligned, reservation map 8-byte
 * aligned and terminated) and walk the token stream once (names and property
 * values inside the block, property names inside the strings block and
 * NUL-terminated there, properties before subnodes, nodes balanced, exactly
 * one root, FDT_END after it).  Fills *fdt and returns true, or returns false
 * with the reason in *d (subsystem "dtb").
 */
bool fdt_init(struct fdt *fdt, const void *blob, uint64_t avail, struct diag *d);

/*
 * Point a view fdt_init() accepted at another mapping of the same bytes:
 * the kernel validates the blob once with the MMU off, at its physical
 * address, and reads it later through a virtual alias.  The blob's
 * structure must not have changed in between (zeroing a property value,
 * as the KASLR seed wipe does, is fine).
 */
void fdt_rebase(struct fdt *fdt, const void *blob);

/* Memory reservation map entry number index (< fdt->num_rsv). */
bool fdt_mem_rsv(const struct fdt *fdt, uint32_t index, uint64_t *addr, uint64_t *size);

/*
 * Node handles are byte offsets of an FDT_BEGIN_NODE token inside the
 * structure block.  Negative values are errors.
 */
#define FDT_NOTFOUND	(-1)	/* no such node */
#define FDT_BADPATH	(-2)	/* empty path, unknown or malformed alias */
#define FDT_BADNODE	(-3)	/* the handle passed in is not a node */

int32_t fdt_root(const struct fdt *fdt);
int32_t fdt_first_child(const struct fdt *fdt, int32_t node);	/* FDT_NOTFOUND if none */
int32_t fdt_next_sibling(const struct fdt *fdt, int32_t node);	/* FDT_NOTFOUND if none */
int32_t fdt_parent(const struct fdt *fdt, int32_t node);	/* FDT_NOTFOUND for the root */

/*
 * Next node in document order (depth first).  If depth is not NULL it is
 * adjusted by the nesting change (+1 for a first child, 0 for a sibling,
 * negative when climbing back up).  FDT_NOTFOUND after the last node.
 */
int32_t fdt_walk_next(const struct fdt *fdt, int32_t node, int32_t *depth);

/* "" for the root, "memory@40000000", ...; NULL if node is not a node. */
const char *fdt_node_name(const struct fdt *fdt, int32_t node);

/*
 * Look a node up by path.  Only the first pathlen bytes of path are used, and
 * a NUL ends it earlier.  An absolute path ("/chosen", "/soc/uart@1000") is
 * matched component by component: a component with '@' must equal a child's
 * name; one without '@' matches a child whose name is exactly it or whose
 * name before '@' is it (first such child wins).  Empty components ("//",
 * a trailing '/') are ignored, so "/" is the root.  A path not starting with
 * '/' starts with an alias, a property of /aliases whose value is an absolute
 * path, optionally followed by "/rest".
 * Returns FDT_NOTFOUND when a component does not exist, FDT_BADPATH for an
 * empty path or an alias that is missing or not an absolute path string.
 */
int32_t fdt_path_offset(const struct fdt *fdt, const char *path, uint32_t pathlen);

/* Value of property name of node, its length in *lenp (if not NULL); NULL if
 * absent or node is not a node.  The value lies 4-byte aligned in the blob. */
const void *fdt_getprop(const struct fdt *fdt, int32_t node, const char *name, uint32_t *lenp);

/* A single string: len >= 1, the last byte is the only NUL ("" is a string). */
bool fdt_prop_is_string(const void *val, uint32_t len);

/* str is one of the NUL-terminated strings of a "compatible"-style list.
 * Bytes after the last NUL are ignored. */
bool fdt_stringlist_contains(const void *val, uint32_t len, const char *str);

/* Big-endian reads, one byte at a time: p need not be aligned. */
uint32_t fdt_be32(const void *p);
uint64_t fdt_read_cells(const void *p, uint32_t ncells);	/* ncells 1 or 2, else 0 */

/*
 * #address-cells / #size-cells that apply to the CHILDREN of node (defaults 2
 * and 1).  Fails with a diag if a property is not 4 bytes long, if
 * #address-cells is 0 or above 2, or if #size-cells is above 2.
 */
bool fdt_child_cells(const struct fdt *fdt, int32_t node, uint32_t *addr_cells,
		     uint32_t *size_cells, struct diag *d);

/* ---- High level readers used by the kernel ---- */

struct fdt_mem_bank {
	uint64_t base, size;
};

/*
 * Every node directly under the root with device_type "memory" and a status
 * other than "disabled": every (base, size) pair of its reg, read with the
 * root's #address-cells/#size-cells.  Zero-size entries are skipped; the
 * result is sorted by base.  Errors (diag, returns 0): no reg, reg length not
 * a multiple of the pair size, more than max banks, a bank reaching past the
 * top of the 64-bit space, overlapping banks, no memory at all.
 */
uint32_t fdt_memory_banks(const struct fdt *fdt, struct fdt_mem_bank *banks, uint32_t max,
			  struct diag *d);

struct fdt_chosen {
	const char *bootargs;		/* NULL if absent */
	uint32_t bootargs_len;		/* without the NUL */
	const char *stdout_path;	/* raw value, may hold ":115200n8" options */
	uint32_t stdout_path_len;	/* without the NUL */
	bool has_kaslr_seed;		/* property present (whatever its length) */
	uint32_t kaslr_seed_len;	/* its length in bytes */
	uint64_t kaslr_seed;		/* valid only when kaslr_seed_len == 8 */
	uint32_t kaslr_seed_off;	/* offset of the value in the blob, for wiping */
	bool has_initrd;		/* both linux,initrd-start and -end present */
	uint64_t initrd_start, initrd_end;	/* [start, end) */
};

/*
 * Read /chosen.  A missing /chosen is not an error (all fields empty).
 * Errors (diag): bootargs or stdout-path present but not a string, an initrd
 * property that is not 4 or 8 bytes long, only one of the two initrd
 * properties, initrd end below start.  The kaslr-seed length is not checked:
 * the caller judges it.
 */
bool fdt_read_chosen(const struct fdt *fdt, struct fdt_chosen *out, struct diag *d);

enum fdt_psci_conduit {
	FDT_PSCI_NONE = 0,
	FDT_PSCI_HVC,
	FDT_PSCI_SMC,
};

/*
 * The PSCI node is /psci, or else the first node compatible with
 * "arm,psci-1.0", "arm,psci-0.2" or "arm,psci".  No such node: FDT_PSCI_NONE
 * and true.  Its "method" must be the string "hvc" or "smc" (diag otherwise).
 */
bool fdt_read_psci(const struct fdt *fdt, enum fdt_psci_conduit *out, struct diag *d);

enum fdt_cpu_enable {
	FDT_CPU_ENABLE_NONE = 0,	/* no enable-method (fine for the boot CPU) */
	FDT_CPU_ENABLE_PSCI,
	FDT_CPU_ENABLE_SPIN_TABLE,
	FDT_CPU_ENABLE_OTHER,
};

struct fdt_cpu {
	int32_t node;			/* for messages: fdt_node_name() */
	uint32_t enable;		/* enum fdt_cpu_enable */
	uint64_t mpidr;			/* reg: the CPU's MPIDR affinity (not checked here) */
	const char *problem;		/* NULL, or why this node cannot be used */
};

/*
 * The children of /cpus with device_type "cpu" and status "okay" (or no
 * status), in document order: at most max into cpus (*count), the rest
 * counted in *dropped.  A node that cannot be used keeps its place with
 * ->problem set (no reg, reg shorter than #address-cells, reg equal to an
 * earlier usable node's); the caller
 * reports and skips it.  No /cpus: true with *count = 0.  False + diag only
 * for an unusable /cpus #address-cells.
 */
bool fdt_read_cpus(const struct fdt *fdt, struct fdt_cpu *cpus, uint32_t max,
		   uint32_t *count, uint32_t *dropped, struct diag *d);

/*
 * Physical address and size of the console UART's registers:
 * /chosen/stdout-path (the text before ':' is a path or an alias) must name a
 * node compatible with "arm,pl011"; its reg must be whole (address, size)
 * entries in its parent's #address-cells/#size-cells (#size-cells not 0),
 * and the first one, of non-zero size, is translated through the "ranges" of
 * every ancestor below the root (empty ranges = identity; one range must
 * hold the whole window).  Fails with a diag when there is no stdout-path,
 * the node is missing or not a PL011, its reg does not fit, or the window
 * cannot be translated (an ancestor without ranges, no range holding it).
 */
bool fdt_stdout_uart(const struct fdt *fdt, uint64_t *phys, uint64_t *size, struct diag *d);

/*
 * Overwrite the value bytes of a property with zeros in place.  blob is the
 * writable address of the blob fdt was initialised on (it may be the same
 * pointer).  False + diag if the property is absent.
 */
bool fdt_zero_prop(void *blob, const struct fdt *fdt, int32_t node, const char *name,
		   struct diag *d);

#endif
