// SPDX-License-Identifier: MIT
/*
 * PSCI after the MMU is on: one verdict on the conduit, taken at boot
 * (psci_init), and the power-off path that never calls a conduit that
 * cannot work.  The early boot path (MMU off) uses psci_call_raw() from
 * <relok/psci.h> with its own static rules (arch/arm64/kernel/pi).
 */
#include <asm/asm-extable.h>
#include <relok/printk.h>
#include <relok/psci.h>
#include <relok/smp.h>

#define PSCI_MIN_MAJOR	0
#define PSCI_MIN_MINOR	2	/* SYSTEM_OFF, CPU_ON with fixed IDs: PSCI 0.2 */

static struct {
	uint32_t conduit;	/* enum fdt_psci_conduit; FDT_PSCI_NONE once dead */
	uint32_t method;	/* what the device tree named, for messages */
	/*
	 * Why it is not usable; NULL while usable, and before psci_init()
	 * (a pointer initialised here would be a relocated word, which the
	 * reloc-table self-test expects never to change).
	 */
	const char *dead;
	bool inited;
	bool off_started;	/* SYSTEM_OFF was tried once: never again */
} psci;

#define PSCI_VERSION_MAJOR_MASK	0x7fff	/* bit 31 is 0 in any valid version */

static const char *method_name(uint32_t conduit)
{
	switch (conduit) {
	case FDT_PSCI_HVC:
		return "hvc";
	case FDT_PSCI_SMC:
		return "smc";
	default:
		return "none";
	}
}

/*
 * One SMCCC call whose hvc/smc may be an undefined instruction (no EL2 or
 * EL3 behind it): the exception table resumes after it with *undef set.
 */
#define PSCI_CHECKED_CALL(insn)						\
	__asm__ volatile("1:	" insn "\n"				\
			 "2:\n"						\
			 _ASM_EXTABLE_UNDEF_ERR_ZERO(1b, 2b, %w[err], xzr) \
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), [err] "+r"(err) \
			 : : PSCI_SMCCC_CLOBBERS)

static uint64_t checked_call(uint32_t conduit, uint32_t fn, uint64_t a1, uint64_t a2,
			     uint64_t a3, bool *undef)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	int err = 0;

	if (conduit == FDT_PSCI_HVC)
		PSCI_CHECKED_CALL("hvc #0");
	else
		PSCI_CHECKED_CALL("smc #0");
	*undef = err != 0;
	return x0;
}

static void mark_dead(const char *why)
{
	psci.conduit = FDT_PSCI_NONE;
	psci.dead = why;
	printk("relok: psci: %s unusable: %s\n", method_name(psci.method), why);
}

void psci_init(uint32_t conduit, uint32_t entry_el)
{
	psci.inited = true;
	psci.method = conduit;
	psci.conduit = FDT_PSCI_NONE;
	if (conduit == FDT_PSCI_NONE) {
		psci.dead = "the device tree has no /psci node";
		return;
	}
	/*
	 * After an EL2 entry, EL2 is ours: an hvc from EL1 reaches relok's
	 * own EL2 vectors, never firmware.  Refuse it without calling, so the
	 * verdict stays right whatever stub is installed at EL2.
	 */
	if (conduit == FDT_PSCI_HVC && entry_el == 2) {
		psci.dead = "entered at EL2, so hvc would trap to relok's own EL2, not to firmware";
		return;
	}
	psci.conduit = conduit;
	psci.dead = 0;
}

void psci_probe(void)
{
	bool undef;
	uint64_t v;

	if (psci.conduit == FDT_PSCI_NONE) {
		printk("relok: psci: %s unusable: %s\n", method_name(psci.method), psci.dead);
		return;
	}
	v = checked_call(psci.conduit, PSCI_0_2_FN_VERSION, 0, 0, 0, &undef);
	if (undef) {
		mark_dead(psci.conduit == FDT_PSCI_SMC ?
			  "smc is an undefined instruction here (no EL3 firmware)" :
			  "hvc is an undefined instruction here (no hypervisor)");
		return;
	}
	if ((int32_t)v < 0) {
		mark_dead("PSCI_VERSION returned an error: no PSCI behind the conduit");
		return;
	}
	if ((v >> PSCI_VERSION_MAJOR_SHIFT) == PSCI_MIN_MAJOR &&
	    (v & PSCI_VERSION_MINOR_MASK) < PSCI_MIN_MINOR) {
		mark_dead("PSCI older than 0.2 (no SYSTEM_OFF, no standard function IDs)");
		return;
	}
	printk("relok: psci method=%s version=%lu.%lu\n", method_name(psci.conduit),
	       (v >> PSCI_VERSION_MAJOR_SHIFT) & PSCI_VERSION_MAJOR_MASK, v & PSCI_VERSION_MINOR_MASK);
}

bool psci_usable(void)
{
	return psci.conduit != FDT_PSCI_NONE;
}

const char *psci_unusable_reason(void)
{
	if (!psci.inited)
		return "psci_init() has not run";
	return psci.dead;
}

const char *psci_method_name(void)
{
	return method_name(psci.method);
}

int64_t psci_invoke(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	const uint32_t conduit = psci.conduit;
	bool undef;
	uint64_t ret;

	if (conduit == FDT_PSCI_NONE)
		return PSCI_RET_NOT_SUPPORTED;
	ret = checked_call(conduit, fn, a1, a2, a3, &undef);
	if (undef) {
		/* psci_init's probe answered, so this cannot happen; if it does, stop using it */
		mark_dead("the conduit became an undefined instruction");
		return PSCI_RET_NOT_SUPPORTED;
	}
	return (int64_t)(int32_t)ret;
}

const char *psci_err_name(int64_t ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:			return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED:		return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMETERS:	return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED:			return "DENIED";
	case PSCI_RET_ALREADY_ON:		return "ALREADY_ON";
	case PSCI_RET_ON_PENDING:		return "ON_PENDING";
	case PSCI_RET_INTERNAL_FAILURE:		return "INTERNAL_FAILURE";
	case PSCI_RET_NOT_PRESENT:		return "NOT_PRESENT";
	case PSCI_RET_DISABLED:			return "DISABLED";
	case PSCI_RET_INVALID_ADDRESS:		return "INVALID_ADDRESS";
	default:				return "UNKNOWN";
	}
}

void halt(const char *why)
{
	printk("relok: halted: %s\n", why);
	smp_halt_others();
	cpu_park();
}

void psci_system_off(void)
{
	int64_t ret;

	/*
	 * A second entry means the first SYSTEM_OFF came back or faulted
	 * into a panic: do not call it again.
	 */
	if (psci.off_started)
		halt("PSCI SYSTEM_OFF did not power off");
	if (!psci_usable()) {
		printk("relok: halted: no power-off: psci %s unusable: %s\n",
		       method_name(psci.method), psci_unusable_reason());
		smp_halt_others();
		cpu_park();
	}
	psci.off_started = true;
	ret = psci_invoke(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	printk("relok: halted: PSCI SYSTEM_OFF returned %s\n", psci_err_name(ret));
	smp_halt_others();
	cpu_park();
}
