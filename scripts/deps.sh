#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Make sure the Debian packages relok needs are installed.
#   scripts/deps.sh [build|boot|debug|test|lab]   (default: test = everything the
#                                        tests need; lab: make lab and its plot)
#   scripts/deps.sh linux               what building Linux needs (make linux-kexec-file)
#   scripts/deps.sh arm64 PKG...        fetch Debian arm64 packages, unpacked
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get command and exits 1.
#
# arm64: real arm64 software the tests run under QEMU (Debian's Linux
# kernel, GRUB, systemd-boot, shim, busybox, kexec-tools).  These are never
# installed on the host: each .deb is downloaded (apt-get download) and
# unpacked (dpkg-deb -x) into $RELOK_CACHE/arm64/PKG (default cache:
# ~/.cache/relok), and that directory is printed, one line per PKG.  A
# versionless meta-package (linux-image-arm64) is resolved to the package
# it depends on.  Adding the arm64 architecture to dpkg and apt-get update
# need root; as another user the command says so and exits 1.
set -euo pipefail

what=${1:-test}

arm64_fetch() {
	local cache=${RELOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/relok}/arm64 pkg real deb dir
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "deps: arm64 packages need the arm64 architecture in dpkg; run as root:" >&2
			echo "  sudo dpkg --add-architecture arm64 && sudo apt-get update" >&2
			return 1
		fi
		dpkg --add-architecture arm64
		apt-get update -qq >&2
	fi
	mkdir -p "$cache"
	for pkg in "$@"; do
		dir=$cache/$pkg
		if [ ! -f "$dir/.unpacked" ]; then
			real=$pkg
			# A meta-package holds no files: take the package it depends on.
			case $pkg in
			linux-image-arm64)
				real=$(apt-cache depends "$pkg:arm64" 2>/dev/null |
				       sed -n 's/^ *Depends: \(linux-image-[^:]*\).*/\1/p' | head -n1)
				if [ -z "$real" ] && [ "$(id -u)" -eq 0 ]; then
					apt-get update -qq >&2
					real=$(apt-cache depends "$pkg:arm64" 2>/dev/null |
					       sed -n 's/^ *Depends: \(linux-image-[^:]*\).*/\1/p' | head -n1)
				fi
				[ -n "$real" ] || { echo "deps: cannot resolve $pkg:arm64 (apt-get update?)" >&2; return 1; }
				;;
			esac
			rm -rf "$dir" "$cache/.dl-$pkg"
			mkdir -p "$cache/.dl-$pkg"
			if ! (cd "$cache/.dl-$pkg" && apt-get download -qq "$real:arm64" >/dev/null 2>&1); then
				if [ "$(id -u)" -eq 0 ]; then
					apt-get update -qq >&2
					(cd "$cache/.dl-$pkg" && apt-get download -qq "$real:arm64" >/dev/null 2>&1)
				fi || { echo "deps: apt-get download $real:arm64 failed" >&2; return 1; }
			fi
			deb=$(ls "$cache/.dl-$pkg"/*.deb)
			dpkg-deb -x "$deb" "$dir"
			basename "$deb" >"$dir/.unpacked"
			rm -rf "$cache/.dl-$pkg"
		fi
		echo "$dir"
	done
}

if [ "$what" = arm64 ]; then
	shift
	arm64_fetch "$@"
	exit
fi

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
# scripts/boot-qemu --gdb
debug_pkgs=(
	"gdb-multiarch:gdb-multiarch"
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
	"sfdisk:fdisk"
	"grub-mkstandalone:grub-common"		# the host's: builds the arm64 GRUB image
)
# make lab (scripts/lab.sh) and its plot (scripts/lab-plot.sh)
lab_pkgs=(
	"cpio:cpio"
	"gnuplot:gnuplot-nox"
)
# Building a Linux kernel (scripts/linux-kexec-file): only that target pays
# for these, never the default test run.
linux_pkgs=(
	"flex:flex"
	"bison:bison"
	"bc:bc"
	"xz:xz-utils"
	"perl:perl"
)
linux_files=(
	"/usr/include/openssl/ssl.h:libssl-dev"
	"/usr/include/libelf.h:libelf-dev"
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

# libFuzzer's runtime (make fuzz, clang -fsanitize=fuzzer): where this clang
# looks for it.
fuzzer_rt() {
	local dir
	dir=$(clang -print-resource-dir 2>/dev/null) || return 0	# no clang yet: it is missing anyway
	[ -e "$dir/lib/linux/libclang_rt.fuzzer-$(uname -m).a" ] || missing+=(libclang-rt-dev)
}

check_cmds "${build_pkgs[@]}"
case $what in
boot)	check_cmds "${boot_pkgs[@]}" ;;
debug)	check_cmds "${boot_pkgs[@]}" "${debug_pkgs[@]}" ;;
test)	check_cmds "${boot_pkgs[@]}" "${debug_pkgs[@]}" "${test_pkgs[@]}"
	check_files "${test_files[@]}"; fuzzer_rt ;;
lab)	check_cmds "${boot_pkgs[@]}" "${lab_pkgs[@]}" ;;
linux)	check_cmds "${linux_pkgs[@]}"; check_files "${linux_files[@]}" ;;
build)	;;
*)	echo "usage: $0 [build|boot|debug|test|lab|linux] | arm64 PKG..." >&2; exit 2 ;;
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
