// SPDX-License-Identifier: MIT
/*
 * C init: the first C that runs at the kernel's virtual address, with the
 * MMU on, BSS clear and the relocations applied.  Prints the boot report
 * (docs: README "Boot report"), runs the self-tests, powers off.
 */
#include <asm/boot_cost.h>
#include <asm/boot_info.h>
#include <asm/cpuinfo.h>
#include <asm/extable.h>
#include <asm/memory.h>
#include <relok/bootargs.h>
#include <relok/devicetree.h>
#include <relok/diag.h>
#include <relok/fdt.h>
#include <relok/lab.h>
#include <relok/kexec.h>
#include <relok/module.h>
#include <relok/page_alloc.h>
#include <relok/printk.h>
#include <relok/psci.h>
#include <relok/random.h>
#include <relok/selftest.h>
#include <relok/smp.h>

struct boot_info boot_info;

void report_memory(const struct boot_info *bi);	/* arch/arm64/kernel/layout.c */
void report_layout(const struct boot_info *bi);	/* arch/arm64/kernel/layout.c */
void report_boot_cost(const struct boot_info *bi);	/* arch/arm64/kernel/boot_cost.c */
void report_entry_state(const struct boot_info *bi);	/* arch/arm64/kernel/entry_state.c */
void refuse_secure_el1(const struct boot_info *bi);

static const char *reloc_format_name(uint32_t format)
{
	switch (format) {
	case RELOC_FORMAT_RELR:
		return "relr";
	case RELOC_FORMAT_RELR_RELA:
		return "relr+rela";
	default:
		return "rela";
	}
}

static const char *kaslr_reason(uint32_t state)
{
	switch (state) {
	case KASLR_DISABLED_NO_SEED:
		return "no-seed";
	case KASLR_DISABLED_BAD_SEED:
		return "bad-seed";
	case KASLR_DISABLED_ZERO_SEED:
		return "zero-seed";
	case KASLR_DISABLED_CMDLINE:
		return "nokaslr";
	default:
		return "no-room";
	}
}

/*
 * Re-read /chosen/kaslr-seed after use: it must read as zeros now.  The
 * DTB is reached through its fixmap alias.
 */
static const char *seed_wiped(void)
{
	struct fdt_chosen ch;
	const struct fdt *fdt = devicetree();

	if (!fdt || !devicetree_chosen(&ch))
		return "unreadable";
	if (!ch.has_kaslr_seed)
		return "gone";
	for (uint32_t i = 0; i < ch.kaslr_seed_len; i++)
		if (fdt->blob[ch.kaslr_seed_off + i])
			return "no";
	return "yes";
}

static void report_kaslr(const struct boot_info *bi)
{
	if (bi->kaslr_state == KASLR_ENABLED)
		printk("relok: kaslr enabled offset=0x%lx virt=0x%lx source=%s%s%s\n",
		       bi->kaslr_offset, bi->virt_base,
		       bi->kaslr_source == KASLR_SOURCE_RNDR ? "rndr" : "dt",
		       bi->kaslr_dt_refused ? " reason=" : "",
		       bi->kaslr_dt_refused ? kaslr_reason(bi->kaslr_dt_refused) : "");
	else
		printk("relok: kaslr disabled offset=0x%lx virt=0x%lx reason=%s\n",
		       bi->kaslr_offset, bi->virt_base, kaslr_reason(bi->kaslr_state));
	if (bi->kaslr_seed_present)
		printk("relok: kaslr seed-wiped=%s len=%u\n", seed_wiped(), bi->kaslr_seed_len);
}

static void boot_report(const struct boot_info *bi)
{
	printk("relok: boot el=%u phys=0x%lx dtb=0x%lx\n", bi->entry_el, bi->phys_base,
	       bi->dtb_phys);
	report_entry_state(bi);
	report_boot_cpu(bi->entry_el);
	bootargs_report();
	report_memory(bi);
	if (!bi->uart_from_dt)
		printk("relok: warning: no PL011 named by /chosen/stdout-path, "
		       "using the fallback console at 0x%lx\n", bi->uart_phys);
	if (bi->misaligned_2m)
		printk("relok: warning: Image at 0x%lx is not 2 MiB aligned (booting.rst); "
		       "booting with 4 KiB mappings\n", bi->phys_base);
	printk("relok: relocs applied=%lu format=%s\n", bi->relocs_applied,
	       reloc_format_name(bi->relocs_format));
	report_extable();
	report_kaslr(bi);
	report_layout(bi);
	printk("relok: pgtables used=%u of %u pages\n", bi->pool_pages_used,
	       bi->pool_pages_total);
}

void start_kernel(struct boot_info *bi)
{
	int failed = 0;

	boot_stamp(BOOT_STAMP_C_ENTERED);
	console_init(bi->has_console ? bi->uart_virt : 0);
	psci_init(bi->psci_conduit, bi->entry_el);
	devicetree_init(bi);
	bootargs_init(bi);
	random_init(bi);
	boot_report(bi);
	kexec_report_boot(bi);
	/* the exception table is usable from here (boot_report checked it) */
	psci_probe();
	refuse_secure_el1(bi);
	page_alloc_init(bi);
	smp_init(bi);

	/*
	 * noselftest: a production-style boot, for measuring boot cost (the
	 * reloc-table self-test alone re-checks every relocation in C).
	 */
	if (bootarg_has("noselftest")) {
		printk("relok: selftests skipped (noselftest)\n");
	} else {
		failed += run_reloc_selftests();
		failed += run_extable_selftests();
		failed += run_wx_selftest();
		failed += run_smp_selftests();
		failed += run_hyp_stub_selftest(bi);
		run_crash_selftests();
		if (failed)
			printk("relok: %d self-tests failed\n", failed);
	}
	load_modules(bi);
#ifdef RELOK_LAB
	run_lab();	/* selftest=lab: after the modules, which add a kernel */
#endif
	report_boot_cost(bi);
	printk("relok: ready\n");
	kexec_handover(bi);	/* with kexec=: does not return unless it rejects */
	psci_system_off();
}
