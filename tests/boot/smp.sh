#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Secondary CPUs (issue 13): every /cpus CPU with enable-method "psci"
# comes up through PSCI CPU_ON into the relocated, KASLR-mapped kernel and
# passes its own self-tests; the report lines are exact; nosmp, maxcpus=,
# a DT CPU the machine lacks, bad /cpus nodes and a secondary that never
# reports in are each named and the boot goes on.
#
# The test matrix is a covering subset of {-smp 2, 4, 8} x {EL1, EL2} x
# {seed A, seed B, nokaslr, QEMU's fresh seed} x {direct, U-Boot, UEFI}
# (x GCC/LLVM: tests/run runs this suite for both): every -smp value and
# every EL appears with every boot path, each seed at least once, instead
# of all 72 boots.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"

work=$(fw_work smp)
initrd=$work/initrd.cpio
tiny_initrd "$initrd"
DISK_MIB=8
SEED_A="0x1234abcd 0x5678ef01"
SEED_B="0x0badf00d 0xcafe1234"
QEMU_PHYS=$((0x40200000))	# where -kernel puts a text_offset-0 Image

# smp_dtb OUT MACHINE SMP [SEED]: QEMU's DTB for that machine and -smp, with
# /chosen/kaslr-seed set to SEED ("hi lo") if given.
smp_dtb() {
	local out=$1 machine=$2 smp=$3 seed=${4:-}
	dump_dtb "$out" "$machine" -cpu max -smp "$smp" -m 1G || return 1
	# shellcheck disable=SC2086
	[ -z "$seed" ] || fdtput -t x "$out" /chosen kaslr-seed $seed
}

# count PATTERN: lines of $LOG matching the extended regex.
count() {
	grep -cE "$1" "$LOG"
}

# check_smp NAME ONLINE OF [EL [MPIDR]]: the SMP report of the boot in $LOG.
#   ONLINE "cpu <n> online" lines with distinct n, cpu 0 among them, each
#   with el=EL when given and (MPIDR = "n", the default) mpidr=<n>, QEMU
#   virt's MPIDR of CPU n when /cpus is in order; "smp online=ONLINE
#   of=OF"; every secondary passed its three self-tests, and the smp-park
#   self-test parked them all.
check_smp() {
	local name=$1 k=$2 m=$3 el=${4:-[12]} mpidr=${5:-n} why= n mp lines
	lines=$(grep -E '^relok: cpu [0-9]+ online ' "$LOG")
	if ! grep -qx "relok: smp online=$k of=$m" "$LOG"; then
		why="no 'relok: smp online=$k of=$m': $(grep -m1 '^relok: smp online' "$LOG")"
	elif [ "$(printf '%s\n' "$lines" | grep -c .)" -ne "$k" ]; then
		why="$(printf '%s\n' "$lines" | grep -c .) 'cpu <n> online' lines, expected $k"
	elif [ "$(printf '%s\n' "$lines" | awk '{ print $3 }' | sort -u | wc -l)" -ne "$k" ] ||
	     ! printf '%s\n' "$lines" | grep -q '^relok: cpu 0 online '; then
		why="cpu numbers repeat or cpu 0 is missing: $(printf '%s\n' "$lines" | awk '{ print $3 }' | xargs)"
	elif grep -q '^relok: crash:' "$LOG"; then
		why="$(grep -m1 '^relok: crash:' "$LOG")"
	fi
	for n in $(printf '%s\n' "$lines" | awk '{ print $3 }'); do
		[ -n "$why" ] && break
		mp='0x[0-9a-f]+'
		[ "$mpidr" = n ] && mp=$(hex "$n")
		if ! grep -qE "^relok: cpu $n online mpidr=$mp el=$el$" "$LOG"; then
			why="cpu $n: '$(grep -E "^relok: cpu $n online" "$LOG")'"
		elif [ "$n" -gt 0 ] && [ "$(count "^relok: selftest cpu$n-(relocs|sysregs|text-write) ok$")" -ne 3 ]; then
			why="cpu $n: $(grep -m1 "^relok: selftest cpu$n-.* FAIL" "$LOG" || echo 'missing self-test lines')"
		fi
	done
	if [ -z "$why" ] && [ "$k" -gt 1 ]; then
		if ! grep -qx 'relok: selftest smp-park ok' "$LOG"; then
			why="$(grep -m1 '^relok: selftest smp-park' "$LOG" || echo 'no smp-park self-test')"
		elif ! grep -qx "relok: smp parked=$((k - 1)) of=$((k - 1))" "$LOG"; then
			why="$(grep -m1 '^relok: smp parked' "$LOG" || echo 'no parked line')"
		fi
	fi
	verdict "$name-smp" "$why"
}

# --- direct boots (-kernel), both ELs, all three -smp values ---
smp_dtb "$work/a2.dtb" virt 2 "$SEED_A"
boot_at direct-smp2-el1-seed-a kernel -M virt -cpu max -smp 2 -m 1G -dtb "$work/a2.dtb"
check_boot direct-smp2-el1-seed-a $QEMU_PHYS 1
check_smp direct-smp2-el1-seed-a 2 2 1
off_a=$(report kaslr offset)

smp_dtb "$work/b4.dtb" virt,virtualization=on 4 "$SEED_B"
boot_at direct-smp4-el2-seed-b kernel -M virt,virtualization=on -cpu max -smp 4 -m 1G \
	-dtb "$work/b4.dtb"
check_boot direct-smp4-el2-seed-b $QEMU_PHYS 2
check_smp direct-smp4-el2-seed-b 4 4 2
off_b=$(report kaslr offset)
if [ -n "$off_a" ] && [ -n "$off_b" ] && [ "$off_a" != "$off_b" ] &&
   grep -q '^relok: kaslr enabled ' "$LOG"; then
	pass seeds-give-different-offsets
else
	fail seeds-give-different-offsets "seed A offset=$off_a, seed B offset=$off_b"
fi

boot_at direct-smp8-el1-nokaslr kernel -M virt -cpu max -smp 8 -m 1G -append nokaslr
check_boot direct-smp8-el1-nokaslr $QEMU_PHYS 1
check_smp direct-smp8-el1-nokaslr 8 8 1

boot_at direct-smp8-el2-qemu-seed kernel -M virt,virtualization=on -cpu max -smp 8 -m 1G
check_boot direct-smp8-el2-qemu-seed $QEMU_PHYS 2
check_smp direct-smp8-el2-qemu-seed 8 8 2

# --- U-Boot (booti) and UEFI (EDK2, and U-Boot's own UEFI is in uboot.sh) ---
addr=$((0x40400000))
uboot_boot smp4-el2 2 $addr inplace qemu 1G -smp 4
check_boot uboot-smp4-el2 $addr 2
check_smp uboot-smp4-el2 4 4 2
uboot_boot smp2-el1 1 $addr load "$SEED_A" 1G -smp 2
check_boot uboot-smp2-el1 $addr 1
check_smp uboot-smp2-el1 2 2 1

QEMU_TIMEOUT=${UEFI_TIMEOUT:-60}
esp=$work/esp.img
efi_esp "$esp" "$IMAGE"
uefi_boot smp8-el1 -M virt,acpi=off -smp 8 -drive "if=virtio,format=raw,file=$esp" \
	-device virtio-rng-pci
check_efi_boot uefi-smp8-el1 1 yes
check_smp uefi-smp8-el1 8 8 1
uefi_boot smp2-el2 -M virt,acpi=off,virtualization=on -smp 2 \
	-drive "if=virtio,format=raw,file=$esp"
check_efi_boot uefi-smp2-el2 2 no
check_smp uefi-smp2-el2 2 2 2
QEMU_TIMEOUT=20

# --- boot arguments ---
boot_at maxcpus2-of-4 kernel -M virt -cpu max -smp 4 -m 1G -append maxcpus=2
check_boot maxcpus2-of-4 $QEMU_PHYS 1
check_smp maxcpus2-of-4 2 4 1
if [ "$(count '^relok: cpu [23] not started mpidr=0x[23] reason=maxcpus$')" -eq 2 ]; then
	pass maxcpus2-names-the-rest
else
	fail maxcpus2-names-the-rest "cpus 2, 3 not reported as left off by maxcpus (log: $LOG)"
fi

boot_at nosmp kernel -M virt,virtualization=on -cpu max -smp 4 -m 1G -append nosmp
check_boot nosmp $QEMU_PHYS 2
check_smp nosmp 1 4 2
[ "$(count '^relok: cpu [123] not started .*reason=nosmp$')" -eq 3 ] && pass nosmp-names-the-rest ||
	fail nosmp-names-the-rest "(log: $LOG)"

boot_at maxcpus-junk kernel -M virt -cpu max -smp 2 -m 1G -append maxcpus=two
check_smp maxcpus-junk 2 2 1
grep -q '^relok: warning: maxcpus=two is not a CPU count: ignored$' "$LOG" &&
	pass maxcpus-junk-warns || fail maxcpus-junk-warns "(log: $LOG)"

# --- device trees the machine does not match ---
# A CPU node for a CPU the machine lacks: CPU_ON fails by name, the boot
# goes on.  (fdtput -c makes it /cpus' first child: logical CPU 1.)
smp_dtb "$work/extra.dtb" virt 2
fdtput -c "$work/extra.dtb" /cpus/cpu@2
fdtput -t s "$work/extra.dtb" /cpus/cpu@2 device_type cpu
fdtput -t s "$work/extra.dtb" /cpus/cpu@2 enable-method psci
fdtput -t x "$work/extra.dtb" /cpus/cpu@2 reg 2
boot_at extra-cpu-node kernel -M virt -cpu max -smp 2 -m 1G -dtb "$work/extra.dtb"
check_boot extra-cpu-node $QEMU_PHYS 1
check_smp extra-cpu-node 2 3 1 any
grep -qx 'relok: cpu 1 failed psci=INVALID_PARAMETERS mpidr=0x2' "$LOG" &&
	grep -qx 'relok: cpu 2 online mpidr=0x1 el=1' "$LOG" &&
	pass extra-cpu-node-named || fail extra-cpu-node-named "$(grep '^relok: cpu [12]' "$LOG" | xargs)"

# Bad /cpus nodes on -smp 5: cpu@1 without reg, cpu@2 spin-table, cpu@4
# with cpu@3's reg.  Logical CPU 1 is cpu@2 (left alone), 2 is cpu@3.
smp_dtb "$work/bad.dtb" virt 5
fdtput -d "$work/bad.dtb" /cpus/cpu@1 reg
fdtput -t s "$work/bad.dtb" /cpus/cpu@2 enable-method spin-table
fdtput -t x "$work/bad.dtb" /cpus/cpu@4 reg 3
boot_at bad-cpu-nodes kernel -M virt -cpu max -smp 5 -m 1G -dtb "$work/bad.dtb"
check_boot bad-cpu-nodes $QEMU_PHYS 1
check_smp bad-cpu-nodes 2 3 1 any
why=
grep -qx 'relok: smp: /cpus/cpu@1 skipped: no reg' "$LOG" || why="no-reg node not named"
grep -qx "relok: smp: /cpus/cpu@4 skipped: reg duplicates an earlier CPU's" "$LOG" ||
	why="$why; duplicate not named"
grep -qx 'relok: cpu 1 not started mpidr=0x2 reason=enable-method-spin-table-not-supported' \
	"$LOG" || why="$why; spin-table not named"
grep -qx 'relok: cpu 2 online mpidr=0x3 el=1' "$LOG" || why="$why; cpu@3 not online as cpu 2"
grep -qx 'relok: smp online=2 of=3' "$LOG" || why="$why; $(grep -m1 'smp online' "$LOG")"
[ -z "$why" ] && pass bad-cpu-nodes-named || fail bad-cpu-nodes-named "${why#; } (log: $LOG)"

# A secondary that never reports in (selftest=smp-timeout stalls CPU 1):
# the boot CPU gives up after its bounded wait, says so and goes on.
boot_at secondary-timeout kernel -M virt -cpu max -smp 3 -m 1G -append selftest=smp-timeout
check_boot secondary-timeout $QEMU_PHYS 1
if grep -qE '^relok: cpu 1 failed reason=timeout after=[0-9]+ms mpidr=0x1$' "$LOG" &&
   grep -qx 'relok: cpu 2 online mpidr=0x2 el=1' "$LOG" &&
   grep -qx 'relok: smp online=2 of=3' "$LOG" && grep -qx 'relok: smp parked=1 of=1' "$LOG"; then
	pass secondary-timeout-named
else
	fail secondary-timeout-named "(log: $LOG)"
fi

summary
