// SPDX-License-Identifier: MIT
/*
 * Exception-table lookup and fixups.  The table (format: asm/extable.h) was
 * converted after the link by scripts/extable_sort into sorted
 * self-relative entries, so it is read in place: no relocation, no sorting
 * at boot, correct at any virtual base.
 */
#include <asm/esr.h>
#include <asm/extable.h>
#include <asm/ptrace.h>
#include <relok/printk.h>

/* SPSR_EL1.M[3:2]: the exception level the exception came from. */
#define SPSR_EL_SHIFT		2
#define SPSR_EL_MASK		0x3
#define SPSR_EL1		1

extern const char __ex_table_start[], __ex_table_end[];

/* Set by extable_init(): the table passed its checks, lookups may use it. */
static bool extable_usable;
static uint64_t fixups_applied;

static const struct extable_header *table_header(void)
{
	return (const struct extable_header *)__ex_table_start;
}

static const struct extable_entry *table_entries(void)
{
	return (const struct extable_entry *)(__ex_table_start + EXTABLE_HEADER_SIZE);
}

bool extable_init(uint32_t *entries)
{
	const struct extable_header *h = table_header();
	const uint64_t room = (uint64_t)(__ex_table_end - __ex_table_start) - EXTABLE_HEADER_SIZE;
	const struct extable_entry *e = table_entries();
	uint32_t i;

	if (h->magic != EXTABLE_MAGIC)
		panic("exception table header corrupt (magic 0x%x)", h->magic);
	if (h->state != EXTABLE_STATE_SORTED)
		panic("exception table not converted (state %u): the build must run "
		      "scripts/extable_sort on vmlinux", h->state);
	if (h->entry_size != EXTABLE_SORTED_ENTRY_SIZE ||
	    (uint64_t)h->count * EXTABLE_SORTED_ENTRY_SIZE > room)
		panic("exception table header corrupt (%u entries of %u bytes)",
		      h->count, h->entry_size);
	*entries = h->count;
	/* The binary search relies on this; checking costs one pass. */
	for (i = 1; i < h->count; i++)
		if (extable_insn_addr(&e[i - 1]) >= extable_insn_addr(&e[i]))
			return false;
	extable_usable = true;
	return true;
}

void report_extable(void)
{
	uint32_t entries = 0;
	const bool sorted = extable_init(&entries);

	printk("relok: extable entries=%u sorted=%s\n", entries, sorted ? "yes" : "no");
}

const struct extable_entry *search_extable(uint64_t addr)
{
	const struct extable_entry *const e = table_entries();
	uint32_t lo = 0, hi;

	if (!extable_usable)
		return 0;
	hi = table_header()->count;
	/* invariant: the entry for addr, if any, is in [lo, hi) */
	while (lo < hi) {
		const uint32_t mid = lo + (hi - lo) / 2;
		const uint64_t insn = extable_insn_addr(&e[mid]);

		if (insn == addr)
			return &e[mid];
		if (insn < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void set_reg(struct pt_regs *regs, uint32_t reg, uint64_t val)
{
	/* register 31 is xzr here: writes to it are discarded */
	if (reg != EX_DATA_REG_XZR)
		regs->regs[reg] = val;
}

/* The exception class an entry of this type may resume from. */
static uint32_t entry_ec(uint32_t type)
{
	return type == EX_TYPE_UNDEF_ERR_ZERO ? EC_UNKNOWN : EC_DABT_CURRENT;
}

bool fixup_exception(struct pt_regs *regs)
{
	const uint32_t ec = (uint32_t)(regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	const uint32_t from_el = (uint32_t)(regs->pstate >> SPSR_EL_SHIFT) & SPSR_EL_MASK;
	const struct extable_entry *e;

	/* Only the exceptions the kernel itself marked may be resumed. */
	if ((ec != EC_DABT_CURRENT && ec != EC_UNKNOWN) || from_el != SPSR_EL1)
		return false;
	e = search_extable(regs->pc);
	if (!e || ec != entry_ec(e->type))
		return false;
	switch (e->type) {
	case EX_TYPE_FIXUP:
		break;
	case EX_TYPE_ERR_ZERO:
	case EX_TYPE_UNDEF_ERR_ZERO:
		set_reg(regs, ex_data_reg(e->data, EX_DATA_ERR_SHIFT), (uint64_t)-(int64_t)EX_EFAULT);
		set_reg(regs, ex_data_reg(e->data, EX_DATA_ZERO_SHIFT), 0);
		break;
	default:
		/* extable_sort rejects unknown types: the table is damaged */
		return false;
	}
	regs->pc = extable_fixup_addr(e);
	fixups_applied++;
	return true;
}

uint64_t extable_fixup_count(void)
{
	return fixups_applied;
}
