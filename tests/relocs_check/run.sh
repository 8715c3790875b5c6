#!/bin/sh
# SPDX-License-Identifier: MIT
#
# End-to-end tests of scripts/relocs_check: build tiny kernels with both
# toolchains (GCC + GNU ld, clang + ld.lld), one good and several bad, and
# check relocs_check's exit code and that its message names the problem.
#
# usage: tests/relocs_check/run.sh path/to/relocs_check
# Prints "ok NAME" / "FAIL NAME" per case, then "N passed, N failed";
# exits 1 if any case failed.

set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 path/to/relocs_check" >&2
	exit 2
fi
case $1 in
/*) RC=$1 ;;
*) RC=$(pwd)/$1 ;;
esac

SRC=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/relocs_check.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM

. "$SRC/../lib/check.sh"

# Build step that must succeed; failure counts as a failed case.
build()
{
	name=$1
	shift
	if ! "$@" >"$WORK/err" 2>&1; then
		fail "$name" "build failed: $*"
		return 1
	fi
	return 0
}

# check_good NAME ELF READELF: relocs_check accepts it, and --stats total
# equals the number of R_AARCH64_RELATIVE entries readelf decodes.
check_good()
{
	name=$1 elf=$2 readelf=$3
	expect "$name" 0 "" "$RC" "$elf"
	"$RC" --stats "$elf" >"$WORK/stats" 2>"$WORK/err"
	total=$(sed -n 's/^total //p' "$WORK/stats")
	want=$($readelf -rW "$elf" | grep -c 'R_AARCH64_RELATIVE')
	if [ -z "$total" ] || [ "$total" -ne "$want" ] || [ "$want" -eq 0 ]; then
		fail "$name stats" "total '$total', readelf shows $want RELATIVE"
	elif [ "$(tail -n 1 "$WORK/stats")" != "total $total" ] ||
	     ! grep -q "^type R_AARCH64_RELATIVE $want\$" "$WORK/stats" ||
	     ! grep -q "^section .data " "$WORK/stats"; then
		fail "$name stats" "unexpected --stats format"
	else
		pass "$name stats ($total relocations)"
	fi
}

# name_twice ELF SECTION OUT: OUT is ELF with the second address of SECTION
# (.relr.dyn: an address entry; .rela.dyn: an r_offset) set to the first.
name_twice() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
src, name, out = sys.argv[1:]
d = bytearray(open(src, 'rb').read())
shoff, = struct.unpack_from('<Q', d, 0x28)
shnum, shstrndx = struct.unpack_from('<HH', d, 0x3c)
sh = lambda i: struct.unpack_from('<IIQQQQIIQQ', d, shoff + 64 * i)
stroff = sh(shstrndx)[4]
for i in range(shnum):
    s = sh(i)
    if d[stroff + s[0]:].split(b'\0')[0].decode() != name:
        continue
    off, size = s[4], s[5]
    step = 8 if name == '.relr.dyn' else 24
    # RELR: only even entries are addresses; RELA: every r_offset is one
    at = [p for p in range(off, off + size, step)
          if step == 24 or not struct.unpack_from('<Q', d, p)[0] & 1]
    if len(at) < 2:
        sys.exit(1)
    d[at[1]:at[1] + 8] = d[at[0]:at[0] + 8]
    open(out, 'wb').write(d)
    sys.exit(0)
sys.exit(1)
PY
}

KFLAGS="-ffreestanding -fpie -O2 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector"
LDFLAGS="-pie -z notext --no-dynamic-linker -nostdlib"

for tc in gnu llvm; do
	if [ $tc = gnu ]; then
		cc="aarch64-linux-gnu-gcc"
		ld="aarch64-linux-gnu-ld"
		readelf="aarch64-linux-gnu-readelf"
	else
		cc="clang --target=aarch64-linux-gnu"
		ld="ld.lld"
		readelf="aarch64-linux-gnu-readelf"
		command -v llvm-readelf >/dev/null && readelf=llvm-readelf
	fi
	o=$WORK/$tc
	mkdir -p "$o"
	lds=$SRC/kernel.lds
	# same layout but the text segment RWX
	sed 's/text PT_LOAD FLAGS(5);/text PT_LOAD FLAGS(7);/' "$lds" >"$o/rwx.lds"

	for s in head.S bad_pi_abs.S bad_got.S bad_preempt.S twice.S libext.S; do
		build "$tc: assemble $s" $cc -c "$SRC/$s" -o "$o/${s%.S}.o" ||
			continue
	done
	build "$tc: compile good.c" $cc $KFLAGS -c "$SRC/good.c" \
		-o "$o/good.o" || continue
	build "$tc: link libext.so" $ld -shared -o "$o/libext.so" \
		"$o/libext.o" || continue

	base="$o/head.o $o/good.o"
	if build "$tc: link good" $ld $LDFLAGS -T "$lds" $base \
		-o "$o/good.elf"; then
		check_good "$tc: good kernel" "$o/good.elf" "$readelf"
		expect "$tc: good kernel, custom --early" 0 "" \
			"$RC" --early .head.text --early=.pi.text "$o/good.elf"
	fi
	if [ $tc = llvm ] &&
	   build "$tc: link good (RELR)" $ld $LDFLAGS --pack-dyn-relocs=relr \
		-T "$lds" $base -o "$o/good-relr.elf"; then
		check_good "$tc: good kernel, RELR" "$o/good-relr.elf" "$readelf"
		if ! grep -q '^format rela=0 relr=[1-9]' "$WORK/stats"; then
			fail "$tc: RELR format line" "$(head -n 1 "$WORK/stats")"
		fi
	fi

	if build "$tc: link pi_abs" $ld $LDFLAGS -T "$lds" $base \
		"$o/bad_pi_abs.o" -o "$o/pi_abs.elf"; then
		expect "$tc: absolute reference in .pi.text" 1 \
			"relocation at 0x[0-9a-f]* in early section .pi.text" \
			"$RC" "$o/pi_abs.elf"
		expect "$tc: ... is a text relocation" 1 \
			"text relocation at 0x[0-9a-f]* (in .pi.text" \
			"$RC" "$o/pi_abs.elf"
		# --early replaces the defaults: .pi.text no longer early
		"$RC" --early .head.text "$o/pi_abs.elf" >/dev/null 2>"$WORK/err"
		if grep -q "early section" "$WORK/err"; then
			fail "$tc: --early replaces defaults" "still early"
		else
			pass "$tc: --early replaces defaults"
		fi
	fi

	if build "$tc: link got" $ld $LDFLAGS -T "$lds" $base \
		"$o/bad_got.o" -o "$o/got.elf"; then
		expect "$tc: GOT reference" 1 \
			"\.got has .*reached a symbol through the GOT" \
			"$RC" "$o/got.elf"
	fi

	if build "$tc: link preempt" $ld $LDFLAGS -T "$lds" $base \
		"$o/bad_preempt.o" "$o/libext.so" -o "$o/preempt.elf"; then
		expect "$tc: ABS64 against a preemptible symbol" 1 \
			"unexpected R_AARCH64_ABS64 at 0x[0-9a-f]* (in .data)" \
			"$RC" "$o/preempt.elf"
	fi

	# A word named twice would be relocated twice at boot: the second
	# table entry is made to name the first word again.
	if [ $tc = llvm ] &&
	   build "$tc: link twice (RELR)" $ld $LDFLAGS --pack-dyn-relocs=relr -T "$lds" $base \
		"$o/twice.o" -o "$o/twice-relr.elf"; then
		if name_twice "$o/twice-relr.elf" .relr.dyn "$o/twice-relr-bad.elf"; then
			expect "$tc: RELR address named twice" 2 \
				"a word would be relocated twice" "$RC" "$o/twice-relr-bad.elf"
			expect "$tc: ... the unpatched table passes" 0 "" "$RC" "$o/twice-relr.elf"
		else
			fail "$tc: RELR address named twice" "cannot patch .relr.dyn"
		fi
	fi
	if build "$tc: link twice (RELA)" $ld $LDFLAGS -T "$lds" $base "$o/twice.o" \
		-o "$o/twice-rela.elf"; then
		if name_twice "$o/twice-rela.elf" .rela.dyn "$o/twice-rela-bad.elf"; then
			expect "$tc: RELA word named twice" 1 \
				"is relocated twice" "$RC" "$o/twice-rela-bad.elf"
		else
			fail "$tc: RELA word named twice" "cannot patch .rela.dyn"
		fi
	fi

	if build "$tc: link rwx" $ld $LDFLAGS -T "$o/rwx.lds" $base \
		-o "$o/rwx.elf"; then
		expect "$tc: RWX segment" 1 "writable and executable" \
			"$RC" "$o/rwx.elf"
	fi

	# --purgatory: the kexec purgatory's checks (purgatory/purgatory.lds.S)
	plds=$SRC/purgatory.lds
	pflags="-pie --no-dynamic-linker -nostdlib -z max-page-size=4096"
	for v in good BAD_POINTER BAD_VISIBILITY BAD_ALIGN; do
		def=
		[ $v = good ] || def=-D$v
		build "$tc: assemble purg_good.S $v" $cc $def -c "$SRC/purg_good.S" \
			-o "$o/purg-$v.o" || continue
		build "$tc: link purgatory $v" $ld $pflags -z notext -T "$plds" "$o/purg-$v.o" \
			-o "$o/purg-$v.elf" || continue
	done
	[ -f "$o/purg-good.elf" ] &&
		expect "$tc: good purgatory" 0 "" "$RC" --purgatory "$o/purg-good.elf"
	[ -f "$o/purg-BAD_POINTER.elf" ] &&
		expect "$tc: purgatory with a pointer in data" 1 \
			"dynamic relocation R_AARCH64_RELATIVE at 0x[0-9a-f]* (in .data)" \
			"$RC" --purgatory "$o/purg-BAD_POINTER.elf"
	[ -f "$o/purg-BAD_VISIBILITY.elf" ] &&
		expect "$tc: purgatory symbol of default visibility" 1 \
			"symbol exported has default visibility" \
			"$RC" --purgatory "$o/purg-BAD_VISIBILITY.elf"
	[ -f "$o/purg-BAD_ALIGN.elf" ] &&
		expect "$tc: purgatory section aligned past 4 KiB" 1 \
			"section .data needs 0x2000 alignment" \
			"$RC" --purgatory "$o/purg-BAD_ALIGN.elf"
	# .data in a second PT_LOAD
	sed -e 's/image PT_LOAD FLAGS(7);/image PT_LOAD FLAGS(7);\n\tdata PT_LOAD FLAGS(6);/' \
	    -e 's/\.data : { \*(\.data \.data\.\*) }/.data : { *(.data .data.*) } :data/' \
	    "$plds" >"$o/purg-two.lds"
	if build "$tc: link purgatory two segments" $ld $pflags -T "$o/purg-two.lds" \
		"$o/purg-good.o" -o "$o/purg-two.elf"; then
		expect "$tc: purgatory with two PT_LOADs" 1 "2 PT_LOAD segments" \
			"$RC" --purgatory "$o/purg-two.elf"
	fi
	# BSS left out of the segment (NOLOAD): the loader would not zero it.
	# GNU ld only: ld.lld counts a NOLOAD .bss in p_memsz all the same.
	sed 's/\.bss : {/.bss (NOLOAD) : {/' "$plds" >"$o/purg-noload.lds"
	if [ $tc = gnu ] && build "$tc: link purgatory noload" $ld $pflags -T "$o/purg-noload.lds" \
		"$o/purg-good.o" -o "$o/purg-noload.elf"; then
		expect "$tc: purgatory BSS outside its PT_LOAD" 1 \
			"section .bss (0x[0-9a-f]*+0x8) lies outside the PT_LOAD" \
			"$RC" --purgatory "$o/purg-noload.elf"
	fi
	# not a PIE at all
	if build "$tc: link purgatory static" $ld -static -nostdlib -T "$plds" \
		"$o/purg-good.o" -o "$o/purg-static.elf"; then
		expect "$tc: purgatory not linked -pie" 2 "not a position-independent executable" \
			"$RC" --purgatory "$o/purg-static.elf"
	fi

	# corrupt input
	if [ -f "$o/good.elf" ]; then
		size=$(wc -c <"$o/good.elf")
		head -c 40 "$o/good.elf" >"$o/trunc-header.elf"
		head -c $((size - 100)) "$o/good.elf" >"$o/trunc-tail.elf"
		expect "$tc: truncated in the ELF header" 2 \
			"trunc-header.elf: elf: file too small" \
			"$RC" "$o/trunc-header.elf"
		expect "$tc: truncated section headers" 2 \
			"trunc-tail.elf: elf: section header table outside the file" \
			"$RC" "$o/trunc-tail.elf"
	fi
done

printf 'this is not an ELF file, just some text\n%.0s' 1 2 3 >"$WORK/text"
expect "non-ELF file" 2 "text: elf: not an ELF file" "$RC" "$WORK/text"
: >"$WORK/empty"
expect "empty file" 2 "empty: elf: file too small" "$RC" "$WORK/empty"
if [ -f /bin/true ] && head -c 4 /bin/true | grep -q ELF; then
	expect "host (non-AArch64) ELF" 2 "elf: not an AArch64 file" \
		"$RC" /bin/true
fi
expect "missing file" 2 "no-such-file: No such file" \
	"$RC" "$WORK/no-such-file"
expect "no arguments" 2 "usage:" "$RC"
expect "unknown option" 2 "unknown option '--bogus'" "$RC" --bogus x
expect "two files" 2 "only one input file" "$RC" a b
expect "--early without prefix" 2 "needs a non-empty PREFIX" "$RC" --early
"$RC" --help >"$WORK/out" 2>"$WORK/err"
if [ $? -eq 0 ] && grep -q "^usage: relocs_check" "$WORK/out"; then
	pass "--help"
else
	fail "--help" "no usage on stdout or bad exit status"
fi

summary
