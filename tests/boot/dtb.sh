#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Bad device trees: the kernel must say why and power off (or carry on
# safely with a warning), never hang.  The blobs are handed over through
# the shim's DTB override (a raw -device loader blob), so QEMU never parses
# or patches them.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DTB_ADDR=$RAW_DTB_AT
KADDR=$RAW_IMAGE_AT
dump_dtb "$work/good.dtb" virt -cpu cortex-a57 -m 1G
dtb_size=$(stat -c %s "$work/good.dtb")

# boot_dtb NAME FILE [ADDR]: boot with FILE as the DTB at ADDR (x0 = ADDR).
boot_dtb() {
	local name=$1 file=$2 addr=${3:-$DTB_ADDR}
	shim_dtb "$file" "$addr"
	boot_at "$name" $KADDR -M virt -cpu cortex-a57 -m 1G
}

# expect_panic NAME FILE PATTERN [ADDR]
expect_panic() {
	local name=$1 file=$2 pattern=$3 addr=${4:-}
	boot_dtb "$name" "$file" $addr
	if [ "$QEMU_RC" -ne 0 ]; then
		fail "$name" "qemu exit status $QEMU_RC: a hang? (log: $LOG)"
	elif grep -qx 'relok: ready' "$LOG"; then
		fail "$name" "booted to ready on a bad DTB (log: $LOG)"
	elif ! grep -q "^relok: panic: .*$pattern" "$LOG"; then
		fail "$name" "no panic matching '$pattern': $(head -c 300 "$LOG")"
	else
		pass "$name"
	fi
}

# patch FILE OFFSET HEX32: overwrite a big-endian word.
patch32() {
	printf "$(printf '\\x%s' $(printf '%08x' "$3" | sed 's/../& /g'))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# A good blob through the same path boots (so the failures below mean something).
boot_dtb good "$work/good.dtb"
check_boot good-dtb-via-loader $KADDR 1
[ "$(report boot dtb)" = "$(hex $DTB_ADDR)" ] && pass good-dtb-address || fail good-dtb-address "dtb=$(report boot dtb)"

cp "$work/good.dtb" "$work/magic.dtb"; patch32 "$work/magic.dtb" 0 0xd00dfeee
expect_panic bad-magic "$work/magic.dtb" "bad device tree: dtb: .*magic"

cp "$work/good.dtb" "$work/size.dtb"; patch32 "$work/size.dtb" 4 0x7fffffff
expect_panic huge-totalsize "$work/size.dtb" "bad device tree: dtb: .*totalsize"

cp "$work/good.dtb" "$work/ver.dtb"; patch32 "$work/ver.dtb" 20 15; patch32 "$work/ver.dtb" 24 15
expect_panic old-version "$work/ver.dtb" "bad device tree: dtb: .*version"

cp "$work/good.dtb" "$work/off.dtb"; patch32 "$work/off.dtb" 8 $((dtb_size + 64))
expect_panic struct-offset-out-of-range "$work/off.dtb" "bad device tree: dtb: "

head -c 200 "$work/good.dtb" >"$work/trunc.dtb"
expect_panic truncated "$work/trunc.dtb" "bad device tree: dtb: "

expect_panic misaligned-dtb "$work/good.dtb" "bad device tree: dtb: .*align" $((DTB_ADDR + 4))

dd if=/dev/zero of="$work/zero.dtb" bs=4096 count=1 status=none
expect_panic no-dtb-there "$work/zero.dtb" "bad device tree: dtb: .*magic"

cp "$work/good.dtb" "$work/nomem.dtb"
for n in $(fdtget -l "$work/nomem.dtb" / | grep '^memory'); do fdtput -r "$work/nomem.dtb" "/$n"; done
expect_panic no-memory "$work/nomem.dtb" "/memory"

cp "$work/good.dtb" "$work/psci.dtb"; fdtput -t s "$work/psci.dtb" /psci method bogus
expect_panic bad-psci-method "$work/psci.dtb" "/psci"

cp "$work/good.dtb" "$work/reg.dtb"
mem=$(fdtget -l "$work/reg.dtb" / | grep -m1 '^memory')
fdtput -t x "$work/reg.dtb" "/$mem" reg 0 40000000 0
expect_panic bad-memory-reg "$work/reg.dtb" "/memory"

# A DTB inside the Image's BSS/page-table area (a loader ignoring
# image_size) is named as such before BSS is cleared over it.
file_size=$(stat -c %s "$IMAGE")
inside=$(( (KADDR + file_size + 0x1000) / 8 * 8 ))
dtc -q -I dtb -O dtb -o "$work/compact.dtb" "$work/good.dtb"	# QEMU pads its DTB to 1 MiB
if [ $((inside + $(stat -c %s "$work/compact.dtb"))) -lt $((KADDR + $(image_size))) ]; then
	boot_dtb dtb-inside-image "$work/compact.dtb" $inside
	grep -q "^relok: panic: the DTB at 0x0*$(printf '%x' $inside) lies inside the memory the Image needs" "$LOG" &&
		[ "$QEMU_RC" -eq 0 ] && pass dtb-inside-image ||
		fail dtb-inside-image "rc=$QEMU_RC: $(head -c 200 "$LOG")"
else
	fail dtb-inside-image "image_size leaves no room past the file for a DTB"
fi

# More RAM banks than the kernel maps (MAX_MEM_BANKS = 16): a clear panic.
numa=()
for i in $(seq 0 16); do
	numa+=(-object "memory-backend-ram,id=m$i,size=64M" -numa "node,memdev=m$i")
done
boot_at too-many-banks kernel -M virt -cpu cortex-a57 -m 1088M "${numa[@]}"
if [ "$QEMU_RC" -eq 0 ] && grep -q '^relok: panic: device tree /memory: .*bank' "$LOG"; then
	pass too-many-banks
else
	fail too-many-banks "rc=$QEMU_RC: $(grep -m1 panic "$LOG")"
fi

# No stdout-path: carry on with the fallback console and say so.
cp "$work/good.dtb" "$work/nostdout.dtb"; fdtput -d "$work/nostdout.dtb" /chosen stdout-path
boot_dtb no-stdout-path "$work/nostdout.dtb"
check_boot no-stdout-path $KADDR 1
grep -q '^relok: warning: no PL011 named by /chosen/stdout-path' "$LOG" && pass no-stdout-path-warns ||
	fail no-stdout-path-warns "no warning (log: $LOG)"

summary
