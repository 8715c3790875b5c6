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
 * exactly the words of c, leaves base 9 words further on, and returns.
 * The dispatcher (relocate_relr.S) runs the 7 chunks of a bitmap
 * unrolled: ubfx, add, blr per chunk; it counts the words relocated per
 * bitmap (SIMD popcount), so blocks do not count.
 *
 * How a block relocates its words is chosen per chunk value by a small
 * dynamic program (relr_plan_block), cheapest in instructions first, from
 * three kinds of unit:
 *   single  ldr, add, str                                   3 instructions
 *   pair    ldp, add, add, stp (two adjacent set words)     4
 *   window  ld1 {v0.2d-vN.2d}, [base]: 2 to 8 words at once; then one
 *           add per register that holds a set word, of a mask register
 *           with delta in exactly the set lanes (v29 = {delta, 0},
 *           v30 = {0, delta}, v31 = {delta, delta}); st1 back   2 + adds
 * A window rewrites the clear words it covers with their own value (+0).
 * It never starts before the chunk's first set word and ends at most one
 * word past its last, so every word it touches lies between two
 * relocation targets or right after one: inside the image, whose
 * relocation targets are all in writable data followed by more image
 * (relocs_check, vmlinux.lds.S).  With the MMU off every access is to
 * Device memory, where LD1/ST1 of .2d elements need only 8-byte alignment.
 * Single and pair units move base for free (pre-index load, post-index
 * store); ld1 needs base at the window start (an add when it is not), and
 * st1 may post-increment base by the bytes it stored.
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
/* Upper bound on a plan: a unit per set word with a base fix-up each
 * (the planner never gets near it), a last base fix-up, ret. */
#define RELR_MAX_PLAN		(RELR_CHUNK_BITS * 4 + 1 + 1)

/* Registers the blocks use; relocate_relr.S sets them up. */
#define RELR_REG_DELTA		2	/* displacement to add */
#define RELR_REG_COUNT		6	/* address entries so far (the dispatcher's) */
#define RELR_REG_DATA0		8	/* loaded word (pair: first) */
#define RELR_REG_BASE		9	/* where base points (the chunk start on entry) */
#define RELR_REG_DATA1		10	/* pair: second word */
#define RELR_NR_REGS		32
#define RELR_VREG_DATA		0	/* windows load v0 .. v3 */
#define RELR_VEC_MAX_REGS	4	/* ld1 takes at most four registers */
#define RELR_VEC_WORDS		2	/* 64-bit lanes per register */
#define RELR_VEC_BYTES		(RELR_VEC_WORDS * RELR_WORD)
#define RELR_VREG_MASK_LO	29	/* {delta, 0}: the lower-addressed word */
#define RELR_VREG_MASK_HI	30	/* {0, delta} */
#define RELR_VREG_MASK_BOTH	31	/* {delta, delta} */

/*
 * Instructions the dispatcher spends, as written in relocate_relr.S (the
 * model adds the block instructions it executes).  Keep in step.
 */
#define RELR_INSNS_CALL		12	/* mov x7, mov x5, mov x6, movi d28, adr, 5 mask set-up, cmp, b.hs */
#define RELR_INSNS_CALL_TAIL	5	/* ... fmov, sub, add, sub, ret */
#define RELR_INSNS_ADDRESS	9	/* ldr, tbnz, add, ldr, add, str, add, cmp, b.lo */
#define RELR_INSNS_LAST_ADDRESS	1	/* b .Ldone after a last address entry */
#define RELR_INSNS_BITMAP	8	/* ldr, tbnz, fmov, cnt, addv, add, cmp, b.lo */
#define RELR_INSNS_CHUNK	3	/* ubfx, add, blr */
#define RELR_INSNS_LONG		1	/* b to a block kept out of its slot */

enum relr_op {
	RELR_OP_LOAD,		/* ldr rt / ldp rt, rt2 */
	RELR_OP_STORE,		/* str rt / stp rt, rt2 */
	RELR_OP_ADD_REG,	/* add rt, rt, rt2 */
	RELR_OP_ADD_IMM,	/* add rt, rt, #imm (sub when imm < 0) */
	RELR_OP_VLOAD,		/* ld1 {v0.2d .. v(rt-1).2d}, [base] */
	RELR_OP_VADD,		/* add v(rt).2d, v(rt).2d, v(rt2).2d */
	RELR_OP_VSTORE,		/* st1 {v0.2d .. v(rt-1).2d}, [base](, #imm if RELR_AM_POST) */
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

/* ---- The planner ---- */

enum relr_unit { RELR_UNIT_SINGLE, RELR_UNIT_PAIR, RELR_UNIT_WINDOW };

#define RELR_UNIT_INSNS_SINGLE	3
#define RELR_UNIT_INSNS_PAIR	4
#define RELR_UNIT_INSNS_WINDOW	2	/* ld1, st1; plus an add per busy register */
#define RELR_NO_PLAN		0xffu

/* State: word j onwards still to do, base at word b (of the chunk). */
struct relr_step {
	uint8_t cost;		/* instructions from here on; RELR_NO_PLAN: none */
	uint8_t unit;		/* enum relr_unit */
	uint8_t start;		/* first word of the unit */
	uint8_t nregs;		/* window: vector registers */
	uint8_t next_base;	/* base after the unit */
};

struct relr_planner {
	uint32_t c, first, last;
	struct relr_step step[RELR_CHUNK_BITS + 1][RELR_CHUNK_BITS + 1];
	bool done[RELR_CHUNK_BITS + 1][RELR_CHUNK_BITS + 1];
};

static inline bool relr_bit(uint32_t c, uint32_t j)
{
	return j < RELR_CHUNK_BITS && (c >> j & 1u);
}

/* Mask register for the two words at w, w + 1; 0 if neither is set. */
static inline uint8_t relr_lane_mask(uint32_t c, uint32_t w)
{
	const bool lo = relr_bit(c, w), hi = relr_bit(c, w + 1);

	if (lo && hi)
		return RELR_VREG_MASK_BOTH;
	return lo ? RELR_VREG_MASK_LO : hi ? RELR_VREG_MASK_HI : 0;
}

static inline const struct relr_step *relr_best(struct relr_planner *pl, uint32_t j, uint32_t b);

/* Consider a unit at start (covering to end) that leaves base at t. */
static inline void relr_consider(struct relr_planner *pl, struct relr_step *best,
				 uint32_t unit, uint32_t start, uint32_t nregs,
				 uint32_t end, uint32_t t, uint32_t cost)
{
	const struct relr_step *rest = relr_best(pl, end, t);

	if (rest->cost == RELR_NO_PLAN || cost + rest->cost >= best->cost)
		return;
	best->cost = (uint8_t)(cost + rest->cost);
	best->unit = (uint8_t)unit;
	best->start = (uint8_t)start;
	best->nregs = (uint8_t)nregs;
	best->next_base = (uint8_t)t;
}

static inline const struct relr_step *relr_best(struct relr_planner *pl, uint32_t j, uint32_t b)
{
	struct relr_step *best = &pl->step[j][b];
	uint32_t w = j, t, r, s;

	if (pl->done[j][b])
		return best;
	pl->done[j][b] = true;
	best->cost = RELR_NO_PLAN;
	while (w < RELR_CHUNK_BITS && !relr_bit(pl->c, w))
		w++;
	if (w == RELR_CHUNK_BITS) {
		/* Nothing left: base must end at the next chunk. */
		best->cost = b == RELR_CHUNK_BITS ? 0 : 1;
		return best;
	}
	/* Scalar units can leave base anywhere in the chunk for free. */
	for (t = 0; t <= RELR_CHUNK_BITS; t++) {
		relr_consider(pl, best, RELR_UNIT_SINGLE, w, 0, w + 1, t, RELR_UNIT_INSNS_SINGLE);
		if (relr_bit(pl->c, w + 1))
			relr_consider(pl, best, RELR_UNIT_PAIR, w, 0, w + 2, t,
				      RELR_UNIT_INSNS_PAIR);
	}
	/*
	 * A window starts at w, or at the clear word before it (never before
	 * the chunk's first set word, nor over words already done), and ends
	 * at most one word past the chunk's last set word.
	 */
	for (s = w ? w - 1 : w; s <= w; s++) {
		if (s < pl->first || s < j)
			continue;
		for (r = 1; r <= RELR_VEC_MAX_REGS; r++) {
			const uint32_t end = s + r * RELR_VEC_WORDS;
			/* ld1 takes no offset: an add brings base to s first */
			uint32_t cost = RELR_UNIT_INSNS_WINDOW + (b != s ? 1 : 0), q;

			if (end > RELR_CHUNK_BITS || end - 1 > pl->last + 1)
				break;
			for (q = 0; q < r; q++)
				cost += relr_lane_mask(pl->c, s + q * RELR_VEC_WORDS) != 0;
			relr_consider(pl, best, RELR_UNIT_WINDOW, s, r, end, s, cost);
			relr_consider(pl, best, RELR_UNIT_WINDOW, s, r, end, end, cost);
		}
	}
	return best;
}

static inline void relr_emit_base_add(struct relr_plan *p, uint32_t from, uint32_t to)
{
	relr_emit(p, RELR_OP_ADD_IMM, 0, RELR_REG_BASE, 0,
		  ((int32_t)to - (int32_t)from) * (int32_t)RELR_WORD);
}

/* Single or pair at word w, base b before and t after. */
static inline void relr_emit_scalar(struct relr_plan *p, uint32_t w, bool pair, uint32_t b,
				    uint32_t t)
{
	const uint8_t rt2 = pair ? RELR_REG_DATA1 : RELR_NO_REG;
	const int32_t off = ((int32_t)w - (int32_t)b) * (int32_t)RELR_WORD;

	if (t == b) {
		relr_emit(p, RELR_OP_LOAD, RELR_AM_OFFSET, RELR_REG_DATA0, rt2, off);
	} else {
		/* pre-index takes base to w; the post-index store on to t */
		relr_emit(p, RELR_OP_LOAD, RELR_AM_PRE, RELR_REG_DATA0, rt2, off);
	}
	relr_emit(p, RELR_OP_ADD_REG, 0, RELR_REG_DATA0, RELR_REG_DELTA, 0);
	if (pair)
		relr_emit(p, RELR_OP_ADD_REG, 0, RELR_REG_DATA1, RELR_REG_DELTA, 0);
	if (t == b)
		relr_emit(p, RELR_OP_STORE, RELR_AM_OFFSET, RELR_REG_DATA0, rt2, off);
	else
		relr_emit(p, RELR_OP_STORE, RELR_AM_POST, RELR_REG_DATA0, rt2,
			  ((int32_t)t - (int32_t)w) * (int32_t)RELR_WORD);
}

static inline void relr_emit_window(struct relr_plan *p, uint32_t c, uint32_t s, uint32_t nregs,
				    uint32_t b, uint32_t t)
{
	uint32_t q;

	if (b != s)
		relr_emit_base_add(p, b, s);
	relr_emit(p, RELR_OP_VLOAD, RELR_AM_OFFSET, (uint8_t)nregs, 0, 0);
	for (q = 0; q < nregs; q++) {
		const uint8_t mask = relr_lane_mask(c, s + q * RELR_VEC_WORDS);

		if (mask)
			relr_emit(p, RELR_OP_VADD, 0, (uint8_t)(RELR_VREG_DATA + q), mask, 0);
	}
	if (t == s)
		relr_emit(p, RELR_OP_VSTORE, RELR_AM_OFFSET, (uint8_t)nregs, 0, 0);
	else
		relr_emit(p, RELR_OP_VSTORE, RELR_AM_POST, (uint8_t)nregs, 0,
			  (int32_t)(nregs * RELR_VEC_BYTES));
}

/* The plan for chunk value c: the planner's cheapest, then ret. */
static inline void relr_plan_block(uint32_t c, struct relr_plan *p)
{
	struct relr_planner pl = { .c = c };
	uint32_t j = 0, b = 0;

	p->len = 0;
	if (c) {
		pl.first = (uint32_t)__builtin_ctz(c);
		pl.last = 31u - (uint32_t)__builtin_clz(c);
	}
	for (;;) {
		const struct relr_step *st = relr_best(&pl, j, b);
		uint32_t end;

		if (st->cost == 0)
			break;
		if (j == RELR_CHUNK_BITS || !(c >> j)) {
			relr_emit_base_add(p, b, RELR_CHUNK_BITS);	/* nothing left */
			break;
		}
		switch (st->unit) {
		case RELR_UNIT_WINDOW:
			relr_emit_window(p, c, st->start, st->nregs, b, st->next_base);
			end = st->start + st->nregs * RELR_VEC_WORDS;
			break;
		case RELR_UNIT_PAIR:
			relr_emit_scalar(p, st->start, true, b, st->next_base);
			end = st->start + 2;
			break;
		default:
			relr_emit_scalar(p, st->start, false, b, st->next_base);
			end = st->start + 1;
			break;
		}
		j = end;
		b = st->next_base;
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

/* The mask register m's two lanes, as relocate_relr.S sets them up. */
static inline uint64_t relr_model_lane(uint8_t m, uint32_t lane, uint64_t delta)
{
	if (m == RELR_VREG_MASK_BOTH)
		return delta;
	return (m == RELR_VREG_MASK_LO) == (lane == 0) ? delta : 0;
}

/* Run one block on the register file x[]; returns instructions executed. */
static inline uint32_t relr_model_block(const struct relr_plan *p, uint64_t *x)
{
	uint64_t v[RELR_VEC_MAX_REGS][RELR_VEC_WORDS] = { { 0 } };
	uint32_t k, q, l;

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
		case RELR_OP_VLOAD:
		case RELR_OP_VSTORE:
			/* ld1/st1 {v0.2d ..}: lane 0 at the lower address */
			for (q = 0; q < i->rt; q++)
				for (l = 0; l < RELR_VEC_WORDS; l++) {
					uint64_t *w = relr_model_word(*base + (q * RELR_VEC_WORDS + l) * RELR_WORD);

					if (i->op == RELR_OP_VLOAD)
						v[q][l] = *w;
					else
						*w = v[q][l];
				}
			if (i->mode == RELR_AM_POST)
				*base += (uint64_t)(int64_t)i->imm;
			break;
		case RELR_OP_VADD:
			for (l = 0; l < RELR_VEC_WORDS; l++)
				v[i->rt - RELR_VREG_DATA][l] +=
					relr_model_lane(i->rt2, l, x[RELR_REG_DELTA]);
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
	uint64_t bits = 0;	/* d28: set bits of the bitmaps, markers included */
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
		bits += (uint64_t)__builtin_popcountll(e);
		for (k = 0; k < RELR_CHUNKS; k++) {
			const uint32_t c = (uint32_t)(e >> (1 + k * RELR_CHUNK_BITS)) & RELR_CHUNK_MASK;

			cost += RELR_INSNS_CHUNK + relr_model_block(&m->block[c], x);
		}
	}
	if (insns)
		*insns = cost;
	/* as .Ldone computes it: 2 * addresses + bits - entries */
	return 2 * x[RELR_REG_COUNT] + bits - n;
}

#endif
