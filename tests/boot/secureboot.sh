#!/bin/bash
# SPDX-License-Identifier: MIT
#
# UEFI Secure Boot with Debian's AAVMF snakeoil firmware: the code flash
# read-only, a copy of its variable store (one per run of this suite)
# whose db trusts PkKek-1-snakeoil.pem.  "make sign" signs the Image with
# the matching key; the signed Image must boot, an unsigned one and a
# signed one with a byte changed must be refused by the firmware.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"

QEMU_TIMEOUT=${SECUREBOOT_TIMEOUT:-60}
srctree=$(cd "$(dirname "$0")/../.." && pwd)
work=$(fw_work secureboot)
SIGNED=$RELOK_BUILD/arch/arm64/boot/Image.signed
REFUSED="Access Denied"

llvm=
[ "$TOOLCHAIN" = llvm ] && llvm=LLVM=1
if make -s -C "$srctree" O="$RELOK_BUILD" $llvm sign >"$work/sign.out" 2>&1 &&
   sbverify --cert "$SNAKEOIL_CERT" "$SIGNED" >>"$work/sign.out" 2>&1; then
	pass "make-sign"
else
	fail "make-sign" "$(tail -n 3 "$work/sign.out" | tr '\n' ' ')"
	summary
	exit
fi

# Tampered: the signed file with one byte of the kernel's text changed.
# The PE header is left alone, so only the signature can tell.
tampered=$work/Image.tampered
cp "$SIGNED" "$tampered"
text_off=$((0x2000))
byte=$(od -An -t u1 -j $text_off -N 1 "$tampered" | tr -d ' ')
printf "\\x$(printf %02x $(((byte + 1) & 0xff)))" |
	dd of="$tampered" bs=1 seek=$text_off conv=notrunc status=none
if sbverify --cert "$SNAKEOIL_CERT" "$tampered" >/dev/null 2>&1; then
	fail "tampered-image-fails-sbverify" "sbverify accepts the changed image"
else
	pass "tampered-image-fails-sbverify"
fi

vars=$work/AAVMF_VARS.fd
cp "$AAVMF_DIR/AAVMF_VARS.snakeoil.fd" "$vars"

# sb_boot NAME FILE: FILE as \EFI\BOOT\BOOTAA64.EFI under Secure Boot.
# Stops at "relok: ready" or at the firmware's refusal.
sb_boot() {
	local name=$1 file=$2 esp=$work/$1.img
	efi_esp "$esp" "$file"
	LOG=$RELOK_LOGS/$TOOLCHAIN-secureboot-$name.log
	secure_boot "$LOG" "$REFUSED" "$vars" "$esp"
}

sb_boot signed "$SIGNED"
phys=$(efi_stub image)
if [ "$MATCHED" = 1 ]; then
	fail "secureboot-signed" "the firmware refused the signed Image (log: $LOG)"
else
	check_boot "secureboot-signed" "${phys:-0}" 1
fi

for bad in unsigned:"$IMAGE" tampered:"$tampered"; do
	sb_boot "${bad%%:*}" "${bad#*:}"
	if [ "$MATCHED" = 1 ] && ! grep -q '^relok: ' "$LOG"; then
		pass "secureboot-refuses-${bad%%:*}"
	else
		fail "secureboot-refuses-${bad%%:*}" "no '$REFUSED', or relok ran (log: $LOG)"
	fi
done

summary
