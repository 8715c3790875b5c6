# SPDX-License-Identifier: MIT
#
# Boot-test helpers, sourced by tests/boot/*.sh.  Every QEMU run has a
# timeout; every check prints "ok <name>" or "FAIL <name>: <why>" (or "skip
# <name>: <why>" when it cannot run here) and the suite ends with "N passed,
# N failed" (tests/run sums them).
#
# Environment: RELOK_BUILD = a build directory made with "make test-prep"
# (vmlinux, Image, shim, relocs_check); RELOK_LOGS = where QEMU output goes.

: "${RELOK_BUILD:?RELOK_BUILD must name a build directory}"
: "${RELOK_LOGS:=${TMPDIR:-/tmp}/relok-logs}"
mkdir -p "$RELOK_LOGS"

IMAGE=$RELOK_BUILD/arch/arm64/boot/Image
VMLINUX=$RELOK_BUILD/vmlinux
SHIM=$RELOK_BUILD/tests/boot/shim.bin
RELOCS_CHECK=$RELOK_BUILD/scripts/relocs_check
KASLR_REPORT=$RELOK_BUILD/scripts/kaslr_report
QEMU_TIMEOUT=${QEMU_TIMEOUT:-20}
TOOLCHAIN=${TOOLCHAIN:-$(basename "$RELOK_BUILD")}

RAM_BASE=$((0x40000000))
SHIM_BASE=$((0x47e00000))	# RAM base + the shim's text_offset
SHIM_MAILBOX=$((SHIM_BASE + 0x1000))

passed=0
failed=0

pass() { echo "ok   $TOOLCHAIN: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $TOOLCHAIN: $1: $2"; failed=$((failed + 1)); }
# verdict NAME WHY: pass NAME if WHY is empty, else fail it with WHY and
# the log's name.
verdict() {
	if [ -n "$2" ]; then fail "$1" "$2 (log: $LOG)"; else pass "$1"; fi
}
# skip NAME WHY: a check that cannot run here, said so (tests/run shows it;
# it counts as neither passed nor failed).
skip() { echo "skip $TOOLCHAIN: $1: $2"; }
summary() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

hex() { printf '0x%x' "$1"; }

# Image header field image_size (offset 16, little-endian u64).
image_size() {
	od -An -t u8 -j 16 -N 8 "$IMAGE" | tr -d ' '
}

# Number of relocations the boot pass must apply, per relocs_check.
expected_relocs() {
	"$RELOCS_CHECK" --stats "$VMLINUX" | awk '$1 == "total" { print $2 }'
}

# set_seed FILE HEX64: /chosen/kaslr-seed as two big-endian cells.
set_seed() {
	fdtput -t x "$1" /chosen kaslr-seed "$(printf '%x' $(($2 >> 32 & 0xffffffff)))" \
		"$(printf '%x' $(($2 & 0xffffffff)))"
}

# expected_virt SEED PHYS: the virtual base the kernel's own placement
# function (scripts/kaslr_report) gives the Image for SEED at PHYS.
expected_virt() {
	"$KASLR_REPORT" --seed "$1" --phys "$2" --image-size "$(image_size)" |
		awk '$1 == "virt" { print $2 }'
}

# dump_dtb FILE MACHINE [qemu args...]: the DTB QEMU builds for -M MACHINE
# (e.g. "virt" or "virt,virtualization=on") and the other arguments.
dump_dtb() {
	local file=$1 machine=$2
	shift 2
	timeout 20 qemu-system-aarch64 -M "$machine,dumpdtb=$file" "$@" -nographic -nic none \
		>/dev/null 2>&1
}

# run_qemu LOG [qemu args...]: run with a timeout; sets QEMU_RC.
run_qemu() {
	local log=$1
	shift
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-aarch64 -nographic -no-reboot -nic none \
		-monitor none -serial stdio "$@" </dev/null >"$log" 2>&1
	QEMU_RC=$?
	tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
}

# boot_at NAME ADDR [qemu args...]: boot the Image placed at ADDR through
# the shim (ADDR = "kernel" boots with -kernel instead).
boot_at() {
	local name=$1 addr=$2
	shift 2
	LOG=$RELOK_LOGS/$TOOLCHAIN-$name.log
	if [ "$addr" = kernel ]; then
		run_qemu "$LOG" -kernel "$IMAGE" "$@"
	else
		run_qemu "$LOG" -kernel "$SHIM" \
			-device "loader,file=$IMAGE,addr=$(hex "$addr"),force-raw=on" \
			-device "loader,addr=$(hex $SHIM_MAILBOX),data=$(hex "$addr"),data-len=8" "$@"
	fi
}

# report KEY: the value of KEY=... on the boot report line that starts with
# "relok: <line>" (e.g. report boot phys).
report() {
	sed -n "s/^relok: $1 .*\\b$2=\\([^ ]*\\).*/\\1/p" "$LOG" | head -n1
}

# check_boot NAME EXPECT_PHYS EXPECT_EL: the standard checks of a good boot.
check_boot() {
	local name=$1 phys=$2 el=$3 why=
	local want_relocs got
	want_relocs=$(expected_relocs)

	if [ "$QEMU_RC" -eq 124 ] || [ "$QEMU_RC" -eq 137 ]; then
		why="timed out after ${QEMU_TIMEOUT}s"
	elif [ "$QEMU_RC" -ne 0 ]; then
		why="qemu exit status $QEMU_RC"
	elif grep -q '^relok: panic:' "$LOG"; then
		why="$(grep -m1 '^relok: panic:' "$LOG")"
	elif ! grep -qx 'relok: ready' "$LOG"; then
		why="no 'relok: ready'"
	elif [ "$(report boot phys)" != "$(hex "$phys")" ]; then
		why="phys=$(report boot phys), expected $(hex "$phys")"
	elif [ "$(report boot el)" != "$el" ]; then
		why="el=$(report boot el), expected $el"
	elif got=$(report relocs applied) && [ "$got" != "$want_relocs" ]; then
		why="relocs applied=$got, relocs_check counts $want_relocs"
	elif grep -q '^relok: selftest .* FAIL' "$LOG"; then
		why="$(grep -m1 '^relok: selftest .* FAIL' "$LOG")"
	elif [ "$(grep -c '^relok: selftest .* ok$' "$LOG")" -lt 4 ]; then
		why="expected at least 4 passing self-tests"
	fi
	if [ -n "$why" ]; then
		fail "$name" "$why (log: $LOG)"
	else
		pass "$name"
	fi
}
