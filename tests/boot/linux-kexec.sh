#!/bin/bash
# SPDX-License-Identifier: MIT
#
# A real loader boots relok: Debian's arm64 Linux 6.1 under QEMU runs an
# initramfs of Debian's busybox-static and kexec-tools
# (tests/linux/kexec-relok.init), which loads relok's Image, with relok's
# module initrd and a command line, and executes it:
#   kexec -l (kexec_load)       Debian's kernel, at EL1; at EL2 with VHE
#                               (-cpu max) and with KVM's nVHE hyp code
#                               (cortex-a57), which Linux hands back to its
#                               hyp stub before the jump;
#   kexec -s (kexec_file_load)  the kernel "make linux-kexec-file" builds
#                               (Debian's lacks CONFIG_KEXEC_FILE), at EL1
#                               and EL2, only when it is in the cache.
# Each boot must reach "relok: ready" at the EL Linux ran at, where the
# loader put it (kexec -d's segment list; 2 MiB aligned in RAM for
# kexec_file_load, which chooses inside the kernel), with every relocation
# relocs_check counts applied, the DTB the loader built, the command line
# and initrd it was given (modules= picks 3 of the initrd's modules), and
# KASLR from a seed the loader wrote: QEMU's seed is pinned and Linux
# consumes it, so relok's virt= must differ from what that seed gives.
# Without a seed anywhere (dtb-randomness=off, no RNDR) relok must say
# reason=no-seed.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fwlib.inc"
. "$(dirname "$0")/linux.inc"

work=$(fw_work linux-kexec)
INITRD=$RELOK_BUILD/arch/arm64/boot/initrd.cpio
QEMU_SEED=0x5eed0f0e1c0ffee5		# pinned in the DTB Linux is booted with
RAM_MIB=512
MIB=$((1 << 20))

# relok's command line: 23 characters, 24 bytes with its NUL, so kexec-tools
# stores it as is.  kexec-tools pads every property to a multiple of 4 bytes
# with NULs; load-padded-args passes a 13-character line, which it stores as
# "modules=hello\0\0\0", and relok must take the string up to its first NUL.
RELOK_ARGS=modules=hello,moda,modb
RELOK_ARGS_PADDED=modules=hello
RELOK_MODULES="hello moda modb"

if ! linux=$(debian_linux_image "$work/Image"); then
	fail debian-linux-image "$linux"
	summary
	exit
fi
initramfs=$work/initramfs.cpio
if ! why=$(linux_initramfs "$initramfs" "$LINUX_SRCTREE/tests/linux/kexec-relok.init" \
		--file "$IMAGE:/relok/Image" --file "$INITRD:/relok/initrd.cpio"); then
	fail initramfs "$why"
	summary
	exit
fi
pass initramfs

# pinned_dtb MACHINE CPU: QEMU's DTB for that machine, kaslr-seed pinned.
pinned_dtb() {
	local dtb=$work/${1//[,=]/_}-${2%%,*}.dtb
	dump_dtb "$dtb" "$1" -cpu "$2" -m $RAM_MIB && set_seed "$dtb" $QEMU_SEED && echo "$dtb"
}

# linux_boot NAME KERNEL MACHINE CPU SYSCALL ARGS [qemu args...]: boot KERNEL
# with the initramfs; its /init kexecs relok with SYSCALL (load|file) and ARGS.
linux_boot() {
	local name=$1 kernel=$2 machine=$3 cpu=$4 syscall=$5 args=$6 quiet=
	shift 6
	[ "$kernel" = "$linux" ] && quiet=quiet
	LOG=$RELOK_LOGS/$TOOLCHAIN-linux-kexec-$name.log
	run_qemu "$LOG" -M "$machine" -cpu "$cpu" -m $RAM_MIB -kernel "$kernel" -initrd "$initramfs" \
		-append "console=ttyAMA0 $quiet relok_syscall=$syscall relok_append=$args" "$@"
}

# check_linux NAME EL MODE: Linux reached /init at EL and (EL2) KVM said MODE
# ("VHE", "Hyp" for nVHE, or "none"), and kexec loaded relok.
check_linux() {
	local name=$1 el=$2 mode=$3 why=
	if [ -z "$(init_line linux)" ]; then
		why="Linux did not reach /init (QEMU exit $QEMU_RC): $(grep -m1 -iE 'panic|error' "$LOG")"
	elif ! grep -qx "init: dmesg: CPU: All CPU(s) started at EL$el" "$LOG"; then
		why="Linux did not say it started at EL$el: $(grep -m1 'started at EL' "$LOG")"
	elif [ "$mode" != none ] &&
	     ! grep -qx "init: dmesg: kvm \[1\]: $mode mode initialized successfully" "$LOG"; then
		why="KVM did not initialise in $mode mode: $(grep -m1 'init: dmesg: kvm' "$LOG")"
	elif [ "$(init_line kexec-load)" != "rc=0" ]; then
		why="kexec failed: $(grep '^init: kexec' "$LOG" | tail -n 3 | tr '\n' ' ')"
	fi
	verdict "$name-linux" "$why"
}

# kexec_d KEY: a value from kexec -d's listing that /init passed on.
kexec_d() {
	sed -n "s/^init: kexec-d: $1 *= *//p" "$LOG" | head -n1
}

# check_loader_dtb NAME WANT: relok's dtb= is the loader's DTB (WANT), or,
# when WANT is "ram", somewhere in RAM outside relok's image.
check_loader_dtb() {
	local name=$1 want=$2 got phys why=
	got=$(report boot dtb)
	phys=$(report boot phys)
	if [ -z "$want" ]; then
		why="kexec -d named no DTB base"
	elif [ -z "$got" ]; then
		why="no dtb= in the boot report"
	elif [ "$want" != ram ] && [ "$got" != "$(hex "$want")" ]; then
		why="dtb=$got, kexec put it at $(hex "$want")"
	elif [ $((got)) -lt $RAM_BASE ] || [ $((got)) -ge $((RAM_BASE + RAM_MIB * MIB)) ]; then
		why="dtb=$got is not in RAM"
	elif [ $((got)) -ge $((phys)) ] && [ $((got)) -lt $((phys + $(image_size))) ]; then
		why="dtb=$got is inside the image at $phys"
	fi
	verdict "$name-dtb" "$why"
}

# check_args NAME: the command line and initrd the loader passed: modules=
# loads exactly the chosen ones from the initrd.
check_args() {
	local name=$1 m why=
	for m in $RELOK_MODULES; do
		grep -q "^relok: module $m loaded " "$LOG" || why="module $m not loaded"
	done
	grep -qx "relok: modules loaded=$(echo $RELOK_MODULES | wc -w) rejected=0" "$LOG" ||
		why="${why:-$(grep -m1 '^relok: modules' "$LOG")}"
	verdict "$name-cmdline-initrd" "$why"
}

# check_kaslr NAME seed|no-seed: KASLR from the seed the loader wrote (not
# QEMU's pinned one, which Linux used and wiped), or none at all.
check_kaslr() {
	local name=$1 want=$2 why= virt
	virt=$(report kaslr virt)
	if [ "$want" = no-seed ]; then
		grep -q '^relok: kaslr disabled .*reason=no-seed$' "$LOG" ||
			why="expected no seed: $(grep -m1 '^relok: kaslr' "$LOG")"
	elif ! grep -q '^relok: kaslr enabled .*source=dt$' "$LOG"; then
		why="not enabled from the DT: $(grep -m1 '^relok: kaslr' "$LOG")"
	elif ! grep -qx 'relok: kaslr seed-wiped=yes len=8' "$LOG"; then
		why="seed not wiped: $(grep -m1 'seed-wiped' "$LOG")"
	elif [ "$virt" = "$(expected_virt $QEMU_SEED "$(report boot phys)")" ]; then
		why="virt=$virt is what QEMU's pinned seed gives: the loader passed no fresh seed"
	fi
	verdict "$name-kaslr" "$why"
}

# check_relok_load NAME EL KASLR: a kexec_load boot, where kexec -d said
# the kernel and the DTB go.
check_relok_load() {
	local name=$1 el=$2 kaslr=$3 phys dtb
	phys=$(kexec_d 'segment\[0\]\.mem')
	check_boot "$name" "${phys:-0}" "$el"
	dtb=$(sed -n 's/^init: kexec-d: dtb: *base \([0-9a-f]*\),.*/\1/p' "$LOG" | head -n1)
	check_loader_dtb "$name" "${dtb:+0x$dtb}"
	check_args "$name"
	check_kaslr "$name" "$kaslr"
}

# check_relok_file NAME EL KASLR: a kexec_file_load boot: the kernel chose
# the place, which must be 2 MiB aligned (the Image loader's alignment) in RAM.
check_relok_file() {
	local name=$1 el=$2 kaslr=$3 phys why=
	phys=$(report boot phys)
	if [ -z "$phys" ]; then
		why="no boot report (QEMU exit $QEMU_RC): $(grep -m1 -E 'relok: panic|Kernel panic' "$LOG")"
	elif [ $((phys % (2 * MIB))) -ne 0 ] || [ $((phys)) -lt $RAM_BASE ] ||
	     [ $((phys + $(image_size))) -gt $((RAM_BASE + RAM_MIB * MIB)) ]; then
		why="phys=$phys is not a 2 MiB-aligned place in RAM"
	fi
	verdict "$name-placed" "$why"
	[ -z "$why" ] || phys=0
	check_boot "$name" "$phys" "$el"
	check_loader_dtb "$name" ram
	check_args "$name"
	check_kaslr "$name" "$kaslr"
	# kexec_file_load adds /chosen/linux,booted-from-kexec (kexec-tools'
	# kexec_load does not); a relok with kexec (issue 12) reports it.
	if grep -qa 'relok: kexec booted-from-kexec generation=' "$IMAGE"; then
		why=
		grep -q '^relok: kexec booted-from-kexec generation=1$' "$LOG" ||
			why="no 'relok: kexec booted-from-kexec generation=1': $(grep -m1 '^relok: kexec' "$LOG")"
		verdict "$name-booted-from-kexec" "$why"
	fi
}

MAX=max,pauth-impdef=on		# QARMA pointer auth is slow under TCG

# kexec -l from Debian's kernel.
dtb=$(pinned_dtb virt $MAX)
linux_boot load-el1 "$linux" virt $MAX load "$RELOK_ARGS" -dtb "$dtb"
check_linux load-el1 1 none
check_relok_load load-el1 1 seed

dtb=$(pinned_dtb virt,virtualization=on $MAX)
linux_boot load-el2-vhe "$linux" virt,virtualization=on $MAX load "$RELOK_ARGS" -dtb "$dtb"
check_linux load-el2-vhe 2 VHE
check_relok_load load-el2-vhe 2 seed

linux_boot load-el2-nvhe-noseed "$linux" virt,virtualization=on,dtb-randomness=off cortex-a57 \
	load "$RELOK_ARGS"
check_linux load-el2-nvhe-noseed 2 Hyp
check_relok_load load-el2-nvhe-noseed 2 no-seed

linux_boot load-padded-args "$linux" virt $MAX load "$RELOK_ARGS_PADDED"
check_linux load-padded-args 1 none
check_boot load-padded-args "$(kexec_d 'segment\[0\]\.mem')" 1
RELOK_MODULES=hello check_args load-padded-args

# kexec -s from the kernel built with CONFIG_KEXEC_FILE, when it is cached.
if ! small=$("$LINUX_SRCTREE/scripts/linux-kexec-file" --print 2>&1); then
	skip "file-el1, file-el2-noseed" "$small"
else
	dtb=$(pinned_dtb virt $MAX)
	linux_boot file-el1 "$small" virt $MAX file "$RELOK_ARGS" -dtb "$dtb"
	check_linux file-el1 1 none
	check_relok_file file-el1 1 seed

	# No seed in QEMU's DTB and no RNDR: Linux's RNG is not ready, and
	# kexec_file_load omits kaslr-seed (it says so).
	linux_boot file-el2-noseed "$small" virt,virtualization=on,dtb-randomness=off cortex-a57 \
		file "$RELOK_ARGS"
	check_linux file-el2-noseed 2 none
	check_relok_file file-el2-noseed 2 no-seed
	if grep -q 'RNG is not initialised: omitting "kaslr-seed" property' "$LOG"; then
		pass file-el2-noseed-linux-says-why
	else
		fail file-el2-noseed-linux-says-why "Linux did not say why it passed no kaslr-seed (log: $LOG)"
	fi
fi

summary
