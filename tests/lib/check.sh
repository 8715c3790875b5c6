# SPDX-License-Identifier: MIT
#
# The suites' one pass/fail library, sourced by tests/boot/lib.sh and by
# the host-tool suites (tests/relocs_check, tests/extable, tests/linux,
# tests/lab).  Every check prints one line, which tests/run shows and sums:
#
#	ok   TC: NAME
#	FAIL TC: NAME: WHY
#	skip TC: NAME: WHY	(cannot run here: neither passed nor failed)
#
# where "TC: " is "$TOOLCHAIN: " for a boot suite (gnu, llvm) and absent
# when TOOLCHAIN is unset; a suite ends with summary's "N passed, N failed".
# WORK, if the suite sets it, is its scratch directory: expect leaves the
# command's output in $WORK/out and $WORK/err, and fail shows $WORK/err.

passed=0
failed=0

pass() { echo "ok   ${TOOLCHAIN:+$TOOLCHAIN: }$1"; passed=$((passed + 1)); }

fail() {
	echo "FAIL ${TOOLCHAIN:+$TOOLCHAIN: }$1: $2"
	if [ -n "${WORK:-}" ] && [ -s "$WORK/err" ]; then
		sed 's/^/    /' "$WORK/err"
	fi
	failed=$((failed + 1))
}

# verdict NAME WHY: pass NAME if WHY is empty, else fail it with WHY and,
# when a boot set LOG, the log's name.
verdict() {
	if [ -n "$2" ]; then fail "$1" "$2${LOG:+ (log: $LOG)}"; else pass "$1"; fi
}

skip() { echo "skip ${TOOLCHAIN:+$TOOLCHAIN: }$1: $2"; }

# The suite's last line, and its exit status: 0 when nothing failed.
summary() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# expect NAME WANT_EXIT PATTERN COMMAND...: run COMMAND, require its exit
# status and (if PATTERN is not empty) PATTERN in its stderr.
expect() {
	local name=$1 want=$2 pattern=$3 got
	shift 3
	"$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit status $got, want $want"
	elif [ -n "$pattern" ] && ! grep -q -e "$pattern" "$WORK/err"; then
		fail "$name" "message does not mention '$pattern'"
	else
		pass "$name"
	fi
}
