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
 * Under QEMU -icount shift=0 the numbers are instructions, exactly.
 */
#include <asm/boot_cost.h>
#include <asm/boot_info.h>
#include <relok/printk.h>

#define HUNDREDTHS	100

static uint64_t stamp_diff(unsigned int from, unsigned int to)
{
	return boot_stamps[to] - boot_stamps[from];
}

/* One line a phase. */
static void report_phase(const char *name, unsigned int from, unsigned int to)
{
	printk("relok: cost phase=%s insns=%lu\n", name, stamp_diff(from, to));
}

void report_boot_cost(const struct boot_info *bi)
{
	uint64_t reloc, per;

	boot_stamp(BOOT_STAMP_READY);
	if (!boot_stamps[BOOT_STAMP_VALID]) {
		printk("relok: cost counter=none (no architected PMU)\n");
		return;
	}
	report_phase("setup", BOOT_STAMP_ENTRY, BOOT_STAMP_RELOC_START);
	report_phase("reloc", BOOT_STAMP_RELOC_START, BOOT_STAMP_RELOC_DONE);
	report_phase("dcache", BOOT_STAMP_RELOC_DONE, BOOT_STAMP_RELOC_DCACHE);
	report_phase("pgtables", BOOT_STAMP_RELOC_DCACHE, BOOT_STAMP_PGTABLES);
	report_phase("mmu", BOOT_STAMP_PGTABLES, BOOT_STAMP_MMU_ON);
	report_phase("c-init", BOOT_STAMP_MMU_ON, BOOT_STAMP_READY);
	report_phase("total", BOOT_STAMP_ENTRY, BOOT_STAMP_READY);

	/* Instructions per relocated pointer, in hundredths (no FP here). */
	reloc = stamp_diff(BOOT_STAMP_RELOC_START, BOOT_STAMP_RELOC_DONE);
	per = bi->relocs_applied ? reloc * HUNDREDTHS / bi->relocs_applied : 0;
	printk("relok: cost relocs=%lu meta-bytes=%lu insns-per-reloc=%lu.%02lu\n",
	       bi->relocs_applied, bi->reloc_meta_bytes, per / HUNDREDTHS, per % HUNDREDTHS);
}
