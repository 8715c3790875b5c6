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
#include <asm/early_probe.h>
#include <asm/memory.h>
#include <asm/rndr.h>
#include <asm/sysreg.h>
#include <relok/cmdline.h>
#include <relok/diag.h>
#include <relok/kaslr.h>
#include <relok/fdt.h>
#include <relok/printf.h>
#include <relok/psci.h>
#include <relok/fdt_format.h>
#include <relok/pl011.h>
#include "pi.h"

#define EARLY_LINE_MAX	256

/* Where early messages go; numbers only, so no relocation is needed. */
static struct {
	uint64_t uart;		/* 0: none (refused, or dropped when it stopped draining) */
	uint32_t conduit;
	uint32_t entry_el;
} early_con = { 0, FDT_PSCI_NONE, 0 };

void cpu_park(void) __noreturn;	/* head.S */

static void early_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char line[EARLY_LINE_MAX];
	int n;

	if (!early_con.uart)
		return;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	/* A UART that stops draining is dropped: the boot goes on without one. */
	if (!pl011_puts(early_con.uart, prefix) ||
	    (n > 0 && !pl011_puts(early_con.uart, line)) ||
	    !pl011_puts(early_con.uart, "\n"))
		early_con.uart = 0;
}

static void __printf(1, 2) early_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	early_vprint("relok: warning: ", fmt, ap);
	va_end(ap);
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
	early_panic("%s: " DIAG_FMT " (0x%lx)", what, DIAG_ARGS(d), d->value);
}

/*
 * Why the UART at [base, base + size) cannot be the console, or NULL: it
 * must cover the PL011's register window, lie outside RAM (banks, when
 * known: writing "characters" there would corrupt memory) and identify as
 * a PL011 by its PrimeCell and peripheral ID registers, read through the
 * fault-safe early probe as the AMBA bus reads them.
 */
static const char *uart_refusal(uint64_t base, uint64_t size, const struct boot_info *bi)
{
	uint32_t i;

	if (size < PL011_WINDOW)
		return "reg is smaller than the PL011 register window";
	for (i = 0; i < bi->nr_banks; i++) {
		const struct fdt_mem_bank *b = &bi->banks[i];

		if (base <= b->base + (b->size - 1) && b->base <= base + (size - 1))
			return "reg lies in RAM";
	}
	if (!pl011_identify(base, early_read32))
		return "no PL011 answers there (PrimeCell/peripheral ID)";
	return 0;
}

static bool has_stdout_path(const struct fdt *fdt)
{
	return fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen", 7), "stdout-path", NULL) != 0;
}

/*
 * The console: the PL011 /chosen/stdout-path names if it passes
 * uart_refusal(), else the fallback one if that does.  A refused stdout-path
 * UART is named on the fallback console; with neither, the boot goes on
 * silently (it still stops where it would have, with the same power-off).
 */
static void choose_console(struct boot_info *bi, const struct fdt *fdt)
{
	uint64_t base = 0, size = 0;
	const char *why = 0;
	struct diag d;

	diag_init(&d);
	if (fdt_stdout_uart(fdt, &base, &size, &d)) {
		why = uart_refusal(base, size, bi);
		if (!why) {
			early_con.uart = bi->uart_phys = base;
			bi->uart_from_dt = 1;
			return;
		}
	}
	bi->uart_phys = FALLBACK_UART_PHYS;
	early_con.uart = uart_refusal(FALLBACK_UART_PHYS, PL011_WINDOW, bi) ? 0 : FALLBACK_UART_PHYS;
	if (why)
		early_warn("stdout-path UART refused: %s (reg 0x%lx size 0x%lx)", why, base, size);
	else if (has_stdout_path(fdt))
		early_warn("stdout-path UART refused: " DIAG_FMT " (0x%lx)", DIAG_ARGS(&d), d.value);
}

/*
 * How many bytes at dtb can be read, probing one word per page up to what
 * the header claims (at most FDT_MAX_SIZE), so that fdt_init() refuses a
 * blob running into a hole of the address map ("beyond the readable
 * limit") instead of faulting in the middle of its walk.  Nothing past the
 * claimed size is touched, nor past the header without the right magic: a
 * device with read side effects may sit there.
 */
static uint64_t dtb_readable(uint64_t dtb)
{
	const uint8_t *const blob = (const uint8_t *)(uintptr_t)dtb;
	const uint64_t hdr_end = dtb + FDT_HDR_TOTALSIZE + sizeof(uint32_t);
	uint64_t page, end = hdr_end;
	bool sized = false;
	uint32_t v;

	if (dtb > UINT64_MAX - FDT_MAX_SIZE)
		return 0;
	for (page = dtb & ~(PAGE_SIZE - 1); page < end; page += PAGE_SIZE) {
		if (!early_read32(page, &v))
			return page > dtb ? page - dtb : 0;
		if (!sized && page + PAGE_SIZE >= hdr_end) {
			/* Magic and totalsize are readable: how far does the blob claim to go? */
			sized = true;
			if (fdt_be32(blob + FDT_HDR_MAGIC) != FDT_MAGIC)
				break;
			v = fdt_be32(blob + FDT_HDR_TOTALSIZE);
			if (v > hdr_end - dtb)
				end = dtb + (v < FDT_MAX_SIZE ? v : FDT_MAX_SIZE);
		}
	}
	return end - dtb;
}

/*
 * A blob that claims bytes of the Image was (partly) overwritten by it, or
 * will be by BSS and page tables: say so rather than report what is left
 * as a corrupt tree.  (head.S has caught one starting inside BSS and page
 * tables, before clearing them.)
 */
static void check_dtb_clear(const struct boot_info *bi, uint64_t avail)
{
	const uint8_t *const blob = (const uint8_t *)(uintptr_t)bi->dtb_phys;
	const uint64_t start = bi->dtb_phys, img_end = bi->phys_base + (uint64_t)(_end - _head);
	uint64_t size;

	if (avail < FDT_HDR_TOTALSIZE + sizeof(uint32_t) ||
	    fdt_be32(blob + FDT_HDR_MAGIC) != FDT_MAGIC)
		return;
	/* What it claims, as far as it can be read (fdt_init refuses the rest). */
	size = fdt_be32(blob + FDT_HDR_TOTALSIZE);
	if (size > avail)
		size = avail;
	if (size && start < img_end && bi->phys_base <= start + (size - 1))
		early_panic("the DTB at 0x%lx-0x%lx overlaps the Image at 0x%lx-0x%lx", start,
			    start + size, bi->phys_base, img_end);
}

/*
 * The device tree, console and power-off first, so every later failure can
 * be told.  Until the DT's /psci is read the conduit is guessed from the
 * entry EL (EL3 firmware when we came from EL2, else a hypervisor); after
 * that it is what /psci says, none if there is none.  Errors wait for the
 * console to be chosen, which needs the RAM banks.
 */
static void read_dt(struct boot_info *bi, struct fdt *fdt)
{
	enum fdt_psci_conduit conduit;
	struct diag psci_d, mem_d, d;
	uint64_t avail;
	uint32_t n;

	early_con.entry_el = bi->entry_el;
	early_con.conduit = bi->entry_el == 2 ? FDT_PSCI_SMC : FDT_PSCI_HVC;
	bi->uart_phys = FALLBACK_UART_PHYS;
	if (pl011_identify(FALLBACK_UART_PHYS, early_read32))
		early_con.uart = FALLBACK_UART_PHYS;
	if (!bi->dtb_phys)
		early_panic("no device tree: x0 was 0 at entry");

	avail = dtb_readable(bi->dtb_phys);
	if (!avail)
		early_panic("no device tree at 0x%lx (x0): nothing answers there", bi->dtb_phys);
	check_dtb_clear(bi, avail);
	diag_init(&d);
	if (!fdt_init(fdt, (const void *)(uintptr_t)bi->dtb_phys, avail, &d))
		panic_diag("bad device tree", &d);
	bi->dtb_size = fdt->totalsize;

	diag_init(&psci_d);
	if (fdt_read_psci(fdt, &conduit, &psci_d))
		early_con.conduit = conduit;
	bi->psci_conduit = early_con.conduit;

	diag_init(&mem_d);
	n = fdt_memory_banks(fdt, bi->banks, MAX_MEM_BANKS, &mem_d);
	bi->nr_banks = n;

	choose_console(bi, fdt);
	if (!diag_ok(&psci_d))
		panic_diag("device tree /psci", &psci_d);
	if (!n)
		panic_diag("device tree /memory", &mem_d);
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
		/* As Linux does: a seed of the wrong length is no seed, so RNDR stands in. */
		if (rndr_read(&seed)) {
			bi->kaslr_source = KASLR_SOURCE_RNDR;
			bi->kaslr_dt_refused = KASLR_DISABLED_BAD_SEED;
			return seed;
		}
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
	/* The console may have been dropped on the way (it stopped draining). */
	bi->has_console = early_con.uart != 0;
	map_kernel(bi, mmu);
	boot_stamp(BOOT_STAMP_PGTABLES);
}
