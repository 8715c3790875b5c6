#!/bin/bash
# SPDX-License-Identifier: MIT
#
# kexec (docs/kexec.md): relok hands over to relok through the purgatory.
#  - chains of five handovers (six boots) in one QEMU run, at EL1 and at
#    EL2: every generation boots fully, at the entry EL, at the address the
#    previous one announced, at a physical address and KASLR offset no
#    other generation had, and says which generation it is;
#  - the next command line (kexec.chain counted down, kexec.cmdline=), the
#    next initrd (kexec.initrd=), reserved memory kept and avoided;
#  - a corrupted segment is named by the purgatory, which powers off;
#  - every bad input is a named rejection and a clean power-off;
#  - the ET_REL purgatories (kexec.purgatory=) that docs/kexec.md measures;
#  - at EL2, every generation's hyp-stub self-test: an HVC the stub does not
#    know (a PSCI call) gets NOT_SUPPORTED with the other registers intact.
set -u
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PURG_DIR=$RELOK_BUILD/purgatory
HELLO_KO=$RELOK_BUILD/modules/hello.ko
QEMU_TIMEOUT=${QEMU_TIMEOUT_KEXEC:-60}

# put_le64 FILE OFFSET VALUE: a little-endian u64 into FILE.
put_le64() {
	local v=$3 i bytes=
	for i in 0 1 2 3 4 5 6 7; do
		bytes+=$(printf '\\x%02x' $(( (v >> (8 * i)) & 0xff )))
	done
	printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# The test initrd: relok's own Image, its bad variants, command lines, a
# sub-initrd, the ET_REL purgatories.
d=$work/initrd
mkdir -p "$d" "$work/sub"
cp "$IMAGE" "$d/Image"
cp "$IMAGE" "$d/bad-magic"; put_le64 "$d/bad-magic" 56 0
cp "$IMAGE" "$d/huge"; put_le64 "$d/huge" 16 $((2 << 30))		# image_size 2 GiB, RAM 1 GiB
cp "$IMAGE" "$d/big"; put_le64 "$d/big" 16 $((0x3c000000))		# fits the bank, not the free RAM
gzip -c "$IMAGE" >"$d/Image.gz"
printf 'nokaslr\n' >"$d/cmd-nokaslr"
head -c 3000 /dev/zero | tr '\0' 'x' >"$d/cmd-long"
cp "$HELLO_KO" "$work/sub/hello.ko"
(cd "$work/sub" && echo hello.ko | cpio --quiet -o -H newc --reproducible >"$d/sub.cpio")
cp "$PURG_DIR/purgatory.rel.o" "$PURG_DIR/purgatory-large.rel.o" "$d/"
(cd "$d" && ls | cpio --quiet -o -H newc --reproducible >"$work/kexec.cpio")
INITRD=$work/kexec.cpio

# kexec_boot NAME MACHINE CPU APPEND [qemu args...]
kexec_boot() {
	local name=$1 machine=$2 cpu=$3 append=$4
	shift 4
	boot_at "$name" kernel -M "$machine" -cpu "$cpu" -m 1G -initrd "$INITRD" \
		-append "$append" "$@"
}

# col SED-EXPR: one value per matching line of $LOG, in order.
col() { sed -n "$1" "$LOG"; }

# boot_ok WHY: the QEMU run ended by power-off, with no panic or crash.
run_failed() {
	if [ "$QEMU_RC" -eq 124 ] || [ "$QEMU_RC" -eq 137 ]; then
		echo "timed out after ${QEMU_TIMEOUT}s"
	elif [ "$QEMU_RC" -ne 0 ]; then
		echo "qemu exit status $QEMU_RC"
	elif grep -q '^relok: \(panic\|crash\)' "$LOG"; then
		grep -m1 '^relok: \(panic\|crash\)' "$LOG"
	fi
}

# check_chain NAME EL BOOTS: the log of a chain of BOOTS - 1 handovers.
check_chain() {
	local name=$1 el=$2 boots=$3 why= g want_relocs
	local -a phys els dest dtb_load dtb_boot offs gens cmds relocs
	want_relocs=$(expected_relocs)
	mapfile -t els < <(col 's/^relok: boot el=\([0-9]\) .*/\1/p')
	mapfile -t phys < <(col 's/^relok: boot el=[0-9] phys=\(0x[0-9a-f]*\) .*/\1/p')
	mapfile -t dtb_boot < <(col 's/^relok: boot el=.* dtb=\(0x[0-9a-f]*\)$/\1/p')
	mapfile -t dest < <(col 's/^relok: kexec load image=Image dest=\(0x[0-9a-f]*\) .*/\1/p')
	mapfile -t dtb_load < <(col 's/^relok: kexec load .* dtb=\(0x[0-9a-f]*\) .*/\1/p')
	mapfile -t offs < <(col 's/^relok: kaslr enabled offset=\(0x[0-9a-f]*\) .*/\1/p')
	mapfile -t gens < <(col 's/^relok: kexec booted-from-kexec generation=\([0-9]*\)$/\1/p')
	mapfile -t cmds < <(col 's/^relok: kexec cmdline="\(.*\)"$/\1/p')
	mapfile -t relocs < <(col 's/^relok: relocs applied=\([0-9]*\) .*/\1/p')

	why=$(run_failed)
	[ -z "$why" ] && [ "$(grep -c '^relok: ready$' "$LOG")" -ne "$boots" ] &&
		why="$(grep -c '^relok: ready$' "$LOG") boots reached ready, want $boots"
	[ -z "$why" ] && [ "${#phys[@]}" -ne "$boots" ] && why="${#phys[@]} boot lines, want $boots"
	[ -z "$why" ] && [ "$(grep -c '^purgatory: verified segments=3$' "$LOG")" -ne $((boots - 1)) ] &&
		why="$(grep -c '^purgatory: verified' "$LOG") purgatory runs verified, want $((boots - 1))"
	[ -z "$why" ] && [ "${#dest[@]}" -ne $((boots - 1)) ] && why="${#dest[@]} kexec load lines"
	[ -z "$why" ] && grep -q '^relok: selftest .* FAIL' "$LOG" &&
		why="$(grep -m1 '^relok: selftest .* FAIL' "$LOG")"
	for ((g = 0; g < boots && ${#why} == 0; g++)); do
		if [ "${els[g]}" != "$el" ]; then
			why="generation $g booted at EL${els[g]}, want EL$el"
		elif [ "${relocs[g]:-}" != "$want_relocs" ]; then
			why="generation $g applied ${relocs[g]:-no} relocations, want $want_relocs"
		elif ((g > 0)) && [ "${phys[g]}" != "${dest[g - 1]}" ]; then
			why="generation $g at ${phys[g]}, generation $((g - 1)) announced ${dest[g - 1]}"
		elif ((g > 0)) && [ "${dtb_boot[g]}" != "${dtb_load[g - 1]}" ]; then
			why="generation $g got its DTB at ${dtb_boot[g]}, announced ${dtb_load[g - 1]}"
		elif ((g > 0)) && [ "${gens[g - 1]:-}" != "$g" ]; then
			why="generation $g reports generation=${gens[g - 1]:-nothing}"
		elif ((g < boots - 1)); then
			local n=$((boots - 2 - g)) wantc
			wantc="kexec=Image kexec.chain=$n"
			((n == 0)) && wantc=
			[ "${cmds[g]:-}" != "$wantc" ] &&
				why="generation $g passed on \"${cmds[g]:-}\", want \"$wantc\""
		fi
	done
	[ -z "$why" ] && [ "$(printf '%s\n' "${phys[@]}" | sort -u | wc -l)" -ne "$boots" ] &&
		why="physical addresses repeat: ${phys[*]}"
	[ -z "$why" ] && [ "${#offs[@]}" -ne "$boots" ] && why="KASLR on in ${#offs[@]} of $boots boots"
	[ -z "$why" ] && [ "$(printf '%s\n' "${offs[@]}" | sort -u | wc -l)" -ne "$boots" ] &&
		why="KASLR offsets repeat: ${offs[*]}"
	[ -z "$why" ] && [ "$(grep -c '^relok: kaslr seed-wiped=yes len=8$' "$LOG")" -ne "$boots" ] &&
		why="not every generation got (and wiped) an 8-byte kaslr-seed"
	# the stub each generation left at EL2 answers what it does not know
	[ -z "$why" ] && [ "$el" = 2 ] &&
		[ "$(grep -c '^relok: selftest hyp-stub ok$' "$LOG")" -ne "$boots" ] &&
		why="$(grep -c '^relok: selftest hyp-stub ok$' "$LOG") hyp-stub self-tests passed, want $boots"
	[ -z "$why" ] && [ "$el" = 1 ] && grep -q '^relok: selftest hyp-stub' "$LOG" &&
		why="a hyp-stub self-test ran after an EL1 entry"
	if [ -n "$why" ]; then
		fail "$name" "$why (log: $LOG)"
	else
		pass "$name (phys ${phys[*]})"
	fi
}

kexec_boot chain-el1 virt cortex-a57 "kexec=Image kexec.chain=5"
check_chain chain-el1 1 6
kexec_boot chain-el2 virt,virtualization=on max "kexec=Image kexec.chain=5"
check_chain chain-el2 2 6

# Four CPUs: before each handover the secondaries are parked (PSCI
# CPU_OFF), and the next generation brings all four up again.
kexec_boot smp-el2 virt,virtualization=on max "kexec=Image kexec.chain=2 noselftest" -smp 4
why=$(run_failed)
[ -z "$why" ] && [ "$(grep -c '^relok: smp online=4 of=4$' "$LOG")" -ne 3 ] &&
	why="$(grep -c '^relok: smp online=4 of=4$' "$LOG") generations had 4 CPUs online, want 3"
[ -z "$why" ] && [ "$(sed -n '/^relok: ready$/,/^purgatory: verified/p' "$LOG" | grep -c '^relok: smp parked=3 of=3$')" -ne 2 ] &&
	why="the secondaries were not parked before each of the 2 handovers"
[ -z "$why" ] && pass smp-el2 || fail smp-el2 "$why (log: $LOG)"

# The last handover passes neither kexec= nor kexec.chain on; the others keep what they had.
kexec_boot chain-keeps-args virt max "nokaslr kexec=Image kexec.chain=2 noselftest"
mapfile -t cmds < <(col 's/^relok: kexec cmdline="\(.*\)"$/\1/p')
if [ -z "$(run_failed)" ] && [ "${cmds[*]}" = "nokaslr kexec=Image kexec.chain=1 noselftest nokaslr noselftest" ] &&
   [ "$(grep -c '^relok: kaslr disabled offset=.* reason=nokaslr$' "$LOG")" -eq 3 ]; then
	pass chain-keeps-args
else
	fail chain-keeps-args "cmdlines: ${cmds[*]} (log: $LOG)"
fi

# kexec.cmdline: the file, without its newline, is the next command line.
kexec_boot cmdline-file virt max "kexec=Image kexec.cmdline=cmd-nokaslr"
if [ -z "$(run_failed)" ] && grep -q '^relok: kexec cmdline="nokaslr"$' "$LOG" &&
   [ "$(grep -c '^relok: ready$' "$LOG")" -eq 2 ] &&
   [ "$(grep -c '^relok: kaslr disabled offset=.* reason=nokaslr$' "$LOG")" -eq 1 ]; then
	pass cmdline-file
else
	fail cmdline-file "$(run_failed) (log: $LOG)"
fi

# kexec.initrd: the next kernel loads its module from the sub-initrd.
kexec_boot initrd-file virt max "kexec=Image kexec.initrd=sub.cpio"
if [ -z "$(run_failed)" ] && [ "$(grep -c '^relok: ready$' "$LOG")" -eq 2 ] &&
   grep -q '^relok: module hello loaded' "$LOG" &&
   [ "$(col 's/^relok: modules loaded=\([0-9]*\) .*/\1/p' | tr '\n' ' ')" = "0 1 " ]; then
	pass initrd-file
else
	fail initrd-file "$(run_failed) modules: $(grep '^relok: modules loaded' "$LOG" | tr '\n' ' ') (log: $LOG)"
fi

# Reserved memory: a /memreserve/ and a /reserved-memory node over most of
# RAM stay reserved in every generation's DTB, and no kernel lands there.
dump_dtb "$work/virt.dtb" virt -cpu max -m 1G
dtc -q -I dtb -O dts "$work/virt.dtb" >"$work/rsv.dts"
sed -i -e '1a /memreserve/ 0x50000000 0x10000000;' \
	-e 's|^\t*chosen {|\treserved-memory {\n\t\t#address-cells = <0x02>;\n\t\t#size-cells = <0x02>;\n\t\tranges;\n\t\tfw@60000000 {\n\t\t\treg = <0x00 0x60000000 0x00 0x1fe00000>;\n\t\t\tno-map;\n\t\t};\n\t};\n\n&|' \
	"$work/rsv.dts"
dtc -q -I dts -O dtb -o "$work/rsv.dtb" "$work/rsv.dts"
kexec_boot reserved virt max "kexec=Image kexec.chain=5 noselftest" -dtb "$work/rsv.dtb"
mapfile -t phys < <(col 's/^relok: boot el=[0-9] phys=\(0x[0-9a-f]*\) .*/\1/p')
why=$(run_failed)
[ -z "$why" ] && [ "${#phys[@]}" -ne 6 ] && why="${#phys[@]} boots, want 6"
for p in "${phys[@]}"; do
	((p >= 0x50000000 && p < 0x7fe00000)) && why="a kernel at $p, in reserved memory"
done
[ -z "$why" ] && pass "reserved (phys ${phys[*]})" || fail reserved "$why (log: $LOG)"

# A corrupted segment (kernel, DTB, initrd) is named; nothing is entered.
# At EL2 the purgatory's power-off must work as well (it runs at EL1).
for c in "0 virt" "1 virt" "2 virt" "0 virt,virtualization=on"; do
	set -- $c
	name=corrupt-$1
	[ "$2" = virt ] || name=$name-el2
	kexec_boot $name "$2" max "kexec=Image kexec.corrupt=$1 noselftest"
	why=$(run_failed)
	[ -z "$why" ] && ! grep -q "^purgatory: sha256 mismatch segment=$1\$" "$LOG" &&
		why="no 'purgatory: sha256 mismatch segment=$1'"
	[ -z "$why" ] && grep -q '^purgatory: verified' "$LOG" && why="the purgatory verified it"
	[ -z "$why" ] && [ "$(grep -c '^relok: boot el=' "$LOG")" -ne 1 ] && why="a second kernel ran"
	[ -z "$why" ] && pass $name || fail $name "$why (log: $LOG)"
done

# check_rejected NAME PATTERN APPEND [qemu args]: the named rejection, a
# clean power-off after "ready", nothing loaded.
check_rejected() {
	local name=$1 pattern=$2 append=$3 why
	shift 3
	kexec_boot "$name" virt max "$append noselftest" "$@"
	why=$(run_failed)
	[ -z "$why" ] && ! grep -q "^relok: kexec rejected: $pattern" "$LOG" &&
		why="no 'relok: kexec rejected: $pattern': $(grep -m1 '^relok: kexec' "$LOG")"
	[ -z "$why" ] && grep -q '^relok: kexec load' "$LOG" && why="it loaded all the same"
	[ -z "$why" ] && ! grep -q '^relok: ready$' "$LOG" && why="no ready before it"
	[ -z "$why" ] && pass "$name" || fail "$name" "$why (log: $LOG)"
}

check_rejected reject-bad-magic "bad-magic: not an arm64 Image" "kexec=bad-magic"
check_rejected reject-too-large "image-too-large: image_size is beyond RAM" "kexec=huge"
check_rejected reject-no-slot "no-slot: no free 2 MiB-aligned slot" "kexec=big"
check_rejected reject-compressed "compressed: a gzip file" "kexec=Image.gz"
check_rejected reject-missing "missing-file: kexec=nothere is not a file in the initrd" \
	"kexec=nothere"
check_rejected reject-missing-initrd "missing-file: kexec.initrd=nothere is not a file" \
	"kexec=Image kexec.initrd=nothere"
check_rejected reject-missing-cmdline "missing-file: kexec.cmdline=nothere is not a file" \
	"kexec=Image kexec.cmdline=nothere"
check_rejected reject-long-cmdline-file "cmdline-too-long: kexec.cmdline holds 3000 bytes" \
	"kexec=Image kexec.cmdline=cmd-long"
check_rejected reject-long-cmdline "cmdline-too-long: the next command line does not fit" \
	"kexec=Image kexec.chain=2 $(head -c 2100 /dev/zero | tr '\0' 'y')"
check_rejected reject-bad-chain "bad-argument: kexec.chain must be a number from 1" \
	"kexec=Image kexec.chain=0"
# No initrd at all: the file cannot be there.
boot_at reject-no-initrd kernel -M virt -cpu max -m 1G -append "kexec=Image noselftest"
if [ -z "$(run_failed)" ] && grep -q '^relok: kexec rejected: missing-file: kexec=Image: there is no initrd' "$LOG"; then
	pass reject-no-initrd
else
	fail reject-no-initrd "$(run_failed) $(grep -m1 '^relok: kexec' "$LOG") (log: $LOG)"
fi

# The ET_REL purgatories docs/kexec.md measures load section by section,
# with their relocations applied, and hand over as well.
for p in purgatory.rel.o purgatory-large.rel.o; do
	kexec_boot "rel-$p" virt max "kexec=Image kexec.purgatory=$p noselftest"
	why=$(run_failed)
	[ -z "$why" ] && ! grep -q '^relok: kexec plan .*purgatory-format=rel purgatory-relocs=[1-9]' "$LOG" &&
		why="not loaded as ET_REL with relocations: $(grep -m1 '^relok: kexec plan' "$LOG")"
	[ -z "$why" ] && [ "$(grep -c '^relok: ready$' "$LOG")" -ne 2 ] && why="the next kernel did not boot"
	[ -z "$why" ] && pass "rel-$p" || fail "rel-$p" "$why (log: $LOG)"
done
kexec_boot pie-default virt max "kexec=Image noselftest"
grep -q '^relok: kexec plan .*purgatory-format=pie purgatory-relocs=0 ' "$LOG" &&
	[ "$(grep -c '^relok: ready$' "$LOG")" -eq 2 ] && pass pie-default ||
	fail pie-default "$(grep -m1 '^relok: kexec plan' "$LOG") (log: $LOG)"

summary
