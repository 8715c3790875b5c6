// SPDX-License-Identifier: MIT
/*
 * The boot cost report: what each early boot phase cost, from the stamps
 * of asm/boot_cost.h.  Phases run back to back, so they add up to total:
 *   setup     entry -> relocation pass starts (EL switch, BSS, DT, layout)
 *   reloc     the relocation passes alone (RELR, then any RELA)
 *   dcache    the cache lines those passes wrote invalidated
 *   pgtables  -> early page tables built
 *   mmu       -> first instruction at the virtual address (MMU on)
 *   c-init    -> just before "relok: ready" (boot report, self-tests)
 * Every phase says cycles=; insns= only when the CPU counts retired
 * instructions (INST_RETIRED), so that a number called insns is one.
 */
#include <asm/boot_cost.h>
#include <asm/boot_info.h>
#include <asm/sysreg.h>
#include <relok/printf.h>
#include <relok/printk.h>

#define HUNDREDTHS	100

/* Which common events the CPU implements (bit n: event n). */
static uint64_t read_pmceid0(void)
{
	return read_sysreg(pmceid0_el0);
}

static bool counts_insns(void)
{
	return boot_stamps[BOOT_STAMP_VALID] & BOOT_COUNTER_INSNS;
}

static uint64_t cycles_diff(unsigned int from, unsigned int to)
{
	return boot_stamps[to] - boot_stamps[from];
}

static uint64_t insns_diff(unsigned int from, unsigned int to)
{
	return (boot_stamps[BOOT_STAMP_INSNS + to] - boot_stamps[BOOT_STAMP_INSNS + from]) &
	       BOOT_INSNS_MASK;
}

/* One line a phase. */
static void report_phase(const char *name, unsigned int from, unsigned int to)
{
	if (counts_insns())
		printk("relok: cost phase=%s cycles=%lu insns=%lu\n", name, cycles_diff(from, to),
		       insns_diff(from, to));
	else
		printk("relok: cost phase=%s cycles=%lu\n", name, cycles_diff(from, to));
}

/* n / d with two decimals, as "<int>.<hundredths>" (no FP here). */
static void per_unit(char *buf, size_t size, uint64_t n, uint64_t d)
{
	const uint64_t per = d ? n * HUNDREDTHS / d : 0;

	snprintf(buf, size, "%lu.%02lu", per / HUNDREDTHS, per % HUNDREDTHS);
}

void report_boot_cost(const struct boot_info *bi)
{
	char cycles[32], insns[32];

	boot_stamp(BOOT_STAMP_READY);
	if (!(boot_stamps[BOOT_STAMP_VALID] & BOOT_COUNTER_CYCLES)) {
		printk("relok: cost counter=none (no architected PMU)\n");
		return;
	}
	printk("relok: cost counter=pmccntr insn-event=%s pmceid0=0x%lx\n",
	       counts_insns() ? "inst-retired" : "none", read_pmceid0());
	report_phase("setup", BOOT_STAMP_ENTRY, BOOT_STAMP_RELOC_START);
	report_phase("reloc", BOOT_STAMP_RELOC_START, BOOT_STAMP_RELOC_DONE);
	report_phase("dcache", BOOT_STAMP_RELOC_DONE, BOOT_STAMP_RELOC_DCACHE);
	report_phase("pgtables", BOOT_STAMP_RELOC_DCACHE, BOOT_STAMP_PGTABLES);
	report_phase("mmu", BOOT_STAMP_PGTABLES, BOOT_STAMP_MMU_ON);
	report_phase("c-init", BOOT_STAMP_MMU_ON, BOOT_STAMP_READY);
	report_phase("total", BOOT_STAMP_ENTRY, BOOT_STAMP_READY);

	/* Cost per relocated pointer. */
	per_unit(cycles, sizeof(cycles),
		 cycles_diff(BOOT_STAMP_RELOC_START, BOOT_STAMP_RELOC_DONE), bi->relocs_applied);
	if (counts_insns()) {
		per_unit(insns, sizeof(insns),
			 insns_diff(BOOT_STAMP_RELOC_START, BOOT_STAMP_RELOC_DONE),
			 bi->relocs_applied);
		printk("relok: cost relocs=%lu meta-bytes=%lu cycles-per-reloc=%s insns-per-reloc=%s\n",
		       bi->relocs_applied, bi->reloc_meta_bytes, cycles, insns);
	} else {
		printk("relok: cost relocs=%lu meta-bytes=%lu cycles-per-reloc=%s\n",
		       bi->relocs_applied, bi->reloc_meta_bytes, cycles);
	}
}
