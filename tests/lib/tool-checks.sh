# SPDX-License-Identifier: MIT
#
# Checks for the host-tool suites (tests/relocs_check, tests/extable):
# pass/fail counting and "run a command, require its exit status and a
# message on stderr".  The caller sets WORK (a scratch directory).

passed=0
failed=0

pass() { echo "ok   $1"; passed=$((passed + 1)); }

fail() {
	echo "FAIL $1: $2"
	if [ -s "$WORK/err" ]; then
		sed 's/^/    /' "$WORK/err"
	fi
	failed=$((failed + 1))
}

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
