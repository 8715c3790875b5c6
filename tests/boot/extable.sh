#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Exception table: the build converted it (relocations gone, exactly two
# per entry), and at several physical addresses and KASLR offsets (and with
# KASLR off) the kernel reports "extable entries=<n> sorted=yes" with the
# converter's count, its fault self-tests pass (probe an unmapped address,
# write to kernel text, read valid memory, look up every entry) and it
# reaches ready.  An image whose table was not converted must refuse to run.
set -u
. "$(dirname "$0")/lib.sh"

EXTABLE_SORT=$RELOK_BUILD/scripts/extable_sort
LINKED=$RELOK_BUILD/.obj/$TOOLCHAIN/vmlinux.linked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What the converter does to the image as linked (kept by the build).
if ! "$EXTABLE_SORT" --stats -o "$work/v" "$LINKED" >"$work/stats" 2>"$work/err"; then
	fail "convert-linked" "$(cat "$work/err")"
	summary
	exit
fi
entries=$(sed -n 's/^entries //p' "$work/stats")
removed=$(sed -n 's/^relocs_removed //p' "$work/stats")
before=$("$RELOCS_CHECK" --stats "$LINKED" 2>/dev/null | awk '$1 == "total" { print $2 }')
after=$(expected_relocs)
if [ -n "$entries" ] && [ "$entries" -gt 0 ] && [ "$removed" -eq $((2 * entries)) ] &&
   [ -n "$before" ] && [ $((before - after)) -eq "$removed" ]; then
	pass "relocs-dropped ($before -> $after, $entries entries x 2 fields)"
else
	fail "relocs-dropped" "entries=$entries removed=$removed, relocs_check total $before -> $after"
fi
"$RELOCS_CHECK" "$LINKED" >/dev/null 2>"$work/err"
if [ $? -eq 1 ] && grep -q 'targets __ex_table: run scripts/extable_sort' "$work/err"; then
	pass "relocs_check-refuses-linked"
else
	fail "relocs_check-refuses-linked" "no __ex_table violation reported"
fi
if "$EXTABLE_SORT" --stats "$VMLINUX" 2>/dev/null | grep -qx 'converted 0'; then
	pass "vmlinux-already-converted"
else
	fail "vmlinux-already-converted" "extable_sort would convert vmlinux again"
fi

dump_dtb "$work/v.dtb" virt -cpu max -m 1G
# KASLR off: no seed in the DT (and cortex-a57 has no RNDR to fall back on)
cp "$work/v.dtb" "$work/noseed.dtb"
fdtput -d "$work/noseed.dtb" /chosen kaslr-seed

# check_extable NAME: the report line and every extable self-test.
check_extable() {
	local name=$1 t why=
	if ! grep -qx "relok: extable entries=$entries sorted=yes" "$LOG"; then
		why="$(grep -m1 '^relok: extable' "$LOG" || echo 'no extable line'), want entries=$entries"
	fi
	for t in lookup valid unmapped text-write; do
		grep -qx "relok: selftest extable-$t ok" "$LOG" || why="${why:+$why; }extable-$t did not pass"
	done
	[ -z "$why" ] && pass "$name-extable" || fail "$name-extable" "$why (log: $LOG)"
}

# NAME ADDR SEED (off = no seed: KASLR off, dt = QEMU's random seed) MEM
boots=(
	"kernel-dt      kernel                 dt                  1G"
	"kernel-noseed  kernel                 off                 1G"
	"low-seed1      $((RAM_BASE + 0x400000)) 0x243f6a8885a308d3 1G"
	"mid-seed2      $((0x50000000))          0xa4093822299f31d0 1G"
	"mid-noseed     $((0x50000000))          off                1G"
	"4g-seed3       $((0x100000000))         0x13198a2e03707344 6G"
)
for b in "${boots[@]}"; do
	set -- $b
	name=$1 addr=$2 seed=$3 mem=$4
	phys=$addr
	[ "$addr" = kernel ] && phys=$((RAM_BASE + 0x200000))
	args=(-M virt -cpu cortex-a57 -m "$mem")
	case $seed in
	dt) ;;
	off) args+=(-dtb "$work/noseed.dtb") ;;
	*)
		cp "$work/v.dtb" "$work/s.dtb"
		fdtput -t x "$work/s.dtb" /chosen kaslr-seed "$(printf '%x' $((seed >> 32 & 0xffffffff)))" \
			"$(printf '%x' $((seed & 0xffffffff)))"
		args+=(-dtb "$work/s.dtb")
		;;
	esac
	boot_at "extable-$name" "$addr" "${args[@]}"
	check_boot "extable-$name" "$phys" 1
	check_extable "extable-$name"
done
# The two boots without a seed ran at the link address, the seeded ones elsewhere.
virts=$(for b in "${boots[@]}"; do set -- $b; report_log=$RELOK_LOGS/$TOOLCHAIN-extable-$1.log
	sed -n 's/^relok: kaslr .*virt=\(0x[0-9a-f]*\).*/\1/p' "$report_log" | head -n1; done | sort -u | wc -l)
if [ "$virts" -ge 4 ]; then
	pass "extable-boots-at-$virts-virtual-bases"
else
	fail "extable-boots-at-several-virtual-bases" "only $virts distinct virt= values"
fi

# The image as linked, not converted: the boot code must refuse it.
if ${OBJCOPY:-aarch64-linux-gnu-objcopy} -O binary "$LINKED" "$work/Image.linked" 2>"$work/err"; then
	IMAGE=$work/Image.linked boot_at extable-unconverted kernel -M virt -cpu cortex-a57 -m 1G
	if [ "$QEMU_RC" -eq 0 ] && ! grep -qx 'relok: ready' "$LOG" &&
	   grep -q '^relok: panic: exception table not converted' "$LOG"; then
		pass "extable-unconverted-refused"
	else
		fail "extable-unconverted-refused" "rc=$QEMU_RC, no 'not converted' panic (log: $LOG)"
	fi
else
	fail "extable-unconverted-refused" "objcopy failed: $(cat "$work/err")"
fi

summary
