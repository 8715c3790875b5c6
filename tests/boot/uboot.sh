#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Boot from Debian's U-Boot (qemu_arm64 u-boot.bin as -bios), with no
# person at the prompt: each case builds a disk with a boot.scr that
# U-Boot's distro boot finds on virtio 0:1.  The script sets a kaslr-seed
# in U-Boot's own DTB (${fdtcontroladdr}) with "fdt", loads the Image from
# the disk or boots the one the QEMU loader put in RAM in place, loads an
# initrd, and runs booti.  Checked: phys= is the script's address, the
# standard boot checks, the entry EL, the initrd and the seed reaching the
# kernel's DTB.  Then the same firmware's UEFI: distro boot running the
# Image as \EFI\BOOT\BOOTAA64.EFI.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"

QEMU_TIMEOUT=${UBOOT_TIMEOUT:-20}
DISK_MIB=8
work=$(fw_work uboot)
initrd=$work/initrd.cpio
tiny_initrd "$initrd"

# The seed the kernel was given: U-Boot prints it ("fdt print") before booti.
uboot_seed() {
	sed -n 's/^kaslr-seed = <\(.*\)>;\{0,1\}$/\1/p' "$LOG" | head -n1
}

# check_uboot NAME EL ADDR SEED: check_boot plus firmware-specific checks.
check_uboot() {
	local name=$1 el=$2 addr=$3 seed=$4
	check_boot "uboot-$name" "$addr" "$el"
	if grep -q '^ *Loading Ramdisk to ' "$LOG" && ! grep -q 'booti returned' "$LOG"; then
		pass "uboot-$name-initrd"
	else
		fail "uboot-$name-initrd" "U-Boot did not hand over the initrd (log: $LOG)"
	fi
	if [ "$seed" != qemu ] && [ "$(uboot_seed)" != "$seed" ]; then
		fail "uboot-$name-seed" "script seed <$seed> not in the DTB: '$(uboot_seed)' (log: $LOG)"
	elif [ "$seed" = qemu ] && [ -z "$(uboot_seed)" ]; then
		fail "uboot-$name-seed" "no kaslr-seed passed through from QEMU (log: $LOG)"
	else
		pass "uboot-$name-seed"
	fi
}

MiB=$((1 << 20))
# name el addr how seed ram.  Slots avoid U-Boot's load area for scripts
# (0x40200000), ramdisk_addr_r (0x44000000) and the top of RAM, where
# U-Boot relocates itself, the initrd and the DTB.
cases=(
	"el1-load-low    1 $((0x40400000)) load    0x12345678_0x9abcdef0 1G"
	"el2-load-mid    2 $((0x50000000)) load    0x0badc0de_0x00c0ffee 1G"
	"el1-inplace-hi  1 $((0x7c000000)) inplace 0x01020304_0x05060708 1G"
	"el2-inplace-2g  2 $((0xa0000000)) inplace 0xfedcba98_0x76543210 2G"
	"el2-qemu-seed   2 $((0x60000000)) inplace qemu                  1G"
)
for c in "${cases[@]}"; do
	set -- $c
	seed=${5/_/ }
	uboot_boot "$1" "$2" "$3" "$4" "$seed" "$6"
	check_uboot "$1" "$2" "$3" "$seed"
	# Remember the virtual placement for the KASLR comparison below.
	eval "virt_$(echo "$1" | tr - _)=\$(report kaslr virt)"
done

# With KASLR in the kernel (line "relok: kaslr enabled ..."), the seed set
# by the script decides the virtual base: the same seed twice gives the
# same base, another seed (most likely) another one.
if grep -q '^relok: kaslr enabled' "$RELOK_LOGS/$TOOLCHAIN-uboot-el1-load-low.log"; then
	uboot_boot same-seed 1 $((0x40400000)) load "0x12345678 0x9abcdef0" 1G
	if [ "$(report kaslr virt)" = "$virt_el1_load_low" ]; then
		pass "uboot-kaslr-seed-decides-virt"
	else
		fail "uboot-kaslr-seed-decides-virt" \
			"same seed, virt=$(report kaslr virt) vs $virt_el1_load_low (log: $LOG)"
	fi
	if [ "$virt_el1_load_low" != "$virt_el2_load_mid" ]; then
		pass "uboot-kaslr-seeds-differ"
	else
		fail "uboot-kaslr-seeds-differ" "two seeds gave the same virt=$virt_el2_load_mid"
	fi
else
	echo "note: kernel without KASLR, seed-to-virt checks skipped"
fi

# U-Boot's own UEFI: a disk with no boot script, only
# \EFI\BOOT\BOOTAA64.EFI, makes distro boot run the Image as an EFI
# application, so the EFI stub runs on U-Boot's EFI services (its memory
# map, its DTB, its EFI_RNG_PROTOCOL over virtio-rng) rather than EDK2's.
# uboot_efi_boot NAME EL [qemu args...]
uboot_efi_boot() {
	local name=$1 el=$2 virt=off
	shift 2
	[ "$el" = 2 ] && virt=on
	local dir=$work/efi-$name
	mkdir -p "$dir"
	mbr_fat_disk "$dir/disk.img" $DISK_MIB || return 1
	efi_install "$dir/disk.img@@$((PART_START_SECTOR * SECTOR))" "$IMAGE" || return 1
	LOG=$RELOK_LOGS/$TOOLCHAIN-uboot-efi-$name.log
	run_qemu "$LOG" -M "virt,virtualization=$virt" -cpu max -m 1G \
		-bios "$UBOOT_BIN" -drive "if=virtio,format=raw,file=$dir/disk.img" "$@"
}

# check_uboot_efi NAME EL RNG: U-Boot ran BOOTAA64.EFI, then the EFI boot
# checks (fwlib.inc).
check_uboot_efi() {
	if ! grep -q 'Booting /efi.boot.bootaa64.efi' "$LOG"; then
		fail "uboot-efi-$1-ran" "U-Boot did not run BOOTAA64.EFI (log: $LOG)"
	else
		pass "uboot-efi-$1-ran"
	fi
	check_efi_boot "uboot-efi-$1" "$2" "$3"
}

uboot_efi_boot el1-rng 1 -device virtio-rng-pci
check_uboot_efi el1-rng 1 yes
uboot_efi_boot el2-norng 2
check_uboot_efi el2-norng 2 no

summary
