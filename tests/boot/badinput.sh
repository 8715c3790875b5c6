#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The bad-input boot matrix: one table row per hostile input, each with the
# outcome it must have.  Every input reaches the kernel loaded raw (lib.sh
# shim_dtb, shim_set dtb, shim_raw_cpus: the shim enters the Image with x0
# pointing at a blob QEMU neither parsed nor repaired).  Whatever the input, the kernel
# must end in a guest power-off (the shutdown trace, reason=6) within the
# timeout, or in "relok: halted: <why>" where the DT leaves no way to power
# off, and never print a crash report; then the row's expectation:
#   boot         a good boot (check_boot: ready, self-tests, relocations)
#   boot:PAT     a good boot whose log also has a line matching PAT
#   panic:PAT    "relok: panic: <...PAT...>" and no ready
#   halted:PAT   "relok: halted: <...PAT...>" (QEMU is stopped at that line)
#   silent       not a byte on the console (no usable UART), yet powered off
# Rows: row NAME EXPECT 'RECIPE', where RECIPE is shell run with $D = a copy
# of the base DTB (QEMU virt, 1 GiB, packed by dtc) to edit, and may change
# KADDR (the Image), DTB_AT (the blob; "none": no DTB put anywhere), X0 (x0
# at entry instead of DTB_AT; 0 starts the CPU at the shim raw, so no
# loader gives it one), RAW (1: start the CPU at the shim raw, at its reset
# EL), the machine M and CPU, or add QEMU arguments to EXTRA (blob FILE ADDR
# puts a file in memory raw).
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
EDIT="python3 $(dirname "$0")/dtbedit.py"
INITRD=$RELOK_BUILD/arch/arm64/boot/initrd.cpio
MODDIR=$RELOK_BUILD/modules
KADDR_DEFAULT=$RAW_IMAGE_AT
DTB_DEFAULT=$RAW_DTB_AT
INITRD_AT=$((0x4c000000))
RAM_END=$((RAM_BASE + (1 << 30)))
IMAGE_END=$((KADDR_DEFAULT + $(image_size)))

dump_dtb "$work/dump.dtb" virt -cpu max -m 1G
dtc -q -I dtb -O dtb -o "$work/base.dtb" "$work/dump.dtb"
UART=/pl011@9000000
MEM=/memory@40000000

# blob FILE ADDR: FILE in memory at ADDR, loaded raw.
blob() {
	EXTRA+=(-device "loader,file=$1,addr=$(hex "$2"),force-raw=on")
}

# set_initrd D FILE [START]: FILE as the initrd at START, /chosen pointing at it.
set_initrd() {
	local d=$1 file=$2 at=${3:-$INITRD_AT} size
	size=$(stat -c %s "$file")
	fdtput -t x "$d" /chosen linux,initrd-start 0 "$(printf %x "$at")"
	fdtput -t x "$d" /chosen linux,initrd-end 0 "$(printf %x $((at + size)))"
	blob "$file" "$at"
}

# cpio_of NAME FILE...: a newc archive of FILEs (from the modules folder).
cpio_of() {
	local out=$work/$1.cpio
	shift
	(cd "$MODDIR" && printf '%s\n' "$@" | cpio --quiet -o -H newc --reproducible) >"$out"
	echo "$out"
}

# patch_at FILE OFFSET TEXT: overwrite bytes of FILE at OFFSET with TEXT.
patch_at() {
	printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# A UART that never drains: QEMU's second flash bank (0x04000000, read-only)
# holding a PL011's ID registers and a UARTFR with TXFF stuck at 1.
stuck_uart() {
	local img=$work/stuck-uart.img
	if [ ! -f "$img" ]; then
		python3 - "$img" <<-'EOF'
		import struct, sys
		regs = bytearray(0x1000)
		struct.pack_into("<I", regs, 0x18, 1 << 5)		# UARTFR.TXFF
		ids = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]	# PeriphID0-3, PCellID0-3
		for i, v in enumerate(ids):
		    struct.pack_into("<I", regs, 0xfe0 + 4 * i, v)
		with open(sys.argv[1], "wb") as f:
		    f.write(regs)
		    f.truncate(64 << 20)				# a whole flash bank
		EOF
	fi
	fdtput -t x "$D" $UART reg 0 4000000 0 1000
	EXTRA+=(-drive "if=pflash,unit=1,format=raw,readonly=on,file=$img")
}

# judge NAME EXPECT: the boot that just ran, against the row's expectation.
judge() {
	local name=$1 want=$2 kind pat
	kind=${want%%:*}
	pat=${want#*:}
	[ "$pat" = "$want" ] && pat=
	if [ "$kind" = halted ]; then
		if [ "${MATCHED:-0}" -ne 1 ]; then
			fail "$name" "rc=$QEMU_RC, no 'relok: halted:' line (log: $LOG)"
		elif grep -q '^relok: crash:' "$LOG"; then
			fail "$name" "crash report: $(grep -m1 '^relok: crash:' "$LOG")"
		elif ! grep -q -- "^relok: halted: .*$pat" "$LOG"; then
			fail "$name" "$(grep -m1 '^relok: halted:' "$LOG"), expected '$pat'"
		else
			pass "$name"
		fi
	elif [ "$QEMU_RC" -eq 124 ] || [ "$QEMU_RC" -eq 137 ]; then
		fail "$name" "timed out after ${QEMU_TIMEOUT}s: a hang (log: $LOG)"
	elif [ "$QEMU_RC" -ne 0 ]; then
		fail "$name" "qemu exit status $QEMU_RC: $(head -c 200 "$LOG")"
	elif ! grep -q '^qemu_system_shutdown_request reason=6' "$LOG"; then
		fail "$name" "no guest power-off (log: $LOG)"
	elif grep -q '^relok: crash:' "$LOG"; then
		fail "$name" "crash report: $(grep -m1 '^relok: crash:' "$LOG")"
	else
		case $kind in
		boot)
			if [ -n "$pat" ] && ! grep -q -- "$pat" "$LOG"; then
				fail "$name" "booted without a line matching '$pat' (log: $LOG)"
			elif [[ $M == *virtualization=on* ]]; then
				check_boot "$name" "$KADDR" 2
			else
				check_boot "$name" "$KADDR" 1
			fi ;;
		panic)
			if grep -qx 'relok: ready' "$LOG"; then
				fail "$name" "booted to ready (log: $LOG)"
			elif ! grep -q -- "^relok: panic: .*$pat" "$LOG"; then
				fail "$name" "no panic matching '$pat': $(grep -m2 '^relok:' "$LOG" | tr '\n' ' ')"
			else
				pass "$name"
			fi ;;
		silent)
			if grep -q 'relok' "$LOG"; then
				fail "$name" "console output: $(grep -m1 relok "$LOG")"
			else
				pass "$name"
			fi ;;
		*)	fail "$name" "bad expectation '$want' in the table" ;;
		esac
	fi
}

# row NAME EXPECT RECIPE: build the case, boot it, judge it.
row() {
	local name=$1 want=$2 recipe=$3
	D=$work/$name.dtb
	cp "$work/base.dtb" "$D"
	KADDR=$KADDR_DEFAULT DTB_AT=$DTB_DEFAULT X0= RAW= M=virt CPU=max EXTRA=()
	# Once, stopping at the first failing command (so not inside an "if",
	# which would turn set -e off); its variables come back through a file.
	rm -f "$work/vars"
	(set -e; eval "$recipe"; declare -p KADDR DTB_AT X0 RAW M CPU EXTRA >"$work/vars") \
		>"$work/recipe.out" 2>&1
	if [ ! -f "$work/vars" ]; then
		fail "$name" "recipe failed: $(head -c 200 "$work/recipe.out")"
		return
	fi
	. "$work/vars"
	if [ "$X0" = 0 ] || [ -n "$RAW" ]; then
		shim_raw_cpus 1
	fi
	if [ -n "$X0" ]; then
		[ "$X0" = 0 ] || shim_set dtb "$X0"
	elif [ "$DTB_AT" != none ]; then
		shim_dtb "$D" "$DTB_AT"
	fi
	MATCHED=0
	[ "${want%%:*}" = halted ] && boot_until 'relok: halted:'
	boot_at "$name" "$KADDR" "${EXTRA[@]}" -M "$M" -cpu "$CPU" -m 1G \
		-trace enable=qemu_system_shutdown_request
	judge "$name" "$want"
}

# ---- The good blob through the same path (so that the failures mean something)
row good boot ':'
row good-no-psci "halted:no power-off: psci none unusable" 'fdtput -r $D /psci'

# ---- Entry: x0
row x0-zero "panic:no device tree: x0 was 0 at entry" 'X0=0'
row x0-misaligned "panic:bad device tree: dtb: blob not 8-byte aligned" 'DTB_AT=$((DTB_DEFAULT + 4))'
row x0-hole "panic:no device tree at 0x.*: nothing answers there" \
	'X0=$((0x0a100000))'
row x0-beyond-pa "panic:no device tree at 0x.*: nothing answers there" \
	'X0=$((0xffff00000000))'
row x0-top "panic:no device tree at 0x.*: nothing answers there" \
	'X0=$((0xfffffffffffffff8))'
row x0-image "panic:bad device tree: dtb: bad magic" 'X0=$KADDR'
row x0-flash "panic:bad device tree: dtb: bad magic" 'X0=$((0x1000))'
# The same probing reads at the other entry ELs: EL2 (the DTB says smc, as
# QEMU's does there) and EL3 (refused: nothing below to power off through).
row el2-good boot 'M=virt,virtualization=on; fdtput -t s $D /psci method smc'
row el2-x0-hole "panic:no device tree at 0x.*: nothing answers there" \
	'M=virt,virtualization=on; X0=$((0x0a100000))'
row el2-uart-hole "boot:^relok: warning: stdout-path UART refused: no PL011 answers there" \
	'M=virt,virtualization=on; fdtput -t s $D /psci method smc; fdtput -t x $D $UART reg 0 a100000 0 1000'
row el3-x0-hole "halted:no firmware below EL3" 'M=virt,secure=on; RAW=1; X0=$((0x0a100000))'

# ---- Header fields
row hdr-magic "panic:dtb: bad magic" '$EDIT $D header magic 0xd00dfeee'
row hdr-totalsize-huge "panic:dtb: totalsize above the 2 MiB limit" '$EDIT $D header totalsize 0x7fffffff'
row hdr-totalsize-2m "panic:dtb: totalsize above the 2 MiB limit" \
	'dtc -q -I dtb -O dtb -S $((2 * 1024 * 1024 + 4096)) -o $D.big $D && mv $D.big $D'
row hdr-totalsize-tiny "panic:dtb: totalsize smaller than the header" '$EDIT $D header totalsize 20'
row hdr-totalsize-short "panic:dtb: strings block beyond totalsize" '$EDIT $D header totalsize end-64'
row hdr-version-old "panic:dtb: unsupported version" '$EDIT $D header version 15; $EDIT $D header last_comp_version 15'
row hdr-last-comp "panic:dtb: last compatible version above version" '$EDIT $D header last_comp_version 18'
row hdr-struct-beyond "panic:dtb: structure block starts beyond totalsize" '$EDIT $D header off_dt_struct end+64'
row hdr-struct-header "panic:dtb: structure block overlaps the header" '$EDIT $D header off_dt_struct 8'
row hdr-struct-align "panic:dtb: structure block not 4-byte aligned" '$EDIT $D header off_dt_struct +2'
row hdr-struct-size "panic:dtb: structure block beyond totalsize" '$EDIT $D header size_dt_struct end'
row hdr-strings-beyond "panic:dtb: strings block starts beyond totalsize" '$EDIT $D header off_dt_strings end+4'
row hdr-strings-header "panic:dtb: strings block overlaps the header" '$EDIT $D header off_dt_strings 4'
row hdr-strings-size "panic:dtb: strings block beyond totalsize" '$EDIT $D header size_dt_strings end'
row hdr-rsvmap-header "panic:dtb: memory reservation map overlaps the header" '$EDIT $D header off_mem_rsvmap 16'
row hdr-rsvmap-align "panic:dtb: memory reservation map not 8-byte aligned" '$EDIT $D header off_mem_rsvmap +4'
row hdr-rsvmap-endless "panic:dtb: memory reservation map not terminated" '$EDIT $D rsv-unterminated'
row hdr-truncated-file "panic:bad device tree: dtb: unknown token" 'head -c 200 $D >$D.cut && mv $D.cut $D'
row hdr-zeros "panic:dtb: bad magic" 'dd if=/dev/zero of=$D bs=4096 count=1 status=none'

# ---- Structure block: tokens and names
row st-no-end "panic:dtb: structure block ends without FDT_END" '$EDIT $D end-token 4'
row st-root-unclosed "panic:dtb: unbalanced nodes" '$EDIT $D drop-root-end'
row st-extra-end-node "panic:dtb: unbalanced nodes" '$EDIT $D extra-end-node'
row st-second-root "panic:dtb: more than one root node" '$EDIT $D second-root'
row st-unknown-token "panic:dtb: unknown token" '$EDIT $D token /psci method 7'
row st-name-unterminated "panic:dtb: node name not terminated" '$EDIT $D name-unterminated /chosen'
row st-prop-after-subnode "panic:dtb: property after a subnode" '$EDIT $D prop-after-subnode'
row st-deep boot '$EDIT $D deep 64'

# ---- Strings and property lengths
row str-nameoff-beyond "panic:dtb: property name offset outside the strings block" '$EDIT $D prop-nameoff /chosen stdout-path 0x100000'
row str-nameoff-end "panic:dtb: property name offset outside the strings block" '$EDIT $D prop-nameoff /chosen stdout-path end'
row str-unterminated "panic:dtb: property name not terminated inside the strings block" '$EDIT $D strings-unterminated'
row str-block-short "panic:dtb: property name not terminated inside the strings block" '$EDIT $D header size_dt_strings -16'
row len-huge "panic:dtb: property value past the structure block" '$EDIT $D prop-len /chosen stdout-path 0xfffffff0'
row len-past-block "panic:dtb: property value past the structure block" '$EDIT $D prop-len / compatible 0x100000'
row len-into-next "panic:dtb: unknown token" '$EDIT $D prop-len /psci method +4'
row len-string-no-nul "panic:device tree /chosen: dtb: stdout-path is not a string" \
	'$EDIT $D prop-len /chosen stdout-path -1'

# ---- Cells
row cells-root-ac1 "panic:device tree /memory: dtb: memory reg length" \
	'fdtput -t x $D / "#address-cells" 1'
row cells-root-ac1-warns "boot:^relok: warning: stdout-path UART refused: .*does not fit" \
	'fdtput -t x $D / "#address-cells" 1; fdtput -t x $D $MEM reg 40000000 0 40000000'
row cells-root-ac1-consistent boot \
	'fdtput -t x $D / "#address-cells" 1; fdtput -t x $D $MEM reg 40000000 0 40000000
	 fdtput -t x $D $UART reg 9000000 0 1000'
row cells-root-ac3 "panic:dtb: unsupported #address-cells" 'fdtput -t x $D / "#address-cells" 3'
row cells-root-ac0 "panic:dtb: unsupported #address-cells" 'fdtput -t x $D / "#address-cells" 0'
row cells-root-sc0 "panic:device tree /memory: dtb: no memory" 'fdtput -t x $D / "#size-cells" 0'
row cells-root-sc3 "panic:dtb: unsupported #size-cells" 'fdtput -t x $D / "#size-cells" 3'
row cells-two-cells-long "panic:dtb: #address-cells or #size-cells is not one cell" \
	'fdtput -t x $D / "#address-cells" 0 2'

# ---- Memory banks
row mem-none "panic:device tree /memory: dtb: no memory" 'fdtput -r $D $MEM'
row mem-size-zero "panic:device tree /memory: dtb: no memory" 'fdtput -t x $D $MEM reg 0 40000000 0 0'
row mem-reg-odd "panic:device tree /memory: dtb: memory reg length" 'fdtput -t x $D $MEM reg 0 40000000 0'
row mem-no-reg "panic:device tree /memory: dtb: memory node without reg" 'fdtput -d $D $MEM reg'
row mem-disabled "panic:device tree /memory: dtb: no memory" 'fdtput -t s $D $MEM status disabled'
row mem-not-memory "panic:device tree /memory: dtb: no memory" 'fdtput -t s $D $MEM device_type memorx'
row mem-overlap "panic:device tree /memory: dtb: overlapping memory banks" \
	'fdtput -t x $D $MEM reg 0 40000000 0 40000000 0 60000000 0 1000'
row mem-wraps "panic:device tree /memory: dtb: memory bank wraps" \
	'fdtput -t x $D $MEM reg 0 40000000 0 40000000 ffffffff ffff0000 0 20000'
row mem-too-many "panic:device tree /memory: dtb: more memory banks than supported" \
	'r=(); for i in $(seq 0 16); do r+=(0 $(printf %x $((0x40000000 + i * 0x2000000))) 0 2000000); done
	 fdtput -t x $D $MEM reg "${r[@]}"'
row mem-image-outside "panic:Image at 0x.* is not inside RAM described by /memory" \
	'fdtput -t x $D $MEM reg 0 40000000 0 10000000'
row mem-image-straddles "panic:Image at 0x.* is not inside RAM described by /memory" \
	'fdtput -t x $D $MEM reg 0 40000000 0 10010000'
row mem-beyond-linear "panic:RAM bank .* lies beyond the .* linear map" \
	'fdtput -t x $D $MEM reg 0 40000000 0 40000000 f000 0 0 1000'

# ---- /chosen: bootargs, kaslr-seed, stdout-path, initrd
row ch-bootargs-no-nul "panic:device tree /chosen: dtb: bootargs is not a string" \
	'fdtput -t bx $D /chosen bootargs 6e 6f'
row ch-bootargs-empty boot 'fdtput -t s $D /chosen bootargs ""'
row ch-bootargs-long boot 'fdtput -t s $D /chosen bootargs "$(printf "x=%0500d " $(seq 1 16))"'
row ch-bootargs-junk boot 'fdtput -t s $D /chosen bootargs "$(printf "\t= ==,, modules= module_placement=")"'
row ch-seed-short-rndr "boot:^relok: kaslr enabled .* source=rndr reason=bad-seed$" \
	'fdtput -t x $D /chosen kaslr-seed 12345678'
row ch-seed-long-rndr "boot:^relok: kaslr enabled .* source=rndr reason=bad-seed$" \
	'fdtput -t x $D /chosen kaslr-seed 1 2 3 4'
row ch-seed-empty-rndr "boot:^relok: kaslr enabled .* source=rndr reason=bad-seed$" \
	'fdtput -t x $D /chosen kaslr-seed'
row ch-seed-short-no-rndr "boot:^relok: kaslr disabled .*reason=bad-seed$" \
	'fdtput -t x $D /chosen kaslr-seed 12345678; CPU=cortex-a57'
row ch-seed-zero "boot:^relok: kaslr disabled .*reason=zero-seed$" 'fdtput -t x $D /chosen kaslr-seed 0 0'
row ch-stdout-no-nul "panic:device tree /chosen: dtb: stdout-path is not a string" \
	'fdtput -t bx $D /chosen stdout-path 2f'
row ch-stdout-nowhere "boot:^relok: warning: stdout-path UART refused: dtb: stdout-path names no node" \
	'fdtput -t s $D /chosen stdout-path /nowhere'
row ch-stdout-alias "boot:^relok: warning: stdout-path UART refused: dtb: stdout-path names no node" \
	'fdtput -t s $D /chosen stdout-path serial7:115200'
row ch-stdout-not-pl011 "boot:^relok: warning: stdout-path UART refused: dtb: stdout-path device is not a PL011" \
	'fdtput -t s $D /chosen stdout-path /pl031@9010000'
row ch-initrd-one "panic:device tree /chosen: dtb: only one of linux,initrd-start" \
	'fdtput -t x $D /chosen linux,initrd-start 0 4c000000'
row ch-initrd-backwards "panic:device tree /chosen: dtb: initrd ends before it starts" \
	'fdtput -t x $D /chosen linux,initrd-start 0 4c001000; fdtput -t x $D /chosen linux,initrd-end 0 4c000000'
row ch-initrd-2-bytes "panic:device tree /chosen: dtb: initrd address is neither 4 nor 8" \
	'fdtput -t x $D /chosen linux,initrd-start 0 4c000000; fdtput -t bx $D /chosen linux,initrd-end 4c 00'
row ch-initrd-1-cell "boot:^relok: module hello loaded" \
	'set_initrd $D $INITRD; s=$(stat -c %s $INITRD)
	 fdtput -t x $D /chosen linux,initrd-start 4c000000
	 fdtput -t x $D /chosen linux,initrd-end $(printf %x $((0x4c000000 + s)))'

# ---- /psci: what the kernel reads of it
row psci-bogus "panic:device tree /psci: dtb: unknown psci method" 'fdtput -t s $D /psci method bogus'
row psci-no-method "panic:device tree /psci: dtb: psci node has no method" 'fdtput -d $D /psci method'
row psci-no-nul "panic:device tree /psci: dtb: unknown psci method" 'fdtput -t bx $D /psci method 68 76 63'
row psci-empty "panic:device tree /psci: dtb: unknown psci method" 'fdtput -t s $D /psci method ""'
row psci-compatible-only boot \
	'fdtput -r $D /psci; fdtput -p -c $D /firmware/psi; fdtput -t s $D /firmware/psi compatible arm,psci-1.0
	 fdtput -t s $D /firmware/psi method hvc'

# ---- The UART
row uart-reg-zero "boot:^relok: warning: stdout-path UART refused: no PL011 answers there" \
	'fdtput -t x $D $UART reg 0 0 0 1000'
row uart-reg-hole "boot:^relok: warning: stdout-path UART refused: no PL011 answers there" \
	'fdtput -t x $D $UART reg 0 a100000 0 1000'
row uart-reg-beyond-pa "boot:^relok: warning: stdout-path UART refused: no PL011 answers there" \
	'fdtput -t x $D $UART reg ffff 0 0 1000'
row uart-reg-other-device "boot:^relok: warning: stdout-path UART refused: no PL011 answers there" \
	'fdtput -t x $D $UART reg 0 9010000 0 1000'
row uart-reg-in-ram "boot:^relok: warning: stdout-path UART refused: reg lies in RAM" \
	'fdtput -t x $D $UART reg 0 48000000 0 1000'
row uart-reg-small "boot:^relok: warning: stdout-path UART refused: reg is smaller than" \
	'fdtput -t x $D $UART reg 0 9000000 0 100'
row uart-reg-size-zero "boot:^relok: warning: stdout-path UART refused: dtb: stdout uart reg has size 0" \
	'fdtput -t x $D $UART reg 0 9000000 0 0'
row uart-reg-3-cells "boot:^relok: warning: stdout-path UART refused: dtb: stdout uart reg does not fit" \
	'fdtput -t x $D $UART reg 0 9000000 1000'
row uart-reg-wraps "boot:^relok: warning: stdout-path UART refused: dtb: stdout uart reg wraps" \
	'fdtput -t x $D $UART reg ffffffff fffff000 0 2000'
row uart-no-reg "boot:^relok: warning: stdout-path UART refused: dtb: stdout uart has no reg" \
	'fdtput -d $D $UART reg'
row uart-not-pl011 "boot:^relok: warning: stdout-path UART refused: dtb: stdout-path device is not a PL011" \
	'fdtput -t s $D $UART compatible arm,pl010'
row uart-never-drains silent 'stuck_uart'
row uart-never-drains-panic silent 'stuck_uart; fdtput -t s $D /psci method bogus'
row uart-none-left silent \
	'fdtput -t x $D $UART reg 0 0 0 1000; fdtput -t x $D $MEM reg 0 9000000 0 1000 0 40000000 0 40000000'

# ---- Placements and overlaps
row place-dtb-in-image "panic:the DTB at 0x.* lies inside the memory the Image needs" \
	'DTB_AT=$(( (IMAGE_END - 0x10000) & ~7 ))'
row place-dtb-overlaps-image "panic:the DTB at 0x.* overlaps the Image" \
	'head -c 2048 $D >$D.cut && mv $D.cut $D; DTB_AT=$((KADDR - 2048))'
row place-dtb-after-image boot 'DTB_AT=$IMAGE_END'
row place-dtb-ram-end boot 'DTB_AT=$(( (RAM_END - $(stat -c %s $D)) & ~7 ))'
row place-dtb-past-ram "panic:dtb: totalsize beyond the readable limit" \
	'head -c 2048 $D >$D.cut && mv $D.cut $D; DTB_AT=$((RAM_END - 2048))'
row place-image-4k "boot:^relok: warning: Image at 0x.* is not 2 MiB aligned" 'KADDR=$((KADDR + 0x1000))'
row place-image-odd "panic:Image loaded at 0x.*, which is not 4 KiB aligned" 'KADDR=$((KADDR + 0x10))'
row place-image-ram-top boot 'KADDR=$(( (RAM_END - $(image_size)) & ~0x1fffff ))'

# ---- The initrd: bounds, overlaps, corrupt archives (modules come from it)
row rd-good "boot:^relok: module hello loaded" 'set_initrd $D $INITRD'
row rd-not-in-ram "boot:^relok: modules: initrd 0x.* is not in RAM" \
	'fdtput -t x $D /chosen linux,initrd-start 0 8000000; fdtput -t x $D /chosen linux,initrd-end 0 8001000'
row rd-past-ram "boot:^relok: modules: initrd 0x.* is not in RAM" \
	'fdtput -t x $D /chosen linux,initrd-start 0 7ffff000; fdtput -t x $D /chosen linux,initrd-end 0 80001000'
row rd-top "boot:^relok: modules: initrd 0x.* is not in RAM" \
	'fdtput -t x $D /chosen linux,initrd-start ffffffff fffff000; fdtput -t x $D /chosen linux,initrd-end ffffffff ffffffff'
row rd-empty "boot:^relok: modules: no initrd" \
	'fdtput -t x $D /chosen linux,initrd-start 0 4c000000; fdtput -t x $D /chosen linux,initrd-end 0 4c000000'
row rd-over-image "boot:^relok: modules: initrd 0x.* overlaps the kernel image" \
	'fdtput -t x $D /chosen linux,initrd-start 0 $(printf %x $KADDR); fdtput -t x $D /chosen linux,initrd-end 0 $(printf %x $((KADDR + 0x1000)))'
row rd-over-dtb "boot:^relok: modules: initrd 0x.* overlaps the device tree" \
	'fdtput -t x $D /chosen linux,initrd-start 0 $(printf %x $DTB_AT); fdtput -t x $D /chosen linux,initrd-end 0 $(printf %x $((DTB_AT + 0x100)))'
row rd-garbage "boot:^relok: modules: initrd: cpio: bad magic" \
	'head -c 4096 $IMAGE >$work/junk.bin; set_initrd $D $work/junk.bin'
row rd-truncated-header "boot:^relok: modules: initrd: cpio: truncated header" \
	'head -c 60 $(cpio_of one hello.ko) >$work/cut.cpio; set_initrd $D $work/cut.cpio'
row rd-not-hex "boot:^relok: modules: initrd: cpio: header field is not hexadecimal" \
	'cp $(cpio_of one hello.ko) $work/nh.cpio; patch_at $work/nh.cpio 20 zz; set_initrd $D $work/nh.cpio'
row rd-filesize-huge "boot:^relok: modules: initrd: cpio: file data outside the archive" \
	'cp $(cpio_of one hello.ko) $work/fs.cpio; patch_at $work/fs.cpio 54 ffffffff; set_initrd $D $work/fs.cpio'
row rd-namesize-huge "boot:^relok: modules: initrd: cpio: name outside the archive" \
	'cp $(cpio_of one hello.ko) $work/ns.cpio; patch_at $work/ns.cpio 94 7fffffff; set_initrd $D $work/ns.cpio'
row rd-name-no-nul "boot:^relok: modules: initrd: cpio: name not NUL-terminated" \
	'cp $(cpio_of one hello.ko) $work/nn.cpio; patch_at $work/nn.cpio 94 00000008; set_initrd $D $work/nn.cpio'
row rd-cut-in-data "boot:^relok: modules: initrd: cpio: file data outside the archive" \
	'head -c 1000 $(cpio_of one hello.ko) >$work/cd.cpio; set_initrd $D $work/cd.cpio'
row rd-bad-modules "boot:^relok: module bad_shndx rejected: " \
	'set_initrd $D $(cpio_of bad bad_truncated.ko bad_shndx.ko bad_reloc.ko)'

summary
