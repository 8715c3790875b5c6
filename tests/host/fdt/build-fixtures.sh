#!/bin/sh
# Compile the FDT test fixtures into the directory given as $1:
#   <name>.dtb for every <name>.dts next to this script,
#   virt-v16.dtb (same tree, blob version 16), virt-padded.dtb (free space
#   at the end, spare reservation entries),
#   qemu-virt.dtb / qemu-virt-packed.dtb when qemu-system-aarch64 is
#   installed (the test skips those cases otherwise).
set -eu

out=${1:?usage: build-fixtures.sh OUTDIR}
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

for dts in "$src"/*.dts; do
	name=$(basename "$dts" .dts)
	dtc -q -I dts -O dtb -o "$out/$name.dtb" "$dts"
done
dtc -q -I dts -O dtb -V 16 -o "$out/virt-v16.dtb" "$src/virt.dts"
dtc -q -I dts -O dtb -p 512 -R 3 -o "$out/virt-padded.dtb" "$src/virt.dts"

rm -f "$out/qemu-virt.dtb" "$out/qemu-virt-packed.dtb"
if command -v qemu-system-aarch64 >/dev/null 2>&1; then
	# QEMU is there, so a failed dump is a broken set-up, not a reason to
	# skip: say so and fail rather than quietly test less.
	if ! err=$(qemu-system-aarch64 -M virt,dumpdtb="$out/qemu-virt.dtb" -m 1G \
		-display none -nic none 2>&1 >/dev/null); then
		rm -f "$out/qemu-virt.dtb"
		echo "build-fixtures: qemu-system-aarch64 could not dump the virt DTB: $err" >&2
		exit 1
	fi
	dtc -q -I dtb -O dtb -o "$out/qemu-virt-packed.dtb" "$out/qemu-virt.dtb"
fi
