#!/bin/bash
# SPDX-License-Identifier: MIT
#
# gdb under KASLR (README "Debugging"): scripts/boot-qemu --gdb-batch
# --break FUNC attaches gdb-multiarch with scripts/gdb/relok.py to QEMU's
# gdb server, stops at FUNC with a backtrace and lets the boot run to its
# power-off.  Every boot takes QEMU's own kaslr-seed, fresh each time, so
# the script cannot know the offset in advance: the offset it finds must be
# the one the kernel then reports, two boots must land apart, and the stop
# must be inside the image at the address vmlinux gives the function.
set -u
. "$(dirname "$0")/lib.sh"

srctree=$(cd "$(dirname "$0")/../.." && pwd)
BOOT_QEMU=$srctree/scripts/boot-qemu
GDB_TIMEOUT=${GDB_TIMEOUT:-60}

# gdb_boot NAME [boot-qemu options]: run boot-qemu --gdb-batch on the
# test build's Image; sets LOG and RC.
gdb_boot() {
	local name=$1
	shift
	LOG=$RELOK_LOGS/$TOOLCHAIN-gdb-$name.log
	timeout --kill-after=5 $((GDB_TIMEOUT + 10)) "$BOOT_QEMU" --timeout "$GDB_TIMEOUT" \
		--gdb-batch "$@" "$IMAGE" </dev/null >"$LOG" 2>&1
	RC=$?
	tr -d '\r' <"$LOG" >"$LOG.txt" && mv "$LOG.txt" "$LOG"
}

# link_addr SYMBOL / link_size SYMBOL: its address in vmlinux as linked,
# and its size, in decimal.
link_addr() {
	local a
	a=$("$NM" "$VMLINUX" | awk -v s="$1" '$3 == s { print $1; exit }')
	[ -n "$a" ] && echo $((0x$a))
}
link_size() {
	local a
	a=$("$NM" -S "$VMLINUX" | awk -v s="$1" '$4 == s { print $2; exit }')
	[ -n "$a" ] && echo $((0x$a))
}
NM=aarch64-linux-gnu-nm
[ "$TOOLCHAIN" = llvm ] && NM=llvm-nm
head_link=$(link_addr _head)

# gdb_value KEY: KEY=... from the script's "relok-gdb: ..." lines.
gdb_value() {
	sed -n "s/^relok-gdb: .*\\b$1=\\(0x[0-9a-f]*\\).*/\\1/p" "$LOG" | head -n1
}

# check_stop NAME FUNC DWARF-NAME FILE FRAME1 BASE: stopped in FUNC (its
# DWARF name; FILE, a regex, is where its first line is: start_kernel's
# first statement is an inline function of a header) called from FRAME1,
# inside FUNC as vmlinux places it at BASE (gdb stops after the prologue,
# possibly in a function inlined into FUNC, which gdb shows as frames of
# their own before it), then the boot went on to "relok: ready" and
# power-off.
check_stop() {
	local name=$1 func=$2 dname=$3 file=$4 frame1=$5 base=$6 why= stop want size n
	stop=$(gdb_value pc)
	want=$((base + $(link_addr "$func") - head_link))
	size=$(link_size "$func")
	n=$(sed -nE "s#^\\#([0-9]+)  $dname \\(.*\\) at .*/($file):[0-9]+\$#\\1#p" "$LOG" | head -n1)
	if [ "$RC" -ne 0 ]; then
		why="boot-qemu exit status $RC"
	elif [ -z "$n" ] || grep -qE "^#([0-9]+)  0x[0-9a-f]+ in " <(sed -n "1,/^#$n  /p" "$LOG"); then
		why="no '#N  $dname (...) at .../$file:N' in the backtrace, below only inlined frames"
	elif ! grep -qE "^#$((n + 1))  0x[0-9a-f]+ in $frame1 \\(\\) at .*/head\\.S:[0-9]+\$" "$LOG"; then
		why="no '#$((n + 1)) ... in $frame1 () at head.S' after $dname in the backtrace"
	elif [ -z "$stop" ] || [ -z "$size" ] || [ $((stop)) -lt "$want" ] ||
	     [ $((stop)) -ge $((want + size)) ]; then
		why="stopped at pc=$stop, vmlinux puts $func at $(hex "$want") size ${size:-?}"
	elif ! grep -qx 'relok: ready' "$LOG"; then
		why="the boot did not go on to 'relok: ready' after gdb"
	elif [ "$(grep -n '^#0 ' "$LOG" | cut -d: -f1)" -gt "$(grep -n '^relok: ready' "$LOG" | cut -d: -f1)" ]; then
		why="the console output does not follow the backtrace"
	fi
	verdict "$name" "$why"
}

# A C function after the MMU is on, at the KASLR address: twice.
offsets=()
for i in 1 2; do
	gdb_boot "start-kernel-$i" --break start_kernel
	virt=$(report kaslr virt)
	check_stop "gdb-break-start-kernel-$i" start_kernel start_kernel \
		'init/main\.c|include/asm/boot_cost\.h' primary_switched \
		$((${virt:-0}))
	if [ -n "$virt" ] && [ "$(gdb_value kaslr-offset)" = "$(report kaslr offset)" ] &&
	   grep -q '^relok: kaslr enabled ' "$LOG" &&
	   grep -qE '^#0  start_kernel \(bi=0x[0-9a-f]+ <boot_info>\)' "$LOG"; then
		pass "gdb-kaslr-offset-found-$i"
	else
		fail "gdb-kaslr-offset-found-$i" "gdb: kaslr-offset=$(gdb_value kaslr-offset), kernel: $(grep -m1 '^relok: kaslr' "$LOG") (log: $LOG)"
	fi
	offsets+=("$(report kaslr offset)")
done
if [ -n "${offsets[0]}" ] && [ "${offsets[0]}" != "${offsets[1]}" ]; then
	pass gdb-random-seeds
else
	fail gdb-random-seeds "two boots, offsets ${offsets[*]}: not a fresh seed each"
fi

# Early C with the MMU off (entered at EL2): at the physical address.
gdb_boot early-boot-el2 --el2 --cpu cortex-a53 --break __pi_early_boot
check_stop gdb-break-early-boot-el2 __pi_early_boot early_boot 'arch/arm64/kernel/pi/early_boot\.c' \
	primary_entry $(($(report boot phys)))
if [ "$(gdb_value phys)" = "$(report boot phys)" ] && [ "$(report boot el)" = 2 ]; then
	pass gdb-phys-found
else
	fail gdb-phys-found "gdb: phys=$(gdb_value phys), kernel: phys=$(report boot phys) el=$(report boot el)"
fi

# A function vmlinux does not have: refused with the reason, no hang.
gdb_boot no-such-function --break relok_no_such_function
if [ "$RC" -ne 0 ] && grep -q 'cannot break at relok_no_such_function' "$LOG"; then
	pass gdb-bad-function
else
	fail gdb-bad-function "exit $RC, log: $LOG"
fi

summary
