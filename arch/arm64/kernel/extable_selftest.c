// SPDX-License-Identifier: MIT
/*
 * Boot self-tests of the exception table: faults at marked instructions
 * must come back as errors (and really be faults: the fixup counter moves),
 * accesses that do not fault must behave like plain loads and stores, and
 * the binary search must find exactly the listed instructions.  They run
 * at whatever virtual base the kernel was given (KASLR or not).
 */
#include <asm/asm-extable.h>
#include <asm/memory.h>
#include <relok/probe.h>
#include <relok/selftest.h>
#include <relok/string.h>

extern const char __ex_table_start[];

/* TTBR0 walks are disabled after boot (TCR_EL1.EPD0): nothing below here. */
#define UNMAPPED_LOW		UL(0x1000)
/* The module area below the image window: nothing is mapped there yet. */
#define UNMAPPED_KERNEL		KIMAGE_REGION_START
#define POISON			0xa5

static const size_t probe_sizes[] = { 1, 2, 4, 8 };

static volatile uint64_t st_word = 0x1122334455667788UL;

/* A fault that probe_* must turn into -PROBE_EFAULT, counted once. */
static const char *expect_read_fault(uint64_t addr, size_t size)
{
	const uint64_t before = extable_fixup_count();
	uint8_t buf[sizeof(uint64_t)];
	size_t i;

	memset(buf, POISON, sizeof(buf));
	if (probe_read(buf, addr, size) != -PROBE_EFAULT)
		return "probe_read of a bad address did not return -PROBE_EFAULT";
	if (extable_fixup_count() != before + 1)
		return "probe_read failed without a fixed-up fault";
	for (i = 0; i < size; i++)
		if (buf[i] != 0)
			return "probe_read left stale data after a fault";
	return 0;
}

static const char *expect_write_fault(uint64_t addr, const void *val, size_t size)
{
	const uint64_t before = extable_fixup_count();

	if (probe_write(addr, val, size) != -PROBE_EFAULT)
		return "probe_write to a bad address did not return -PROBE_EFAULT";
	if (extable_fixup_count() != before + 1)
		return "probe_write failed without a fixed-up fault";
	return 0;
}

static const char *test_unmapped(void)
{
	const uint64_t addrs[] = { UNMAPPED_LOW, UNMAPPED_KERNEL };
	const uint64_t val = 0;
	const char *why;

	for (size_t a = 0; a < ARRAY_SIZE(addrs); a++) {
		for (size_t i = 0; i < ARRAY_SIZE(probe_sizes); i++) {
			why = expect_read_fault(addrs[a], probe_sizes[i]);
			if (!why)
				why = expect_write_fault(addrs[a], &val, probe_sizes[i]);
			if (why)
				return why;
		}
	}
	return 0;
}

/*
 * Kernel text, and the exception table itself, are mapped read-only: a
 * store is a permission fault.  Each store writes back the bytes already
 * there, so even a wrongly writable mapping would not change the code.
 */
const char *extable_selftest_text_write(void)
{
	const uint64_t targets[] = {
		(uint64_t)(uintptr_t)&probe_write,
		(uint64_t)(uintptr_t)__ex_table_start,
	};
	uint64_t orig, now;
	const char *why;

	for (size_t t = 0; t < ARRAY_SIZE(targets); t++) {
		if (probe_read(&orig, targets[t], sizeof(orig)))
			return "kernel text or read-only data is not readable";
		for (size_t i = 0; i < ARRAY_SIZE(probe_sizes); i++) {
			why = expect_write_fault(targets[t], &orig, probe_sizes[i]);
			if (why)
				return why;
		}
		if (probe_read(&now, targets[t], sizeof(now)) || now != orig)
			return "read-only memory changed";
	}
	return 0;
}

static const char *test_valid(void)
{
	const uint64_t before = extable_fixup_count();
	const uint64_t addr = (uint64_t)(uintptr_t)&st_word;
	uint64_t got, slot = 0, val = 0xfedcba9876543210UL;
	uint8_t b;
	uint16_t h;
	uint32_t w;

	if (probe_read(&b, addr, sizeof(b)) || b != 0x88 ||
	    probe_read(&h, addr, sizeof(h)) || h != 0x7788 ||
	    probe_read(&w, addr, sizeof(w)) || w != 0x55667788 ||
	    probe_read(&got, addr, sizeof(got)) || got != 0x1122334455667788UL)
		return "probe_read of a valid address read the wrong value";
	if (probe_write((uint64_t)(uintptr_t)&slot, &val, sizeof(uint8_t)) || slot != 0x10 ||
	    probe_write((uint64_t)(uintptr_t)&slot, &val, sizeof(uint32_t)) || slot != 0x76543210 ||
	    probe_write((uint64_t)(uintptr_t)&slot, &val, sizeof(uint64_t)) || slot != val)
		return "probe_write to a valid address wrote the wrong value";
	if (probe_read(&got, addr, 3) != -PROBE_EINVAL ||
	    probe_write((uint64_t)(uintptr_t)&slot, &val, 16) != -PROBE_EINVAL)
		return "a bad size was not refused with -PROBE_EINVAL";
	if (extable_fixup_count() != before)
		return "an access to valid memory faulted";
	return 0;
}

/*
 * An undefined instruction at an EX_TYPE_UNDEF_ERR_ZERO entry resumes with
 * the error set: how psci.c survives an smc with no EL3 behind it.
 */
static const char *test_undef(void)
{
	const uint64_t before = extable_fixup_count();
	uint64_t val = 1;
	int err = 0;

	__asm__ volatile("1:	udf	#0\n"
			 "2:\n"
			 _ASM_EXTABLE_UNDEF_ERR_ZERO(1b, 2b, %w[err], %x[val])
			 : [err] "+r"(err), [val] "+r"(val));
	if (err != -PROBE_EFAULT || val != 0)
		return "an undefined instruction was not fixed up with the error set";
	if (extable_fixup_count() != before + 1)
		return "the undefined-instruction fixup was not counted";
	return 0;
}

/* The search finds every listed instruction and nothing in between. */
static const char *test_lookup(void)
{
	const struct extable_header *h = (const struct extable_header *)__ex_table_start;
	const struct extable_entry *e =
		(const struct extable_entry *)(__ex_table_start + EXTABLE_HEADER_SIZE);
	const uint32_t insn_size = 4;

	if (!h->count)
		return "the exception table is empty (probe_* should have entries)";
	for (uint32_t i = 0; i < h->count; i++) {
		const uint64_t insn = extable_insn_addr(&e[i]);

		if (search_extable(insn) != &e[i])
			return "a listed instruction was not found";
		/* never an instruction address: the middle of one */
		if (search_extable(insn + insn_size / 2))
			return "an unlisted address was found";
	}
	if (search_extable(0) || search_extable(~0UL))
		return "an address outside the table was found";
	return 0;
}

int run_extable_selftests(void)
{
	int failed = 0;

	failed += selftest_run("extable-lookup", test_lookup);
	failed += selftest_run("extable-valid", test_valid);
	failed += selftest_run("extable-unmapped", test_unmapped);
	failed += selftest_run("extable-text-write", extable_selftest_text_write);
	failed += selftest_run("extable-undef", test_undef);
	return failed;
}
