#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Tests of the real-Linux host tools, without QEMU:
#   scripts/arm64-initramfs   packs Debian's kexec with its libraries: the
#                             archive must hold every library each ELF in
#                             it needs (checked here with readelf on the
#                             unpacked archive), and a missing library,
#                             file or non-AArch64 binary must be refused
#                             with its name;
#   scripts/linux-kexec-file  the cache key (source version and fragment
#                             hash, computed here independently), --print
#                             on an empty and on a filled cache, and, when
#                             the Linux source is already unpacked in the
#                             cache, a fragment whose symbol Kconfig drops.
# Prints "ok NAME" / "FAIL NAME" per case, then "N passed, N failed".
set -u
srctree=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/linux-tools.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
. "$srctree/tests/lib/check.sh"
. "$srctree/tests/boot/linux.inc"

INITRAMFS=$srctree/scripts/arm64-initramfs
LKF=$srctree/scripts/linux-kexec-file
READELF=aarch64-linux-gnu-readelf

# --- arm64-initramfs ---
expect initramfs-help 0 "" "$INITRAMFS" --help
expect initramfs-no-output 2 "-o OUT.cpio is required" "$INITRAMFS" --init /dev/null
expect initramfs-unknown-arg 2 "unknown argument --bogus" "$INITRAMFS" -o "$WORK/x.cpio" --bogus
expect initramfs-missing-file 1 "no such file: $WORK/nope" \
	"$INITRAMFS" -o "$WORK/x.cpio" --file "$WORK/nope:/nope"
expect initramfs-relative-dest 1 "archive path must be absolute: etc/x" \
	"$INITRAMFS" -o "$WORK/x.cpio" --file "/etc/hostname:etc/x"
expect initramfs-host-elf 1 "is not an AArch64 ELF" "$INITRAMFS" -o "$WORK/x.cpio" --bin "/bin/true:/bin/true"

kx=$(arm64_pkg kexec-tools) && bb=$(arm64_pkg busybox-static) || {
	fail arm64-packages "scripts/deps.sh arm64 cannot fetch kexec-tools/busybox-static"
	summary
	exit
}
roots=() roots_but_zlib=()
for pkg in "${LINUX_LIB_PKGS[@]}"; do
	dir=$(arm64_pkg "$pkg") || { fail arm64-packages "cannot fetch $pkg"; continue; }
	roots+=(--lib-root "$dir")
	[ "$pkg" = zlib1g ] || roots_but_zlib+=(--lib-root "$dir")
done
expect initramfs-no-lib-roots 1 "needs the interpreter /lib/ld-linux-aarch64.so.1" \
	"$INITRAMFS" -o "$WORK/x.cpio" --bin "$kx/sbin/kexec:/sbin/kexec"
expect initramfs-missing-zlib 1 "kexec needs libz.so.1, which no --lib-root holds" \
	"$INITRAMFS" -o "$WORK/x.cpio" --bin "$kx/sbin/kexec:/sbin/kexec" "${roots_but_zlib[@]}"
[ ! -e "$WORK/x.cpio" ] && pass initramfs-no-output-on-error ||
	fail initramfs-no-output-on-error "a refused archive was written"

printf '#!/bin/busybox sh\n' >"$WORK/init"
expect initramfs-kexec 0 "" "$INITRAMFS" -o "$WORK/k.cpio" --init "$WORK/init" \
	--file "$bb/bin/busybox:/bin/busybox" --bin "$kx/sbin/kexec:/sbin/kexec" "${roots[@]}"
mkdir -p "$WORK/k"
(cd "$WORK/k" && cpio --quiet -id <"$WORK/k.cpio") 2>"$WORK/err"
why=
[ -x "$WORK/k/init" ] || why="/init missing or not executable"
[ -f "$WORK/k/bin/busybox" ] || why="/bin/busybox missing"
for d in proc sys dev; do [ -d "$WORK/k/$d" ] || why="/$d missing"; done
# Every ELF in the archive: its interpreter and each DT_NEEDED is there.
for elf in "$WORK/k/sbin/kexec" "$WORK/k"/lib/*; do
	ip=$(LC_ALL=C $READELF -lW "$elf" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)\]$/\1/p')
	[ -z "$ip" ] || [ -f "$WORK/k$ip" ] || why="$(basename "$elf"): interpreter $ip not in the archive"
	for so in $(LC_ALL=C $READELF -dW "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
		[ -f "$WORK/k/lib/$so" ] || why="$(basename "$elf") needs $so, not in the archive"
	done
done
# libxentoolcore is needed only by the libraries kexec's libraries need.
[ -f "$WORK/k/lib/libxentoolcore.so.1" ] || why="the transitive libxentoolcore.so.1 is missing"
verdict initramfs-closure "$why"

# --- linux-kexec-file ---
expect lkf-help 0 "" "$LKF" --help
expect lkf-unknown-arg 2 "unknown argument --bogus" "$LKF" --bogus
version=$(apt-cache show --no-all-versions linux-source-6.1 | sed -n 's/^Version: //p' | head -n1)
want=$version-$(sha256sum "$srctree/tests/linux/kexec_file.config" | cut -c1-12)
got=$("$LKF" --key 2>"$WORK/err")
if [ -n "$version" ] && [ "$got" = "$want" ]; then pass lkf-key; else fail lkf-key "key '$got', want '$want'"; fi
printf 'CONFIG_KEXEC_FILE=y\n' >"$WORK/other.config"
got2=$("$LKF" --key --fragment "$WORK/other.config" 2>"$WORK/err")
if [ "$got2" != "$got" ] && [ "${got2%-*}" = "$version" ]; then pass lkf-key-follows-fragment
else fail lkf-key-follows-fragment "key '$got2' for another fragment"; fi

export RELOK_CACHE=$WORK/cache
expect lkf-print-empty 1 "not built for linux-source-6.1 $version" "$LKF" --print
mkdir -p "$RELOK_CACHE/linux-kexec-file/$want"
echo image >"$RELOK_CACHE/linux-kexec-file/$want/Image"
if [ "$("$LKF" --print 2>"$WORK/err")" = "$RELOK_CACHE/linux-kexec-file/$want/Image" ]; then
	pass lkf-print-cached
else
	fail lkf-print-cached "--print did not name the cached Image"
fi

# Kconfig drops KEXEC without SUSPEND (arm64: KEXEC depends on PM_SLEEP_SMP).
real_src=${XDG_CACHE_HOME:-$HOME/.cache}/relok/linux-kexec-file/src-$version
if [ -f "$real_src/.unpacked" ] && "$srctree/scripts/deps.sh" linux >/dev/null 2>&1; then
	ln -s "$real_src" "$RELOK_CACHE/linux-kexec-file/src-$version"
	printf 'CONFIG_KEXEC=y\nCONFIG_KEXEC_FILE=y\n' >"$WORK/dropped.config"
	expect lkf-dropped-symbol 1 "^  CONFIG_KEXEC=y$" "$LKF" --fragment "$WORK/dropped.config"
else
	skip lkf-dropped-symbol "linux-source-6.1 $version is not unpacked in the cache\
 (make linux-kexec-file) or scripts/deps.sh linux is not satisfied"
fi

summary
