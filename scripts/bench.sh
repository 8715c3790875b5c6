#!/bin/bash
# SPDX-License-Identifier: MIT
#
# make bench: the boot-time relocation cost, RELA against RELR, GNU and
# LLVM builds, at several relocation counts.  Each configuration is built
# with BENCH_RELOCS=N (scripts/bench_relocs.c) in a directory of its own
# and booted once under QEMU with -icount shift=0, where QEMU implements
# the PMU's INST_RETIRED event and the kernel's cost lines carry insns=,
# exact instructions (asm/boot_cost.h): the numbers are the same on every
# run.  The boot is "nokaslr noselftest": QEMU puts a new
# kaslr-seed in every DTB, and the self-tests are not part of a real boot.
# Prints a Markdown table on stdout, then the load's shape (density, run
# lengths) and the host harness's numbers for the same loads
# (scripts/bench_host.c: ns per pointer, and host instructions per pointer
# under valgrind --tool=callgrind if installed).
#   scripts/bench.sh [COUNTS...]     default: 1000 10000 150000 1000000
#   scripts/bench.sh --parse LOG     the numbers one boot log gives a table row
# Environment: BENCH_DIR (build directories; default /tmp/relok-bench,
# make bench: $(O)/bench, which make clean removes),
# BENCH_TOOLS (directory of the built bench_relocs and bench_host).
set -eu
srctree=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/relok-bench}
counts=${*:-1000 10000 150000 1000000}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-120}

case ${1:-} in -h|--help) sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

# value KEY LINE-PREFIX: KEY=value from the boot log's first matching line
value() { sed -n "s/^relok: $2 .*\\b$1=\\([^ ]*\\).*/\\1/p" "$log" | head -n1; }
# phase NAME: insns= of "relok: cost phase=NAME cycles=<n> insns=<n>"
phase() { sed -n "s/^relok: cost phase=$1 .*\\binsns=\\([0-9]*\\).*/\\1/p" "$log"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

# parse_log: a row's numbers from $log into applied, meta, reloc, total,
# fmt; fails if the cost lines carry no insns= (no INST_RETIRED counted).
parse_log() {
	applied=$(value relocs cost)
	meta=$(value meta-bytes cost)
	reloc=$(phase reloc)
	total=$(phase total)
	fmt=$(value format relocs)
	[ -n "$reloc" ] && [ -n "$total" ] && [ -n "$applied" ]
}

if [ "${1:-}" = --parse ]; then
	log=${2:?usage: bench.sh --parse LOG}
	[ -r "$log" ] || { echo "bench: cannot read $log" >&2; exit 2; }
	parse_log || { echo "bench: $log: no 'relok: cost phase=... insns=' lines" >&2; exit 1; }
	echo "format=$fmt relocs=$applied meta-bytes=$meta reloc-insns=$reloc total-insns=$total"
	exit 0
fi

echo "| toolchain | format | relocations | metadata bytes | bytes/ptr | insns/ptr | reloc insns | other insns | other % | total insns | Image bytes |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $counts; do
	for tc in gnu llvm; do
		for relr in 0 1; do
			o=$dir/$tc-relr$relr-$n
			llvm=; [ $tc = llvm ] && llvm=LLVM=1
			make -s -C "$srctree" O="$o" $llvm RELR=$relr BENCH_RELOCS="$n" all >"$dir.build.log" 2>&1 ||
				{ echo "bench: build failed: $tc RELR=$relr N=$n (see $dir.build.log)" >&2; exit 1; }
			log=$o/boot.log
			timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-aarch64 -M virt -cpu max -m 1G \
				-nographic -no-reboot -nic none -monitor none -icount shift=0 \
				-append "nokaslr noselftest" -kernel "$o/arch/arm64/boot/Image" </dev/null 2>&1 | tr -d '\r' >"$log" || true
			grep -qx 'relok: ready' "$log" ||
				{ echo "bench: boot failed: $tc RELR=$relr N=$n (see $log)" >&2; exit 1; }
			parse_log ||
				{ echo "bench: no insns= on the cost lines: $tc RELR=$relr N=$n (see $log)" >&2; exit 1; }
			other=$((total - reloc))
			size=$(stat -c %s "$o/arch/arm64/boot/Image")
			echo "| $tc | $fmt | $applied | $meta | $(ratio "$meta" "$applied") |" \
			     "$(ratio "$reloc" "$applied") | $reloc | $other |" \
			     "$(awk -v a=$other -v b=$total 'BEGIN { printf "%.1f", 100 * a / b }') | $total | $size |"
		done
	done
done

# The load each count stands for, and the inner loops on the host.
tools=${BENCH_TOOLS:-$dir/gnu-relr1-${counts%% *}/scripts}
echo
echo "Load (scripts/bench_relocs --stats N):"
echo
for n in $counts; do
	echo "- N=$n: $("$tools/bench_relocs" --stats "$n" | paste -sd ';' | sed 's/;/; /g')"
done
echo
echo "| host: algorithm | relocations | ns/ptr | host insns/ptr (callgrind) | AArch64 insns/ptr (model of relocate_relr.S) |"
echo "|---|---:|---:|---:|---:|"
for n in $counts; do
	out=$("$tools/bench_host" "$n") || { echo "bench: bench_host $n failed" >&2; exit 1; }
	for algo in rela relr model; do
		line=$(grep "^$algo " <<<"$out")
		ns=$(sed -n 's/.* ns-per-ptr=\([^ ]*\).*/\1/p' <<<"$line")
		a64=$(sed -n 's/.* aarch64-insns-per-ptr=\([^ ]*\).*/\1/p' <<<"$line")
		ir=-
		if command -v valgrind >/dev/null; then
			cg=$dir.callgrind.$algo.$n
			valgrind --tool=callgrind --callgrind-out-file="$cg" \
				--toggle-collect=bench_host_run "$tools/bench_host" --run "$algo" "$n" \
				>/dev/null 2>&1 || { echo "bench: callgrind $algo $n failed" >&2; exit 1; }
			ir=$(ratio "$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$cg")" "$n")
			rm -f "$cg"
		fi
		echo "| $algo | $n | $ns | $ir | ${a64:--} |"
	done
done
