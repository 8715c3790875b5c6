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
	if qemu-system-aarch64 -M virt,dumpdtb="$out/qemu-virt.dtb" -m 1G \
		-display none >/dev/null 2>&1; then
		dtc -q -I dtb -O dtb -o "$out/qemu-virt-packed.dtb" "$out/qemu-virt.dtb"
	else
		rm -f "$out/qemu-virt.dtb"
	fi
fi
