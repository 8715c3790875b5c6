#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Run the fuzz targets (make fuzz; tests/fuzz/fuzz.mk builds them):
#   tests/fuzz/run.sh SRCTREE OBJTREE OBJ OUT
# Environment: FUZZ_SECONDS (per target), FUZZ_ONLY (target names; empty:
# all), FUZZ_HARNESSES and FUZZ_TOOLS (the lists fuzz.mk knows).
#
# For each target: fresh seeds (tests/fuzz/seeds.sh), the committed
# regression inputs (tests/fuzz/regress/<target>/) replayed, then fuzzing
# for FUZZ_SECONDS: a libFuzzer harness restarted after each crash until the
# time is up, a host tool through tests/fuzz/mutate_tools.py.  Then every
# device tree the fuzzers kept goes through the libfdt differential check.
# One line per target, "ok fuzz/<t>: execs=N crashes=0 ..." or "FAIL ...",
# then "N passed, N failed" (what tests/run counts).  A crash whose
# signature tests/fuzz/known-crashes.txt lists (in code another change is
# fixing) is reported as "known" and fails nothing; any other fails.
# The figures also go to OUT/summary.txt (OUT: where fuzz.mk built them).
set -u
srctree=$1 objtree=$2 OBJ=$3 fz=$4
WORK=$fz/work
SECONDS_EACH=${FUZZ_SECONDS:-60}
KNOWN=$srctree/tests/fuzz/known-crashes.txt
MUTATE="python3 $srctree/tests/fuzz/mutate_tools.py"
rm -rf "$WORK" "$fz/seeds"
mkdir -p "$WORK" "$fz/seeds" "$fz/corpus" "$fz/crashes"
. "$srctree/tests/fuzz/seeds.sh"
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 FUZZ_SRCTREE=$srctree

. "$srctree/tests/lib/check.sh"
unset TOOLCHAIN	# the lines say fuzz/<target>, not a toolchain
# Everything said from here on goes to the summary file too.
exec > >(tee "$fz/summary.txt") 2>&1
selected() { [ -z "${FUZZ_ONLY:-}" ] || [[ " $FUZZ_ONLY " == *" $1 "* ]]; }
# is_known TARGET SIGNATURE: listed in known-crashes.txt (patterns are globs).
is_known() {
	local t p
	while IFS=$'\t' read -r t p; do
		# shellcheck disable=SC2053 # p is a glob on purpose
		[ "$t" = "$1" ] && [[ $2 == $p ]] && return 0
	done < <(sed -e 's/[[:space:]]*#.*//' -e '/^$/d' "$KNOWN" 2>/dev/null)
	return 1
}

# judge TARGET EXECS SIGNATURES_FILE [EXTRA]: one result line for a target.
judge() {
	local t=$1 execs=$2 sigs=$3 extra=${4:-} sig new=0 known=0 what=
	while IFS= read -r sig; do
		[ -n "$sig" ] || continue
		if is_known "$t" "$sig"; then
			known=$((known + 1))
			echo "  known: $sig (tests/fuzz/known-crashes.txt)"
		else
			new=$((new + 1))
			echo "  crash: $sig"
		fi
	done < <(sort -u "$sigs")
	what="execs=$execs crashes=$new known=$known$extra"
	if [ "$new" -eq 0 ] && [ "$execs" -gt 0 ]; then
		pass "fuzz/$t: $what"
	else
		fail "fuzz/$t" "$what (inputs and reports in $fz/crashes/$t)"
	fi
}

# replay_harness TARGET: the committed regression inputs must not crash it.
replay_harness() {
	local t=$1 f
	for f in "$srctree/tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] || continue
		if ! "$fz/fuzz_$t" "$f" >"$WORK/replay.log" 2>&1; then
			$MUTATE signature "$WORK/replay.log" 1 >>"$WORK/$t.sigs"
			cp "$WORK/replay.log" "$fz/crashes/$t/regress-$(basename "$f").txt"
		fi
	done
}

# ---- libFuzzer harnesses
for t in ${FUZZ_HARNESSES:-}; do
	selected "$t" || continue
	bin=$fz/fuzz_$t
	mkdir -p "$fz/seeds/$t" "$fz/corpus/$t" "$fz/crashes/$t"
	: >"$WORK/$t.sigs"
	declare -F "seeds_$t" >/dev/null && "seeds_$t" "$fz/seeds/$t"
	replay_harness "$t"
	execs=0 start=$SECONDS
	while :; do
		left=$((SECONDS_EACH - (SECONDS - start)))
		[ "$left" -gt 0 ] || break
		"$bin" -max_total_time="$left" -timeout=5 -print_final_stats=1 \
			-artifact_prefix="$fz/crashes/$t/" "$fz/corpus/$t" "$fz/seeds/$t" \
			>"$WORK/$t.log" 2>&1
		rc=$?
		n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log" | tail -n1)
		[ -n "$n" ] || n=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$WORK/$t.log" | tail -n1)
		execs=$((execs + ${n:-0}))
		[ $rc -eq 0 ] && break
		$MUTATE signature "$WORK/$t.log" "$rc" >>"$WORK/$t.sigs"
		cp "$WORK/$t.log" "$fz/crashes/$t/report-$(date +%s%N).txt"
	done
	judge "$t" "$execs" "$WORK/$t.sigs" " corpus=$(find "$fz/corpus/$t" -type f | wc -l)"
done

# ---- Every device tree kept, through lib/fdt.c and libfdt side by side
if selected fdt_libfdt && [ -x "$fz/fuzz_fdt_libfdt" ]; then
	: >"$WORK/diff.sigs"
	mkdir -p "$fz/crashes/fdt-vs-libfdt"
	find "$fz/corpus/fdt" "$fz/corpus/fdt_libfdt" "$fz/seeds/fdt_libfdt" -type f \
		>"$WORK/diff.list" 2>/dev/null
	n=$(wc -l <"$WORK/diff.list")
	# Each file runs once; a disagreement aborts with its report.
	if ! xargs -a "$WORK/diff.list" -n 500 "$fz/fuzz_fdt_libfdt" >"$WORK/diff.log" 2>&1; then
		$MUTATE signature "$WORK/diff.log" 1 >>"$WORK/diff.sigs"
		cp "$WORK/diff.log" "$fz/crashes/fdt-vs-libfdt/corpus-replay.txt"
	fi
	judge fdt-vs-libfdt "$n" "$WORK/diff.sigs" " (every kept device tree, once)"
fi

# ---- Host tools, as programs
for tool in ${FUZZ_TOOLS:-}; do
	selected "$tool" || continue
	t=tool-$tool
	bin=$fz/tools/scripts/$tool
	mkdir -p "$fz/seeds/$t" "$fz/crashes/$t"
	: >"$WORK/$t.sigs"
	"seeds_$tool" "$fz/seeds/$t"
	# The committed regression inputs first: each must not crash.
	set -- "$srctree/tests/fuzz/regress/$t"/*
	[ -f "$1" ] && $MUTATE replay "$tool" "$bin" "$@" >"$WORK/$t.out"
	$MUTATE fuzz "$tool" "$bin" "$fz/seeds/$t" "$fz/crashes/$t" "$SECONDS_EACH" >>"$WORK/$t.out"
	execs=$(sed -n "s/^$tool execs=\([0-9]*\).*/\1/p" "$WORK/$t.out")
	sed -n "s/^crash $tool [^ ]* //p" "$WORK/$t.out" >>"$WORK/$t.sigs"
	judge "$t" "${execs:-0}" "$WORK/$t.sigs"
done

summary
