#!/bin/bash
# SPDX-License-Identifier: MIT
#
# W^X and the crash report: selftest=crash-write-text must die with a
# data-abort permission fault on a write to kernel text, and
# selftest=crash-exec-data with an instruction-abort permission fault in
# data; each report must name the exception class, give ESR/FAR/ELR with
# ELR as symbol+offset/size (right under KASLR), the KASLR offset and the
# registers, then "relok: panic:" and power off.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dump_dtb "$work/v.dtb" virt -cpu max -m 1G
fdtput -t x "$work/v.dtb" /chosen kaslr-seed 1badb002 deadbeef

# crash_case NAME SELFTEST EC EC_NAME ACCESS: boot at two places, check the report.
crash_case() {
	local name=$1 test=$2 ec=$3 ecname=$4 access=$5 where addr why=
	for where in kernel $(hex $RAW_IMAGE_AT); do
		boot_at "$name-$where" "$where" -M virt -cpu cortex-a72 -m 1G -dtb "$work/v.dtb" \
			-append "selftest=$test"
		addr=$(sed -n "s/^relok: selftest $test: .* at \\(0x[0-9a-f]*\\)$/\\1/p" "$LOG")
		if [ "$QEMU_RC" -ne 0 ]; then
			why="qemu exit status $QEMU_RC (a hang or a crash of QEMU)"
		elif grep -qx 'relok: ready' "$LOG"; then
			why="the kernel carried on to ready"
		elif [ -z "$addr" ]; then
			why="the self-test did not announce its target"
		elif ! grep -q "^relok: crash: synchronous exception: $ecname (ec=$ec) esr=0x" "$LOG"; then
			why="no '$ecname (ec=$ec)' report line"
		elif ! grep -q "^relok: crash: permission fault, level 3, $access at far=$addr\$" "$LOG"; then
			why="no permission fault on $access at far=$addr: $(grep -m1 'fault' "$LOG")"
		elif ! grep -q '^relok: crash: kaslr offset=0x[0-9a-f]* virt=0x' "$LOG" ||
		     ! grep -q '^relok: kaslr enabled' "$LOG"; then
			why="no KASLR line in the report (or KASLR not on)"
		elif [ "$(grep -c '^relok: crash: x[0-9]*=0x' "$LOG")" -lt 7 ]; then
			why="registers missing"
		elif ! grep -q "^relok: panic: $ecname" "$LOG"; then
			why="no panic line"
		fi
		if [ -z "$why" ] && [ "$test" = crash-write-text ]; then
			grep -q '^relok: crash: elr=0x[0-9a-f]* crash_write_text+0x[0-9a-f]*/0x[0-9a-f]*$' "$LOG" ||
				why="elr not symbolized as crash_write_text+off/size"
		fi
		if [ -z "$why" ] && [ "$test" = crash-exec-data ]; then
			# The faulting pc is the data itself; lr points back into the caller.
			grep -q "^relok: crash: elr=$addr ?\$" "$LOG" || why="elr is not the data address"
			grep -q '^relok: crash: lr=0x[0-9a-f]* crash_exec_data+0x[0-9a-f]*/0x[0-9a-f]*$' "$LOG" ||
				why="lr not symbolized as crash_exec_data+off/size"
		fi
		[ -z "$why" ] && pass "$name-$where" || fail "$name-$where" "$why (log: $LOG)"
	done
}

crash_case write-text crash-write-text 0x25 "Data Abort (current EL)" write
crash_case exec-data crash-exec-data 0x21 "Instruction Abort (current EL)" "instruction fetch"

summary
