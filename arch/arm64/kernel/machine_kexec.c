// SPDX-License-Identifier: MIT
/*
 * The last steps of the running kernel before the purgatory
 * (asm/kexec.h, docs/kexec.md): interrupts masked, other CPUs parked,
 * then out through the identity map, since the instruction that turns the
 * MMU off must run at an address that means the same with it off.
 *
 * The identity map is the one early boot built for turning the MMU on
 * (TTBR0: the .idmap.text page, head.S): primary_switched stopped TTBR0
 * walks but its tables stay in the early pool, so going back is two
 * register writes and a TLB flush.
 */
#include <asm/boot_info.h>
#include <asm/early.h>
#include <asm/kexec.h>
#include <asm/sysreg.h>
#include <relok/smp.h>

extern struct early_mmu early_mmu;		/* head.S */
void kexec_idmap_mmu_off(uint64_t entry, uint64_t arg);	/* head.S, .idmap.text */

void machine_kexec(const struct boot_info *bi, uint64_t entry, uint64_t arg)
{
	const uint64_t va = (uint64_t)(uintptr_t)kexec_idmap_mmu_off;
	void (*idmap_fn)(uint64_t, uint64_t);
	uint64_t tcr;

	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	smp_park_secondaries();		/* PSCI CPU_OFF on every secondary */
	write_sysreg(early_mmu.ttbr0, ttbr0_el1);
	tcr = read_sysreg(tcr_el1) & ~TCR_EPD0;
	__asm__ volatile("msr tcr_el1, %0\n\tisb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb"
			 : : "r"(tcr) : "memory");
	/* The identity address of head.S's MMU-off code: its PA. */
	idmap_fn = (void (*)(uint64_t, uint64_t))(uintptr_t)(va - bi->virt_base + bi->phys_base);
	idmap_fn(entry, arg);
	for (;;)
		__asm__ volatile("wfi");
}
