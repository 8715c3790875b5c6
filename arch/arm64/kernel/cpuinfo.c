// SPDX-License-Identifier: MIT
/*
 * Which CPU this is, for the boot report: MIDR_EL1's implementer and part
 * number to a core name, MPIDR_EL1's affinity, the EL the kernel runs at.
 */
#include <asm/cpuinfo.h>
#include <relok/printf.h>
#include <relok/printk.h>

#define CPU_NAME_MAX	48

/* Implementer codes (MIDR_EL1.Implementer; 0 is reserved for software use). */
#define IMPL_SOFTWARE	0x00
#define IMPL_ARM	0x41
#define IMPL_BROADCOM	0x42
#define IMPL_CAVIUM	0x43
#define IMPL_FUJITSU	0x46
#define IMPL_APPLE	0x61
#define IMPL_QUALCOMM	0x51

#define CPU_PART_NAME_MAX	16

/* Names held in place, not pointed to: the table needs no relocation. */
struct cpu_part {
	uint16_t implementer;
	uint16_t part;
	char name[CPU_PART_NAME_MAX];
};

/* Cores QEMU models, and the common Arm cores of real boards. */
static const struct cpu_part cpu_parts[] = {
	{ IMPL_ARM, 0xd02, "cortex-a34" },
	{ IMPL_ARM, 0xd03, "cortex-a53" },
	{ IMPL_ARM, 0xd04, "cortex-a35" },
	{ IMPL_ARM, 0xd05, "cortex-a55" },
	{ IMPL_ARM, 0xd07, "cortex-a57" },
	{ IMPL_ARM, 0xd08, "cortex-a72" },
	{ IMPL_ARM, 0xd09, "cortex-a73" },
	{ IMPL_ARM, 0xd0a, "cortex-a75" },
	{ IMPL_ARM, 0xd0b, "cortex-a76" },
	{ IMPL_ARM, 0xd0c, "neoverse-n1" },
	{ IMPL_ARM, 0xd0d, "cortex-a77" },
	{ IMPL_ARM, 0xd40, "neoverse-v1" },
	{ IMPL_ARM, 0xd41, "cortex-a78" },
	{ IMPL_ARM, 0xd44, "cortex-x1" },
	{ IMPL_ARM, 0xd46, "cortex-a510" },
	{ IMPL_ARM, 0xd47, "cortex-a710" },
	{ IMPL_ARM, 0xd48, "cortex-x2" },
	{ IMPL_ARM, 0xd49, "neoverse-n2" },
	{ IMPL_ARM, 0xd4f, "neoverse-v2" },
	{ IMPL_FUJITSU, 0x001, "a64fx" },
	{ IMPL_SOFTWARE, 0x051, "qemu-max" },	/* QEMU -cpu max: part 'Q' */
};

#define NR_CPU_PARTS	(sizeof(cpu_parts) / sizeof(cpu_parts[0]))

static const char *implementer_name(unsigned int implementer)
{
	switch (implementer) {
	case IMPL_ARM:
		return "arm";
	case IMPL_BROADCOM:
		return "broadcom";
	case IMPL_CAVIUM:
		return "cavium";
	case IMPL_FUJITSU:
		return "fujitsu";
	case IMPL_APPLE:
		return "apple";
	case IMPL_QUALCOMM:
		return "qualcomm";
	default:
		return 0;
	}
}

const char *cpu_name(uint64_t midr, char *buf, size_t size)
{
	const unsigned int impl = (midr >> MIDR_IMPLEMENTER_SHIFT) & MIDR_IMPLEMENTER_MASK;
	const unsigned int part = (midr >> MIDR_PARTNUM_SHIFT) & MIDR_PARTNUM_MASK;
	const char *iname = implementer_name(impl);

	for (size_t i = 0; i < NR_CPU_PARTS; i++)
		if (cpu_parts[i].implementer == impl && cpu_parts[i].part == part) {
			snprintf(buf, size, "%s", cpu_parts[i].name);
			return buf;
		}
	if (iname)
		snprintf(buf, size, "%s-part-0x%03x", iname, part);
	else
		snprintf(buf, size, "implementer-0x%02x-part-0x%03x", impl, part);
	return buf;
}

void report_boot_cpu(unsigned int entry_el)
{
	char name[CPU_NAME_MAX];
	const uint64_t midr = read_midr();

	printk("relok: cpu 0 boot mpidr=0x%lx midr=0x%lx %s el=%u entry-el=%u\n",
	       read_mpidr_hwid(), midr, cpu_name(midr, name, sizeof(name)), current_el(),
	       entry_el);
}
