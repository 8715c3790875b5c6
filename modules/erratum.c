// SPDX-License-Identifier: MIT
/*
 * Cortex-A53 erratum 843419: erratum_asm.S has ADRP instructions at page
 * offsets 0xff8 and 0xffc.  The loader must rewrite them (ADR or veneer)
 * and the functions must still compute the right addresses.
 */
#include <stdint.h>
#include <asm/boot_info.h>
#include <relok/module.h>
#include <relok/printk.h>

extern uint64_t er_value;
uint64_t er_load_ff8(void), er_addr_ffc(void);
extern const uint32_t er_adrp_ff8[], er_adrp_ffc[];

#define INSN_ADRP_MASK	0x9f000000u
#define INSN_ADRP	0x90000000u

static int is_adrp(uint32_t insn)
{
	return (insn & INSN_ADRP_MASK) == INSN_ADRP;
}

int module_init(void)
{
	const uint64_t a = er_load_ff8(), b = er_addr_ffc();
	const int ok = a == er_value && b == (uint64_t)(uintptr_t)&boot_info &&
		       !is_adrp(er_adrp_ff8[0]) && !is_adrp(er_adrp_ffc[0]);

	printk("erratum: adrp at 0x%lx and 0x%lx %s\n",
	       (uint64_t)(uintptr_t)er_adrp_ff8 & 0xfff, (uint64_t)(uintptr_t)er_adrp_ffc & 0xfff,
	       ok ? "ok" : "WRONG");
	return ok ? 0 : 1;
}
