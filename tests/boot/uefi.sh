#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Boot the Image as a UEFI application under Debian's EDK2 (QEMU_EFI.fd as
# -bios, -M virt,acpi=off so that EDK2 installs the DTB): from
# \EFI\BOOT\BOOTAA64.EFI on a FAT disk and through QEMU -kernel (with an
# initrd of modules), with and without EFI_RNG_PROTOCOL (virtio-rng-pci),
# at EL1 and EL2.  EDK2 under
# TCG is slow, so the cases are few and each one checks several things.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"

QEMU_TIMEOUT=${UEFI_TIMEOUT:-60}
work=$(fw_work uefi)

# The PE/COFF view of the Image: file(1), objdump and sbverify read it.
pe_checks() {
	local why=
	if ! file -b "$IMAGE" | grep -q '^Linux kernel ARM64 boot executable Image'; then
		why="file(1) says: $(file -b "$IMAGE")"
	elif [ "$(head -c 2 "$IMAGE")" != MZ ]; then
		why="no MZ at offset 0"
	elif ! aarch64-linux-gnu-objdump -p "$IMAGE" >"$work/objdump.txt" 2>&1 ||
	     ! grep -q 'Subsystem.*(EFI application)' "$work/objdump.txt"; then
		why="objdump -p does not see an EFI application (see $work/objdump.txt)"
	elif [ "$(awk '$1 == "SizeOfImage" { print $2 }' "$work/objdump.txt")" != \
	       "$(printf '%08x' "$(image_size)")" ]; then
		why="SizeOfImage is not image_size $(hex "$(image_size)")"
	elif ! sbverify --list "$IMAGE" >"$work/sbverify.txt" 2>&1 ||
	     ! grep -q 'No signature table present' "$work/sbverify.txt"; then
		why="sbverify --list cannot read it: $(head -n1 "$work/sbverify.txt")"
	fi
	verdict pe-coff-header "$why"
}
pe_checks

esp=$work/esp.img
efi_esp "$esp" "$IMAGE"

esp_args=(-drive "if=virtio,format=raw,file=$esp")

# EL1 from the ESP with an RNG, three times: random physical slots.
addrs=()
for i in 1 2 3; do
	uefi_boot "esp-rng-$i" -M virt,acpi=off "${esp_args[@]}" -device virtio-rng-pci
	check_efi_boot "uefi-esp-rng-$i" 1 yes
	addrs+=("$(efi_stub image)")
done
if [ "$(printf '%s\n' "${addrs[@]}" | sort -u | wc -l)" -ge 2 ]; then
	pass "uefi-phys-kaslr-varies"
else
	fail "uefi-phys-kaslr-varies" "three boots, one address: ${addrs[*]}"
fi

# No RNG: the lowest slot, every time (it is RAM base on QEMU virt, whose
# firmware lives in flash), and QEMU's seed turned off: no kaslr-seed at
# all, so the kernel runs without virtual KASLR (cortex-a57: no RNDR).
uefi_boot esp-norng -M virt,acpi=off,dtb-randomness=off -cpu cortex-a57 "${esp_args[@]}"
check_efi_boot uefi-esp-norng 1 no
if [ "$(efi_stub image)" = "$(hex $RAM_BASE)" ] && grep -q '^relok: kaslr disabled offset=.* reason=no-seed$' "$LOG"; then
	pass "uefi-norng-lowest-slot-no-seed"
else
	fail "uefi-norng-lowest-slot-no-seed" "image=$(efi_stub image), $(grep -m1 '^relok: kaslr' "$LOG")"
fi

# The same without QEMU's seed but with an RNG: the kaslr-seed the kernel
# uses can only be the one the stub wrote into /chosen.
uefi_boot esp-stub-seed -M virt,acpi=off,dtb-randomness=off -cpu cortex-a57 "${esp_args[@]}" \
	-device virtio-rng-pci
check_efi_boot uefi-esp-stub-seed 1 yes
if grep -q '^relok: kaslr enabled .*source=dt' "$LOG"; then
	pass "uefi-stub-kaslr-seed"
else
	fail "uefi-stub-kaslr-seed" "$(grep -m1 '^relok: kaslr' "$LOG") (log: $LOG)"
fi

# EL2 (EDK2 itself runs at EL2), through QEMU -kernel, with a command line
# and the modules initrd, which EDK2 offers through EFI_LOAD_FILE2 on the
# Linux initrd media device path (and notes as "initrd=initrd" in the
# command line it passes).
cmdline="relok.test=uefi-append console=ttyAMA0"
initrd=$RELOK_BUILD/arch/arm64/boot/initrd.cpio
uefi_boot kernel-el2 -M virt,acpi=off,virtualization=on -kernel "$IMAGE" -append "$cmdline" \
	-initrd "$initrd" -device virtio-rng-pci
check_efi_boot uefi-kernel-el2 2 yes
if grep -qF "bootargs=\"$cmdline" "$LOG"; then
	pass "uefi-bootargs"
else
	fail "uefi-bootargs" "command line not passed to /chosen/bootargs (log: $LOG)"
fi
rd_size=$(efi_stub size)
if [ -n "$rd_size" ] && [ $((rd_size)) -eq "$(stat -c %s "$initrd")" ] &&
   grep -q '^relok: module hello loaded at=' "$LOG" &&
   grep -q '^relok: modules loaded=[1-9]' "$LOG"; then
	pass "uefi-initrd-modules"
else
	fail "uefi-initrd-modules" "initrd size=$rd_size of $(stat -c %s "$initrd") bytes, or no modules loaded (log: $LOG)"
fi

# ACPI-only firmware has no DTB: the stub says why on the EFI console.
# From the disk EDK2 then goes back to its boot manager and waits; through
# QEMU -kernel its shell hangs (docs/firmware.md warns of it).  Either way,
# stop at the message.
# check_no_dtb NAME [qemu args]: the stub's error, and no kernel.
check_no_dtb() {
	local name=$1
	shift
	LOG=$RELOK_LOGS/$TOOLCHAIN-$name.log
	QEMU_TIMEOUT=${UEFI_ERROR_TIMEOUT:-20} run_qemu_until "$LOG" "no device tree in the EFI" \
		-cpu max -m 1G -boot menu=on,splash-time=0 -bios "$EDK2_CODE" "$@"
	if [ "$MATCHED" = 1 ] &&
	   grep -q '^relok: efi error: no device tree in the EFI configuration table .*acpi=off' "$LOG" &&
	   ! grep -q '^relok: boot ' "$LOG"; then
		pass "$name-error"
	else
		fail "$name-error" "no clear error on the EFI console (log: $LOG)"
	fi
}
check_no_dtb uefi-no-dtb -M virt,acpi=on "${esp_args[@]}"
check_no_dtb uefi-kernel-acpi -M virt -kernel "$IMAGE"

summary
