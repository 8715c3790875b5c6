#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Entry states and PSCI conduits a loader can get wrong (issue 15's rows
# "entry ELs, x0 = 0, secondaries started early" and "/psci"): each one
# ends in its named outcome -- a boot, "relok: panic: <why>" then a
# power-off, or "relok: halted: <why>" where no power-off is possible --
# never a silent hang or a crash report.  Everything goes through the shim
# and a raw loader (tests/boot/shim.S, lib.sh boot_at/shim_set), so QEMU
# cannot repair the DTB or the entry state: with shim_raw_cpus it is not
# even a QEMU kernel boot.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
KADDR=$RAW_IMAGE_AT
DTB_ADDR=$RAW_DTB_AT
QEMU_TIMEOUT=20
HALTED='relok: halted:'

# lines PATTERN: how many lines of $LOG match the extended regex.
lines() {
	grep -cE "$1" "$LOG"
}

# no_crash NAME: nothing in $LOG looks like a crash report.
no_crash() {
	if grep -q '^relok: crash:' "$LOG"; then
		fail "$1-no-crash" "$(grep -m1 '^relok: crash:' "$LOG")"
	else
		pass "$1-no-crash"
	fi
}

# expect_halted NAME PANIC_OR_EMPTY HALT_PATTERN: the run stopped at
# "relok: halted:" (QEMU keeps running: it was stopped at the line), with
# exactly one panic line PANIC if given, and the halted line matching.
expect_halted() {
	local name=$1 panic=$2 halt=$3 why=
	if [ "$MATCHED" != 1 ]; then
		why="no '$HALTED' line within ${QEMU_TIMEOUT}s (rc=$QEMU_RC): $(tail -c 300 "$LOG")"
	elif [ -n "$panic" ] && [ "$(lines "^relok: panic: $panic")" -ne 1 ]; then
		why="$(lines "^relok: panic: $panic") lines 'relok: panic: $panic'"
	elif ! grep -qE "^$HALTED $halt" "$LOG"; then
		why="halted line: $(grep -m1 "^$HALTED" "$LOG")"
	fi
	verdict "$name" "$why"
	no_crash "$name"
}

# --- EL3: every CPU started at the entry point at once (secure=on, raw) ---
# One panic, on the boot CPU (MPIDR 0, the DTB header's boot_cpuid_phys),
# then halted: nothing is below EL3 to power off through.  The three
# others park without a word.
dump_dtb "$work/secure.dtb" virt,secure=on -cpu max -smp 4 -m 1G
shim_dtb "$work/secure.dtb" $DTB_ADDR
shim_raw_cpus 4
boot_until "$HALTED"
boot_at el3-all-cpus $KADDR -M virt,secure=on -cpu max -smp 4 -m 1G
expect_halted el3-all-cpus 'entered at EL3$' 'no firmware below EL3'
[ "$(lines '^relok: ')" -eq 2 ] && pass el3-all-cpus-one-voice ||
	fail el3-all-cpus-one-voice "$(lines '^relok: ') relok lines, expected 2 (log: $LOG)"

# The same with x0 = 0 on every CPU: no header, MPIDR 0 is the boot CPU.
shim_raw_cpus 2
boot_until "$HALTED"
boot_at el3-no-dtb $KADDR -M virt,secure=on -cpu max -smp 2 -m 1G
expect_halted el3-no-dtb 'entered at EL3$' 'no firmware below EL3'

# --- Secure EL1: a secure loader dropped to S-EL1 (SCR_EL3.NS = 0) ---
shim_dtb "$work/secure.dtb" $DTB_ADDR
shim_raw_cpus 1
shim_set flags 1
boot_until "$HALTED"
boot_at secure-el1 $KADDR -M virt,secure=on -cpu max -smp 1 -m 1G
expect_halted secure-el1 'entered at secure EL1' 'no power-off: psci none unusable'

# --- x0 = 0 at EL1 and EL2 (raw start, no QEMU boot protocol) ---
for el in 1 2; do
	machine=virt
	[ $el = 2 ] && machine=virt,virtualization=on
	shim_raw_cpus 1
	boot_at "x0-zero-el$el" $KADDR -M $machine -cpu max -m 1G
	if [ "$QEMU_RC" -eq 0 ] && grep -q '^relok: panic: no device tree: x0 was 0 at entry' "$LOG"; then
		pass "x0-zero-el$el"
	else
		fail "x0-zero-el$el" "rc=$QEMU_RC: $(head -c 300 "$LOG")"
	fi
	no_crash "x0-zero-el$el"
done

# --- x1-x3 nonzero: named, the boot goes on ---
shim_set x1 0x11
shim_set x2 0x2200
shim_set x3 0x33000000
boot_at x1-x3-nonzero $KADDR -M virt -cpu max -m 1G
check_boot x1-x3-nonzero $KADDR 1
grep -qx 'relok: warning: x1-x3 nonzero at entry (booting.rst): x1=0x11 x2=0x2200 x3=0x33000000' \
	"$LOG" && pass x1-x3-named || fail x1-x3-named "(log: $LOG)"
boot_at x1-x3-zero $KADDR -M virt -cpu max -m 1G
check_boot x1-x3-zero $KADDR 1
grep -q 'x1-x3 nonzero' "$LOG" && fail x1-x3-zero-quiet "warned with x1-x3 = 0 (log: $LOG)" ||
	pass x1-x3-zero-quiet

# --- secondaries started early: a loader releases every CPU at the entry ---
# The shim starts MPIDR 1..3 at the Image with PSCI CPU_ON before it enters
# the Image on CPU 0.  Only CPU 0 (boot_cpuid_phys) goes on; the others
# park, so the kernel's own CPU_ON finds them ON.
for el in 1 2; do
	machine=virt conduit=1
	[ $el = 2 ] && machine=virt,virtualization=on conduit=2
	shim_set strays 3
	shim_set strays_conduit $conduit
	boot_at "early-secondaries-el$el" $KADDR -M $machine -cpu max -smp 4 -m 1G
	check_boot "early-secondaries-el$el" $KADDR $el
	if [ "$(lines '^relok: boot el=')" -eq 1 ] &&
	   [ "$(lines '^relok: cpu [123] failed psci=ALREADY_ON ')" -eq 3 ] &&
	   grep -qx 'relok: smp online=1 of=4' "$LOG"; then
		pass "early-secondaries-el$el-parked"
	else
		fail "early-secondaries-el$el-parked" "$(lines '^relok: boot el=') boot lines; $(grep '^relok: cpu\|smp online' "$LOG" | xargs) (log: $LOG)"
	fi
done

# A header that names a CPU that never comes (boot_cpuid_phys = 5 on one
# CPU): the CPU there waits, takes over, says so and boots.
dump_dtb "$work/plain.dtb" virt -cpu max -m 1G
cp "$work/plain.dtb" "$work/stale.dtb"
printf '\x00\x00\x00\x05' | dd of="$work/stale.dtb" bs=1 seek=28 conv=notrunc status=none
shim_dtb "$work/stale.dtb" $DTB_ADDR
boot_at stale-boot-cpuid $KADDR -M virt -cpu max -m 1G
check_boot stale-boot-cpuid $KADDR 1
grep -q "^relok: warning: the DTB header's boot_cpuid_phys does not name this CPU (mpidr 0x0)" \
	"$LOG" && pass stale-boot-cpuid-named || fail stale-boot-cpuid-named "(log: $LOG)"

# --- PSCI conduits that cannot work: detected, named, never called ---
# smc at EL1 with no EL3: undefined, caught through the exception table.
dump_dtb "$work/smp2.dtb" virt -cpu max -smp 2 -m 1G
cp "$work/smp2.dtb" "$work/smc.dtb"
fdtput -t s "$work/smc.dtb" /psci method smc
shim_dtb "$work/smc.dtb" $DTB_ADDR
boot_until "$HALTED"
boot_at smc-at-el1 $KADDR -M virt -cpu max -smp 2 -m 1G
expect_halted smc-at-el1 '' 'no power-off: psci smc unusable: smc is an undefined instruction'
grep -qx 'relok: psci: smc unusable: smc is an undefined instruction here (no EL3 firmware)' \
	"$LOG" && grep -qx 'relok: ready' "$LOG" &&
	grep -qx 'relok: cpu 1 not started mpidr=0x1 reason=psci-unusable' "$LOG" &&
	pass smc-at-el1-named || fail smc-at-el1-named "(log: $LOG)"

# hvc after an EL2 entry would reach relok's own EL2: refused, not called.
dump_dtb "$work/el2.dtb" virt,virtualization=on -cpu max -smp 2 -m 1G
cp "$work/el2.dtb" "$work/hvc.dtb"
fdtput -t s "$work/hvc.dtb" /psci method hvc
shim_dtb "$work/hvc.dtb" $DTB_ADDR
boot_until "$HALTED"
boot_at hvc-after-el2 $KADDR -M virt,virtualization=on -cpu max -smp 2 -m 1G
expect_halted hvc-after-el2 '' 'no power-off: psci hvc unusable: entered at EL2'
grep -qx "relok: psci: hvc unusable: entered at EL2, so hvc would trap to relok's own EL2, not to firmware" \
	"$LOG" && grep -qx 'relok: ready' "$LOG" && pass hvc-after-el2-named ||
	fail hvc-after-el2-named "(log: $LOG)"

# The same conduit when the boot fails before the MMU is on (a DTB without
# /memory): the early panic path knows the rule too.
cp "$work/hvc.dtb" "$work/hvc-nomem.dtb"
for n in $(fdtget -l "$work/hvc-nomem.dtb" / | grep '^memory'); do
	fdtput -r "$work/hvc-nomem.dtb" "/$n"
done
shim_dtb "$work/hvc-nomem.dtb" $DTB_ADDR
boot_until "$HALTED"
boot_at hvc-after-el2-early $KADDR -M virt,virtualization=on -cpu max -m 1G
expect_halted hvc-after-el2-early 'device tree /memory' 'no power-off: psci hvc unusable'

# No /psci at all: nothing to power off with; the boot itself goes on.
cp "$work/smp2.dtb" "$work/nopsci.dtb"
fdtput -r "$work/nopsci.dtb" /psci
shim_dtb "$work/nopsci.dtb" $DTB_ADDR
boot_until "$HALTED"
boot_at no-psci-node $KADDR -M virt -cpu max -smp 2 -m 1G
expect_halted no-psci-node '' 'no power-off: psci none unusable: the device tree has no /psci node'
grep -qx 'relok: ready' "$LOG" && pass no-psci-node-boots || fail no-psci-node-boots "(log: $LOG)"

summary
