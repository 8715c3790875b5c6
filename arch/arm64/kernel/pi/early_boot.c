// SPDX-License-Identifier: MIT
/*
 * The early boot path in C, called by head.S with the MMU off at the
 * physical load address, before relocation:
 *   device tree -> console, PSCI, RAM -> virtual base -> relocate -> map.
 * Every failure is reported as "relok: panic: <reason>" on the console
 * the device tree names (or the fallback one) before powering off.
 */
#include <stdarg.h>
#include <asm/boot_cost.h>
#include <asm/early.h>
#include <asm/memory.h>
#include <asm/rndr.h>
#include <asm/sysreg.h>
#include <relok/cmdline.h>
#include <relok/diag.h>
#include <relok/kaslr.h>
#include <relok/fdt.h>
#include <relok/printf.h>
#include <relok/psci.h>
#include <relok/pl011.h>
#include "pi.h"

#define EARLY_LINE_MAX	256

/* Where early messages go; numbers only, so no relocation is needed. */
static struct {
	uint64_t uart;
	uint32_t conduit;
	uint32_t entry_el;
} early_con = { FALLBACK_UART_PHYS, FDT_PSCI_NONE, 0 };

void cpu_park(void) __noreturn;	/* head.S */

static void early_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char line[EARLY_LINE_MAX];
	int n;

	pl011_puts(early_con.uart, prefix);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n > 0)
		pl011_puts(early_con.uart, line);
	pl011_puts(early_con.uart, "\n");
}

static void __noreturn early_halt(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	early_vprint("relok: halted: ", fmt, ap);
	va_end(ap);
	cpu_park();
}

/*
 * The MMU-off power-off: no exception table yet, so only the static rules
 * of drivers/firmware/psci.c apply (no conduit; hvc after an EL2 entry
 * would reach our own EL2).
 */
static void __noreturn early_power_off(void)
{
	if (early_con.conduit == FDT_PSCI_NONE)
		early_halt("no power-off: the device tree has no /psci node");
	if (early_con.conduit == FDT_PSCI_HVC && early_con.entry_el == 2)
		early_halt("no power-off: psci hvc unusable: entered at EL2, so hvc would "
			   "trap to relok's own EL2, not to firmware");
	psci_call_raw(early_con.conduit, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	early_halt("PSCI SYSTEM_OFF returned");
}

void early_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	early_vprint("relok: panic: ", fmt, ap);
	va_end(ap);
	early_power_off();
}

static void panic_diag(const char *what, const struct diag *d)
{
	early_panic("%s: %s (0x%lx)", what, d->what, d->value);
}

/*
 * Console and power-off first, so every later failure can be told.  Until
 * the DT's /psci is read the fallback console stays and the conduit is
 * guessed from the entry EL (EL3 firmware when we came from EL2, else a
 * hypervisor); after that it is what /psci says, none if there is none.
 */
static void read_dt(struct boot_info *bi, struct fdt *fdt)
{
	struct diag d;
	uint32_t n;

	early_con.entry_el = bi->entry_el;
	early_con.conduit = bi->entry_el == 2 ? FDT_PSCI_SMC : FDT_PSCI_HVC;
	if (!bi->dtb_phys)
		early_panic("no device tree: x0 was 0 at entry");

	diag_init(&d);
	if (!fdt_init(fdt, (const void *)(uintptr_t)bi->dtb_phys, FDT_MAX_SIZE, &d))
		panic_diag("bad device tree", &d);
	bi->dtb_size = fdt->totalsize;

	diag_init(&d);
	if (fdt_stdout_uart(fdt, &bi->uart_phys, &d)) {
		early_con.uart = bi->uart_phys;
		bi->uart_from_dt = 1;
	} else {
		bi->uart_phys = FALLBACK_UART_PHYS;
	}

	diag_init(&d);
	{
		enum fdt_psci_conduit conduit;

		if (!fdt_read_psci(fdt, &conduit, &d))
			panic_diag("device tree /psci", &d);
		early_con.conduit = conduit;
		bi->psci_conduit = conduit;
	}

	diag_init(&d);
	n = fdt_memory_banks(fdt, bi->banks, MAX_MEM_BANKS, &d);
	if (!n)
		panic_diag("device tree /memory", &d);
	bi->nr_banks = n;
}

/* The image must lie inside RAM that the device tree describes. */
static void check_placement(const struct boot_info *bi)
{
	const uint64_t start = bi->phys_base;
	const uint64_t end = start + (uint64_t)(_end - _head);
	uint32_t i;

	for (i = 0; i < bi->nr_banks; i++)
		if (start >= bi->banks[i].base &&
		    end <= bi->banks[i].base + bi->banks[i].size)
			return;
	early_panic("Image at 0x%lx-0x%lx is not inside RAM described by /memory", start, end);
}

/*
 * Overwrite /chosen/kaslr-seed with zeros in the DTB, so the seed does not
 * leak to whoever reads the DTB later.  The write goes to memory (MMU off);
 * invalidate the line so a cached copy cannot bring the seed back once the
 * caches are on.
 */
static void wipe_seed(const struct fdt *fdt, int32_t chosen, const struct fdt_chosen *ch)
{
	struct diag d;
	const uint64_t at = (uint64_t)(uintptr_t)fdt->blob + ch->kaslr_seed_off;

	diag_init(&d);
	if (!fdt_zero_prop((void *)(uintptr_t)fdt->blob, fdt, chosen, "kaslr-seed", &d))
		panic_diag("cannot wipe /chosen/kaslr-seed", &d);
	dcache_clean_inval_poc(at, at + ch->kaslr_seed_len);
}

/* The seed, or 0 with bi->kaslr_state saying why there is none. */
static uint64_t choose_seed(struct boot_info *bi, const struct fdt *fdt)
{
	struct fdt_chosen ch;
	struct diag d;
	const int32_t chosen = fdt_path_offset(fdt, "/chosen", 7);
	uint64_t seed = 0;

	diag_init(&d);
	if (!fdt_read_chosen(fdt, &ch, &d))
		panic_diag("device tree /chosen", &d);
	bi->kaslr_seed_present = ch.has_kaslr_seed;
	bi->kaslr_seed_len = ch.kaslr_seed_len;
	if (ch.has_kaslr_seed) {
		if (ch.kaslr_seed_len == sizeof(uint64_t))
			seed = ch.kaslr_seed;
		/* Before the wipe: kernel/random.c's generator, for kexec (docs/kexec.md). */
		bi->kexec_seed = kaslr_kexec_seed(seed);
		wipe_seed(fdt, chosen, &ch);
	}

	if (cmdline_has_word(ch.bootargs, ch.bootargs_len, "nokaslr")) {
		bi->kaslr_state = KASLR_DISABLED_CMDLINE;
		return 0;
	}
	if (!ch.has_kaslr_seed) {
		if (rndr_read(&seed)) {
			bi->kaslr_source = KASLR_SOURCE_RNDR;
			return seed;
		}
		bi->kaslr_state = KASLR_DISABLED_NO_SEED;
		return 0;
	}
	if (ch.kaslr_seed_len != sizeof(uint64_t)) {
		bi->kaslr_state = KASLR_DISABLED_BAD_SEED;
		return 0;
	}
	if (!seed) {
		bi->kaslr_state = KASLR_DISABLED_ZERO_SEED;
		return 0;
	}
	bi->kaslr_source = KASLR_SOURCE_DT;
	return seed;
}

/*
 * Chosen before the MMU is on and before relocating, so the single
 * relocation pass writes final addresses.
 */
static void choose_virt_base(struct boot_info *bi, const struct fdt *fdt)
{
	const uint64_t image_size = (uint64_t)(_end - _head);
	const uint64_t seed = choose_seed(bi, fdt);

	if (seed && !kaslr_slots(bi->phys_base, image_size)) {
		bi->kaslr_state = KASLR_DISABLED_UNSUPPORTED;
		bi->kaslr_source = KASLR_SOURCE_NONE;
	} else if (seed) {
		bi->kaslr_state = KASLR_ENABLED;
		bi->module_seed = kaslr_module_seed(seed);
	}
	bi->virt_base = kaslr_virt_base(bi->kaslr_state == KASLR_ENABLED ? seed : 0,
					bi->phys_base, image_size);
	bi->kaslr_offset = bi->virt_base - KIMAGE_VADDR;
}

void early_boot(struct early_mmu *mmu, struct boot_info *bi, uint64_t phys_base,
		uint64_t dtb_phys, uint64_t entry_el)
{
	struct fdt *fdt = &bi->dt;

	bi->phys_base = phys_base;
	bi->dtb_phys = dtb_phys;
	bi->entry_el = (uint32_t)entry_el;
	bi->misaligned_2m = (phys_base & (MIN_KIMAGE_ALIGN - 1)) != 0;

	read_dt(bi, fdt);
	check_placement(bi);
	choose_virt_base(bi, fdt);
	relocate_kernel(bi);
	map_kernel(bi, mmu);
	boot_stamp(BOOT_STAMP_PGTABLES);
}
