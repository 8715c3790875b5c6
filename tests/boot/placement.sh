#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Boot the Image at many physical addresses, at EL1 and EL2, on several
# CPUs: every boot must report phys= where it was put, apply exactly the
# relocations relocs_check counts, pass its self-tests and reach ready.
set -u
. "$(dirname "$0")/lib.sh"

size=$(image_size)
align=$((0x200000))
# The slot just under the end of RAM that still holds image_size bytes.
top_slot() { echo $(( (RAM_BASE + $1 - size) / align * align )); }
GiB=$((1 << 30))

# -kernel: QEMU puts a text_offset-0 Image at RAM base + 2 MiB.
for cpu in cortex-a53 cortex-a57 cortex-a72 max; do
	for v in off on; do
		el=1; [ $v = on ] && el=2
		boot_at "kernel-$cpu-el$el" kernel -M virt,virtualization=$v -cpu $cpu -m 1G
		check_boot "kernel-$cpu-el$el" $((RAM_BASE + align)) $el
	done
done

# Placed by the shim.  0x40000000 holds QEMU's own boot stub with -kernel,
# 0x47e00000 the shim and 0x48000000 QEMU's DTB, so those slots are skipped.
placements=(
	"low      1G $((RAM_BASE + 2 * align))"
	"mid      1G $((0x50000000))"
	"above-dtb 1G $((0x48200000))"
	"top-1g   1G $(top_slot $GiB)"
	"top-2g   2G $(top_slot $((2 * GiB)))"
	"4g       6G $((0x100000000))"
	"above-4g 6G $((0x140600000))"
	"top-6g   6G $(top_slot $((6 * GiB)))"
)
for p in "${placements[@]}"; do
	set -- $p
	for v in off on; do
		el=1; [ $v = on ] && el=2
		cpu=cortex-a57; [ $v = on ] && cpu=max
		boot_at "shim-$1-el$el" "$3" -M virt,virtualization=$v -cpu $cpu -m "$2"
		check_boot "shim-$1-el$el" "$3" $el
	done
done

# 4 KiB but not 2 MiB aligned: boots, with a warning and the low bits kept
# (nokaslr, so the expected virtual address is the link address + 4 KiB).
addr=$((0x40401000))
boot_at shim-4k-aligned $addr -M virt -cpu cortex-a72 -m 1G -append nokaslr
check_boot shim-4k-aligned $addr 1
if grep -q '^relok: warning: Image at 0x40401000 is not 2 MiB aligned' "$LOG" &&
   [ "$(report kaslr virt)" = "$(hex $((0xffff800080000000 + 0x1000)))" ]; then
	pass "4k-aligned-warns-and-keeps-offset"
else
	fail "4k-aligned-warns-and-keeps-offset" "no warning or wrong virt= (log: $LOG)"
fi

# noselftest: a production-style boot, no self-tests, still ready.
boot_at noselftest kernel -M virt -cpu cortex-a57 -m 1G -append noselftest
if [ "$QEMU_RC" -eq 0 ] && grep -qx 'relok: selftests skipped (noselftest)' "$LOG" &&
   ! grep -q '^relok: selftest ' "$LOG" && grep -qx 'relok: ready' "$LOG"; then
	pass noselftest-skips-selftests
else
	fail noselftest-skips-selftests "rc=$QEMU_RC (log: $LOG)"
fi

# Not even 4 KiB aligned: a clear panic and power-off, never a hang.
addr=$((0x40400010))
boot_at shim-misaligned $addr -M virt -cpu cortex-a57 -m 1G
if [ "$QEMU_RC" -eq 0 ] &&
   grep -q '^relok: panic: Image loaded at 0x0000000040400010, which is not 4 KiB aligned' "$LOG"; then
	pass "misaligned-panics"
else
	fail "misaligned-panics" "rc=$QEMU_RC, no panic line (log: $LOG)"
fi

summary
