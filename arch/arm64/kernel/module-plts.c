// SPDX-License-Identifier: MIT
/*
 * PLT entries and Cortex-A53 erratum 843419 veneers for loadable modules.
 *
 * A module calls the kernel (and other modules) with B/BL, which reach
 * +/-128 MiB.  When the module region is farther than that from a target,
 * the branch goes to a PLT entry in the module's own text, which reaches
 * the target with an absolute address.  The loader knows every address
 * before it allocates the module (the region hands out the address first),
 * so plt_count() gives the exact number of entries: one per distinct
 * (symbol, addend) that some branch cannot reach directly, none for
 * targets every branch reaches.
 *
 * Erratum 843419 (Cortex-A53): an ADRP in the last two words of a 4 KiB
 * page (offsets 0xff8, 0xffc), followed by certain loads or stores, may
 * compute a wrong address.  The loader never leaves a relocated ADRP at
 * those offsets: it becomes an ADR when the page is within +/-1 MiB, else
 * a branch to a veneer that builds the page address with MOVZ/MOVK (no
 * ADRP, so the veneer cannot trigger the erratum wherever it lands) and
 * branches back.
 *
 * Built for the kernel and for the host tests: no kernel calls here.
 */
#include <asm/module.h>
#include <asm/insn.h>

#define PLT_SCRATCH_REG		16	/* x16, IP0 */
#define MOVW_GROUPS		4
#define PAGE_OFF_MASK		0xfffu

static bool same_target(const struct plt_branch *a, const struct plt_branch *b)
{
	return a->sym == b->sym && a->addend == b->addend;
}

uint32_t plt_count(const struct plt_branch *b, uint32_t n)
{
	uint32_t i, j, count = 0;

	/*
	 * A target counts once, at its first out-of-range branch: quadratic,
	 * but a module has a few hundred branches to other objects at most
	 * and this needs no memory.
	 */
	for (i = 0; i < n; i++) {
		bool seen = false;

		if (aarch64_branch26_reaches(b[i].place, b[i].target))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = same_target(&b[j], &b[i]) &&
			       !aarch64_branch26_reaches(b[j].place, b[j].target);
		if (!seen)
			count++;
	}
	return count;
}

static void put_insn(uint8_t *p, uint32_t insn)
{
	p[0] = (uint8_t)insn;
	p[1] = (uint8_t)(insn >> 8);
	p[2] = (uint8_t)(insn >> 16);
	p[3] = (uint8_t)(insn >> 24);
}

static uint32_t get_insn(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* MOVZ/MOVK rd with the whole 64-bit value: 4 instructions at p. */
static void emit_mov64(uint8_t *p, uint32_t rd, uint64_t value)
{
	uint32_t g;

	put_insn(p, aarch64_insn_movz(rd, (uint16_t)value, 0));
	for (g = 1; g < MOVW_GROUPS; g++)
		put_insn(p + 4 * g, aarch64_insn_movk(rd, (uint16_t)(value >> (g * MOVW_GROUP_BITS)),
						      g * MOVW_GROUP_BITS));
}

uint64_t plt_branch_dest(struct plt_area *plts, const struct plt_branch *b)
{
	uint32_t i;
	uint8_t *entry;

	if (aarch64_branch26_reaches(b->place, b->target))
		return b->target;
	for (i = 0; i < plts->used; i++) {
		if (same_target(&plts->keys[i], b))
			return plts->va + (uint64_t)i * PLT_ENTRY_SIZE;
	}
	if (plts->used == plts->max)
		return 0;
	plts->keys[i] = *b;
	entry = plts->mem + (uint64_t)i * PLT_ENTRY_SIZE;
	emit_mov64(entry, PLT_SCRATCH_REG, b->target);
	put_insn(entry + 4 * MOVW_GROUPS, aarch64_insn_br(PLT_SCRATCH_REG));
	plts->used++;
	return plts->va + (uint64_t)i * PLT_ENTRY_SIZE;
}

bool erratum_843419_place(uint64_t place)
{
	const uint64_t off = place & PAGE_OFF_MASK;

	return off == ERRATUM_843419_PAGE_OFF1 || off == ERRATUM_843419_PAGE_OFF2;
}

bool erratum_843419_fix(uint8_t *loc, uint64_t place, uint64_t page, struct plt_area *veneers)
{
	const uint32_t rd = aarch64_insn_rd(get_insn(loc));
	uint8_t *v;
	uint64_t v_va;

	if (aarch64_adr_reaches(place, page)) {
		put_insn(loc, aarch64_insn_adr(rd, place, page));
		return true;
	}
	if (veneers->used == veneers->max)
		return false;
	v = veneers->mem + (uint64_t)veneers->used * ADRP_VENEER_SIZE;
	v_va = veneers->va + (uint64_t)veneers->used * ADRP_VENEER_SIZE;
	veneers->used++;
	emit_mov64(v, rd, page);
	put_insn(v + 4 * MOVW_GROUPS, aarch64_insn_b(v_va + 4 * MOVW_GROUPS, place + 4));
	put_insn(loc, aarch64_insn_b(place, v_va));
	return true;
}
