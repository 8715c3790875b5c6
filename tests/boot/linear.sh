#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Linear map: for several RAM sizes and bank layouts, the block counts the
# kernel reports must equal an independent host computation (greedy:
# 1 GiB blocks where aligned, then 2 MiB, then 4 KiB pages) over the
# /memory banks of the same machine's DTB.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
G=$((1 << 30)) M2=$((1 << 21)) K4=$((1 << 12))

# banks DTB: "base size" per line, from every memory node's reg (2+2 cells).
banks() {
	local node c
	for node in $(fdtget -l "$1" / | grep '^memory'); do
		read -r -a c <<<"$(fdtget -t x "$1" "/$node" reg)"
		for ((i = 0; i + 3 < ${#c[@]}; i += 4)); do
			echo "$(( (0x${c[i]} << 32) | 0x${c[i + 1]} )) $(( (0x${c[i + 2]} << 32) | 0x${c[i + 3]} ))"
		done
	done
}

# expected BANKS...: "g m p phys_offset" for the greedy mapping of the banks.
expected() {
	local g=0 m=0 p=0 low= base size s e
	while read -r base size; do
		s=$(( (base + K4 - 1) / K4 * K4 )); e=$(( (base + size) / K4 * K4 ))
		[ -z "$low" ] || [ "$base" -lt "$low" ] && low=$base
		while [ "$s" -lt "$e" ]; do
			if (( s % G == 0 && s + G <= e )); then g=$((g + 1)); s=$((s + G))
			elif (( s % M2 == 0 && s + M2 <= e )); then m=$((m + 1)); s=$((s + M2))
			else p=$((p + 1)); s=$((s + K4)); fi
		done
	done
	echo "$g $m $p $(hex $(( low / G * G )))"
}

# case NAME QEMU-ARGS...: boot, compare.
linear_case() {
	local name=$1 want got
	shift
	dump_dtb "$work/$name.dtb" virt "$@"
	want=$(banks "$work/$name.dtb" | expected)
	boot_at "$name" kernel -M virt "$@"
	check_boot "$name" $((RAM_BASE + 0x200000)) 1
	got="$(report linear blocks_1g) $(report linear blocks_2m) $(report linear pages_4k) $(report linear phys_offset)"
	if [ "$got" = "$want" ]; then
		pass "$name-counts"
	else
		fail "$name-counts" "kernel says '$got', host computes '$want' (1g 2m 4k phys_offset)"
	fi
}

numa() {	# sizes...: one NUMA node per size
	local i=0 a=()
	for s in "$@"; do
		a+=(-object "memory-backend-ram,id=m$i,size=$s" -numa "node,memdev=m$i")
		i=$((i + 1))
	done
	echo "${a[@]}"
}

linear_case mem-1g -cpu cortex-a57 -m 1G
linear_case mem-1023m -cpu cortex-a57 -m 1023M
linear_case mem-2050m -cpu cortex-a72 -m 2050M
linear_case mem-3001m -cpu cortex-a53 -m 3001M
linear_case mem-6g -cpu max -m 6G
# shellcheck disable=SC2046
linear_case numa-1g-514m -cpu cortex-a57 -m 1538M $(numa 1G 514M)
# shellcheck disable=SC2046
linear_case numa-3-banks -cpu cortex-a57 -m 1601M $(numa 512M 1M 1088M)

# Linear aliases must never be executable, the identity map must be gone.
grep -q '^relok: selftest wx ok' "$LOG" && pass wx-selftest-reported ||
	fail wx-selftest-reported "no 'selftest wx ok' line (log: $LOG)"

summary
