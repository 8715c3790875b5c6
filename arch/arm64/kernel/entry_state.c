// SPDX-License-Identifier: MIT
/*
 * The state the loader entered the kernel in, judged once the MMU is on:
 * what head.S recorded at primary_entry (x1-x3, how the boot CPU was
 * known) and the one entry state that needs the exception table to see,
 * a secure EL1 entry.  EL3 was already refused in head.S.
 */
#include <asm/asm-extable.h>
#include <asm/boot_info.h>
#include <asm/cpuinfo.h>
#include <asm/early.h>
#include <asm/sysreg.h>
#include <relok/printk.h>

void report_entry_state(const struct boot_info *bi);
void refuse_secure_el1(const struct boot_info *bi);

void report_entry_state(const struct boot_info *bi)
{
	const struct entry_state *const e = &entry_state;

	(void)bi;
	/* Linux lists loaders "in the wild" that leave them set; name, boot on. */
	if (e->x1 || e->x2 || e->x3)
		printk("relok: warning: x1-x3 nonzero at entry (booting.rst): "
		       "x1=0x%lx x2=0x%lx x3=0x%lx\n", e->x1, e->x2, e->x3);
	if (e->elect == ELECT_BY_TIMEOUT)
		printk("relok: warning: the DTB header's boot_cpuid_phys does not name this CPU "
		       "(mpidr 0x%lx) and no CPU it names came: took over after waiting\n",
		       read_mpidr_hwid());
}

/*
 * There is no register that tells EL1 its security state, but the secure
 * physical timer is one: CNTPS_CTL_EL1 is UNDEFINED at non-secure EL1
 * (caught through the exception table) and readable at secure EL1 when
 * EL3 allows it (SCR_EL3.ST; with ST = 0 the read traps to EL3, which a
 * secure loader owns anyway).  After an EL2 entry EL1 is ours and
 * non-secure.
 */
void refuse_secure_el1(const struct boot_info *bi)
{
	uint64_t v;
	int err = 0;

	if (bi->entry_el != 1)
		return;
	__asm__ volatile("1:	mrs	%x[v], " EXTABLE_STR(SYS_CNTPS_CTL_EL1) "\n"
			 "2:\n"
			 _ASM_EXTABLE_UNDEF_ERR_ZERO(1b, 2b, %w[err], %x[v])
			 : [err] "+r"(err), [v] "=&r"(v));
	if (!err)
		panic("entered at secure EL1 (booting.rst requires non-secure EL1 or EL2)");
}
