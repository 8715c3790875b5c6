// SPDX-License-Identifier: MIT
/*
 * The code-model lab's runner (include/relok/lab.h, docs/codegen.md).
 *
 * With "selftest=lab" in bootargs, after the modules are loaded, it builds
 * the workload's data, checks SHA-256 against its test vectors, then runs
 * each kernel (the built-in ones, then those lab modules registered) once,
 * "lab_rounds=<n>" times round its loop, between two reads of the PMU:
 *   relok: lab rounds=<n> kernels=<n>
 *   relok: lab kernel=<name> insns=<n> cycles=<n> check=0x<checksum>
 *   relok: lab total insns=<n> cycles=<n>
 *   relok: selftest lab ok                 (or FAIL <why>)
 * insns is event counter 0 counting INST_RETIRED; cycles is PMCCNTR_EL0,
 * which head.S started.  Under QEMU -icount shift=0 both count retired
 * instructions exactly (docs/performance.md), so they agree; without
 * -icount QEMU 7.2 counts no INST_RETIRED and its cycles follow host time;
 * on hardware cycles are cycles.
 */
#include <asm/boot_cost.h>
#include <asm/sysreg.h>
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/export.h>
#include <relok/lab.h>
#include <relok/printk.h>
#include <relok/selftest.h>
#include "workload.h"

/*
 * Event counters are 32 bits without FEAT_PMUv3p5 (BOOT_INSNS_MASK); the
 * largest kernel at LAB_MAX_ROUNDS stays well below 2^32 instructions, so a
 * 32-bit difference is exact.
 */
#define STRINGIFY_(x)		#x
#define STRINGIFY(x)		STRINGIFY_(x)

struct lab_kernel {
	const char *name;
	lab_kernel_fn fn;
};

static const struct lab_kernel builtin[] = {
	{ "dispatch", lab_dispatch },
	{ "sha256", lab_sha256 },
	{ "strings", lab_strings },
	{ "list", lab_list },
	{ "tree", lab_tree },
	{ "array", lab_array_sum },
};

static struct lab_kernel registered[LAB_MAX_KERNELS];
static uint32_t nr_registered;

int lab_register(const char *name, lab_kernel_fn fn)
{
	if (nr_registered == LAB_MAX_KERNELS) {
		printk("relok: lab kernel=%s not run: more than %u registered\n", name,
		       LAB_MAX_KERNELS);
		return -1;
	}
	registered[nr_registered].name = name;
	registered[nr_registered].fn = fn;
	nr_registered++;
	return 0;
}

/* For the cross-module kernel: a function a module reaches through a PLT. */
uint32_t lab_kernel_step(uint32_t x)
{
	return (x ^ lab_kernel_table[x & (LAB_KERNEL_TABLE_SIZE - 1)]) * 0x01000193u;
}

EXPORT_SYMBOL(lab_register);
EXPORT_SYMBOL(lab_kernel_step);

/*
 * The counters the boot started (asm/boot_cost.h): cycles, and retired
 * instructions on event counter 0 when the CPU implements the event (QEMU
 * does only under -icount).  insns is 0 without them.
 */
struct counts {
	uint64_t insns, cycles;
};

static bool counts_insns(void)
{
	return boot_stamps[BOOT_STAMP_VALID] & BOOT_COUNTER_INSNS;
}

static inline struct counts counters_read(void)
{
	struct counts c = { counts_insns() ? boot_insn_counter() : 0, boot_counter() };

	return c;
}

static uint32_t lab_rounds(const char **why)
{
	const char *val;
	uint32_t len, i;
	uint64_t n = 0;

	*why = 0;
	if (!bootarg_get("lab_rounds", &val, &len))
		return LAB_DEFAULT_ROUNDS;
	for (i = 0; i < len && n <= LAB_MAX_ROUNDS; i++) {
		if (val[i] < '0' || val[i] > '9')
			break;
		n = n * 10 + (uint64_t)(val[i] - '0');
	}
	if (!len || i < len || n < 1 || n > LAB_MAX_ROUNDS) {
		*why = "lab_rounds= wants a number from 1 to " STRINGIFY(LAB_MAX_ROUNDS);
		return 0;
	}
	return (uint32_t)n;
}

static void run_one(const struct lab_kernel *k, uint32_t rounds, struct counts *total)
{
	const struct counts before = counters_read();
	const uint64_t check = k->fn(rounds);
	const struct counts after = counters_read();
	const uint64_t insns = (after.insns - before.insns) & BOOT_INSNS_MASK;
	const uint64_t cycles = after.cycles - before.cycles;

	if (counts_insns())
		printk("relok: lab kernel=%s insns=%lu cycles=%lu check=0x%lx\n", k->name, insns,
		       cycles, check);
	else
		printk("relok: lab kernel=%s cycles=%lu check=0x%lx\n", k->name, cycles, check);
	total->insns += insns;
	total->cycles += cycles;
}

static const char *lab_selftest(void)
{
	struct counts total = { 0, 0 };
	const char *why;
	uint32_t rounds, i;

	rounds = lab_rounds(&why);
	if (!rounds)
		return why;
	if (!(boot_stamps[BOOT_STAMP_VALID] & BOOT_COUNTER_CYCLES))
		return "no architected PMU: nothing to count with";
	lab_setup();
	why = lab_sha256_check();
	if (why)
		return why;
	printk("relok: lab rounds=%u kernels=%u\n", rounds,
	       (uint32_t)ARRAY_SIZE(builtin) + nr_registered);
	for (i = 0; i < ARRAY_SIZE(builtin); i++)
		run_one(&builtin[i], rounds, &total);
	for (i = 0; i < nr_registered; i++)
		run_one(&registered[i], rounds, &total);
	if (counts_insns())
		printk("relok: lab total insns=%lu cycles=%lu\n", total.insns, total.cycles);
	else
		printk("relok: lab total cycles=%lu (no insns=: the CPU does not count "
		       "INST_RETIRED; QEMU does only under -icount)\n", total.cycles);
	return 0;
}

int run_lab(void)
{
	const char *val;
	uint32_t len;

	if (!bootarg_get("selftest", &val, &len) || !cmdline_list_has(val, len, "lab"))
		return 0;
	return selftest_run("lab", lab_selftest);
}
