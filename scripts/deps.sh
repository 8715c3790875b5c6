#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Make sure the Debian packages relok needs are installed.
#   scripts/deps.sh [build|boot|test]   (default: test = everything)
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get command and exits 1.
set -euo pipefail

what=${1:-test}

# command -> Debian package that provides it
build_pkgs=(
	"aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu"
	"aarch64-linux-gnu-ld:binutils-aarch64-linux-gnu"
	"make:make"
	"cc:gcc"
	"clang:clang"
	"ld.lld:lld"
	"llvm-objcopy:llvm"
)
boot_pkgs=(
	"qemu-system-aarch64:qemu-system-arm"
	"dtc:device-tree-compiler"
	"fdtput:device-tree-compiler"
)
test_pkgs=(
	"file:file"
	"cpio:cpio"
	"mkimage:u-boot-tools"
	"mcopy:mtools"
	"mkfs.vfat:dosfstools"
	"sbsign:sbsigntool"
	"openssl:openssl"
	"python3:python3"
)
# Files (not commands) -> package
test_files=(
	"/usr/include/libfdt.h:libfdt-dev"
	"/usr/lib/u-boot/qemu_arm64/u-boot.bin:u-boot-qemu"
	"/usr/share/qemu-efi-aarch64/QEMU_EFI.fd:qemu-efi-aarch64"
	"/usr/share/AAVMF/AAVMF_CODE.snakeoil.fd:qemu-efi-aarch64"
)

missing=()
check_cmds() {
	local pair
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
	done
}
check_files() {
	local pair
	for pair in "$@"; do
		[ -e "${pair%%:*}" ] || missing+=("${pair##*:}")
	done
}

check_cmds "${build_pkgs[@]}"
case $what in
boot)	check_cmds "${boot_pkgs[@]}" ;;
test)	check_cmds "${boot_pkgs[@]}" "${test_pkgs[@]}"; check_files "${test_files[@]}" ;;
build)	;;
*)	echo "usage: $0 [build|boot|test]" >&2; exit 2 ;;
esac

[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" -ne 0 ]; then
	echo "relok needs these Debian packages; install them with:" >&2
	echo "  sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
