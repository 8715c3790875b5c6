// SPDX-License-Identifier: MIT
/*
 * Secondary CPUs: found in /cpus, started one at a time with PSCI CPU_ON at
 * head.S secondary_entry, which does not relocate anything again: it
 * switches to the boot CPU's tables and lands at the KASLR address in
 * secondary_start_kernel().  There each CPU checks itself (relocated
 * pointers, its system registers against the boot CPU's, a fixed-up fault
 * on a write to kernel text), reports in through its struct cpu_info and
 * idles in wfe until the boot CPU tells it to turn off (CPU_OFF) or halt.
 *
 * Secondaries never print (the console has no lock): the boot CPU waits
 * for each one, bounded, and prints its lines.  One CPU runs at a time
 * outside the idle loop, which is also why the exception table's fixup
 * counter needs no atomics.
 */
#include <asm/boot_info.h>
#include <asm/cpuinfo.h>
#include <asm/early.h>
#include <asm/memory.h>
#include <asm/smp.h>
#include <asm/sysreg.h>
#include <asm/timer.h>
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/page_alloc.h>
#include <relok/printf.h>
#include <relok/printk.h>
#include <relok/psci.h>
#include <relok/selftest.h>
#include <relok/smp.h>

#define STACK_PAGES		(INIT_STACK_SIZE / PAGE_SIZE)
#define BOOT_TIMEOUT_MS		2000	/* CPU_ON to reported in, self-tests included */
#define OFF_TIMEOUT_MS		1000	/* CMD_OFF to AFFINITY_INFO saying OFF */
#define NAME_MAX		32

struct cpu_info cpu_info[NR_CPUS];

/* head.S secondary_switched calls it. */
void secondary_start_kernel(struct cpu_info *ci, uint32_t entry_el) __noreturn;
/* head.S */
void dcache_clean_inval_poc(uint64_t start, uint64_t end);

static struct {
	uint32_t possible;		/* logical CPUs numbered, boot CPU included */
	/* The boot CPU's, which every secondary must have too. */
	uint64_t vbar, ttbr1, tcr, sctlr, mair;
} smp;

static const char *const selftest_names[CPU_SELFTESTS] = { "relocs", "sysregs", "text-write" };

static uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Wake CPUs waiting in wfe after a store they look for. */
static void send_event(void)
{
	__asm__ volatile("dsb ish\n\tsev" : : : "memory");
}

/* A symbol's physical address: the image is mapped linearly at virt_base. */
static uint64_t kimage_pa(const void *sym)
{
	return (uint64_t)(uintptr_t)sym - boot_info.virt_base + boot_info.phys_base;
}

/* ---- on the secondary ---- */

static const char *check_sysregs(const struct cpu_info *ci)
{
	const uint64_t sp = (uint64_t)(uintptr_t)__builtin_frame_address(0);

	if (ci->mpidr_seen != ci->mpidr)
		return "MPIDR_EL1 is not the /cpus reg CPU_ON targeted";
	if (read_sysreg(vbar_el1) != smp.vbar)
		return "VBAR_EL1 differs from the boot CPU's";
	if (read_sysreg(ttbr1_el1) != smp.ttbr1)
		return "TTBR1_EL1 differs from the boot CPU's";
	if (read_sysreg(tcr_el1) != smp.tcr)
		return "TCR_EL1 differs from the boot CPU's (TTBR0 walks still on?)";
	if (read_sysreg(sctlr_el1) != smp.sctlr)
		return "SCTLR_EL1 differs from the boot CPU's (MMU, caches, WXN)";
	if (read_sysreg(mair_el1) != smp.mair)
		return "MAIR_EL1 differs from the boot CPU's";
	if (read_sysreg(tpidr_el1) != (uint64_t)(uintptr_t)ci)
		return "TPIDR_EL1 is not this CPU's cpu_info";
	if (sp >= ci->boot.stack_top || sp < ci->boot.stack_top - STACK_PAGES * PAGE_SIZE)
		return "not running on its own stack";
	return 0;
}

static void __noreturn secondary_idle(struct cpu_info *ci)
{
	for (;;) {
		const uint32_t cmd = load_acquire(&ci->cmd);

		if (cmd == CPU_CMD_OFF) {
			/* returns only on failure */
			ci->off_ret = (int32_t)psci_invoke(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
			store_release(&ci->state, CPU_STATE_OFF_FAILED);
			send_event();
			cpu_park();
		}
		if (cmd == CPU_CMD_HALT)
			cpu_park();
		__asm__ volatile("wfe" : : : "memory");
	}
}

void secondary_start_kernel(struct cpu_info *ci, uint32_t entry_el)
{
	if (ci->stall)
		cpu_park();	/* the boot CPU's timeout is what is under test */
	ci->entry_el = entry_el;
	ci->mpidr_seen = read_mpidr_hwid();
	if (ci->run_selftests) {
		ci->why[0] = reloc_selftest_pointers();
		ci->why[1] = check_sysregs(ci);
		ci->why[2] = extable_selftest_text_write();
	}
	store_release(&ci->state, CPU_STATE_ONLINE);
	send_event();
	secondary_idle(ci);
}

/* ---- on the boot CPU ---- */

/* selftest=<list> names test (a deliberate failure to show its report). */
static bool selftest_asks(const char *test)
{
	const char *val;
	uint32_t len;

	return bootarg_get("selftest", &val, &len) && cmdline_list_has(val, len, test);
}

static void boot_cpu_setup(const struct boot_info *bi)
{
	struct cpu_info *const c = &cpu_info[0];

	c->cpu = 0;
	c->mpidr = c->mpidr_seen = read_mpidr_hwid();
	c->entry_el = bi->entry_el;
	c->state = CPU_STATE_ONLINE;
	write_sysreg(c, tpidr_el1);
	smp.vbar = read_sysreg(vbar_el1);
	smp.ttbr1 = read_sysreg(ttbr1_el1);
	smp.tcr = read_sysreg(tcr_el1);
	smp.sctlr = read_sysreg(sctlr_el1);
	smp.mair = read_sysreg(mair_el1);
	smp.possible = 1;
}

/*
 * CPU_ON, then wait (bounded) for the CPU to report in.  report: print its
 * lines (the smp-park self-test starts a CPU again without them).
 */
static bool bring_up(struct cpu_info *c, bool report)
{
	struct deadline dl;
	int64_t ret;

	if (!c->boot.stack_top) {
		const uint64_t stack = alloc_pages(STACK_PAGES);

		if (!stack) {
			printk("relok: cpu %u failed reason=no-memory-for-stack mpidr=0x%lx\n",
			       c->cpu, c->mpidr);
			return false;
		}
		c->boot.stack_top = (uint64_t)(uintptr_t)phys_to_virt(stack) +
				    STACK_PAGES * PAGE_SIZE;
	}
	c->boot.ttbr0 = early_mmu.ttbr0;
	c->boot.ttbr1 = early_mmu.ttbr1;
	c->boot.virt_base = boot_info.virt_base;
	c->boot.self = (uint64_t)(uintptr_t)c;
	c->run_selftests = !bootarg_has("noselftest");
	c->cmd = CPU_CMD_NONE;
	c->late = 0;
	c->stall = report && c->cpu == 1 && selftest_asks("smp-timeout");
	c->entry_el = 0;
	for (unsigned int t = 0; t < CPU_SELFTESTS; t++)
		c->why[t] = 0;
	store_release(&c->state, CPU_STATE_BOOTING);
	/* secondary_entry reads the boot part with the MMU off, from memory */
	dcache_clean_inval_poc((uint64_t)(uintptr_t)c, (uint64_t)(uintptr_t)(c + 1));

	ret = psci_invoke(PSCI_0_2_FN64_CPU_ON, c->mpidr, kimage_pa(secondary_entry), c->cpu);
	if (ret != PSCI_RET_SUCCESS) {
		store_release(&c->state, CPU_STATE_NONE);
		printk("relok: cpu %u failed psci=%s mpidr=0x%lx\n", c->cpu, psci_err_name(ret),
		       c->mpidr);
		return false;
	}
	deadline_start(&dl, BOOT_TIMEOUT_MS);
	while (load_acquire(&c->state) != CPU_STATE_ONLINE) {
		if (deadline_passed(&dl)) {
			/* if it ever arrives it parks at once instead of idling */
			c->late = 1;
			store_release(&c->cmd, CPU_CMD_HALT);
			send_event();
			printk("relok: cpu %u failed reason=timeout after=%lums mpidr=0x%lx\n",
			       c->cpu, deadline_elapsed_ms(&dl), c->mpidr);
			return false;
		}
	}
	if (!report)
		return true;
	printk("relok: cpu %u online mpidr=0x%lx el=%u\n", c->cpu, c->mpidr, c->entry_el);
	if (c->run_selftests) {
		for (unsigned int t = 0; t < CPU_SELFTESTS; t++) {
			char name[NAME_MAX];

			snprintf(name, sizeof(name), "cpu%u-%s", c->cpu, selftest_names[t]);
			selftest_report(name, c->why[t]);
		}
	}
	return true;
}

static void not_started(const struct cpu_info *c, const char *why)
{
	printk("relok: cpu %u not started mpidr=0x%lx reason=%s\n", c->cpu, c->mpidr, why);
}

/* maxcpus=<n>: CPUs to run, boot CPU included; 0 means the boot CPU alone. */
static uint32_t read_maxcpus(void)
{
	const char *val;
	uint32_t len, i;
	uint64_t n = 0;

	if (!bootarg_get("maxcpus", &val, &len))
		return NR_CPUS;
	for (i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9' || n > NR_CPUS) {
			printk("relok: warning: maxcpus=%.*s is not a CPU count: ignored\n",
			       (int)len, val);
			return NR_CPUS;
		}
		n = n * 10 + (uint64_t)(val[i] - '0');
	}
	if (!len) {
		printk("relok: warning: maxcpus= without a count: ignored\n");
		return NR_CPUS;
	}
	return n ? (uint32_t)(n > NR_CPUS ? NR_CPUS : n) : 1;
}

/* A usable /cpus entry's MPIDR, or why it is not one. */
static const char *dt_cpu_problem(const struct fdt_cpu *e)
{
	if (e->problem)
		return e->problem;
	if (e->mpidr & ~MPIDR_HWID_MASK)
		return "reg has bits outside the MPIDR affinity fields";
	return 0;
}

static bool start_one(struct cpu_info *c, const struct fdt_cpu *e, bool nosmp, uint32_t maxcpus)
{
	if (nosmp) {
		not_started(c, "nosmp");
	} else if (c->cpu >= maxcpus) {
		not_started(c, "maxcpus");
	} else if (e->enable == FDT_CPU_ENABLE_SPIN_TABLE) {
		not_started(c, "enable-method-spin-table-not-supported");
	} else if (e->enable != FDT_CPU_ENABLE_PSCI) {
		not_started(c, "no-psci-enable-method");
	} else if (!psci_usable()) {
		not_started(c, "psci-unusable");
	} else {
		return bring_up(c, true);
	}
	return false;
}

void smp_init(const struct boot_info *bi)
{
	static struct fdt_cpu dt[NR_CPUS];
	const struct fdt *fdt = devicetree();
	const bool nosmp = bootarg_has("nosmp");
	const uint32_t maxcpus = read_maxcpus();
	const uint64_t self = read_mpidr_hwid();
	uint32_t n = 0, dropped = 0, online = 1, i;
	int32_t boot = -1;
	struct diag d;

	boot_cpu_setup(bi);
	diag_init(&d);
	if (fdt && !fdt_read_cpus(fdt, dt, NR_CPUS, &n, &dropped, &d))
		printk("relok: smp: device tree /cpus: " DIAG_FMT " (0x%lx): no secondaries\n", DIAG_ARGS(&d),
		       d.value);
	if (dropped)
		printk("relok: smp: %u CPUs beyond NR_CPUS=%u left off\n", dropped, NR_CPUS);
	for (i = 0; i < n; i++)
		if (!dt_cpu_problem(&dt[i]) && dt[i].mpidr == self)
			boot = (int32_t)i;
	if (n && boot < 0)
		printk("relok: warning: the boot CPU (mpidr 0x%lx) is not in /cpus\n", self);
	printk("relok: cpu 0 online mpidr=0x%lx el=%u\n", self, bi->entry_el);

	for (i = 0; i < n; i++) {
		const char *why = dt_cpu_problem(&dt[i]);
		struct cpu_info *c;

		if ((int32_t)i == boot)
			continue;
		if (why) {
			printk("relok: smp: /cpus/%s skipped: %s\n", fdt_node_name(fdt, dt[i].node),
			       why);
			continue;
		}
		if (smp.possible == NR_CPUS) {
			printk("relok: smp: /cpus/%s left off: more than NR_CPUS=%u\n",
			       fdt_node_name(fdt, dt[i].node), NR_CPUS);
			continue;
		}
		c = &cpu_info[smp.possible];
		c->cpu = smp.possible++;
		c->mpidr = dt[i].mpidr;
		online += start_one(c, &dt[i], nosmp, maxcpus);
	}
	printk("relok: smp online=%u of=%u\n", online, smp.possible);
}

static bool is_running(const struct cpu_info *c)
{
	return load_acquire(&c->state) == CPU_STATE_ONLINE && !c->late;
}

unsigned int smp_secondaries_online(void)
{
	unsigned int k = 0;

	for (uint32_t i = 1; i < smp.possible; i++)
		k += is_running(&cpu_info[i]);
	return k;
}

/* Tell c to CPU_OFF and wait (bounded) until AFFINITY_INFO says it is off. */
static bool park_one(struct cpu_info *c, bool report)
{
	struct deadline dl;
	int64_t aff = PSCI_RET_NOT_SUPPORTED;

	store_release(&c->cmd, CPU_CMD_OFF);
	send_event();
	deadline_start(&dl, OFF_TIMEOUT_MS);
	for (;;) {
		if (load_acquire(&c->state) == CPU_STATE_OFF_FAILED) {
			if (report)
				printk("relok: cpu %u park failed psci=%s\n", c->cpu,
				       psci_err_name(c->off_ret));
			return false;
		}
		aff = psci_invoke(PSCI_0_2_FN64_AFFINITY_INFO, c->mpidr, 0, 0);
		if (aff == PSCI_AFFINITY_OFF) {
			store_release(&c->state, CPU_STATE_OFF);
			return true;
		}
		if (deadline_passed(&dl))
			break;
	}
	if (report)
		printk("relok: cpu %u park failed reason=timeout affinity=%s\n", c->cpu,
		       aff == PSCI_AFFINITY_ON ? "ON" : aff == PSCI_AFFINITY_ON_PENDING ?
		       "ON_PENDING" : psci_err_name(aff));
	return false;
}

void smp_park_secondaries(void)
{
	unsigned int parked = 0, tried = 0;

	for (uint32_t i = 1; i < smp.possible; i++) {
		struct cpu_info *const c = &cpu_info[i];

		if (!is_running(c))
			continue;
		tried++;
		parked += park_one(c, true);
	}
	printk("relok: smp parked=%u of=%u\n", parked, tried);
}

void smp_halt_others(void)
{
	const struct cpu_info *const self =
		(const struct cpu_info *)(uintptr_t)read_sysreg(tpidr_el1);

	for (uint32_t i = 1; i < smp.possible; i++)
		if (&cpu_info[i] != self && load_acquire(&cpu_info[i].state) == CPU_STATE_ONLINE)
			store_release(&cpu_info[i].cmd, CPU_CMD_HALT);
	send_event();
}

/*
 * smp-park: what a kexec handover does (park every secondary, AFFINITY_INFO
 * confirms each is OFF), then what the next kernel does (CPU_ON one of them
 * again: it must come back through secondary_entry and pass its checks),
 * then park it once more.
 */
static const char *test_park(void)
{
	struct cpu_info *again = 0;

	smp_park_secondaries();
	if (smp_secondaries_online())
		return "a secondary is still running after smp_park_secondaries()";
	for (uint32_t i = 1; i < smp.possible; i++) {
		struct cpu_info *const c = &cpu_info[i];

		if (load_acquire(&c->state) != CPU_STATE_OFF)
			continue;
		if (psci_invoke(PSCI_0_2_FN64_AFFINITY_INFO, c->mpidr, 0, 0) != PSCI_AFFINITY_OFF)
			return "AFFINITY_INFO does not say OFF for a parked CPU";
		if (!again)
			again = c;
	}
	if (!again)
		return "no secondary was parked";
	if (!bring_up(again, false))
		return "a parked CPU did not come back with CPU_ON";
	for (unsigned int t = 0; t < CPU_SELFTESTS; t++)
		if (again->why[t])
			return again->why[t];
	if (!park_one(again, false))
		return "the CPU started again did not park";
	return 0;
}

int run_smp_selftests(void)
{
	if (!smp_secondaries_online()) {
		printk("relok: selftest smp-park skipped (no secondary online)\n");
		return 0;
	}
	return selftest_run("smp-park", test_park);
}
