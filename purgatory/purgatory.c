// SPDX-License-Identifier: MIT
/*
 * The purgatory: the small program that runs between two kernels
 * (docs/kexec.md).  With the MMU and D-cache off it checks the SHA-256 of
 * every segment the kernel staged, copies the segments into place, does
 * the cache maintenance booting.rst asks for and enters the next kernel.
 * A segment that does not match its digest is named, and the machine is
 * powered off: a corrupted kernel is never entered.
 *
 * Built as a fully linked PIE (purgatory/purgatory.mk): PC-relative code,
 * no pointer in data, so it runs wherever it is loaded with nothing to
 * relocate.  Every access is to Device memory (MMU off): -mstrict-align,
 * and the shared code it uses (lib/sha256.c, lib/string.c, lib/vsprintf.c,
 * the PL011 driver, psci_call_raw) is the code early boot already runs that
 * way.
 */
#include <stdarg.h>
#include <asm/boot_cost.h>
#include <asm/sysreg.h>
#include <relok/compiler.h>
#include <relok/fdt.h>
#include <relok/pl011.h>
#include <relok/printf.h>
#include <relok/psci.h>
#include <relok/purgatory.h>
#include <relok/sha256.h>
#include <relok/string.h>

#define LINE_MAX		128

void purgatory_main(struct purgatory_params *p) __noreturn;
/* entry.S: returns only if the hyp stub refused to enter at EL2. */
uint64_t purgatory_enter(uint64_t entry, uint64_t dtb, uint32_t el);

static void say(const struct purgatory_params *p, const char *fmt, ...) __printf(2, 3);
static void say(const struct purgatory_params *p, const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pl011_puts(p->console, "purgatory: ");
	pl011_puts(p->console, line);
	pl011_puts(p->console, "\n");
}

/*
 * The kernel passed the conduit it found usable (FDT_PSCI_NONE if none:
 * say, hvc after an EL2 entry would reach relok's own hyp stub).
 */
static void __noreturn power_off(const struct purgatory_params *p)
{
	if (p->psci_conduit != FDT_PSCI_NONE)
		psci_call_raw(p->psci_conduit, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	say(p, "halted: %s", p->psci_conduit != FDT_PSCI_NONE ? "PSCI SYSTEM_OFF returned" :
	    "no usable PSCI conduit to power off with");
	for (;;)
		__asm__ volatile("wfi");
}

static uint64_t counter(const struct purgatory_params *p)
{
	return (p->flags & PURGATORY_FLAG_COUNTER) ? boot_counter() : 0;
}

/*
 * Clean and invalidate [start, start + len) to PoC by address.  The copy
 * wrote memory directly (caches off); a line the old kernel left for
 * these addresses must not be evicted over it, nor be what the next
 * kernel reads once it turns its caches on.
 */
static void dcache_clean_inval(uint64_t start, uint64_t len)
{
	const uint64_t line = cache_line_size(CTR_EL0_DMINLINE_SHIFT);
	uint64_t a;

	for (a = start & ~(line - 1); a < start + len; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

static void *pa(uint64_t addr)
{
	return (void *)(uintptr_t)addr;
}

void purgatory_main(struct purgatory_params *p)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint64_t bytes = 0, t_verify, t_hashed, t_copy, t_cache, t_end;
	uint32_t i;

	if (p->nr_segments > PURGATORY_MAX_SEGMENTS) {
		say(p, "bad parameter block: %u segments", p->nr_segments);
		power_off(p);
	}
	t_verify = counter(p);
	for (i = 0; i < p->nr_segments; i++) {
		sha256(pa(p->seg[i].src), p->seg[i].len, digest);
		bytes += p->seg[i].len;
		if (memcmp(digest, p->seg[i].sha256, sizeof(digest))) {
			say(p, "sha256 mismatch segment=%u", i);
			power_off(p);
		}
	}
	t_hashed = counter(p);
	say(p, "verified segments=%u", p->nr_segments);

	t_copy = counter(p);
	for (i = 0; i < p->nr_segments; i++)
		if (p->seg[i].dst != p->seg[i].src)
			memmove(pa(p->seg[i].dst), pa(p->seg[i].src), p->seg[i].len);
	t_cache = counter(p);
	for (i = 0; i < p->nr_segments; i++)
		dcache_clean_inval(p->seg[i].dst, p->seg[i].len);
	__asm__ volatile("ic iallu; dsb nsh; isb" : : : "memory");

	/* The cost lines are printed after the last count: the rest is a few branches. */
	t_end = counter(p);
	if (p->flags & PURGATORY_FLAG_COUNTER) {
		say(p, "sha256 bytes=%lu insns=%lu", bytes, t_hashed - t_verify);
		say(p, "cost verify=%lu copy=%lu cache=%lu handover insns=%lu", t_hashed - t_verify,
		    t_cache - t_copy, t_end - t_cache, t_end - p->counter_start);
	}
	i = (uint32_t)purgatory_enter(p->entry, p->dtb, p->entry_el);
	say(p, "the hyp stub refused to enter at EL2 (x0=0x%x)", i);
	power_off(p);
}
