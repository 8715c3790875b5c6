// SPDX-License-Identifier: MIT
/* Exception reporting: everything that reaches the vectors is fatal. */
#include <asm/boot_info.h>
#include <asm/ptrace.h>
#include <relok/printk.h>

#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	0x3f

void do_exception(struct pt_regs *regs, uint64_t vector);

void do_exception(struct pt_regs *regs, uint64_t vector)
{
	const uint32_t ec = (uint32_t)(regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	printk("relok: exception vector=%lu ec=0x%x esr=0x%lx far=0x%lx elr=0x%lx\n",
	       vector, ec, regs->esr, regs->far, regs->pc);
	panic("unhandled exception (ec 0x%x) at 0x%lx", ec, regs->pc);
}
