#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Tests of scripts/extable_sort on tiny kernels linked here with both
# toolchains (GCC + GNU ld, clang + ld.lld, the latter also with RELR):
# the converted table is decoded independently and checked against the
# symbols, relocations and descriptor are checked against readelf, and
# every refusal is checked for its exit status and message.
#
# usage: tests/extable/run.sh path/to/extable_sort path/to/relocs_check
# Prints "ok NAME" / "FAIL NAME" per case, then "N passed, N failed".
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 path/to/extable_sort path/to/relocs_check" >&2
	exit 2
fi
ES=$(realpath "$1")
RC=$(realpath "$2")
RL=$(dirname "$ES")/reloc_lines		# built beside extable_sort
SRC=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$SRC/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/extable.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
READELF=aarch64-linux-gnu-readelf
NM=aarch64-linux-gnu-nm

# Layout constants, from the header that defines them.
hdr=$srctree/arch/arm64/include/asm/extable.h
const() { sed -n "s/^#define $1[[:space:]]\+\([0-9a-fx]*\).*/\1/p" "$hdr"; }
MAGIC=$(($(const EXTABLE_MAGIC)))
SORTED=$(const EXTABLE_STATE_SORTED)
HDR_SIZE=$(const EXTABLE_HEADER_SIZE)
ENT_SIZE=$(const EXTABLE_SORTED_ENTRY_SIZE)

. "$srctree/tests/lib/check.sh"

# Section NAME of FILE: "addr offset size" (hex without 0x).
section() {
	$READELF -SW "$2" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk -v n="$1" '$1 == n { print $3, $4, $5 }'
}
sym() { $NM "$1" | awk -v s="$2" '$3 == s { print $1 }'; }
u32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }
s32() { od -An -t d4 -j "$2" -N 4 "$1" | tr -d ' '; }
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
total() { "$RC" --stats "$1" 2>/dev/null | sed -n 's/^total //p'; }
dyn() { $READELF -dW "$1" | awk -v t="($2)" '$2 == t { print $3 }'; }
stat_of() { sed -n "s/^$2 //p" "$1"; }

# check_converted NAME BEFORE AFTER STATS: the table in AFTER is the sorted
# relative form of the four entries of kernel.S, decoded here from bytes.
check_converted() {
	local name=$1 before=$2 after=$3 stats=$4 why= addr off size i
	local want_insn=() want_fix=() want_type=() want_data=()
	read -r addr off size < <(section __ex_table "$after")
	addr=$((0x$addr)) off=$((0x$off))
	# kernel.S lists (3, 1, 0, 2); sorted by address that is 0, 1, 2, 3
	for i in 0 1 2 3; do
		want_insn+=($((0x$(sym "$after" i$i))))
		want_fix+=($((0x$(sym "$after" f$i))))
	done
	want_type=(1 2 2 1)
	want_data=(0 $((0x43)) $((0x25)) 0)
	if [ "$(u32 "$after" "$off")" -ne "$MAGIC" ] ||
	   [ "$(u32 "$after" $((off + 4)))" -ne "$SORTED" ] ||
	   [ "$(u32 "$after" $((off + 8)))" -ne 4 ] ||
	   [ "$(u32 "$after" $((off + 12)))" -ne "$ENT_SIZE" ]; then
		why="header not {magic, sorted, 4, $ENT_SIZE}"
	fi
	for i in 0 1 2 3; do
		local e=$((HDR_SIZE + i * ENT_SIZE))
		local insn=$((addr + e + $(s32 "$after" $((off + e)))))
		local fix=$((addr + e + 4 + $(s32 "$after" $((off + e + 4)))))
		if [ $insn -ne "${want_insn[$i]}" ] || [ $fix -ne "${want_fix[$i]}" ] ||
		   [ "$(u32 "$after" $((off + e + 8)))" -ne "${want_type[$i]}" ] ||
		   [ "$(u32 "$after" $((off + e + 12)))" -ne "${want_data[$i]}" ]; then
			why="${why:+$why; }entry $i decodes to insn $(printf %x $insn) fixup $(printf %x $fix)"
		fi
	done
	# the rest of the old, larger table is zero
	if od -An -v -t x1 -j $((off + HDR_SIZE + 4 * ENT_SIZE)) \
	      -N $((0x$size - HDR_SIZE - 4 * ENT_SIZE)) "$after" | grep -q '[1-9a-f]'; then
		why="bytes after the last entry are not zero"
	fi
	[ -z "$why" ] && pass "$name: table sorted and relative" || fail "$name: table" "$why"

	# relocations: exactly the 8 fields removed, the .data pointer kept
	local tb ta
	tb=$(total "$before") ta=$(total "$after")
	if [ -z "$tb" ] || [ -z "$ta" ] || [ $((tb - ta)) -ne 8 ] || [ "$ta" -ne 1 ] ||
	   [ "$(stat_of "$stats" relocs_removed)" != 8 ] ||
	   [ "$(stat_of "$stats" converted)" != 4 ]; then
		fail "$name: relocation count" "before $tb after $ta, stats: $(tr '\n' ' ' <"$stats")"
	else
		pass "$name: relocations $tb -> $ta (8 table fields)"
	fi
	expect "$name: relocs_check accepts the result" 0 "" "$RC" "$after"

	# descriptor and dynamic section agree with the section headers
	local d rela relr dsize
	d=$(section .pi.rodata "$after" | awk '{ print $2 }')
	rela=$(section .rela.dyn "$after" | awk '{ print $3 }')
	relr=$(section .relr.dyn "$after" | awk '{ print $3 }')
	why=
	[ "$(u64 "$after" $((0x$d + 16)))" -eq $((0x${rela:-0})) ] || why="descriptor RELA size"
	[ "$(u64 "$after" $((0x$d + 32)))" -eq $((0x${relr:-0})) ] || why="descriptor RELR size"
	dsize=$(dyn "$after" RELASZ)
	[ -z "$dsize" ] || [ "${dsize}" -eq $((0x${rela:-0})) ] || why="DT_RELASZ $dsize"
	dsize=$(dyn "$after" RELRSZ)
	[ -z "$dsize" ] || [ "${dsize}" -eq $((0x${relr:-0})) ] || why="DT_RELRSZ $dsize"
	[ -z "$why" ] && pass "$name: descriptor and dynamic section updated" ||
		fail "$name: consistency" "$why"
}

for tc in gnu llvm; do
	if [ $tc = gnu ]; then
		cc=aarch64-linux-gnu-gcc ld=aarch64-linux-gnu-ld ldflags="-shared"
	else
		cc="clang --target=aarch64-linux-gnu" ld=ld.lld ldflags="-pie"
	fi
	ldflags="$ldflags -Bsymbolic -z notext --no-dynamic-linker --no-apply-dynamic-relocs -nostdlib"
	o=$WORK/$tc
	mkdir -p "$o"
	cpp() { $cc -E -P -x assembler-with-cpp -D__ASSEMBLER__ -I"$srctree/arch/arm64/include" "$@"; }
	build() { # NAME OUT LDS_DEFS AS_DEFS [LDFLAGS]
		local name=$1 out=$2 ldefs=$3 adefs=$4
		shift 4
		if ! cpp $ldefs "$SRC/kernel.lds.S" -o "$out.lds" 2>"$WORK/err" ||
		   ! $cc -c -D__ASSEMBLER__ -I"$srctree/arch/arm64/include" $adefs \
			"$SRC/kernel.S" -o "$out.o" 2>"$WORK/err" ||
		   ! $ld $ldflags "$@" -T "$out.lds" "$out.o" -o "$out" 2>"$WORK/err"; then
			fail "$tc: build $name" "$(head -n 3 "$WORK/err")"
			return 1
		fi
		# As the kernel's build does: the cache-line table of the
		# converted link, linked in last (kernels extable_sort refuses
		# keep an empty one).
		cp "$out" "$out.pass1"
		"$ES" "$out.pass1" 2>/dev/null || return 0
		if ! "$RL" "$out.pass1" >"$out.lines.S" 2>"$WORK/err" ||
		   ! $cc -c "$out.lines.S" -o "$out.lines.o" 2>"$WORK/err" ||
		   ! $ld $ldflags "$@" -T "$out.lds" "$out.o" "$out.lines.o" -o "$out" 2>"$WORK/err"; then
			fail "$tc: build $name with its line table" "$(head -n 3 "$WORK/err")"
			return 1
		fi
	}

	variants="rela"
	[ $tc = llvm ] && variants="rela relr"
	for v in $variants; do
		extra=
		[ $v = relr ] && extra=--pack-dyn-relocs=relr
		n="$tc/$v"
		build good "$o/good-$v" "" "" $extra || continue
		expect "$n: relocs_check refuses the linked table" 1 \
			"targets __ex_table: run scripts/extable_sort" "$RC" "$o/good-$v"
		cp "$o/good-$v" "$o/orig-$v"
		expect "$n: convert with -o" 0 "" "$ES" --stats -o "$o/conv-$v" "$o/good-$v"
		cp "$WORK/out" "$o/stats-$v"
		if cmp -s "$o/good-$v" "$o/orig-$v"; then
			pass "$n: -o leaves the input alone"
		else
			fail "$n: -o" "input changed"
		fi
		check_converted "$n" "$o/good-$v" "$o/conv-$v" "$o/stats-$v"
		[ $v = relr ] && ! grep -q '^relr_removed 8$' "$o/stats-$v" &&
			fail "$n: RELR" "the fields were not RELR relocations"

		# in place, then a second run: harmless and detected
		expect "$n: convert in place" 0 "" "$ES" "$o/good-$v"
		if cmp -s "$o/good-$v" "$o/conv-$v"; then
			pass "$n: in place == -o"
		else
			fail "$n: in place" "differs from the -o result"
		fi
		cp "$o/good-$v" "$o/once-$v"
		expect "$n: second run" 0 "already converted" "$ES" --stats "$o/good-$v"
		if cmp -s "$o/good-$v" "$o/once-$v" && grep -q '^converted 0$' "$WORK/out" &&
		   grep -q '^entries 4$' "$WORK/out"; then
			pass "$n: second run changes nothing"
		else
			fail "$n: second run" "file changed or stats wrong: $(tr '\n' ' ' <"$WORK/out")"
		fi
	done

	# refusals: exit status, message, and the file untouched
	refuse() { # NAME WANT PATTERN AS_DEFS
		local name=$1 want=$2 pattern=$3 defs=$4
		build "$name" "$o/$name" "" "$defs" || return
		cp "$o/$name" "$o/$name.orig"
		expect "$tc: refuses $name" "$want" "$pattern" "$ES" "$o/$name"
		cmp -s "$o/$name" "$o/$name.orig" || fail "$tc: $name" "file changed on refusal"
	}
	refuse norel 1 "entry 4 (at 0x[0-9a-f]*): insn field has no R_AARCH64_RELATIVE" -DBAD_NOREL
	refuse outside 1 "entry 4: instruction address 0x[0-9a-f]* is not in kernel text (.data)" \
		-DBAD_OUTSIDE
	refuse dup 1 "entries [0-9] and [0-9] both list the instruction at" -DBAD_DUP
	refuse type 1 "unknown fixup type 7" -DBAD_TYPE
	if build notable "$o/notable" -DNO_TABLE -DNO_TABLE; then
		expect "$tc: refuses a missing table" 2 "no __ex_table section" "$ES" "$o/notable"
	fi

	# corrupt input
	g=$o/orig-rela
	[ -f "$g" ] || continue
	size=$(wc -c <"$g")
	head -c 40 "$g" >"$o/trunc-header"
	head -c $((size - 100)) "$g" >"$o/trunc-tail"
	expect "$tc: truncated ELF header" 2 "trunc-header: elf: file too small" "$ES" "$o/trunc-header"
	expect "$tc: truncated section headers" 2 "elf: section header table outside the file" \
		"$ES" "$o/trunc-tail"
	read -r _ toff _ < <(section __ex_table "$g")
	cp "$g" "$o/badmagic"
	printf 'XXXX' | dd of="$o/badmagic" bs=1 seek=$((0x$toff)) conv=notrunc 2>/dev/null
	expect "$tc: corrupt table header" 2 "__ex_table header has magic" "$ES" "$o/badmagic"
	cp "$g" "$o/badsize"
	printf '\x07' | dd of="$o/badsize" bs=1 seek=$((0x$toff + 12)) conv=notrunc 2>/dev/null
	expect "$tc: corrupt entry size" 2 "not a whole number of" "$ES" "$o/badsize"
	read -r _ doff _ < <(section .pi.rodata "$g")
	cp "$g" "$o/baddesc"
	printf '\x08' | dd of="$o/baddesc" bs=1 seek=$((0x$doff + 16)) conv=notrunc 2>/dev/null
	expect "$tc: descriptor disagrees" 2 "__pi_reloc_info's RELA offset and size" "$ES" "$o/baddesc"
	# reloc_lines: a target far beyond the image (its table would span the
	# address space) is refused, not allocated for
	read -r _ roff _ < <(section .rela.dyn "$g")
	cp "$g" "$o/farreloc"
	printf '\x00\x00\x00\x00\xff\xff\xff\xff' |
		dd of="$o/farreloc" bs=1 seek=$((0x$roff)) conv=notrunc 2>/dev/null
	expect "$tc: reloc_lines refuses a target beyond the image" 2 \
		"reloc-lines: a relocation target beyond the image" "$RL" "$o/farreloc"
done

printf 'this is not an ELF file, just some text\n%.0s' 1 2 3 >"$WORK/text"
expect "non-ELF file" 2 "text: elf: not an ELF file" "$ES" "$WORK/text"
expect "missing file" 2 "no-such-file: No such file" "$ES" "$WORK/no-such-file"
expect "no arguments" 2 "usage:" "$ES"
expect "unknown option" 2 "unknown option '--bogus'" "$ES" --bogus x
expect "two files" 2 "only one input file" "$ES" a b
expect "-o without a file" 2 "-o needs a file name" "$ES" x -o
"$ES" --help >"$WORK/out" 2>"$WORK/err"
if [ $? -eq 0 ] && grep -q "^usage: extable_sort" "$WORK/out"; then
	pass "--help"
else
	fail "--help" "no usage on stdout or bad exit status"
fi

summary
