/* SPDX-License-Identifier: MIT */
/*
 * Exception table: instructions that may fault, and where to resume.
 *
 * The table is the output section __ex_table (vmlinux.lds.S), in read-only
 * data.  It starts with a 16-byte header that the linker script writes,
 * followed by the entries that asm-extable.h emits.  It exists in two
 * forms, told apart by the header's state word:
 *
 * EXTABLE_STATE_LINKED: what the compiler and linker produce.  Each entry
 *   is 24 bytes:
 *	u64 insn	absolute address of the instruction that may fault
 *	u64 fixup	absolute address to resume at
 *	u32 type	EX_TYPE_*
 *	u32 data	type-specific (EX_DATA_* below)
 *   Both addresses are R_AARCH64_RELATIVE relocations: the kernel links
 *   with --no-apply-dynamic-relocs, so the words themselves hold 0 and the
 *   values live in the relocations' addends (or, in a RELR-packed image,
 *   in the words).  The entries are in link order, not sorted.
 *
 * EXTABLE_STATE_SORTED: what scripts/extable_sort writes after the link.
 *   count entries of 16 bytes (struct extable_entry), sorted by instruction
 *   address, strictly ascending (no duplicates):
 *	s32 insn	instruction address - address of this field
 *	s32 fixup	resume address - address of this field
 *	u32 type	EX_TYPE_*
 *	u32 data	type-specific
 *   Self-relative offsets do not depend on where the image runs, so the
 *   relocations of the linked form are removed from .rela.dyn (or
 *   .relr.dyn): the boot-time pass never touches the table, and KASLR
 *   needs nothing extra.  The bytes after the last entry are zero.
 *
 * The boot code refuses a table still in the LINKED state (the build
 * skipped the post-link tool), and relocs_check refuses any relocation
 * that still targets __ex_table.
 *
 * This header is shared by the kernel, scripts/extable_sort and the linker
 * script, so under __ASSEMBLER__ it holds plain numbers only.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#define EXTABLE_MAGIC			0x54584552	/* "REXT" */
#define EXTABLE_STATE_LINKED		0
#define EXTABLE_STATE_SORTED		1
#define EXTABLE_HEADER_SIZE		16
#define EXTABLE_LINKED_ENTRY_SIZE	24
#define EXTABLE_SORTED_ENTRY_SIZE	16
/* Offsets of the two address fields in a linked entry. */
#define EXTABLE_LINKED_INSN		0
#define EXTABLE_LINKED_FIXUP		8
#define EXTABLE_LINKED_TYPE		16
#define EXTABLE_LINKED_DATA		20

/* Fixup types. */
#define EX_TYPE_NONE		0	/* never valid in a table */
#define EX_TYPE_FIXUP		1	/* resume at fixup, registers untouched */
#define EX_TYPE_ERR_ZERO	2	/* err reg = -EX_EFAULT, zero reg = 0, resume */
/*
 * Like EX_TYPE_ERR_ZERO, but for an instruction that may be undefined
 * rather than fault on memory (an smc or hvc with nothing behind it): only
 * an Undefined Instruction exception (ESR EC 0) at insn is fixed up.
 */
#define EX_TYPE_UNDEF_ERR_ZERO	3
#define EX_TYPE_MAX		EX_TYPE_UNDEF_ERR_ZERO

/* EX_TYPE_ERR_ZERO and EX_TYPE_UNDEF_ERR_ZERO data: two general-purpose register numbers (31 = xzr). */
#define EX_DATA_REG_BITS	5
#define EX_DATA_REG_MASK	0x1f
#define EX_DATA_ERR_SHIFT	0
#define EX_DATA_ZERO_SHIFT	5
#define EX_DATA_REG_XZR		31

/* The error an EX_TYPE_ERR_ZERO fixup puts in its error register (negated). */
#define EX_EFAULT		14

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* The output section's name, as the host tools look it up. */
#define EXTABLE_SECTION		"__ex_table"

struct extable_header {
	uint32_t magic;		/* EXTABLE_MAGIC */
	uint32_t state;		/* EXTABLE_STATE_* */
	uint32_t count;		/* entries (0 while LINKED: the tool counts) */
	uint32_t entry_size;	/* EXTABLE_{LINKED,SORTED}_ENTRY_SIZE */
};

/* One entry of the SORTED form. */
struct extable_entry {
	int32_t insn;
	int32_t fixup;
	uint32_t type;
	uint32_t data;
};

_Static_assert(sizeof(struct extable_header) == EXTABLE_HEADER_SIZE, "layout");
_Static_assert(sizeof(struct extable_entry) == EXTABLE_SORTED_ENTRY_SIZE, "layout");

static inline uint64_t extable_insn_addr(const struct extable_entry *e)
{
	return (uint64_t)(uintptr_t)&e->insn + (uint64_t)(int64_t)e->insn;
}

static inline uint64_t extable_fixup_addr(const struct extable_entry *e)
{
	return (uint64_t)(uintptr_t)&e->fixup + (uint64_t)(int64_t)e->fixup;
}

static inline uint32_t ex_data_reg(uint32_t data, uint32_t shift)
{
	return (data >> shift) & EX_DATA_REG_MASK;
}

#ifdef __KERNEL__
struct pt_regs;

/*
 * Called first by the synchronous exception handler: if regs->pc is a
 * data abort (or, for EX_TYPE_UNDEF_ERR_ZERO, an undefined instruction)
 * taken from EL1 at an instruction listed in the table, apply
 * the entry's fixup (regs->pc and maybe registers) and return true; the
 * exception return then resumes there.
 */
bool fixup_exception(struct pt_regs *regs);

/* Look addr up (binary search); NULL if it is not a listed instruction. */
const struct extable_entry *search_extable(uint64_t addr);

/*
 * Check the table the boot way: panics if it is still in the linked form
 * (the build skipped scripts/extable_sort) or its header is corrupt.
 * *entries gets the number of entries; returns true if the entries are
 * strictly ascending (fixups are disabled otherwise).
 */
bool extable_init(uint32_t *entries);

/* extable_init(), then the boot report line "relok: extable entries=<n> sorted=yes|no". */
void report_extable(void);

/* Fixups applied since boot (self-tests check a fault really happened). */
uint64_t extable_fixup_count(void);

int run_extable_selftests(void);
#endif /* __KERNEL__ */
#endif /* !__ASSEMBLER__ */

#endif
