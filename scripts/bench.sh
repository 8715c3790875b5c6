#!/bin/bash
# SPDX-License-Identifier: MIT
#
# make bench: the boot-time relocation cost on a real kernel's relocation
# layout, replayed (make BENCH_RELOCS_FROM=FILE), for GNU and LLVM builds:
# RELR and RELA with reloc.c's pass, and RELR with Linux's loop
# (BENCH_RELR_LOOP=linux) on the very same table.  Each configuration is
# built in a directory of its own and booted once under QEMU with -icount
# shift=0, where the PMU cycle counter counts instructions exactly
# (asm/boot_cost.h): the numbers are the same on every run.  Boots are
# "nokaslr noselftest" (a fixed layout, and no self-tests, which are not
# part of a real boot).  Prints Markdown on stdout.
#   scripts/bench.sh [LAYOUT]
#   scripts/bench.sh --parse LOG     the numbers one boot log gives a row
# LAYOUT is one hex byte offset per line (scripts/relocs_extract prints
# them; .xz allowed).  Without it, Debian's arm64 kernel is fetched
# (scripts/deps.sh arm64 linux-image-arm64) and its RELA table extracted
# into the bench directory (never into the source tree).
# Environment: BENCH_DIR (build directories; default /tmp/relok-bench),
# BENCH_TOOLS (directory with the built relocs_extract).
set -eu
srctree=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/relok-bench}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-120}
tools=${BENCH_TOOLS:-}

case ${1:-} in -h|--help) sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

# field KEY: KEY=value from the first log line that has it
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$log" | head -n1; }
# phase NAME: insns= of "relok: cost phase=NAME cycles=<n> insns=<n>" (only
# present when the counter counts instructions: asm/boot_cost.h)
phase() { sed -n "s/^relok: cost phase=$1 .*\\binsns=\\([0-9]*\\).*/\\1/p" "$log"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

if [ "${1:-}" = --parse ]; then
	log=${2:?usage: bench.sh --parse LOG}
	[ -r "$log" ] || { echo "bench: cannot read $log" >&2; exit 2; }
	[ -n "$(phase total)" ] || { echo "bench: $log: no 'relok: cost phase=... insns=' lines" >&2; exit 1; }
	echo "format=$(field format) relocs=$(field relocs) meta-bytes=$(field meta-bytes)" \
	     "reloc-insns=$(phase reloc) total-insns=$(phase total)"
	exit 0
fi
mkdir -p "$dir"

layout=${1:-}
if [ -z "$layout" ]; then
	[ -n "$tools" ] || { echo "bench: give a LAYOUT or BENCH_TOOLS (run make bench)" >&2; exit 2; }
	pkg=$("$srctree/scripts/deps.sh" arm64 linux-image-arm64)
	kernel=$(ls "$pkg"/boot/vmlinuz-* | head -n1)
	image=$dir/linux-Image
	if [ "$(head -c2 "$kernel" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		zcat "$kernel" >"$image"
	else
		cp "$kernel" "$image"
	fi
	layout=$dir/linux-relocs.txt
	"$tools/relocs_extract" "$image" >"$layout"
	source_desc="Debian's $(cat "$pkg/.unpacked" | sed 's/_arm64.deb//; s/_/ /')"
else
	source_desc=$layout
fi

# boot NAME MAKEARGS...: build and boot one configuration; sets log and o.
boot() {
	local name=$1
	shift
	o=$dir/$name
	make -s -C "$srctree" O="$o" BENCH_RELOCS_FROM="$layout" "$@" all >"$o.build.log" 2>&1 ||
		{ echo "bench: build failed: $name (see $o.build.log)" >&2; exit 1; }
	log=$o/boot.log
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-aarch64 -M virt -cpu max -m 1G \
		-nographic -no-reboot -nic none -monitor none -icount shift=0 \
		-append "nokaslr noselftest" -kernel "$o/arch/arm64/boot/Image" </dev/null 2>&1 |
		tr -d '\r' >"$log" || true
	grep -qx 'relok: ready' "$log" || { echo "bench: boot failed: $name (see $log)" >&2; exit 1; }
	[ -n "$(phase total)" ] || { echo "bench: no insns= on the cost lines: $name (see $log)" >&2; exit 1; }
}

# Bytes of the early relocation code in a vmlinux: the RELR decoder alone,
# and every function named for relocation in .head.text/.pi.text.
code_sizes() {
	local vmlinux=$1 nm=$2 dec=0 all=0 addr size type name
	while read -r addr size type name; do
		[ -n "$name" ] || continue		# no size: not a function body
		case $type in t | T) ;; *) continue ;; esac
		case $name in __pi_*rel*) ;; *) continue ;; esac
		all=$((all + 16#$size))
		[ "$name" != __pi_reloc_relr_apply ] || dec=$((16#$size))
	done < <("$nm" -S "$vmlinux")
	echo "$dec $all"
}

echo "Layout: $source_desc, replayed: $("$tools/bench_relocs" --stats --from "$layout" 2>/dev/null ||
	echo "$(wc -l <"$layout") offsets")"
echo
echo "| toolchain | format | loop | pointers | metadata bytes | reloc insns | insns/ptr | dcache insns | other insns | total boot insns | Image bytes |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A total linux_reloc ptrs
for tc in gnu llvm; do
	llvm=; [ $tc = llvm ] && llvm=LLVM=1
	for cfg in relr:reloc.c:RELR=1 rela:reloc.c:RELR=0 relr:linux:BENCH_RELR_LOOP=linux; do
		IFS=: read -r fmt loop arg <<<"$cfg"
		boot "$tc-$fmt-${loop%.c}" $llvm $arg
		reloc=$(phase reloc)
		dc=$(phase dcache)
		tot=$(phase total)
		n=$(field relocs)
		[ "$loop" = linux ] && n=${ptrs[$tc]}
		meta=$(field meta-bytes)
		other=$((tot - reloc - dc))
		echo "| $tc | $(field format) | $loop | $n | $meta | $reloc | $(ratio "$reloc" "$n") |" \
		     "$dc | $other | $tot | $(stat -c %s "$o/arch/arm64/boot/Image") |"
		if [ "$loop" = linux ]; then
			linux_reloc[$tc]=$reloc
		elif [ "$fmt" = relr ]; then
			total[$tc]=$tot
			ptrs[$tc]=$n
		fi
	done
done
echo
# Linux's loop as its best compiler builds it: the fairer yardstick.
best=${linux_reloc[gnu]}
[ "${linux_reloc[llvm]}" -ge "$best" ] || best=${linux_reloc[llvm]}
echo "| toolchain | decoder bytes | early relocation bytes | Linux loop insns/ptr | ours: whole boot / Linux loop alone | whole boot / the cheaper Linux loop |"
echo "|---|---:|---:|---:|---:|---:|"
for tc in gnu llvm; do
	nm=aarch64-linux-gnu-nm; [ $tc = llvm ] && nm=llvm-nm
	read -r dec all < <(code_sizes "$dir/$tc-relr-reloc/vmlinux" $nm)
	echo "| $tc | $dec | $all | $(ratio "${linux_reloc[$tc]}" "${ptrs[$tc]}") |" \
	     "$(ratio "${total[$tc]}" "${linux_reloc[$tc]}") | $(ratio "${total[$tc]}" "$best") |"
done
