#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The quick check of make lab (docs/codegen.md): one toolchain (GNU), one
# round of the workload.  make lab must print one table with the contract
# columns and a row per code model, every cell filled, numbers where the
# default model is measured (and the same numbers relocs_check and the boot
# log give), words where a variant did not build or run, and the same
# table twice.  An ordinary build of a code model with a GOT must still
# fail: the lab must not weaken the build.
#   tests/lab/run.sh BUILD_DIR
# Prints "ok NAME" / "FAIL NAME" per check, then "N passed, N failed".
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
srctree=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir" || exit 2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lab-test.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
. "$srctree/tests/lib/check.sh"

HEADER='| variant | toolchain | text bytes | dynamic relocs | reloc metadata bytes | boot reloc insns | workload insns |'
VARIANTS="small-pie-hidden small-pie-default small-nopic large-nopic"
KERNELS="dispatch sha256 strings list tree array modules"
lab() { make -s -C "$srctree" lab LAB_TOOLCHAINS=gnu LAB_QUICK=1 LAB_DIR="$dir/out"; }

: >"$WORK/err"
if lab >"$WORK/run1" 2>"$WORK/err"; then
	pass "make lab runs (gnu, quick)"
else
	fail "make lab runs (gnu, quick)" "exit status $?"
fi

# The table: the header, the separator, then rows up to the first non-row.
awk 'NR == 1, !/^\|/' "$WORK/run1" | grep '^|' >"$WORK/table"
if [ "$(head -n1 "$WORK/table")" = "$HEADER" ] &&
   sed -n 2p "$WORK/table" | grep -qx '|\(-*:\?|\)\{7\}' &&
   [ "$(grep -c '^|' "$WORK/run1")" -eq "$(wc -l <"$WORK/table")" ]; then
	pass "one table, with the contract's columns"
else
	fail "one table, with the contract's columns" "got: $(head -n2 "$WORK/run1" | tr '\n' ' ')"
fi

# cells VARIANT: the row's cells, one a line (variant, toolchain, 5 figures).
cells() {
	awk -F'|' -v v="$1" 'NR > 2 { a = $2; gsub(/ /, "", a) } NR > 2 && a == v {
		for (i = 2; i < NF; i++) { c = $i; gsub(/^ +| +$/, "", c); print c } }' "$WORK/table"
}
rows=$(tail -n +3 "$WORK/table" | awk -F'|' '{ gsub(/ /, "", $2); gsub(/ /, "", $3); print $2 "/" $3 }' | paste -sd' ')
want=$(for v in $VARIANTS; do printf '%s/gnu ' "$v"; done | sed 's/ $//')
if [ "$rows" = "$want" ]; then
	pass "a row per code model"
else
	fail "a row per code model" "rows '$rows', want '$want'"
fi

words='[a-z]{3,} [a-z]{3,}'
why=
for v in $VARIANTS; do
	mapfile -t c < <(cells "$v")
	if [ "${#c[@]}" -ne 7 ]; then
		why+="$v has ${#c[@]} cells; "
		continue
	fi
	[[ ${c[2]} =~ ^[0-9]+$ ]] || why+="$v text bytes '${c[2]}' is not a number; "
	for i in 3 4 5 6; do
		if [ -z "${c[$i]}" ]; then
			why+="$v cell $i empty; "
		elif ! [[ ${c[$i]} =~ ^[0-9]+$ ]] && ! [[ ${c[$i]} =~ $words ]]; then
			why+="$v cell $i '${c[$i]}' is neither a number nor words; "
		fi
	done
done
if [ -z "$why" ]; then
	pass "every cell is a number or says why in words; text bytes on every row"
else
	fail "every cell is a number or says why in words; text bytes on every row" "$why"
fi

# The default model: every figure measured, and the same as relocs_check and the boot log say.
mapfile -t c < <(cells small-pie-hidden)
o=$dir/out/small-pie-hidden-gnu
log=$o/boot.log
relocs=$("$o/scripts/relocs_check" --stats "$o/vmlinux" 2>/dev/null | awk '$1 == "total" { print $2 }')
sum=0 n=0
for k in $KERNELS; do
	x=$(sed -n "s/^relok: lab kernel=$k insns=\\([0-9]*\\) .*/\\1/p" "$log" 2>/dev/null)
	[ -n "$x" ] && { sum=$((sum + x)); n=$((n + 1)); }
done
reloc_insns=$(sed -n 's/^relok: cost phase=reloc .*insns=\([0-9]*\).*/\1/p' "$log" 2>/dev/null)
if [ "${c[3]:-}" = "${relocs:-none}" ] && [ "${c[5]:-}" = "${reloc_insns:-none}" ] &&
   [ "$n" -eq 7 ] && [ "${c[6]:-}" = "$sum" ] && [ "$sum" -gt 0 ] && [ "${c[4]:-0}" -gt 0 ] 2>/dev/null; then
	pass "small-pie-hidden: relocs = relocs_check's, reloc insns and workload = the boot log's"
else
	fail "small-pie-hidden: relocs = relocs_check's, reloc insns and workload = the boot log's" \
	     "row '${c[*]:-}', relocs_check $relocs, boot log reloc $reloc_insns, $n kernels summing to $sum"
fi

# The kernels' own results: SHA-256 against its test vectors, checksums alike.
if grep -qx 'relok: selftest lab ok' "$log" 2>/dev/null && ! grep -q 'WRONG' "$WORK/run1"; then
	pass "the workload checks itself and every model computes the same"
else
	fail "the workload checks itself and every model computes the same" \
	     "$(grep -m1 -e '^relok: selftest lab' -e WRONG "$log" "$WORK/run1" 2>/dev/null)"
fi

# The lab kernel's boot arguments: a bad round count is refused with the
# reason and the boot carries on; without selftest=lab nothing runs.
boot_lab() {
	timeout --kill-after=5 60 qemu-system-aarch64 -M virt -cpu max -m 1G -nographic -no-reboot \
		-nic none -monitor none -icount shift=0 -kernel "$o/arch/arm64/boot/Image" \
		-initrd "$o/arch/arm64/boot/lab-initrd.cpio" -append "nokaslr noselftest $1" \
		</dev/null 2>&1 | tr -d '\r' >"$WORK/boot.log"
}
boot_lab "selftest=lab lab_rounds=0"
if grep -qx 'relok: selftest lab FAIL lab_rounds= wants a number from 1 to 1000' "$WORK/boot.log" &&
   ! grep -q '^relok: lab kernel=' "$WORK/boot.log" && grep -qx 'relok: ready' "$WORK/boot.log"; then
	pass "lab_rounds=0 is refused with the reason, and the boot goes on"
else
	fail "lab_rounds=0 is refused with the reason, and the boot goes on" \
	     "$(grep -m1 -e '^relok: selftest lab' -e '^relok: panic' "$WORK/boot.log")"
fi
boot_lab ""
if ! grep -q '^relok: lab ' "$WORK/boot.log" && ! grep -q '^relok: selftest lab' "$WORK/boot.log" &&
   grep -qx 'relok: ready' "$WORK/boot.log"; then
	pass "a lab kernel runs no workload without selftest=lab"
else
	fail "a lab kernel runs no workload without selftest=lab" "$(grep -m1 '^relok: .*lab' "$WORK/boot.log")"
fi

if lab >"$WORK/run2" 2>"$WORK/err" && cmp -s "$WORK/run1" "$WORK/run2"; then
	pass "a second make lab prints the same table and counts"
else
	fail "a second make lab prints the same table and counts" "$(diff "$WORK/run1" "$WORK/run2" | head -n4 | tr '\n' ' ')"
fi

expect "an unknown toolchain is refused" 2 "unknown toolchain" \
	make -s -C "$srctree" lab LAB_TOOLCHAINS=gcc LAB_DIR="$dir/out"
expect "an unknown code model is refused" 2 "is not one of" \
	make -s -C "$srctree" O="$dir/plain" CODE_MODEL=tiny all
# Without LAB=1 the linker script and relocs_check still refuse a GOT.
expect "an ordinary build with a GOT still fails" 2 "unexpected GOT entries" \
	make -s -j2 -C "$srctree" O="$dir/plain" CODE_MODEL=small-pie-default all

if command -v gnuplot >/dev/null; then
	expect "lab-plot.sh draws the table" 0 "" "$srctree/scripts/lab-plot.sh" "$dir/out/lab.md" "$WORK/plot.png"
	if [ "$(head -c 4 "$WORK/plot.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
		pass "the plot is a PNG"
	else
		fail "the plot is a PNG" "$WORK/plot.png does not start with the PNG signature"
	fi
	grep -v small-pie-hidden "$dir/out/lab.md" >"$WORK/nobase.md"
	expect "lab-plot.sh refuses a table without the baseline row" 1 "no small-pie-hidden row" \
		"$srctree/scripts/lab-plot.sh" "$WORK/nobase.md" "$WORK/plot2.png"
else
	echo "note: gnuplot not installed (scripts/deps.sh lab): lab-plot.sh not checked"
fi
summary
