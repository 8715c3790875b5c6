// SPDX-License-Identifier: MIT
/*
 * Exceptions taken to EL1.  Anything the exception table does not fix up
 * is fatal: print a crash report a person can act on -- what happened by
 * name, where (symbol+offset/size, right under KASLR), the addresses and
 * registers -- then "relok: panic:" and power off.
 */
#include <asm/boot_info.h>
#include <asm/esr.h>
#include <asm/extable.h>
#include <asm/ptrace.h>
#include <relok/kallsyms.h>
#include <relok/printk.h>

/* Vector index groups (entry.S: 4 groups of sync/irq/fiq/serror). */
#define VECTOR_GROUP_SHIFT	2
#define VECTOR_KIND_MASK	3

#define REGS_PER_LINE		4
#define NR_GPRS			31

void do_exception(struct pt_regs *regs, uint64_t vector);

static const char *ec_name(uint32_t ec)
{
	switch (ec) {
	case EC_UNKNOWN:		return "Unknown reason";
	case EC_WFX:			return "WFI/WFE trap";
	case EC_FP_ASIMD:		return "FP/SIMD access trap";
	case EC_ILLEGAL_STATE:		return "Illegal execution state";
	case EC_SVC64:			return "SVC";
	case EC_HVC64:			return "HVC";
	case EC_SMC64:			return "SMC";
	case EC_SYS64:			return "MSR/MRS trap";
	case EC_SVE:			return "SVE access trap";
	case EC_IABT_LOWER:		return "Instruction Abort (lower EL)";
	case EC_IABT_CURRENT:		return "Instruction Abort (current EL)";
	case EC_PC_ALIGN:		return "PC alignment fault";
	case EC_DABT_LOWER:		return "Data Abort (lower EL)";
	case EC_DABT_CURRENT:		return "Data Abort (current EL)";
	case EC_SP_ALIGN:		return "SP alignment fault";
	case EC_SERROR:			return "SError";
	case EC_BREAKPOINT_LOWER:
	case EC_BREAKPOINT_CURRENT:	return "Breakpoint";
	case EC_SOFTSTEP_LOWER:
	case EC_SOFTSTEP_CURRENT:	return "Software step";
	case EC_WATCHPOINT_LOWER:
	case EC_WATCHPOINT_CURRENT:	return "Watchpoint";
	case EC_BRK64:			return "BRK instruction";
	default:			return "Reserved or unexpected exception class";
	}
}

static const char *vector_kind(uint64_t vector)
{
	switch (vector & VECTOR_KIND_MASK) {
	case 0:		return "synchronous";
	case 1:		return "IRQ";
	case 2:		return "FIQ";
	default:	return "SError";
	}
}

static int is_abort(uint32_t ec)
{
	return ec == EC_IABT_LOWER || ec == EC_IABT_CURRENT ||
	       ec == EC_DABT_LOWER || ec == EC_DABT_CURRENT;
}

static const char *fault_name(uint32_t fsc)
{
	if (fsc == FSC_ALIGNMENT)
		return "alignment fault";
	switch (fsc & FSC_TYPE_MASK) {
	case FSC_TRANSLATION:	return "translation fault";
	case FSC_ACCESS_FLAG:	return "access flag fault";
	case FSC_PERMISSION:	return "permission fault";
	default:		return "other fault";
	}
}

/* "name+0xoff/0xsize", or the bare address when no symbol covers it. */
static void print_addr(const char *label, uint64_t addr)
{
	const char *name;
	uint64_t off, size;

	if (kallsyms_lookup(addr, &name, &off, &size))
		printk("relok: crash: %s=0x%lx %s+0x%lx/0x%lx\n", label, addr, name, off, size);
	else
		printk("relok: crash: %s=0x%lx ?\n", label, addr);
}

static void print_regs(const struct pt_regs *regs)
{
	for (unsigned int i = 0; i < NR_GPRS; i += REGS_PER_LINE) {
		printk("relok: crash:");
		for (unsigned int j = i; j < i + REGS_PER_LINE && j < NR_GPRS; j++)
			printk(" x%u=0x%016lx", j, regs->regs[j]);
		printk("\n");
	}
	printk("relok: crash: sp=0x%016lx pstate=0x%08lx\n", regs->sp, regs->pstate);
}

void do_exception(struct pt_regs *regs, uint64_t vector)
{
	if (fixup_exception(regs))
		return;

	const uint32_t ec = (uint32_t)(regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	const uint32_t iss = (uint32_t)regs->esr & ESR_ISS_MASK;
	const char *name;
	uint64_t off, size;

	printk("relok: crash: %s exception: %s (ec=0x%02x) esr=0x%lx\n", vector_kind(vector),
	       ec_name(ec), ec, regs->esr);
	if (is_abort(ec)) {
		const uint32_t fsc = iss & ESR_ABORT_FSC_MASK;

		printk("relok: crash: %s, level %u, %s at far=0x%lx\n", fault_name(fsc),
		       fsc & FSC_LEVEL_MASK,
		       ec == EC_DABT_CURRENT || ec == EC_DABT_LOWER ?
		       (iss & ESR_ABORT_WNR ? "write" : "read") : "instruction fetch",
		       regs->far);
	} else {
		printk("relok: crash: far=0x%lx\n", regs->far);
	}
	print_addr("elr", regs->pc);
	print_addr("lr", regs->regs[30]);
	printk("relok: crash: kaslr offset=0x%lx virt=0x%lx phys=0x%lx\n",
	       boot_info.kaslr_offset, boot_info.virt_base, boot_info.phys_base);
	print_regs(regs);

	if (kallsyms_lookup(regs->pc, &name, &off, &size))
		panic("%s in %s+0x%lx/0x%lx", ec_name(ec), name, off, size);
	panic("%s at 0x%lx", ec_name(ec), regs->pc);
}
