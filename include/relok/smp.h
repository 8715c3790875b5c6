/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPUs (arch/arm64/kernel/smp.c).  The boot CPU brings every
 * /cpus entry with enable-method "psci" up with PSCI CPU_ON, one at a time;
 * each secondary enters at head.S secondary_entry, switches to the boot
 * CPU's tables at the KASLR address, runs its self-tests, reports in and
 * idles (wfe) until the boot CPU tells it to turn off or halt.  Secondaries
 * never print: the boot CPU reports for them.
 */
#ifndef RELOK_SMP_H
#define RELOK_SMP_H

#include <stdbool.h>
#include <relok/compiler.h>

struct boot_info;

/*
 * Read /cpus, find the boot CPU by its MPIDR, bring the others up
 * (honouring nosmp and maxcpus=<n>) and print "relok: cpu <n> online ...",
 * "relok: cpu <n> failed psci=<error>" and "relok: smp online=<k> of=<m>".
 * Needs psci_probe() to have run.
 */
void smp_init(const struct boot_info *bi);

/*
 * Every online secondary turns itself off with PSCI CPU_OFF, confirmed with
 * AFFINITY_INFO (bounded wait), so a kexec handover can go on with the boot
 * CPU alone.  Call on the boot CPU.  Prints "relok: smp parked=<n> of=<k>"
 * and a line for each CPU that did not turn off; smp_secondaries_online()
 * tells the caller whether any is left running.
 */
void smp_park_secondaries(void);
/* Secondaries that reported in and are not confirmed off. */
unsigned int smp_secondaries_online(void);

/* Tell every running secondary to park in wfi (halt(): no power-off). */
void smp_halt_others(void);

/* head.S: mask interrupts and wait in wfi forever; any EL, MMU on or off. */
void cpu_park(void) __noreturn;

/* Self-test smp-park: park all, check AFFINITY_INFO, bring one back, park again. */
int run_smp_selftests(void);

#endif
