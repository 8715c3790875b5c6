#!/bin/bash
# SPDX-License-Identifier: MIT
#
# make lab: what the code model costs (docs/codegen.md).  Builds the kernel
# and the lab modules in each CODE_MODEL (small-pie-hidden,
# small-pie-default, small-nopic, large-nopic) with each toolchain, each in
# a directory of its own with LAB=1 (kernel/lab/lab.mk), boots each kernel
# once under QEMU with -icount shift=0 and "selftest=lab", and prints one
# Markdown table on stdout, one row per variant and toolchain, then notes:
# the workload per kernel, relocs_check's verdict, and the relocation types
# of the kernel's text objects.  A variant that does not build or boot keeps
# its row, and its cells say why.  The counts are exact: two runs print the
# same thing.  The table is also written to $LAB_DIR/lab.md.
#   scripts/lab.sh [--help]
# Environment: LAB_TOOLCHAINS ("gnu llvm"), LAB_QUICK=1 (1 round instead of
# LAB_ROUNDS, default 64), LAB_DIR (build directories; default .lab in the
# source tree), LAB_JOBS (make -j for each build, default 2), QEMU_TIMEOUT
# (seconds per boot, default 120).
# Exit status: 0 the table was printed (other variants failing is a
# finding, and their cells say so); 1 the default variant did not build
# and run, or a kernel's checksum differed between variants; 2 usage or
# missing tools.
set -u
srctree=$(cd "$(dirname "$0")/.." && pwd)
case ${1:-} in
-h|--help) sed -n '4,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
'') ;;
*) echo "lab.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

dir=${LAB_DIR:-$srctree/.lab}
toolchains=${LAB_TOOLCHAINS:-gnu llvm}
rounds=${LAB_ROUNDS:-64}
[ -n "${LAB_QUICK:-}" ] && [ "${LAB_QUICK}" != 0 ] && rounds=1
QEMU_TIMEOUT=${QEMU_TIMEOUT:-120}
jobs=${LAB_JOBS:-2}
variants="small-pie-hidden small-pie-default small-nopic large-nopic"
kernels="dispatch sha256 strings list tree array modules"
baseline=small-pie-hidden

for tc in $toolchains; do
	case $tc in gnu|llvm) ;; *) echo "lab.sh: LAB_TOOLCHAINS: unknown toolchain '$tc' (gnu, llvm)" >&2; exit 2 ;; esac
done
case $rounds in
''|*[!0-9]*) echo "lab.sh: LAB_ROUNDS='$rounds' is not a number" >&2; exit 2 ;;
esac
case $jobs in ''|*[!0-9]*|0) echo "lab.sh: LAB_JOBS='$jobs' is not a positive number" >&2; exit 2 ;; esac
if [ "$rounds" -lt 1 ] || [ "$rounds" -gt 1000 ]; then
	echo "lab.sh: LAB_ROUNDS=$rounds: the kernel takes 1 to 1000 (include/relok/lab.h)" >&2
	exit 2
fi
"$srctree/scripts/deps.sh" boot || exit 2
command -v cpio >/dev/null || { echo "lab.sh: needs cpio (apt-get install cpio)" >&2; exit 2; }
mkdir -p "$dir" || exit 2
READELF=readelf
command -v aarch64-linux-gnu-readelf >/dev/null && READELF=aarch64-linux-gnu-readelf

# A message fit for a table cell: one line, no '|', no build paths.
cell() {
	head -n1 | sed -e "s|$dir/[^/ ]*/||g" -e "s|$srctree/||g" -e 's/|/\//g' \
		-e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' | cut -c1-220
}

# key=value from the first line of the boot log that starts with PREFIX.
value() { grep -m1 "^$2" "$log" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n1; }

# The objects compiled in the variant's code model: the kernel's C (early
# code, built in the default model always, and assembly left out).
c_objects() {
	local o=$1 tc=$2 f rel
	find "$o/.obj/$tc" -name '*.o' -not -path '*/pi/*' -not -path '*/modules/*' | sort |
	while read -r f; do
		rel=${f#"$o/.obj/$tc/"}
		[ -f "$srctree/${rel%.o}.c" ] && echo "$f"
	done
}

# Their executable bytes.
text_bytes() {
	c_objects "$1" "$2" | while read -r f; do LC_ALL=C $READELF -SW "$f"; done |
	sed 's/^ *\[ *[0-9]*\] *//' | awk '
		function hex(s,   i, n) { n = 0; s = tolower(s)
			for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n }
		NF >= 7 && $2 == "PROGBITS" && $7 ~ /X/ { t += hex($5) }
		END { printf "%d\n", t }'
}

# The relocation types in their text (what the code model changes).
text_reloc_types() {
	c_objects "$1" "$2" | while read -r f; do LC_ALL=C $READELF -rW "$f"; done | awk '
		/^Relocation section/ { keep = ($3 ~ /^.\.rela\.text/) }
		keep && $3 ~ /^R_AARCH64_/ { n[substr($3, 11)]++ }
		END { for (t in n) print n[t], t }' | sort -k1,1nr -k2 |
	awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " } END { print "" }'
}

# boot PLACEMENT LOG: the lab run, modules placed near (direct BL to the
# kernel) or far (through PLTs); nokaslr keeps the layout, and so the
# counts, the same on every run.
boot() {
	local place=
	[ "$1" = far ] && place=module_placement=far
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-aarch64 -M virt -cpu max -m 1G \
		-nographic -no-reboot -nic none -monitor none -icount shift=0 \
		-kernel "$o/arch/arm64/boot/Image" -initrd "$o/arch/arm64/boot/lab-initrd.cpio" \
		-append "nokaslr noselftest selftest=lab $place lab_rounds=$rounds" \
		</dev/null 2>&1 | tr -d '\r' >"$2"
}

# A line of a build log that reports an error (make's own lines aside).
error_re='error|can ?not be used|dangerous relocation|relocs_check:|extable_sort:|relr_pack:|kallsyms:'

# The first error the build printed.
build_error() {
	grep -E "$error_re" "$1" |
		grep -v '^make' | cell
}

# Why the build failed: the step that failed and the first error it printed.
build_failure() {
	local blog=$1 step msg
	# the last step started before the first error (make -j goes on
	# starting the steps that do not depend on the failed one)
	step=$(awk -v re="$error_re" '$0 ~ re && !/^make/ { exit }
		/^  (CC|CC-PI|AS|CC-MOD|AS-MOD|LD|KSYMS|EXTABLE|RELRPACK|CHECK|LD-MOD|OBJCOPY) / { s = $1 }
		END { print s }' "$blog")
	msg=$(build_error "$blog")
	case $step in
	CC|CC-PI|AS|CC-MOD|AS-MOD) echo "does not compile: $msg" ;;
	LD|KSYMS) case $msg in
		*MOVW_UABS*) echo "does not link: $(grep -o -m1 'R_AARCH64_MOVW_UABS_G[0-3]\(_NC\)\?' <<<"$msg") in text (MOVZ/MOVK of an absolute address) has no dynamic relocation" ;;
		*) echo "does not link: $msg" ;;
		esac ;;
	*) echo "post-link step $step fails: $msg" ;;
	esac
}

echo "| variant | toolchain | text bytes | dynamic relocs | reloc metadata bytes | boot reloc insns | workload insns |" >"$dir/lab.md.tmp"
echo "|---|---|---:|---:|---:|---:|---:|" >>"$dir/lab.md.tmp"
notes_kernels=
notes_check=
notes_types=
status=0
declare -A want_check=()

for v in $variants; do
	for tc in $toolchains; do
		o=$dir/$v-$tc
		llvm=; [ "$tc" = llvm ] && llvm=LLVM=1
		mkdir -p "$o"
		blog=$o/build.log
		log=$o/boot.log
		rm -f "$log"
		# not "make -s" (from make lab): the step lines say what failed
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
			make -j"$jobs" -C "$srctree" O="$o" CODE_MODEL="$v" LAB=1 $llvm all lab-initrd >"$blog" 2>&1
		build_rc=$?
		text=$(text_bytes "$o" "$tc")
		types=$(text_reloc_types "$o" "$tc")
		notes_types+="- $v $tc: ${types:-none}"$'\n'
		relocs='' meta='' reloc_insns='' work=''
		if [ $build_rc -ne 0 ]; then
			why=$(build_failure "$blog")
			# text of a kernel that did not compile would be partial
			[[ $why == "does not compile"* ]] && text=$why
			relocs=$why meta=$why reloc_insns=$why work=$why
			notes_check+="- $v $tc: not checked, the kernel $why; $(build_error "$blog")"$'\n'
		else
			rc_txt=$o/relocs_check.txt
			relocs=$(awk '$1 == "total" { print $2 }' "$rc_txt")
			verdict=$(sed -n 's/^exit \([0-9]*\)$/\1/p' "$rc_txt")
			stats=$(awk '$1 == "type" { t = t s substr($2, 11) " " $3; s = ", " }
				     $1 == "section" { c = c r $2 " " $3; r = ", " }
				     END { print t "; by section: " c }' "$rc_txt")
			if [ "$verdict" = 0 ]; then
				notes_check+="- $v $tc: passes ($stats)"$'\n'
			else
				notes_check+="- $v $tc: refuses, $(grep -m1 '^relocs_check:' "$rc_txt" | sed 's/^relocs_check: [^:]*: //' | cell);"
				notes_check+=" $(grep '^relocs_check: .*problem(s) found' "$rc_txt" | sed 's/^relocs_check: [^:]*: //' | cell) ($stats)"$'\n'
			fi
			boot far "$log"
			if ! grep -qx 'relok: ready' "$log"; then
				why="does not boot: $( (grep -m1 -E '^relok: (panic|crash|halted)' "$log" || tail -n1 "$log") | cell)"
				meta=$why reloc_insns=$why work=$why
			else
				meta=$(value meta-bytes 'relok: cost relocs=')
				reloc_insns=$(value insns 'relok: cost phase=reloc ')
				line="- $v $tc:"
				missing=
				for k in $kernels; do
					n=$(value insns "relok: lab kernel=$k ")
					if [ -z "$n" ]; then
						missing+=" $k"
						line+=" $k not run;"
						continue
					fi
					c=$(value check "relok: lab kernel=$k ")
					cyc=$(value cycles "relok: lab kernel=$k ")
					line+=" $k $n"
					[ "$cyc" != "$n" ] && line+=" ($cyc cycles)"
					if [ "$k" = modules ]; then
						boot near "$o/boot-near.log"
						near=$(log=$o/boot-near.log value insns "relok: lab kernel=$k ")
						line+=" (through PLTs; ${near:-not run} placed near, without)"
					fi
					line+=";"
					if [ -z "${want_check[$k]:-}" ]; then
						want_check[$k]=$c
					elif [ "${want_check[$k]}" != "$c" ]; then
						line+=" WRONG: $k check=$c, first run gave ${want_check[$k]};"
						status=1
					fi
				done
				total=$(value insns 'relok: lab total ')
				tcyc=$(value cycles 'relok: lab total ')
				line+=" total $total insns, $tcyc cycles"
				notes_kernels+="$line"$'\n'
				if grep -q '^relok: selftest lab FAIL' "$log"; then
					work="lab fails: $(grep -m1 '^relok: selftest lab FAIL' "$log" | sed 's/^relok: selftest lab FAIL //' | cell)"
				elif [ -n "$missing" ]; then
					rej=$(grep -m1 '^relok: module lab_[a-z]* rejected:' "$log" | sed 's/^relok: //' | cell)
					work="incomplete:${missing} not run (${rej:-no lab module loaded}); without it $total"
				else
					work=$total
				fi
			fi
		fi
		if [ "$v" = "$baseline" ] && ! [[ $work =~ ^[0-9]+$ ]]; then
			echo "lab.sh: the default code model did not build and run with $tc: $work (see $blog, $log)" >&2
			status=1
		fi
		echo "| $v | $tc | $text | $relocs | $meta | $reloc_insns | $work |" >>"$dir/lab.md.tmp"
	done
done
mv "$dir/lab.md.tmp" "$dir/lab.md"
cat "$dir/lab.md"
echo
echo "Workload per kernel, instructions retired under -icount shift=0 (lab_rounds=$rounds; cycles, from PMCCNTR_EL0, shown only where they differ):"
echo
printf '%s' "$notes_kernels"
echo
echo "relocs_check on each linked kernel (a LAB=1 build keeps its verdict instead of failing):"
echo
printf '%s' "$notes_check"
echo
echo "Relocation types in the text of the kernel's C objects, by count (each is one instruction or literal):"
echo
printf '%s' "$notes_types"
exit $status
