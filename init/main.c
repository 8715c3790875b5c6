// SPDX-License-Identifier: MIT
/*
 * C init: the first C that runs at the kernel's virtual address, with the
 * MMU on, BSS clear and the relocations applied.  Prints the boot report
 * (docs: README "Boot report"), runs the self-tests, powers off.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <relok/printk.h>
#include <relok/psci.h>
#include <relok/selftest.h>

struct boot_info boot_info;

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

static void boot_report(const struct boot_info *bi)
{
	printk("relok: boot el=%u phys=0x%lx dtb=0x%lx\n", bi->entry_el, bi->phys_base,
	       bi->dtb_phys);
	if (!bi->uart_from_dt)
		printk("relok: warning: no PL011 named by /chosen/stdout-path, "
		       "using the fallback console at 0x%lx\n", bi->uart_phys);
	if (bi->misaligned_2m)
		printk("relok: warning: Image at 0x%lx is not 2 MiB aligned (booting.rst); "
		       "booting with 4 KiB mappings\n", bi->phys_base);
	printk("relok: relocs applied=%lu format=%s\n", bi->relocs_applied,
	       reloc_format_name(bi->relocs_format));
	printk("relok: kaslr disabled offset=0x%lx virt=0x%lx\n", bi->kaslr_offset,
	       bi->virt_base);
	printk("relok: pgtables used=%u of %u pages\n", bi->pool_pages_used,
	       bi->pool_pages_total);
}

void start_kernel(struct boot_info *bi)
{
	int failed = 0;

	console_init(bi->uart_virt);
	panic_set_conduit(bi->psci_conduit);
	boot_report(bi);

	failed += run_reloc_selftests();
	if (failed)
		printk("relok: %d self-tests failed\n", failed);
	printk("relok: ready\n");
	psci_system_off(bi->psci_conduit);
}
