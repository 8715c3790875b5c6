#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Distro boot loaders in front of the EFI stub, under Debian's EDK2
# (docs/firmware.md "Distro boot loaders", whose commands these are):
#   - GRUB 2.06 (grub-efi-arm64-bin, a grub-mkstandalone image), with and
#     without an initrd: it starts the kernel with LoadImage/StartImage
#     and passes the initrd in the DTB it installs;
#   - systemd-boot 252 (systemd-boot-efi) with a Type #1 entry, with and
#     without an initrd: it offers the initrd through EFI_LOAD_FILE2;
#   - Secure Boot: shim (shim-unsigned), GRUB and the Image signed with the
#     snakeoil key.  There GRUB jumps to the PE entry point itself, having
#     allocated only the file's bytes: the stub must copy only those
#     (copied= is the Image file's size) and zero the rest; and an unsigned
#     Image must be refused.
# The loaders are Debian's arm64 packages, fetched into a cache by
# scripts/deps.sh arm64, never installed.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"

QEMU_TIMEOUT=${LOADERS_TIMEOUT:-60}
srctree=$(cd "$(dirname "$0")/../.." && pwd)
work=$(fw_work loaders)
INITRD=$RELOK_BUILD/arch/arm64/boot/initrd.cpio
SIGNED=$RELOK_BUILD/arch/arm64/boot/Image.signed
KEY=$RELOK_BUILD/certs/snakeoil-key.pem

if ! dirs=$("$srctree/scripts/deps.sh" arm64 grub-efi-arm64-bin systemd-boot-efi shim-unsigned \
	    2>"$work/deps.err"); then
	fail loaders-fetch "scripts/deps.sh arm64 failed: $(head -n2 "$work/deps.err" | paste -sd ' ')"
	summary
	exit
fi
{ read -r grub_pkg; read -r sdboot_pkg; read -r shim_pkg; } <<<"$dirs"
GRUB_MODDIR=$grub_pkg/usr/lib/grub/arm64-efi
SDBOOT=$sdboot_pkg/usr/lib/systemd/boot/efi/systemd-bootaa64.efi
SHIM=$shim_pkg/usr/lib/shim/shimaa64.efi

llvm=
[ "$TOOLCHAIN" = llvm ] && llvm=LLVM=1
if make -s -C "$srctree" O="$RELOK_BUILD" $llvm sign >"$work/sign.out" 2>&1 && [ -f "$KEY" ]; then
	pass loaders-sign
else
	fail loaders-sign "make sign: $(tail -n 2 "$work/sign.out" | paste -sd ' ')"
fi

# --- the loaders, built as docs/firmware.md says -----------------------------
# GRUB: a standalone image whose built-in config runs /relok/grub.cfg from
# the disk.  Under Secure Boot GRUB loads no module from anywhere, so the
# ones it needs are built in; shim wants an .sbat section with grub,5.
cat >"$work/grub-embedded.cfg" <<'EOF'
search --no-floppy --set=root --file /relok/grub.cfg
configfile /relok/grub.cfg
EOF
cat >"$work/sbat.csv" <<'EOF'
sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md
grub,5,Free Software Foundation,grub,2.06,https://www.gnu.org/software/grub/
EOF
grub_mods="part_msdos part_gpt fat search search_fs_file configfile normal linux boot echo test"
if grub-mkstandalone -O arm64-efi -d "$GRUB_MODDIR" --modules="$grub_mods" \
	--install-modules="$grub_mods" --locales= --fonts= --themes= --sbat "$work/sbat.csv" \
	-o "$work/grubaa64.efi" "boot/grub/grub.cfg=$work/grub-embedded.cfg" >"$work/grub.out" 2>&1 &&
   sbsign --key "$KEY" --cert "$SNAKEOIL_CERT" --output "$work/grubaa64.signed" "$work/grubaa64.efi" \
	>>"$work/grub.out" 2>&1 &&
   sbsign --key "$KEY" --cert "$SNAKEOIL_CERT" --output "$work/shimaa64.signed" "$SHIM" \
	>>"$work/grub.out" 2>&1; then
	pass loaders-build-grub-shim
else
	fail loaders-build-grub-shim "$(tail -n 3 "$work/grub.out" | paste -sd ' ')"
fi

# grub_cfg FILE ARGS [INITRD]: the disk's GRUB config for one boot.
# debug=linux makes GRUB say which path it takes (LoadImage or its own).
grub_cfg() {
	{
		echo 'set debug=linux'
		echo "linux /relok/Image $2"
		[ -z "${3:-}" ] || echo "initrd /relok/$3"
		echo 'boot'
	} >"$1"
}

# esp_grub IMG IMAGE ARGS [INITRD]: a FAT ESP with GRUB as BOOTAA64.EFI.
esp_grub() {
	local img=$1 image=$2 args=$3 rd=${4:-}
	rm -f "$img"
	mkfs.vfat -C "$img" 16384 >/dev/null &&
		fat_put "$img" "$work/grubaa64.signed" /EFI/BOOT/BOOTAA64.EFI &&
		fat_put "$img" "$image" /relok/Image &&
		grub_cfg "$work/grub.cfg" "$args" ${rd:+initrd.cpio} &&
		fat_put "$img" "$work/grub.cfg" /relok/grub.cfg &&
		{ [ -z "$rd" ] || fat_put "$img" "$rd" /relok/initrd.cpio; }
}

# esp_sdboot IMG ARGS [INITRD]: systemd-boot and one Type #1 entry.
esp_sdboot() {
	local img=$1 args=$2 rd=${3:-}
	printf 'timeout 0\ndefault relok.conf\n' >"$work/loader.conf"
	{
		echo 'title relok'
		echo 'linux /relok/Image'
		[ -z "$rd" ] || echo 'initrd /relok/initrd.cpio'
		echo "options $args"
	} >"$work/relok.conf"
	rm -f "$img"
	mkfs.vfat -C "$img" 16384 >/dev/null &&
		fat_put "$img" "$SDBOOT" /EFI/BOOT/BOOTAA64.EFI &&
		fat_put "$img" "$work/loader.conf" /loader/loader.conf &&
		fat_put "$img" "$work/relok.conf" /loader/entries/relok.conf &&
		fat_put "$img" "$IMAGE" /relok/Image &&
		{ [ -z "$rd" ] || fat_put "$img" "$rd" /relok/initrd.cpio; }
}

# loader_boot NAME ESP [qemu args]: EDK2 (no Secure Boot) from ESP.
loader_boot() {
	local name=$1 esp=$2
	shift 2
	LOG=$RELOK_LOGS/$TOOLCHAIN-loaders-$name.log
	run_qemu "$LOG" -M virt,acpi=off -cpu max -m 1G -boot menu=on,splash-time=0 \
		-bios "$EDK2_CODE" -drive "if=virtio,format=raw,file=$esp" "$@"
	strip_ansi "$LOG"
}

# check_args NAME ARGS: the loader passed ARGS on, and nothing it adds
# for Linux (BOOT_IMAGE=, initrd=) is an unknown argument.
check_args() {
	if grep -q "^relok: cmdline \".*$2\"\$" "$LOG" && ! grep -q '^relok: warning: unknown boot argument' "$LOG"; then
		pass "$1"
	else
		fail "$1" "$(grep -E '^relok: (cmdline|warning: unknown)' "$LOG" | paste -sd '|') (log: $LOG)"
	fi
}

# check_initrd NAME yes|no: the initrd's modules loaded, or "no initrd".
check_initrd() {
	if [ "$2" = yes ]; then
		grep -q '^relok: module hello loaded at=' "$LOG" && grep -q '^relok: modules loaded=[1-9]' "$LOG"
	else
		grep -qx 'relok: modules: no initrd' "$LOG"
	fi && pass "$1" || fail "$1" "initrd=$2: $(grep -m1 '^relok: modules' "$LOG") (log: $LOG)"
}

# loader_bytes: what the loaded image protocol says was loaded (stub line).
loader_bytes() { efi_stub loader-bytes; }

# --- GRUB ------------------------------------------------------------------------
args="module_placement=near"
for rd in with without; do
	initrd=
	[ $rd = with ] && initrd=$INITRD
	esp_grub "$work/grub-$rd.img" "$IMAGE" "$args" $initrd
	rng=()
	[ $rd = with ] && rng=(-device virtio-rng-pci)
	loader_boot "grub-$rd-initrd" "$work/grub-$rd.img" "${rng[@]}"
	if grep -q '^Welcome to GRUB!' "$LOG" && grep -q 'GRUB_EFI_SECUREBOOT_MODE is NOT enabled' "$LOG" &&
	   [ $(($(loader_bytes))) -eq "$(image_size)" ]; then
		pass "grub-$rd-initrd-loadimage"
	else
		fail "grub-$rd-initrd-loadimage" "not GRUB's LoadImage path: loader-bytes=$(loader_bytes) (log: $LOG)"
	fi
	check_efi_boot "grub-$rd-initrd" 1 $([ $rd = with ] && echo yes || echo no)
	check_args "grub-$rd-initrd-cmdline" "$args"
	check_initrd "grub-$rd-initrd-modules" $([ $rd = with ] && echo yes || echo no)
done

# --- systemd-boot ----------------------------------------------------------------
for rd in with without; do
	initrd=
	[ $rd = with ] && initrd=$INITRD
	esp_sdboot "$work/sdboot-$rd.img" "$args" $initrd
	loader_boot "sdboot-$rd-initrd" "$work/sdboot-$rd.img"
	check_efi_boot "sdboot-$rd-initrd" 1 no
	check_args "sdboot-$rd-initrd-cmdline" "$args"
	check_initrd "sdboot-$rd-initrd-modules" $([ $rd = with ] && echo yes || echo no)
	if [ $rd = with ]; then
		# systemd-boot offers it through EFI_LOAD_FILE2: the stub loaded it all.
		if [ "$(($(efi_stub size)))" -eq "$(stat -c %s "$INITRD")" ]; then
			pass sdboot-initrd-load-file2
		else
			fail sdboot-initrd-load-file2 "stub initrd size=$(efi_stub size) (log: $LOG)"
		fi
	fi
done

# --- Secure Boot: shim -> GRUB -> Image ----------------------------------------------
vars=$work/AAVMF_VARS.fd
# sb_boot NAME ESP PATTERN: under the snakeoil Secure Boot firmware, until
# PATTERN or the end (a refused image leaves GRUB waiting).
sb_boot() {
	local name=$1 esp=$2 pattern=$3
	cp "$AAVMF_DIR/AAVMF_VARS.snakeoil.fd" "$vars"
	LOG=$RELOK_LOGS/$TOOLCHAIN-loaders-$name.log
	secure_boot "$LOG" "$pattern" "$vars" "$esp"
}
# esp_shim IMG IMAGE: shim as BOOTAA64.EFI, GRUB next to it (shim's
# default second stage, grubaa64.efi), the Image and the initrd.
esp_shim() {
	esp_grub "$1" "$2" "$args" "$INITRD" &&
		fat_put "$1" "$work/shimaa64.signed" /EFI/BOOT/BOOTAA64.EFI &&
		fat_put "$1" "$work/grubaa64.signed" /EFI/BOOT/grubaa64.efi
}

esp_shim "$work/sb.img" "$SIGNED"
sb_boot shim-grub-signed "$work/sb.img" "relok: ready"
file_bytes=$(stat -c %s "$IMAGE")	# objcopy -O binary: the file ends at __edata
why=
if ! grep -q 'GRUB_EFI_SECUREBOOT_MODE enabled' "$LOG"; then
	why="GRUB did not take its Secure Boot path"
elif [ $(($(loader_bytes))) -eq "$(image_size)" ]; then
	why="the loaded image is ours (loader-bytes=$(loader_bytes)): not GRUB's own jump"
elif [ -z "$(efi_stub copied)" ] || [ $(($(efi_stub copied))) -ne "$file_bytes" ]; then
	why="stub copied=$(efi_stub copied), the Image file has $file_bytes bytes"
elif [ $(($(efi_stub copied) + $(efi_stub zeroed))) -ne "$(image_size)" ]; then
	why="copied + zeroed = $(($(efi_stub copied) + $(efi_stub zeroed))), image_size $(image_size)"
fi
verdict shim-grub-copies-file-only "$why"
QEMU_RC=0
grep -qx 'relok: ready' "$LOG" || QEMU_RC=124
check_efi_boot shim-grub-signed 1 yes
check_initrd shim-grub-modules yes

# The unsigned Image behind the same signed shim and GRUB: GRUB refuses it.
esp_shim "$work/sb-unsigned.img" "$IMAGE"
QEMU_TIMEOUT=${LOADERS_ERROR_TIMEOUT:-30} sb_boot shim-grub-unsigned "$work/sb-unsigned.img" \
	"bad shim signature"
if [ "$MATCHED" = 1 ] && grep -q 'Welcome to GRUB!' "$LOG" && ! grep -q '^relok: boot ' "$LOG"; then
	pass shim-grub-refuses-unsigned
else
	fail shim-grub-refuses-unsigned "no 'bad shim signature' from GRUB, or the kernel ran (log: $LOG)"
fi

summary
