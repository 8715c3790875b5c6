#!/bin/bash
# SPDX-License-Identifier: MIT
#
# KASLR boots: for several physical addresses x seeds x EL1/EL2, the
# kernel's virt= must equal what the kernel's own placement function
# (scripts/kaslr_report, the same C built for the host) computes from the
# seed; the seed must be wiped; nokaslr and missing/zero/short seeds must
# disable KASLR with the right reason.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
WINDOW_START=$((0xffff800080000000))

# check_kaslr NAME SEED PHYS: enabled, virt as computed, seed wiped, layout agrees.
check_kaslr() {
	local name=$1 seed=$2 phys=$3 want got why=
	want=$(expected_virt "$seed" "$phys")
	got=$(report kaslr virt)
	if ! grep -q '^relok: kaslr enabled .*source=dt' "$LOG"; then
		why="not enabled from the DT: $(grep -m1 '^relok: kaslr' "$LOG")"
	elif [ "$got" != "$want" ]; then
		why="virt=$got, the placement function says $want for seed $(hex "$seed")"
	elif [ "$(report kaslr offset)" != "$(hex $((want - WINDOW_START)))" ]; then
		why="offset=$(report kaslr offset) does not match virt"
	elif ! grep -q '^relok: kaslr seed-wiped=yes len=8$' "$LOG"; then
		why="seed not wiped: $(grep -m1 'seed-wiped' "$LOG")"
	elif [ "$(report layout.kimage start)" != "$want" ]; then
		why="layout kimage start=$(report layout.kimage start) != virt"
	fi
	[ -z "$why" ] && pass "$name" || fail "$name" "$why (log: $LOG)"
}

seeds=(0x1 0xffffffffffffffff 0x8000000000000000 0x243f6a8885a308d3 0x13198a2e03707344
       0xa4093822299f31d0 0x082efa98ec4e6c89)
placements=("kernel $((RAM_BASE + 0x200000))" "shim $((0x50000000))" "shim $((0x7fc00000))")
for v in off on; do
	el=1; cpu=cortex-a57
	[ $v = on ] && el=2 && cpu=max
	dtb=$work/virt-$v.dtb
	dump_dtb "$dtb" "virt,virtualization=$v" -cpu $cpu -m 1G
	for p in "${placements[@]}"; do
		set -- $p
		for seed in "${seeds[@]:0:4}"; do
			cp "$dtb" "$work/s.dtb"
			set_seed "$work/s.dtb" "$seed"
			name=kaslr-el$el-$(hex "$2")-$seed
			if [ "$1" = kernel ]; then
				boot_at "$name" kernel -M virt,virtualization=$v -cpu $cpu -m 1G -dtb "$work/s.dtb"
			else
				boot_at "$name" "$2" -M virt,virtualization=$v -cpu $cpu -m 1G -dtb "$work/s.dtb"
			fi
			check_boot "$name" "$2" $el
			check_kaslr "$name-virt" "$seed" "$2"
		done
	done
done

# Several dozen seeds at one address: distinct, 2 MiB-aligned, inside the window.
dtb=$work/virt-off.dtb
phys=$((0x50000000))
virts=()
bad=
for i in $(seq 1 36); do
	seed=$(( (i * 0x9e3779b97f4a7c15) ^ (i << 17) ))
	[ "$seed" -eq 0 ] && continue
	cp "$dtb" "$work/s.dtb"
	set_seed "$work/s.dtb" "$seed"
	boot_at "many-$i" "$phys" -M virt -cpu cortex-a53 -m 1G -dtb "$work/s.dtb"
	v=$(report kaslr virt)
	want=$(expected_virt "$seed" "$phys")
	if [ "$v" != "$want" ] || ! grep -qx 'relok: ready' "$LOG"; then
		bad="seed $(hex "$seed"): virt=$v, expected $want (log: $LOG)"
		break
	fi
	if (( (v - phys) & 0x1fffff )) || (( v < WINDOW_START )); then
		bad="virt=$v is not 2 MiB-congruent with phys or below the window"
		break
	fi
	virts+=("$v")
done
if [ -z "$bad" ] && [ "$(printf '%s\n' "${virts[@]}" | sort -u | wc -l)" -eq 36 ]; then
	pass "36-seeds-distinct-aligned"
else
	fail "36-seeds-distinct-aligned" "${bad:-only $(printf '%s\n' "${virts[@]}" | sort -u | wc -l) distinct of ${#virts[@]}}"
fi

# The same seed gives the same layout, at EL1 and at EL2.
cp "$work/virt-off.dtb" "$work/a.dtb"; set_seed "$work/a.dtb" 0x5eed5eed5eed5eed
cp "$work/virt-on.dtb" "$work/b.dtb"; set_seed "$work/b.dtb" 0x5eed5eed5eed5eed
boot_at same-a kernel -M virt -cpu cortex-a72 -m 1G -dtb "$work/a.dtb"; va=$(report kaslr virt)
boot_at same-b kernel -M virt,virtualization=on -cpu cortex-a72 -m 1G -dtb "$work/b.dtb"; vb=$(report kaslr virt)
[ -n "$va" ] && [ "$va" = "$vb" ] && pass same-seed-same-layout || fail same-seed-same-layout "$va vs $vb"

# check_disabled NAME REASON [qemu args]: KASLR off with that reason, boot fine.
check_disabled() {
	local name=$1 reason=$2
	shift 2
	boot_at "$name" kernel "$@"
	check_boot "$name" $((RAM_BASE + 0x200000)) 1
	# One kaslr line per outcome: exactly one "kaslr enabled|disabled".
	if grep -q "^relok: kaslr disabled offset=0x0 virt=$(hex $WINDOW_START) reason=$reason\$" "$LOG" &&
	   [ "$(grep -cE '^relok: kaslr (enabled|disabled)' "$LOG")" -eq 1 ]; then
		pass "$name-reason"
	else
		fail "$name-reason" "want one line, reason=$reason: $(grep '^relok: kaslr' "$LOG" | paste -sd '|')"
	fi
}

cp "$work/virt-off.dtb" "$work/n.dtb"; set_seed "$work/n.dtb" 0x1234567887654321
check_disabled nokaslr nokaslr -M virt -cpu cortex-a57 -m 1G -dtb "$work/n.dtb" -append "console=ttyAMA0 nokaslr"
grep -q '^relok: kaslr seed-wiped=yes len=8$' "$LOG" && pass nokaslr-still-wipes || fail nokaslr-still-wipes "seed not wiped"

cp "$work/virt-off.dtb" "$work/m.dtb"; fdtput -d "$work/m.dtb" /chosen kaslr-seed
check_disabled missing-seed no-seed -M virt -cpu cortex-a57 -m 1G -dtb "$work/m.dtb"

cp "$work/virt-off.dtb" "$work/z.dtb"; set_seed "$work/z.dtb" 0
check_disabled zero-seed zero-seed -M virt -cpu cortex-a57 -m 1G -dtb "$work/z.dtb"

cp "$work/virt-off.dtb" "$work/short.dtb"; fdtput -t x "$work/short.dtb" /chosen kaslr-seed 1234abcd
check_disabled short-seed bad-seed -M virt -cpu cortex-a57 -m 1G -dtb "$work/short.dtb"
grep -q '^relok: kaslr seed-wiped=yes len=4$' "$LOG" && pass short-seed-wiped || fail short-seed-wiped "$(grep -m1 seed-wiped "$LOG")"

# No DT seed but FEAT_RNG (-cpu max): RNDR supplies one.
dump_dtb "$work/max.dtb" virt -cpu max -m 1G; fdtput -d "$work/max.dtb" /chosen kaslr-seed
boot_at rndr kernel -M virt -cpu max -m 1G -dtb "$work/max.dtb"
check_boot rndr $((RAM_BASE + 0x200000)) 1
grep -q '^relok: kaslr enabled offset=0x[0-9a-f]* virt=0x[0-9a-f]* source=rndr$' "$LOG" &&
	pass rndr-source || fail rndr-source "$(grep -m1 '^relok: kaslr' "$LOG")"

# kaslr_report refuses a --phys off 2 MiB (booting.rst), with the reason,
# and still answers for an aligned one.
for p in 0x12345 0x40201000; do
	"$KASLR_REPORT" --seed 1 --phys $p >"$work/kr.out" 2>"$work/kr.err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$work/kr.out" ] &&
	   grep -q "^kaslr_report: --phys $p is not 2 MiB aligned" "$work/kr.err"; then
		pass "kaslr-report-refuses-phys-$p"
	else
		fail "kaslr-report-refuses-phys-$p" "exit $rc: $(cat "$work/kr.err" "$work/kr.out" | head -n2 | paste -sd '|')"
	fi
done
if [ -n "$(expected_virt 1 $((0x40200000)))" ]; then
	pass kaslr-report-aligned-phys
else
	fail kaslr-report-aligned-phys "no virt for --phys 0x40200000"
fi

summary
