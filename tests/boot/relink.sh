#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The boot pass, proven bit for bit: for random (KASLR seed, physical base)
# pairs, the kernel's own placement function (scripts/kaslr_report) gives
# the virtual base; the linker links the same objects at that base, writing
# every relocated word itself (make relink); and tests/host/relink_check
# relocates vmlinux with reloc.c's boot pass and compares the two images
# byte for byte outside the relocation tables.  Both formats (RELR, and
# RELA with RELR=0) for this toolchain.  RELINK_SEED=N repeats a run;
# RELINK_PAIRS=N sets the number of pairs per format (default 20).
set -u
. "$(dirname "$0")/lib.sh"

srctree=$(cd "$(dirname "$0")/../.." && pwd)
pairs=${RELINK_PAIRS:-20}
seed=${RELINK_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "relink: RELINK_SEED=$seed"
RANDOM=$seed
llvm=
[ "$TOOLCHAIN" = llvm ] && llvm=LLVM=1
work=$RELOK_LOGS/$TOOLCHAIN-relink.d
rm -rf "$work"
mkdir -p "$work"
CHECK=$RELOK_BUILD/tests/host/relink_check
KASLR_REPORT=$RELOK_BUILD/scripts/kaslr_report
if ! make -s -C "$srctree" O="$RELOK_BUILD" "$CHECK" "$KASLR_REPORT" >"$work/tools.log" 2>&1; then
	fail relink-tools "cannot build relink_check (see $work/tools.log)"
	summary
	exit
fi

rand64() { printf '0x%04x%04x%04x%04x' $RANDOM $RANDOM $RANDOM $RANDOM; }

# relink_pairs NAME BUILD MAKEARGS...: pairs relinks of BUILD, each checked.
relink_pairs() {
	local name=$1 build=$2 i s phys virt out size ok=0 why=
	shift 2
	size=$(od -An -t u8 -j 16 -N 8 "$build/arch/arm64/boot/Image" | tr -d ' ')
	for ((i = 0; i < pairs; i++)); do
		s=$(rand64)
		# a 2 MiB slot of 1 GiB of RAM (booting.rst's placement)
		phys=$(( (RAM_BASE + (RANDOM * 32768 + RANDOM) % ((1 << 30) - size)) & ~0x1fffff ))
		virt=$("$KASLR_REPORT" --seed "$s" --phys "$(hex $phys)" --image-size "$size" |
		       awk '$1 == "virt" { print $2 }')
		out=$work/$name-$i.elf
		echo "$name $i: seed=$s phys=$(hex $phys) virt=$virt" >>"$work/pairs"
		if [ -z "$virt" ]; then
			why="kaslr_report gave no base for seed $s phys $(hex $phys)"
			break
		fi
		if ! make -s -C "$srctree" O="$build" "$@" relink RELINK_BASE="$virt" \
			RELINK_OUT="$out" >"$work/$name-$i.log" 2>&1; then
			why="make relink at $virt failed (see $work/$name-$i.log)"
			break
		fi
		if ! "$CHECK" "$build/vmlinux" "$out" "$virt" >>"$work/$name-$i.log" 2>&1; then
			why="seed $s phys $(hex $phys): $(tail -n 3 "$work/$name-$i.log" | tr '\n' ' ')"
			break
		fi
		ok=$((ok + 1))
		[ "$i" -eq 0 ] || rm -f "$out"
	done
	if [ -z "$why" ] && [ "$ok" -eq "$pairs" ]; then
		pass "relink-$name ($pairs pairs, $(grep -h '^relink:' "$work/$name"-0.log))"
	else
		fail "relink-$name" "${why:-only $ok of $pairs pairs}"
	fi
}

relink_pairs relr "$RELOK_BUILD" $llvm

rela_build=$RELOK_BUILD-rela
if make -s -C "$srctree" O="$rela_build" $llvm RELR=0 all >"$work/rela-build.log" 2>&1; then
	relink_pairs rela "$rela_build" $llvm RELR=0
else
	fail relink-rela "make RELR=0 failed (see $work/rela-build.log)"
fi

# The check can fail: one relocated word of a relinked image changed by a
# single bit must be reported.
first=$work/relr-0.elf
virt=$(awk '/^relr 0:/ { sub("virt=", "", $5); print $5 }' "$work/pairs")
if [ -f "$first" ] && [ -n "$virt" ]; then
	python3 - "$first" "$work/tampered.elf" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
# the first PT_LOAD segment with PF_W: flip bit 0 of its first word
phoff, = struct.unpack_from('<Q', d, 0x20)
phnum, = struct.unpack_from('<H', d, 0x38)
for i in range(phnum):
    p_type, p_flags, p_offset = struct.unpack_from('<IIQ', d, phoff + 56 * i)
    if p_type == 1 and p_flags & 2:
        d[p_offset] ^= 1
        break
open(sys.argv[2], 'wb').write(d)
PY
	"$CHECK" "$RELOK_BUILD/vmlinux" "$work/tampered.elf" "$virt" >"$work/tampered.log" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q 'differing=[1-9]' "$work/tampered.log"; then
		pass "relink-detects-a-changed-byte"
	else
		fail "relink-detects-a-changed-byte" "exit $rc (log: $work/tampered.log)"
	fi
else
	fail "relink-detects-a-changed-byte" "no relinked image to tamper with"
fi

summary
