#!/bin/bash
# SPDX-License-Identifier: MIT
#
# relok kexecs a real Linux kernel: Debian's arm64 Image (linux-image-arm64,
# decompressed if gzip'd) in relok's initrd, loaded with kexec=<path> and
# started with the command line in the file kexec.cmdline=<path> names
# (issue 12's interface), at EL1 and at EL2.  The initrd is passed on
# unchanged, so Linux runs its /init (tests/linux/linux-up.init, busybox),
# which reports and powers off.  Linux must print its own boot log:
# "Booting Linux on physical CPU", "Kernel command line: " with exactly the
# file's text (a fresh nonce each run), "KASLR enabled" and no "KASLR
# disabled due to lack of seed"; its KASLR must be live (_stext in
# /proc/kallsyms moved from its link address) from the kaslr-seed relok
# wrote; it must run at the EL relok was entered at, from where relok said
# it put it, with the linux,booted-from-kexec property in /chosen.
#
# Until relok has kexec= (its Image holds no "relok: kexec load" report
# line), the suite says so and skips.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"
. "$(dirname "$0")/linux.inc"

work=$(fw_work kexec-linux)
MIB=$((1 << 20))
MAX=max,pauth-impdef=on		# QARMA pointer auth is slow under TCG

if ! grep -qa 'relok: kexec load image=' "$IMAGE"; then
	skip kexec-linux "this relok has no kexec= yet (issue 12's kexec work is not merged)"
	summary
	exit
fi

if ! linux=$(debian_linux_image "$work/Image"); then
	fail debian-linux-image "$linux"
	summary
	exit
fi

# Linux 6.1's link address of its Image's first byte with 48-bit VAs
# (arch/arm64/include/asm/memory.h: KIMAGE_VADDR = MODULES_END =
# _PAGE_END(48) + 128 MiB; Debian's kernel booted with nokaslr shows
# _stext at it plus the offset of "Kernel code" in /proc/iomem from the
# Image's load address).  It holds for Debian's config only with 48 bits.
LINUX_KIMAGE_VADDR=0xffff800008000000
config=$(ls "$(dirname "$(dirname "$linux")")"/boot/config-* 2>/dev/null | head -n1)
if [ -n "$config" ] && ! grep -qx 'CONFIG_ARM64_VA_BITS=48' "$config"; then
	fail linux-va-bits "$config does not set 48-bit VAs: Linux's link address is unknown here"
fi

nonce=$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')
cmdline="console=ttyAMA0 relok_nonce=$nonce"
printf '%s' "$cmdline" >"$work/cmdline"
bb=$(arm64_pkg busybox-static) || { fail initrd "cannot fetch busybox-static"; summary; exit; }
initrd=$work/initrd.cpio
if ! why=$("$LINUX_SRCTREE/scripts/arm64-initramfs" -o "$initrd" \
		--init "$LINUX_SRCTREE/tests/linux/linux-up.init" --file "$bb/bin/busybox:/bin/busybox" \
		--file "$linux:/linux/Image" --file "$work/cmdline:/linux/cmdline" 2>&1); then
	fail initrd "$why"
	summary
	exit
fi

# relok_kexec NAME MACHINE EL: boot relok with the initrd; it kexecs Linux.
relok_kexec() {
	local name=$1 machine=$2 el=$3 why= dest ktext kcode
	LOG=$RELOK_LOGS/$TOOLCHAIN-kexec-linux-$name.log
	run_qemu "$LOG" -M "$machine" -cpu $MAX -m 1G -kernel "$IMAGE" -initrd "$initrd" \
		-append "kexec=linux/Image kexec.cmdline=linux/cmdline"

	# relok's side: its own boot, then the handover it reports.
	if ! grep -q '^relok: kexec load image=linux/Image ' "$LOG"; then
		why="no 'relok: kexec load image=linux/Image': $(grep -m1 -E '^relok: (panic|kexec)' "$LOG")"
	elif ! grep -q '^purgatory: verified segments=' "$LOG"; then
		why="the purgatory did not verify: $(grep -m1 '^purgatory:' "$LOG")"
	elif [ "$(report boot el)" != "$el" ]; then
		why="relok el=$(report boot el), expected $el"
	fi
	verdict "$name-relok" "$why"
	[ -z "$why" ] || return

	# Linux's own boot log.
	why=
	if ! grep -q 'Booting Linux on physical CPU' "$LOG"; then
		why="no 'Booting Linux on physical CPU' (QEMU exit $QEMU_RC)"
	elif ! grep -qxF "Kernel command line: $cmdline" <(sed 's/^\[[^]]*\] //' "$LOG"); then
		why="command line: $(grep -m1 'Kernel command line:' "$LOG"), expected '$cmdline'"
	elif grep -q 'KASLR disabled due to lack of seed' "$LOG"; then
		why="Linux says: KASLR disabled due to lack of seed"
	elif ! grep -q '^\[[^]]*\] KASLR enabled$' "$LOG"; then
		why="Linux did not say 'KASLR enabled': $(grep -m1 'KASLR' "$LOG")"
	elif [ -z "$(init_line 'linux up')" ]; then
		why="Linux did not reach /init: $(grep -m1 -E 'Kernel panic|Unable' "$LOG")"
	elif [ "$(init_line cmdline)" != "$cmdline" ]; then
		why="/proc/cmdline is '$(init_line cmdline)'"
	fi
	verdict "$name-linux-boot-log" "$why"
	[ -z "$why" ] || return

	why=
	ktext=$(init_line kallsyms | sed -n 's/^_stext=//p')
	dest=$(sed -n 's/^relok: kexec load .* dest=\(0x[0-9a-f]*\) .*/\1/p' "$LOG" | head -n1)
	kcode=$(sed -n 's/^init: iomem \([0-9a-f]*\)-.*Kernel code$/\1/p' "$LOG" | head -n1)
	if ! grep -qx 'init: chosen has kaslr-seed' "$LOG"; then
		why="no kaslr-seed in Linux's /chosen"
	elif [ -z "$ktext" ] || [ $((0x$ktext)) -eq 0 ]; then
		why="no _stext in /proc/kallsyms"
	elif [ -z "$dest" ] || [ -z "$kcode" ]; then
		why="no dest= from relok or no 'Kernel code' from Linux's /proc/iomem"
	elif [ $((0x$ktext - (0x$kcode - dest))) -eq $((LINUX_KIMAGE_VADDR)) ]; then
		why="_stext=0x$ktext is at its link address: Linux's KASLR is off"
	fi
	verdict "$name-linux-kaslr" "$why"

	why=
	if ! grep -qx "init: dmesg: CPU: All CPU(s) started at EL$el" "$LOG"; then
		why="Linux: $(grep -m1 'started at EL' "$LOG"), relok was at EL$el"
	elif ! grep -qx 'init: chosen has linux,booted-from-kexec' "$LOG"; then
		why="no linux,booted-from-kexec in Linux's /chosen"
	elif [ -z "$dest" ] || [ -z "$kcode" ] ||
	     [ $((0x$kcode)) -lt $((dest)) ] || [ $((0x$kcode)) -ge $((dest + 2 * MIB)) ]; then
		why="Linux's 'Kernel code' starts at 0x$kcode, relok put it at dest=$dest"
	fi
	verdict "$name-linux-handover" "$why"
}

relok_kexec el1 virt 1
relok_kexec el2 virt,virtualization=on 2

summary
