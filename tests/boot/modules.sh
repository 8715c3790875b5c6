#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Loadable modules from a QEMU -initrd (docs/modules.md): near and far
# module placement, KASLR on and off.  Every boot must reach ready; every
# good module must load inside the reported region, apply as many
# relocations as its .ko holds for loaded sections, use no PLT when near
# and, when far, exactly one per distinct (symbol, addend) branch target
# in the kernel (counted here from readelf, not from the kernel), and print
# the right output; every broken module must be rejected with its reason.
# Also: modules= selection, a plain cpio archive made here, no initrd.
set -u
. "$(dirname "$0")/lib.sh"

MODDIR=$RELOK_BUILD/modules
INITRD=$RELOK_BUILD/arch/arm64/boot/initrd.cpio
KEXPORTS=$RELOK_BUILD/.obj/$TOOLCHAIN/kexports.S
READELF=readelf
command -v llvm-readelf >/dev/null && READELF=llvm-readelf
command -v aarch64-linux-gnu-readelf >/dev/null && READELF=aarch64-linux-gnu-readelf
MIB=$((1 << 20))
BRANCH_REACH=$((128 * MIB))
MODULE_REACH=$((2048 * MIB))
good_modules="hello reltypes erratum moda modb"

declare -A reject_reason=(
	[bad_truncated]="elf: section header table outside the file"
	[bad_shndx]="symbol module_init: bad section index 30583"
	[bad_reloc]="unsupported relocation R_AARCH64_ADR_GOT_PAGE"
	[bad_undef]="undefined symbol missing_function"
	[bad_prel32]="R_AARCH64_PREL32 out of range (symbol bad_prel32_nowhere)"
)

# Kernel export names, from the generated table.
exports=$(sed -n 's/^\t\.hidden \([a-z_][a-z_0-9]*\)$/\1/p' "$KEXPORTS")

# Relocation entries the loader applies: those of sections other than debug info.
ko_relocs() {
	LC_ALL=C $READELF -rW "$1" | awk '
		/^Relocation section/ { name = $3; gsub(/'\''/, "", name)
					keep = name !~ /^\.rela\.debug/ }
		keep && $3 ~ /^R_AARCH64_/ { n++ }
		END { print n + 0 }'
}

# Distinct (symbol, addend) of CALL26/JUMP26 relocations to kernel exports.
ko_kernel_branch_targets() {
	LC_ALL=C $READELF -rW "$1" | awk -v exports="$exports" '
		BEGIN { n = split(exports, e, "\n"); for (i = 1; i <= n; i++) ex[e[i]] = 1 }
		$3 == "R_AARCH64_CALL26" || $3 == "R_AARCH64_JUMP26" {
			if ($5 in ex) t[$5 " " $6 $7] = 1 }
		END { c = 0; for (k in t) c++; print c }'
}

# modline NAME KEY: KEY=value of the "relok: module NAME loaded" line.
modline() {
	sed -n "s/^relok: module $1 loaded .*\\b$2=\\([^ ]*\\).*/\\1/p" "$LOG" | head -n1
}

boot_ok() {
	[ "$QEMU_RC" -eq 0 ] && grep -qx 'relok: ready' "$LOG" && ! grep -q '^relok: panic:' "$LOG"
}

# check_region PLACEMENT: the region line and its distance to the image.
check_region() {
	local want=$1 line start end virt ksize kend far near
	line=$(grep -m1 '^relok: modules region=' "$LOG")
	start=$(sed -n 's/.*region=\(0x[0-9a-f]*\)-.*/\1/p' <<<"$line")
	end=$(sed -n 's/.*region=0x[0-9a-f]*-\(0x[0-9a-f]*\) .*/\1/p' <<<"$line")
	virt=$(report kaslr virt)
	ksize=$(image_size)
	if [ -z "$start" ] || [ -z "$end" ] || [ -z "$virt" ]; then
		fail "$name-region" "no region line or no kaslr virt= (log: $LOG)"
		return
	fi
	kend=$((virt + ksize))
	# farthest and nearest distance between any module and any image byte
	if [ $((start - virt)) -ge 0 ]; then
		far=$((end - virt)); near=$((start - kend))
	else
		far=$((kend - start)); near=$((virt - end))
	fi
	REGION_START=$start REGION_END=$end
	if [[ $line != *"placement=$want" ]]; then
		fail "$name-region" "expected placement=$want: $line"
	elif [ "$want" = near ] && [ "$far" -ge "$BRANCH_REACH" ]; then
		fail "$name-region" "near region reaches $far bytes from the image"
	elif [ "$want" = far ] && { [ "$near" -lt "$BRANCH_REACH" ] || [ "$far" -ge "$MODULE_REACH" ]; }; then
		fail "$name-region" "far region at $near..$far bytes from the image"
	elif [ "$near" -lt 0 ]; then
		fail "$name-region" "region overlaps the image"
	else
		pass "$name-region"
	fi
}

# check_module NAME PLACEMENT
check_module() {
	local m=$1 placement=$2 at plts relocs want_plts want_relocs why=
	at=$(modline "$m" at)
	plts=$(modline "$m" plts)
	relocs=$(modline "$m" relocs)
	want_relocs=$(ko_relocs "$MODDIR/$m.ko")
	want_plts=0
	[ "$placement" = far ] && want_plts=$(ko_kernel_branch_targets "$MODDIR/$m.ko")
	if [ -z "$at" ]; then
		why="not loaded: $(grep -m1 "^relok: module $m " "$LOG")"
	elif [ $((at - REGION_START)) -lt 0 ] || [ $((REGION_END - at)) -le 0 ]; then
		why="at=$at outside the region $REGION_START-$REGION_END"
	elif [ "$plts" != "$want_plts" ]; then
		why="plts=$plts, expected $want_plts"
	elif [ "$relocs" != "$want_relocs" ]; then
		why="relocs=$relocs, the .ko has $want_relocs"
	fi
	verdict "$name-$m" "$why"
}

check_output() {
	local virt nchecks
	virt=$(report kaslr virt)
	nchecks=$(grep -c '^	check("' "$(dirname "$0")/../../modules/reltypes.c")
	local -a want=(
		"hello: hello from a module (19 bytes)"
		"hello: kernel virt=$virt"
		"reltypes: $nchecks checks passed"
		"erratum: adrp at 0xff8 and 0xffc ok"
		"moda: exporting moda_add and moda_bias=100"
		"modb: moda_add(2, 3) = 106"
	)
	local w missing=
	for w in "${want[@]}"; do
		grep -qxF "$w" "$LOG" || missing="$missing [$w]"
	done
	if [ "$(modline erratum adrp_fixes)" != 2 ]; then
		missing="$missing [erratum adrp_fixes=2]"
	fi
	if [ -n "$missing" ]; then
		fail "$name-output" "missing:$missing (log: $LOG)"
	else
		pass "$name-output"
	fi
}

check_rejections() {
	local m bad=
	for m in "${!reject_reason[@]}"; do
		# a reason may end with " (<value>)"
		grep -qF "relok: module $m rejected: ${reject_reason[$m]}" "$LOG" ||
			bad="$bad $m"
	done
	if [ -n "$bad" ]; then
		fail "$name-rejections" "wrong or no rejection for:$bad (log: $LOG)"
	elif ! grep -qx 'relok: modules loaded=5 rejected=5' "$LOG"; then
		fail "$name-rejections" "summary is not loaded=5 rejected=5 (log: $LOG)"
	else
		pass "$name-rejections"
	fi
}

# The sample module with every type really has every type of the issue's list.
types="ABS64 ABS32 ABS16 PREL64 PREL32 PREL16 MOVW_UABS_G0 MOVW_UABS_G0_NC MOVW_UABS_G1
	MOVW_UABS_G1_NC MOVW_UABS_G2 MOVW_UABS_G2_NC MOVW_UABS_G3 MOVW_SABS_G0 MOVW_SABS_G1
	MOVW_SABS_G2 MOVW_PREL_G0 MOVW_PREL_G0_NC MOVW_PREL_G1 MOVW_PREL_G1_NC MOVW_PREL_G2
	MOVW_PREL_G2_NC MOVW_PREL_G3 LD_PREL_LO19 ADR_PREL_LO21 ADR_PREL_PG_HI21
	ADR_PREL_PG_HI21_NC ADD_ABS_LO12_NC LDST8_ABS_LO12_NC LDST16_ABS_LO12_NC
	LDST32_ABS_LO12_NC LDST64_ABS_LO12_NC LDST128_ABS_LO12_NC TSTBR14 CONDBR19 JUMP26 CALL26"
have=$(LC_ALL=C $READELF -rW "$MODDIR/reltypes.ko" | awk '{print $3}' | sort -u)
missing=
for t in $types; do
	grep -qx "R_AARCH64_$t" <<<"$have" || missing="$missing $t"
done
if [ -z "$missing" ]; then pass "reltypes-covers-every-type"; else fail "reltypes-covers-every-type" "missing:$missing"; fi

for kaslr in on off; do
	for placement in near far; do
		name=$placement-kaslr-$kaslr
		args=
		[ $placement = far ] && args="module_placement=far"
		[ $kaslr = off ] && args="$args nokaslr"
		boot_at "modules-$name" kernel -M virt -cpu max -m 1G -initrd "$INITRD" -append "$args"
		if ! boot_ok; then
			fail "$name-boot" "rc=$QEMU_RC, no ready or a panic (log: $LOG)"
			continue
		fi
		pass "$name-boot"
		if [ $kaslr = on ] && ! grep -q '^relok: kaslr enabled' "$LOG"; then
			fail "$name-kaslr" "KASLR not enabled (log: $LOG)"
		fi
		check_region $placement
		for m in $good_modules; do
			check_module "$m" $placement
		done
		check_output
		check_rejections
	done
done

# Without KASLR module_seed is 0: the near window starts at the first
# 2 MiB boundary after the image.
LOG=$RELOK_LOGS/$TOOLCHAIN-modules-near-kaslr-off.log
want=$(hex $(( 0xffff800080000000 + ($(image_size) + 2 * MIB - 1) / (2 * MIB) * (2 * MIB) )))
got=$(sed -n 's/^relok: modules region=\(0x[0-9a-f]*\)-.*/\1/p' "$LOG")
if [ "$got" = "$want" ]; then pass "nokaslr-region-fixed"; else fail "nokaslr-region-fixed" "region=$got, expected $want"; fi

# modules=: only those, in archive order; modb without moda cannot resolve.
name=select
boot_at modules-select kernel -M virt -cpu max -m 1G -initrd "$INITRD" \
	-append "modules=modb,hello,nosuch"
if boot_ok && [ -n "$(modline hello at)" ] &&
   grep -qxE 'relok: module modb rejected: undefined symbol moda_(add|bias)' "$LOG" &&
   grep -qx 'relok: module nosuch rejected: not in the initrd' "$LOG" &&
   [ "$(grep -c '^relok: module ' "$LOG")" -eq 3 ] &&
   [ "$(grep -n '^relok: module hello ' "$LOG" | cut -d: -f1)" -lt \
     "$(grep -n '^relok: module modb ' "$LOG" | cut -d: -f1)" ]; then
	pass "select"
else
	fail "select" "modules= not honoured (log: $LOG)"
fi

# Any plain newc archive works, in its own order: modb before moda fails.
plain=$RELOK_LOGS/$TOOLCHAIN-plain.cpio
(cd "$MODDIR" && printf '%s\n' modb.ko moda.ko hello.ko | cpio --quiet -o -H newc) >"$plain"
boot_at modules-plain kernel -M virt -cpu max -m 1G -initrd "$plain"
if boot_ok && grep -qxE 'relok: module modb rejected: undefined symbol moda_(add|bias)' "$LOG" &&
   [ -n "$(modline moda at)" ] && grep -qxF 'hello: hello from a module (19 bytes)' "$LOG" &&
   grep -qx 'relok: modules loaded=2 rejected=1' "$LOG"; then
	pass "plain-cpio"
else
	fail "plain-cpio" "archive order or loading wrong (log: $LOG)"
fi

# No initrd: nothing to load, the boot goes on.
boot_at modules-none kernel -M virt -cpu max -m 1G
if boot_ok && grep -qx 'relok: modules: no initrd' "$LOG"; then
	pass "no-initrd"
else
	fail "no-initrd" "rc=$QEMU_RC (log: $LOG)"
fi

summary
