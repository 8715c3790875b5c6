// SPDX-License-Identifier: MIT
/*
 * The lab's built-in workload: loops shaped like the kernel's own hot code,
 * so that what a code model changes (how code reaches globals, function
 * pointers and other functions) is exercised the way a kernel exercises it.
 *   dispatch  calls through tables of function pointers (an operations
 *             table, and an interpreter's opcode table like BPF's)
 *   sha256    SHA-256 over a buffer: the kernel's own (lib/sha256.c, what
 *             kexec and the purgatory use), round constants in a static table
 *   strings   option parsing: split a text buffer into words, copy each,
 *             look it up in a table of keyword strings
 *   list      pointer-chasing walk of a linked list laid out at random
 *   tree      look-ups in a binary search tree, and a recursive walk
 *   array     indexed loads from a global array and counts into a static
 *             one (the "movl array(,%reg,4)" case)
 * Every kernel is deterministic: the same checksum under every code model.
 */
#include <relok/sha256.h>
#include <relok/string.h>
#include "workload.h"

#define DISPATCH_CALLS		1024
#define INTERP_STEPS		1024
#define TREE_LOOKUPS		1024
#define ARRAY_LOADS		4096
#define HIST_SIZE		256
#define TOKEN_MAX		32
#define LIST_PASSES		2
#define SEED			0x1234567u

/* ---- dispatch ---- */

/*
 * The operations lab_ops_table points to.  Each counts its calls in a
 * global defined in another file, as drivers count events.
 */
uint32_t lab_op_rotl(uint32_t x)
{
	lab_stat_ops++;
	return (x << 5) | (x >> 27);
}

uint32_t lab_op_rotr(uint32_t x)
{
	lab_stat_ops++;
	return (x >> 7) | (x << 25);
}

uint32_t lab_op_xorshift(uint32_t x)
{
	lab_stat_ops++;
	x ^= x << 13;
	x ^= x >> 17;
	return x ^ (x << 5);
}

uint32_t lab_op_mul(uint32_t x)
{
	lab_stat_ops++;
	return x * 0x9e3779b1u;
}

uint32_t lab_op_neg(uint32_t x)
{
	lab_stat_ops++;
	return ~x + 3;
}

uint32_t lab_op_swap(uint32_t x)
{
	lab_stat_ops++;
	return (x >> 16) | (x << 16);
}

uint32_t lab_op_add(uint32_t x)
{
	lab_stat_ops++;
	return x + 0x6d2b79f5u;
}

uint32_t lab_op_mix(uint32_t x)
{
	lab_stat_ops++;
	return (x ^ (x >> 15)) * 0x2c1b3c6du;
}

uint32_t lab_fold_add(uint32_t acc, uint32_t x) { return acc + x; }
uint32_t lab_fold_xor(uint32_t acc, uint32_t x) { return acc ^ x; }
uint32_t lab_fold_sub(uint32_t acc, uint32_t x) { return acc - x; }
uint32_t lab_fold_mul(uint32_t acc, uint32_t x) { return (acc | 1) * (x | 1); }

/*
 * A tiny register machine: the opcode selects the handler through a
 * table, as in an interpreter.  Handlers count steps in a global.
 */
struct vm {
	uint32_t r[4];
	uint32_t pc;
};

#define VM_DST(a)	((a) & 3)
#define VM_SRC(a)	(((a) >> 2) & 3)

static void vm_add(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] += m->r[VM_SRC(a)];
}

static void vm_xor(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] ^= m->r[VM_SRC(a)] >> 3;
}

static void vm_shl(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] <<= (a >> 4) & 7;
}

static void vm_imm(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] = a * 0x01010101u + m->pc;
}

static void vm_mul(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] *= m->r[VM_SRC(a)] | 1;
}

static void vm_rot(struct vm *m, uint8_t a)
{
	const uint32_t v = m->r[VM_DST(a)];

	lab_stat_vm++;
	m->r[VM_DST(a)] = (v >> 9) | (v << 23);
}

static void vm_sub(struct vm *m, uint8_t a)
{
	lab_stat_vm++;
	m->r[VM_DST(a)] -= m->r[VM_SRC(a)];
}

static void vm_swp(struct vm *m, uint8_t a)
{
	const uint32_t t = m->r[0];

	lab_stat_vm++;
	m->r[0] = m->r[VM_DST(a)];
	m->r[VM_DST(a)] = t;
}

static void (*const vm_ops[8])(struct vm *, uint8_t) = {
	vm_add, vm_xor, vm_shl, vm_imm, vm_mul, vm_rot, vm_sub, vm_swp,
};

/* opcode in the low 3 bits, operand in the rest */
static const uint8_t vm_program[16] = {
	0x1b, 0x04, 0x31, 0x4a, 0x23, 0x15, 0x7e, 0x08,
	0x59, 0x26, 0x3c, 0x67, 0x12, 0x45, 0x70, 0x2d,
};

uint64_t lab_dispatch(uint32_t rounds)
{
	uint32_t x = SEED, acc = 0, r, i;
	struct vm m = { { 1, 2, 3, 4 }, 0 };

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < DISPATCH_CALLS; i++) {
			const struct lab_ops *o = &lab_ops_table[x & (LAB_OPS - 1)];

			x = o->step(x);
			acc = o->fold(acc, x);
		}
		for (i = 0; i < INTERP_STEPS; i++) {
			const uint8_t insn = vm_program[m.pc++ & 15];

			vm_ops[insn & 7](&m, insn >> 3);
		}
	}
	return ((uint64_t)acc << 32) ^ x ^ m.r[0] ^ ((uint64_t)m.r[1] << 16) ^ m.r[2] ^ m.r[3] ^
	       lab_stat_ops ^ lab_stat_vm << 20;
}

/* ---- sha256: the kernel's own (lib/sha256.c), built with the variant's flags ---- */

/* FIPS 180-2 appendix B: "abc" and the 448-bit two-block message. */
static const char sha_msg1[] = "abc";
static const char sha_msg2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const uint8_t sha_want1[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
static const uint8_t sha_want2[32] = {
	0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
	0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
};

const char *lab_sha256_check(void)
{
	uint8_t out[SHA256_DIGEST_SIZE];

	sha256(sha_msg1, sizeof(sha_msg1) - 1, out);
	if (memcmp(out, sha_want1, sizeof(out)))
		return "sha256(\"abc\") is not the FIPS 180-2 digest";
	sha256(sha_msg2, sizeof(sha_msg2) - 1, out);
	if (memcmp(out, sha_want2, sizeof(out)))
		return "sha256 of the 448-bit message is not the FIPS 180-2 digest";
	return 0;
}

uint64_t lab_sha256(uint32_t rounds)
{
	uint8_t out[SHA256_DIGEST_SIZE];
	uint64_t sum = 0;
	uint32_t r;

	for (r = 0; r < rounds; r++) {
		sha256(lab_sha_buf, sizeof(lab_sha_buf), out);
		/* chain: the next round hashes a buffer that depends on this one */
		memcpy(lab_sha_buf, out, sizeof(out));
		sum += (uint64_t)out[0] << 56 | (uint64_t)out[7] << 32 | (uint64_t)out[15] << 8 | out[31];
	}
	return sum;
}

/* ---- strings ---- */

static const char *const keywords[] = {
	"nokaslr", "noselftest", "console", "earlycon", "quiet", "loglevel", "root", "init",
	"modules", "placement", "memmap", "nosmp", "maxcpus", "panic", "debug", "ro",
};
#define NR_KEYWORDS	(sizeof(keywords) / sizeof(keywords[0]))

static int keyword_index(const char *tok)
{
	unsigned int i;

	for (i = 0; i < NR_KEYWORDS; i++)
		if (!strcmp(tok, keywords[i]))
			return (int)i;
	return -1;
}

uint64_t lab_strings(uint32_t rounds)
{
	uint64_t hits = 0, misses = 0, bytes = 0;
	char tok[TOKEN_MAX];
	uint32_t r;

	for (r = 0; r < rounds; r++) {
		const char *p = lab_text;

		while (*p) {
			const char *start;
			size_t len;
			int k;

			while (*p == ' ')
				p++;
			start = p;
			while (*p && *p != ' ')
				p++;
			len = (size_t)(p - start);
			if (!len)
				continue;
			if (len >= sizeof(tok))
				len = sizeof(tok) - 1;
			memcpy(tok, start, len);
			tok[len] = 0;
			bytes += strlen(tok);
			k = keyword_index(tok);
			if (k >= 0)
				hits += (uint64_t)k + 1;
			else
				misses++;
		}
	}
	return hits << 32 ^ misses << 16 ^ bytes;
}

/* ---- list ---- */

uint64_t lab_list(uint32_t rounds)
{
	uint64_t sum = 0;
	uint32_t r, pass;

	for (r = 0; r < rounds; r++)
		for (pass = 0; pass < LIST_PASSES; pass++)
			for (const struct lab_node *n = lab_list_head; n; n = n->next)
				sum = sum * 31 + (n->key ^ n->val);
	return sum;
}

/* ---- tree ---- */

static const struct lab_tnode *tree_find(const struct lab_tnode *t, uint32_t key)
{
	while (t && t->key != key)
		t = key < t->key ? t->left : t->right;
	return t;
}

static uint64_t tree_sum(const struct lab_tnode *t, uint32_t depth)
{
	if (!t)
		return 0;
	return tree_sum(t->left, depth + 1) + (uint64_t)t->val * depth + tree_sum(t->right, depth + 1);
}

uint64_t lab_tree(uint32_t rounds)
{
	uint64_t found = 0, sum = 0;
	uint32_t r, i, state = SEED;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < TREE_LOOKUPS; i++) {
			const struct lab_tnode *t = tree_find(lab_tree_root, lab_rand(&state) >> 22);

			if (t) {
				found++;
				sum += t->val;
			}
		}
		sum += tree_sum(lab_tree_root, 0);
	}
	return found << 40 ^ sum;
}

/* ---- array ---- */

static uint32_t hist[HIST_SIZE];

uint64_t lab_array_sum(uint32_t rounds)
{
	uint64_t sum = 0;
	uint32_t r, i, state = SEED;

	for (r = 0; r < rounds; r++)
		for (i = 0; i < ARRAY_LOADS; i++) {
			const uint32_t v = lab_array[lab_rand(&state) >> 20];

			sum += v;
			hist[v & (HIST_SIZE - 1)]++;
		}
	for (i = 0; i < HIST_SIZE; i++)
		sum ^= (uint64_t)hist[i] << (i & 31);
	return sum;
}

/* ---- setup (not counted) ---- */

static void setup_list(uint32_t *state)
{
	static uint16_t order[LAB_LIST_NODES];
	uint32_t i;

	for (i = 0; i < LAB_LIST_NODES; i++)
		order[i] = (uint16_t)i;
	/* Fisher-Yates: the walk jumps around the pool as a long-lived list does */
	for (i = LAB_LIST_NODES - 1; i > 0; i--) {
		const uint32_t j = lab_rand(state) % (i + 1);
		const uint16_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	lab_list_head = 0;
	for (i = 0; i < LAB_LIST_NODES; i++) {
		struct lab_node *n = &lab_list_pool[order[i]];

		n->key = order[i];
		n->val = lab_rand(state);
		n->next = lab_list_head;
		lab_list_head = n;
	}
}

static void setup_tree(uint32_t *state)
{
	uint32_t used = 0;

	lab_tree_root = 0;
	while (used < LAB_TREE_NODES) {
		const uint32_t key = lab_rand(state) >> 22;	/* 0..1023: half are found */
		struct lab_tnode **link = &lab_tree_root;

		while (*link && (*link)->key != key)
			link = key < (*link)->key ? &(*link)->left : &(*link)->right;
		if (*link)
			continue;
		*link = &lab_tree_pool[used++];
		(*link)->key = key;
		(*link)->val = lab_rand(state);
		(*link)->left = (*link)->right = 0;
	}
}

/* Words from the keyword table and made-up ones, as on a long command line. */
static void setup_text(uint32_t *state)
{
	uint32_t pos = 0;

	while (pos + TOKEN_MAX + 2 < LAB_TEXT_SIZE) {
		const uint32_t pick = lab_rand(state) >> 16;

		if (pick & 1) {
			const char *w = keywords[(pick >> 1) % NR_KEYWORDS];
			const size_t n = strlen(w);

			memcpy(lab_text + pos, w, n);
			pos += (uint32_t)n;
		} else {
			uint32_t n = 3 + (pick >> 1) % 12;

			while (n--)
				lab_text[pos++] = (char)('a' + lab_rand(state) % 26);
		}
		lab_text[pos++] = ' ';
	}
	lab_text[pos] = 0;
}

void lab_setup(void)
{
	uint32_t state = SEED, i;

	setup_list(&state);
	setup_tree(&state);
	setup_text(&state);
	for (i = 0; i < LAB_ARRAY_SIZE; i++)
		lab_array[i] = lab_rand(&state);
	for (i = 0; i < LAB_SHA_BYTES; i++)
		lab_sha_buf[i] = (uint8_t)(lab_rand(&state) >> 24);
	memset(hist, 0, sizeof(hist));
	lab_stat_ops = lab_stat_vm = 0;
}
