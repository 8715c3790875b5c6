# SPDX-License-Identifier: MIT
#
# Boot-test helpers, sourced by tests/boot/*.sh.  Every QEMU run has a
# timeout; every check prints "ok <tc>: <name>" or "FAIL <tc>: <name>: <why>"
# (or "skip <tc>: <name>: <why>" when it cannot run here) and the suite ends
# with "N passed, N failed" (tests/lib/check.sh; tests/run sums them).
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
# Where the raw-loading suites put the Image and the DTB by default: 2 MiB
# aligned, clear of the shim, of QEMU's own DTB and of each other.
RAW_IMAGE_AT=$((0x50000000))
RAW_DTB_AT=$((0x4a000000))

# pass, fail, verdict, skip, summary: "ok   $TOOLCHAIN: NAME" and so on.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

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

# strip_ansi LOG: EDK2 draws with ANSI escapes; make lines greppable.
strip_ansi() {
	sed -i 's/\x1b\[[0-9;?=]*[A-Za-z]//g' "$1"
}

# run_qemu_until LOG PATTERN [qemu args...]: like run_qemu, but firmware
# that fails may wait for a key forever: stop QEMU as soon as the output
# matches PATTERN (a fixed string), or at QEMU_TIMEOUT.  Sets QEMU_RC
# (0: exited by itself, 124: stopped at the pattern or timed out) and
# MATCHED (1 if PATTERN appeared).
POLL_INTERVAL=0.2
run_qemu_until() {
	local log=$1 pattern=$2 pid waited=0 limit
	shift 2
	limit=$((QEMU_TIMEOUT * 5))		# polls per second: 1 / POLL_INTERVAL
	MATCHED=0
	: >"$log"
	qemu-system-aarch64 -nographic -no-reboot -nic none -monitor none -serial stdio "$@" \
		</dev/null >"$log" 2>&1 &
	pid=$!
	QEMU_RC=124
	while [ $waited -lt $limit ]; do
		if grep -qF -- "$pattern" "$log"; then
			MATCHED=1
			break
		fi
		if ! kill -0 $pid 2>/dev/null; then
			wait $pid
			QEMU_RC=$?
			break
		fi
		sleep $POLL_INTERVAL
		waited=$((waited + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
	fi
	grep -qF -- "$pattern" "$log" && MATCHED=1
	tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
	strip_ansi "$log"
}

# shim_set WORD VALUE: fill a shim mailbox word for the next boot_at (see
# tests/boot/shim.S): dtb, x1, x2, x3, strays (start MPIDR 1..n at the
# Image first, as a loader releasing every CPU would), strays_conduit
# (1 hvc, 2 smc), flags (1: at EL3, enter at Secure EL1).
SHIM_EXTRA=()
shim_set() {
	local off
	case $1 in
	dtb) off=8 ;; x1) off=16 ;; x2) off=24 ;; x3) off=32 ;;
	strays) off=40 ;; strays_conduit) off=48 ;; flags) off=56 ;;
	*) echo "shim_set: unknown word $1" >&2; return 1 ;;
	esac
	SHIM_EXTRA+=(-device "loader,addr=$(hex $((SHIM_MAILBOX + off))),data=$(hex "$2"),data-len=8")
}

# shim_dtb FILE ADDR: the next boot_at loads FILE raw at ADDR (QEMU neither
# parses nor patches it) and enters the Image with x0 = ADDR.
shim_dtb() {
	shim_set dtb "$2"
	SHIM_EXTRA+=(-device "loader,file=$1,addr=$(hex "$2"),force-raw=on")
}

# shim_raw_cpus N: the next boot_at loads the shim raw instead of with
# -kernel and starts CPUs 0..N-1 at it at once, at their reset EL (EL3
# under -M virt,secure=on), with x0 = 0: no QEMU boot protocol at all.
SHIM_RAW_CPUS=0
shim_raw_cpus() {
	SHIM_RAW_CPUS=$1
}

# boot_until PATTERN: the next boot_at stops QEMU as soon as its output
# has PATTERN (run_qemu_until), for outcomes where the kernel cannot
# power off ("relok: halted: ...") and QEMU would run until its timeout.
BOOT_UNTIL=
boot_until() {
	BOOT_UNTIL=$1
}

# Run QEMU for boot_at: to exit or timeout, or until BOOT_UNTIL.
boot_qemu() {
	if [ -n "$BOOT_UNTIL" ]; then
		run_qemu_until "$LOG" "$BOOT_UNTIL" "$@"
	else
		run_qemu "$LOG" "$@"
	fi
}

# boot_at NAME ADDR [qemu args...]: boot the Image placed at ADDR through
# the shim (ADDR = "kernel" boots with -kernel instead).  Uses and clears
# what shim_set, shim_raw_cpus and boot_until asked for.
boot_at() {
	local name=$1 addr=$2 start=() i
	shift 2
	LOG=$RELOK_LOGS/$TOOLCHAIN-$name.log
	if [ "$addr" = kernel ]; then
		boot_qemu -kernel "$IMAGE" "$@"
	else
		if [ "$SHIM_RAW_CPUS" -gt 0 ]; then
			start=(-device "loader,file=$SHIM,addr=$(hex $SHIM_BASE),force-raw=on")
			for ((i = 0; i < SHIM_RAW_CPUS; i++)); do
				start+=(-device "loader,addr=$(hex $SHIM_BASE),cpu-num=$i")
			done
		else
			start=(-kernel "$SHIM")
		fi
		boot_qemu "${start[@]}" \
			-device "loader,file=$IMAGE,addr=$(hex "$addr"),force-raw=on" \
			-device "loader,addr=$(hex $SHIM_MAILBOX),data=$(hex "$addr"),data-len=8" \
			"${SHIM_EXTRA[@]}" "$@"
	fi
	SHIM_EXTRA=()
	SHIM_RAW_CPUS=0
	BOOT_UNTIL=
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
	verdict "$name" "$why"
}
