/* SPDX-License-Identifier: MIT */
/*
 * The straight-line blocks of the RELR boot pass (relocate_relr.S), as
 * data: one plan per 9-bit chunk value, a list of instructions.  The same
 * plans are printed as assembly by scripts/gen_relr_blocks.c (linked into
 * the kernel) and executed by the C model below (tests/host/test_relr_blocks.c
 * compares it bit for bit with reloc.c; scripts/bench_host.c measures it),
 * so the model runs exactly what the kernel runs.
 *
 * A RELR bitmap holds 63 words after its marker bit = 7 chunks of 9 bits.
 * Chunk value c (bit j = word j of the chunk, at [base + 8j]) selects block
 * c of a table of RELR_NR_BLOCKS fixed-size slots.  Block c relocates
 * exactly the words of c: adjacent words in pairs (ldp, add, add, stp),
 * others singly (ldr, add, str); adds popcount(c) to the count; and leaves
 * base 9 words further on, folded into the last access (pre-index load,
 * post-index store) so it costs no instruction; then returns.  The
 * dispatcher (relocate_relr.S) runs the 7 chunks of a bitmap unrolled:
 * ubfx, add, blr per chunk.
 *
 * Host-only: plain C11, used by host tools and tests.
 */
#ifndef RELOK_RELR_BLOCKS_H
#define RELOK_RELR_BLOCKS_H

#include <stdbool.h>
#include <stdint.h>

#define RELR_WORD		8u
#define RELR_CHUNK_BITS		9u	/* words per chunk */
#define RELR_CHUNKS		7u	/* chunks per bitmap: 7 * 9 = 63 */
#define RELR_CHUNK_MASK		((1u << RELR_CHUNK_BITS) - 1)
#define RELR_NR_BLOCKS		(1u << RELR_CHUNK_BITS)
#define RELR_CHUNK_BYTES	(RELR_CHUNK_BITS * RELR_WORD)
#define RELR_SLOT_SHIFT		6	/* a slot is 64 bytes ... */
#define RELR_INSN_BYTES		4u
#define RELR_SLOT_INSNS		((1u << RELR_SLOT_SHIFT) / RELR_INSN_BYTES)	/* ... 16 insns */
/* Longest plan: 4 pairs + 1 single + count + ret. */
#define RELR_MAX_PLAN		(4 * 4 + 3 + 2)

/* Registers the blocks use; relocate_relr.S sets them up. */
#define RELR_REG_DELTA		2	/* displacement to add */
#define RELR_REG_COUNT		6	/* pointers relocated so far */
#define RELR_REG_DATA0		8	/* loaded word (pair: first) */
#define RELR_REG_BASE		9	/* word 0 of the chunk (where it is now) */
#define RELR_REG_DATA1		10	/* pair: second word */
#define RELR_NR_REGS		32

/*
 * Instructions the dispatcher spends, as written in relocate_relr.S (the
 * model adds the block instructions it executes).  Keep in step.
 */
#define RELR_INSNS_CALL		5	/* mov x7, mov x6, adr, cmp, b.hs, ... */
#define RELR_INSNS_CALL_TAIL	2	/* ... mov x0, ret */
#define RELR_INSNS_ADDRESS	9	/* ldr, tbnz, add, ldr, add, str, add, cmp, b.lo */
#define RELR_INSNS_LAST_ADDRESS	1	/* b .Ldone after a last address entry */
#define RELR_INSNS_BITMAP	4	/* ldr, tbnz, cmp, b.lo */
#define RELR_INSNS_CHUNK	3	/* ubfx, add, blr */
#define RELR_INSNS_LONG		1	/* b to a block kept out of its slot */

enum relr_op {
	RELR_OP_LOAD,		/* ldr rt / ldp rt, rt2 */
	RELR_OP_STORE,		/* str rt / stp rt, rt2 */
	RELR_OP_ADD_REG,	/* add rt, rt, rt2 */
	RELR_OP_ADD_IMM,	/* add rt, rt, #imm */
	RELR_OP_RET,
};

enum relr_mode {
	RELR_AM_OFFSET,		/* [base, #imm] */
	RELR_AM_PRE,		/* [base, #imm]!: base += imm, then access */
	RELR_AM_POST,		/* [base], #imm: access, then base += imm */
};

#define RELR_NO_REG		0xff	/* rt2 of a single load/store */

struct relr_insn {
	uint8_t op;		/* enum relr_op */
	uint8_t mode;		/* enum relr_mode (loads and stores) */
	uint8_t rt, rt2;
	int32_t imm;
};

struct relr_plan {
	struct relr_insn insn[RELR_MAX_PLAN];
	uint32_t len;
};

static inline void relr_emit(struct relr_plan *p, uint8_t op, uint8_t mode, uint8_t rt,
		      uint8_t rt2, int32_t imm)
{
	struct relr_insn *i = &p->insn[p->len++];

	i->op = op;
	i->mode = mode;
	i->rt = rt;
	i->rt2 = rt2;
	i->imm = imm;
}

/*
 * One unit: the word at `word` (and the next one if pair).  The last unit
 * of a block moves base to the next chunk: a pre-index load takes base to
 * the unit, the post-index store takes it the rest of the way.
 */
static inline void relr_plan_unit(struct relr_plan *p, uint32_t word, bool pair, bool last)
{
	const int32_t off = (int32_t)(word * RELR_WORD);
	const uint8_t rt2 = pair ? RELR_REG_DATA1 : RELR_NO_REG;
	uint8_t lmode = RELR_AM_OFFSET, smode = RELR_AM_OFFSET;
	int32_t limm = off, simm = off;

	if (last) {
		lmode = off ? RELR_AM_PRE : RELR_AM_OFFSET;
		smode = RELR_AM_POST;
		simm = (int32_t)RELR_CHUNK_BYTES - off;
	}
	relr_emit(p, RELR_OP_LOAD, lmode, RELR_REG_DATA0, rt2, limm);
	relr_emit(p, RELR_OP_ADD_REG, 0, RELR_REG_DATA0, RELR_REG_DELTA, 0);
	if (pair)
		relr_emit(p, RELR_OP_ADD_REG, 0, RELR_REG_DATA1, RELR_REG_DELTA, 0);
	relr_emit(p, RELR_OP_STORE, smode, RELR_REG_DATA0, rt2, simm);
}

/* The plan for chunk value c: pairs taken greedily from the low end. */
static inline void relr_plan_block(uint32_t c, struct relr_plan *p)
{
	uint32_t j = 0, n = 0, bits = c;

	p->len = 0;
	while (bits) {
		n += bits & 1u;
		bits >>= 1;
	}
	if (!c) {
		relr_emit(p, RELR_OP_ADD_IMM, 0, RELR_REG_BASE, 0, (int32_t)RELR_CHUNK_BYTES);
		relr_emit(p, RELR_OP_RET, 0, 0, 0, 0);
		return;
	}
	relr_emit(p, RELR_OP_ADD_IMM, 0, RELR_REG_COUNT, 0, (int32_t)n);
	while (j < RELR_CHUNK_BITS) {
		const bool set = c >> j & 1u;
		const bool pair = set && j + 1 < RELR_CHUNK_BITS && (c >> (j + 1) & 1u);
		const uint32_t next = j + (pair ? 2 : 1);

		if (set)
			relr_plan_unit(p, j, pair, !(c >> next));
		j = next;
	}
	relr_emit(p, RELR_OP_RET, 0, 0, 0, 0);
}

/* A block too long for its slot is kept after the table, reached by a b. */
static inline bool relr_plan_is_long(const struct relr_plan *p)
{
	return p->len > RELR_SLOT_INSNS;
}

/* ---- The C model of relocate_relr.S ---- */

struct relr_model {
	struct relr_plan block[RELR_NR_BLOCKS];
};

static inline void relr_model_init(struct relr_model *m)
{
	uint32_t c;

	for (c = 0; c < RELR_NR_BLOCKS; c++)
		relr_plan_block(c, &m->block[c]);
}

static inline uint64_t *relr_model_word(uint64_t addr)
{
	return (uint64_t *)(uintptr_t)addr;
}

/* Run one block on the register file x[]; returns instructions executed. */
static inline uint32_t relr_model_block(const struct relr_plan *p, uint64_t *x)
{
	uint32_t k;

	for (k = 0; k < p->len; k++) {
		const struct relr_insn *i = &p->insn[k];
		uint64_t *base = &x[RELR_REG_BASE];
		uint64_t a;

		switch (i->op) {
		case RELR_OP_LOAD:
		case RELR_OP_STORE:
			if (i->mode == RELR_AM_PRE)
				*base += (uint64_t)(int64_t)i->imm;
			a = *base + (i->mode == RELR_AM_OFFSET ? (uint64_t)(int64_t)i->imm : 0);
			if (i->op == RELR_OP_LOAD) {
				x[i->rt] = *relr_model_word(a);
				if (i->rt2 != RELR_NO_REG)
					x[i->rt2] = *relr_model_word(a + RELR_WORD);
			} else {
				*relr_model_word(a) = x[i->rt];
				if (i->rt2 != RELR_NO_REG)
					*relr_model_word(a + RELR_WORD) = x[i->rt2];
			}
			if (i->mode == RELR_AM_POST)
				*base += (uint64_t)(int64_t)i->imm;
			break;
		case RELR_OP_ADD_REG:
			x[i->rt] += x[i->rt2];
			break;
		case RELR_OP_ADD_IMM:
			x[i->rt] += (uint64_t)(int64_t)i->imm;
			break;
		default:	/* RELR_OP_RET */
			break;
		}
	}
	return p->len + (relr_plan_is_long(p) ? RELR_INSNS_LONG : 0);
}

/*
 * relocate_relr.S in C: n entries of tbl, words found at entry + wdelta,
 * delta added.  Returns the words relocated; *insns (may be NULL) gets the
 * AArch64 instructions the assembly would execute.  The table is assumed
 * checked (relocs_check), as at boot.
 */
static inline uint64_t relr_model_run(const struct relr_model *m, const uint64_t *tbl,
			       uint64_t n, uint64_t delta, uint64_t wdelta,
			       uint64_t *insns)
{
	uint64_t x[RELR_NR_REGS] = { 0 }, i, cost = RELR_INSNS_CALL + RELR_INSNS_CALL_TAIL;
	uint32_t k;

	x[RELR_REG_DELTA] = delta;
	for (i = 0; i < n; i++) {
		const uint64_t e = tbl[i];

		if (!(e & 1u)) {
			uint64_t *w = relr_model_word(e + wdelta);

			*w += delta;
			x[RELR_REG_BASE] = e + wdelta + RELR_WORD;
			x[RELR_REG_COUNT]++;
			cost += RELR_INSNS_ADDRESS + (i + 1 == n ? RELR_INSNS_LAST_ADDRESS : 0);
			continue;
		}
		cost += RELR_INSNS_BITMAP;
		for (k = 0; k < RELR_CHUNKS; k++) {
			const uint32_t c = (uint32_t)(e >> (1 + k * RELR_CHUNK_BITS)) & RELR_CHUNK_MASK;

			cost += RELR_INSNS_CHUNK + relr_model_block(&m->block[c], x);
		}
	}
	if (insns)
		*insns = cost;
	return x[RELR_REG_COUNT];
}

#endif
