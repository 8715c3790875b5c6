#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The Image header, per booting.rst: magic, text_offset 0, image_size
# covering the whole memory footprint (to _end, incl. BSS and page tables),
# flags LE + 4K + placement anywhere; file(1) must recognise it.  And the
# ELF: three load segments, none writable and executable.
set -u
. "$(dirname "$0")/lib.sh"

u64() { od -An -t u8 -j "$1" -N 8 "$IMAGE" | tr -d ' '; }
u32() { od -An -t u4 -j "$1" -N 4 "$IMAGE" | tr -d ' '; }
ARM64_MAGIC=$((0x644d5241))
FLAGS_EXPECTED=$((0xa))

sym() { "${NM:-nm}" "$VMLINUX" 2>/dev/null | awk -v s="$1" '$3 == s { print $1 }'; }
NM=aarch64-linux-gnu-nm
command -v $NM >/dev/null || NM=llvm-nm

[ "$(u32 56)" -eq $ARM64_MAGIC ] && pass header-magic || fail header-magic "$(u32 56)"
[ "$(u64 8)" -eq 0 ] && pass header-text-offset-0 || fail header-text-offset-0 "$(u64 8)"
[ "$(u64 24)" -eq $FLAGS_EXPECTED ] && pass header-flags || fail header-flags "flags=$(u64 24)"
want=$(( 0x$(sym _end) - 0x$(sym _head) ))
[ "$(u64 16)" -eq "$want" ] && pass header-image-size ||
	fail header-image-size "image_size=$(u64 16), _end - _head = $want"
[ "$(u64 16)" -gt "$(stat -c %s "$IMAGE")" ] && pass image-size-covers-bss ||
	fail image-size-covers-bss "image_size is not larger than the file"
file -b "$IMAGE" | grep -q 'Linux kernel ARM64 boot executable Image, little-endian, 4K pages' &&
	pass file-recognises-image || fail file-recognises-image "file says: $(file -b "$IMAGE")"

readelf=aarch64-linux-gnu-readelf
command -v $readelf >/dev/null || readelf=llvm-readelf
loads=$($readelf -lW "$VMLINUX" | awk '$1 == "LOAD"')
[ "$(echo "$loads" | wc -l)" -eq 3 ] && pass three-load-segments || fail three-load-segments "$loads"
echo "$loads" | grep -q 'RWE' && fail no-rwx-segment "$loads" || pass no-rwx-segment
$readelf -SW "$VMLINUX" | grep -qE ' \.(interp|dynsym|hash|gnu\.hash) ' &&
	fail dynamic-linker-sections-discarded "$($readelf -SW "$VMLINUX" | grep -E 'interp|dynsym|hash')" ||
	pass dynamic-linker-sections-discarded
$readelf -SW "$VMLINUX" | grep -q ' \.rela\.dyn ' && pass rela-dyn-kept || fail rela-dyn-kept "no .rela.dyn"

summary
