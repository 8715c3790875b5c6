// SPDX-License-Identifier: MIT
/*
 * Self-tests that must crash, run only when asked for with
 * "selftest=crash-write-text" or "selftest=crash-exec-data" in bootargs,
 * so normal boots stay clean.  Each breaks W^X on purpose; the expected
 * outcome is the crash report (tests/boot/crash.sh checks it) and a
 * power-off, never "relok: ready".
 */
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/printk.h>
#include <relok/selftest.h>

#define AARCH64_INSN_RET	0xd65f03c0u

/* A real function whose first instruction the test tries to overwrite. */
__attribute__((noinline)) int crash_text_target(int x);
__attribute__((noinline)) int crash_text_target(int x)
{
	return x + 1;
}

/* Valid code, but in writable, never-executable data. */
static uint32_t crash_data_insns[] = { AARCH64_INSN_RET };

__attribute__((noinline)) static void crash_write_text(void)
{
	volatile uint32_t *const p = (volatile uint32_t *)(uintptr_t)&crash_text_target;

	printk("relok: selftest crash-write-text: writing to kernel text at 0x%lx\n",
	       (uint64_t)(uintptr_t)p);
	*p = AARCH64_INSN_RET;
}

__attribute__((noinline)) static void crash_exec_data(void)
{
	void (*volatile fn)(void) = (void (*)(void))(uintptr_t)crash_data_insns;

	printk("relok: selftest crash-exec-data: jumping to data at 0x%lx\n",
	       (uint64_t)(uintptr_t)fn);
	fn();
	/* Not a tail call: the report's lr should point back in here. */
	__asm__ volatile("" : : : "memory");
}

void run_crash_selftests(void)
{
	const char *val;
	uint32_t len;

	if (!bootarg_get("selftest", &val, &len))
		return;
	if (cmdline_list_has(val, len, "crash-write-text"))
		crash_write_text();
	if (cmdline_list_has(val, len, "crash-exec-data"))
		crash_exec_data();
	else
		return;		/* selftest= named no crash test (e.g. smp-timeout) */
	printk("relok: selftest crash: the kernel survived what should have crashed it\n");
}
