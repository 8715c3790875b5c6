#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The build's own commands, as a new user meets them: make help names
# every target (and each one it names exists), make clean and make
# mrproper leave a copy of the tree exactly as it was after every make
# target and scripts/boot-qemu (which builds in build/) wrote into it,
# and scripts/boot-qemu answers a bad option with its usage.  Works on a
# copy of the source tree, so the real one is never cleaned.
set -u
. "$(dirname "$0")/lib.sh"

srctree=$(cd "$(dirname "$0")/../.." && pwd)
work=$RELOK_LOGS/$TOOLCHAIN-make.d
rm -rf "$work"
mkdir -p "$work"
src=$work/src
llvm=
[ "$TOOLCHAIN" = llvm ] && llvm=LLVM=1

# The source files as the work tree has them (tracked or new, not ignored).
mkdir -p "$src"
(cd "$srctree" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	cpio -0pdm --quiet "$src") 2>"$work/copy.err"
listing() { (cd "$src" && find . | LC_ALL=C sort); }
listing >"$work/pristine.txt"
if [ -f "$src/Makefile" ] && [ "$(wc -l <"$work/pristine.txt")" -gt 50 ]; then
	pass make-tree-copy
else
	fail make-tree-copy "could not copy the source tree (see $work/copy.err)"
fi

# check_clean NAME: the copy holds exactly the source files again.
check_clean() {
	listing >"$work/$1.txt"
	if diff "$work/pristine.txt" "$work/$1.txt" >"$work/$1.diff"; then
		pass "$1"
	else
		fail "$1" "left or removed: $(grep '^[<>]' "$work/$1.diff" | head -n 8 | paste -sd ' ')"
	fi
}

# --- make help -----------------------------------------------------------
help=$(make -s -C "$src" help 2>&1)
targets=$(sed -n '/^Targets/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p' <<<"$help")
why=
for t in $targets; do
	make -n -C "$src" "$t" >/dev/null 2>&1 || why+=" $t(no such target)"
done
# Every phony target of the Makefiles is in the help (FORCE is plumbing).
for t in $(sed -n 's/^\.PHONY: *//p' "$src/Makefile" "$src/arch/arm64/Makefile" \
	   "$src/modules/modules.mk" "$src/tests/linux/linux.mk" | tr ' ' '\n' | sort -u); do
	[ "$t" = FORCE ] && continue
	grep -qx "$t" <<<"$targets" || why+=" $t(not in help)"
done
for v in O V LLVM CROSS_COMPILE RELR BENCH_RELOCS BENCH_RELOCS_FROM BENCH_RELR_LOOP CODE_MODEL; do
	grep -q "^  $v=" <<<"$help" || why+=" $v=(not in help)"
done
if [ -z "$why" ] && [ -n "$targets" ]; then
	pass make-help
else
	fail make-help "${why:- no targets listed}"
fi

# --- a build that follows its configuration -------------------------------
# Every target records the command that made it (scripts/Makefile.cmd);
# another toolchain, RELR=, BENCH_RELOCS= or host compiler remakes exactly
# what it changes, in-tree and with O=.  Both toolchains are switched here,
# so the gnu run does it once.
if [ "$TOOLCHAIN" = gnu ]; then
	comment() { readelf -p .comment "$1" 2>/dev/null | grep -o 'GCC\|clang\|LLD' | sort -u | paste -sd+; }
	fmt() { "$1/scripts/relocs_check" --stats "$1/vmlinux" | sed -n 's/^format //p'; }
	total() { "$1/scripts/relocs_check" --stats "$1/vmlinux" | awk '$1 == "total" { print $2 }'; }
	why=
	for where in in-tree o; do
		args=() out=$src
		[ $where = o ] && args=(O=build/cfg) out=$src/build/cfg
		run() { make -s -C "$src" "${args[@]}" "$@" >>"$work/config-$where.log" 2>&1 ||
			why+=" make $*: failed (see $work/config-$where.log);"; }
		run
		gnu=$(comment "$out/vmlinux") base=$(fmt "$out") n=$(total "$out")
		run LLVM=1
		[ "$(comment "$out/vmlinux")" = "LLD+clang" ] || why+=" $where: make LLVM=1 left a $(comment "$out/vmlinux") vmlinux;"
		run
		[ "$(comment "$out/vmlinux")" = "$gnu" ] && [ "$gnu" = GCC ] ||
			why+=" $where: plain make after LLVM=1 left a $(comment "$out/vmlinux") vmlinux;"
		run RELR=0
		case $(fmt "$out") in rela=[1-9]*" relr=0") ;; *) why+=" $where: RELR=0 gave $(fmt "$out");" ;; esac
		run
		[ "$(fmt "$out")" = "$base" ] || why+=" $where: back from RELR=0: $(fmt "$out"), want $base;"
		run BENCH_RELOCS=100
		[ "$(total "$out")" -eq $((n + 100)) ] 2>/dev/null || why+=" $where: BENCH_RELOCS=100: $(total "$out") relocations, want $((n + 100));"
		run
		[ "$(total "$out")" = "$n" ] || why+=" $where: back from BENCH_RELOCS: $(total "$out"), want $n;"
		# Nothing changed: nothing is remade, and make says nothing.
		before=$(stat -c %Y.%s "$out/vmlinux" "$out/scripts/relocs_check" | paste -sd ' ')
		sleep 1
		quiet=$(make -C "$src" "${args[@]}" --no-print-directory 2>&1)
		[ -z "$quiet" ] && [ "$(stat -c %Y.%s "$out/vmlinux" "$out/scripts/relocs_check" | paste -sd ' ')" = "$before" ] ||
			why+=" $where: a second make remade something: '$quiet';"
		# Another host compiler remakes the host tools.
		run HOSTCC=clang
		# (a host program also carries the C library's GCC-built start files)
		case $(comment "$out/scripts/relocs_check") in *clang*) ;;
		*) why+=" $where: HOSTCC=clang left a $(comment "$out/scripts/relocs_check") relocs_check;" ;; esac
		run
	done
	if [ -z "$why" ]; then pass make-follows-configuration; else fail make-follows-configuration "$why"; fi
fi

# A step that fails in the middle of a command's && chain fails the rule
# and records nothing: the next make runs the command again.  Checked on
# scripts/Makefile.cmd itself, with a two-step command whose first step
# fails.
mkdir -p "$work/cmdfail"
cat >"$work/cmdfail/Makefile" <<EOF
include $src/scripts/Makefile.cmd
quiet_cmd_two = TWO     \$@
      cmd_two = false && touch \$@
out: FORCE
	\$(call if_changed,two)
FORCE:
EOF
if make -s -C "$work/cmdfail" >"$work/cmdfail/log" 2>&1; then
	fail make-failed-step-fails "make succeeded although the command's first step failed"
elif [ -e "$work/cmdfail/.out.cmd" ]; then
	fail make-failed-step-fails "the failed command was recorded in .out.cmd"
else
	pass make-failed-step-fails
fi

# --- make clean / mrproper after every writer ------------------------------
# Every make target that writes into the tree (bench writes only below
# $(O)/bench, which clean removes too; it takes minutes, so it is not run),
# then scripts/boot-qemu, which builds in build/ and boots.
steps=(all modules initrd sign test-prep)
[ "$TOOLCHAIN" = gnu ] && steps+=(host-tests)	# host code: one toolchain is enough
if make -s -j2 -C "$src" $llvm "${steps[@]}" >"$work/build.log" 2>&1 &&
   make -s -C "$src" $llvm report KASLR_REPORT_SEEDS=1000 >>"$work/build.log" 2>&1; then
	pass make-targets-build
else
	fail make-targets-build "see $work/build.log"
fi
bq=(--timeout 30 --append noselftest)
[ "$TOOLCHAIN" = llvm ] && bq+=(--llvm)
if timeout 300 "$src/scripts/boot-qemu" "${bq[@]}" </dev/null >"$work/boot-qemu.log" 2>&1 &&
   grep -q 'relok: ready' "$work/boot-qemu.log" && [ -d "$src/build/$TOOLCHAIN" ]; then
	pass make-boot-qemu-builds
else
	fail make-boot-qemu-builds "no boot, or no build/$TOOLCHAIN (see $work/boot-qemu.log)"
fi
if [ "$(listing | wc -l)" -le "$(wc -l <"$work/pristine.txt")" ]; then
	fail make-wrote-something "nothing was built: clean would pass trivially"
fi
make -s -C "$src" $llvm clean >"$work/clean.log" 2>&1 || fail make-clean-runs "see $work/clean.log"
check_clean make-clean

# mrproper, after a build in-tree and out of tree under build/.
make -s -j2 -C "$src" $llvm modules initrd >"$work/build2.log" 2>&1 &&
	make -s -C "$src" O=build/other $llvm modules >>"$work/build2.log" 2>&1 ||
	fail make-targets-build-2 "see $work/build2.log"
make -s -C "$src" $llvm mrproper >"$work/mrproper.log" 2>&1 || fail make-mrproper-runs "see $work/mrproper.log"
check_clean make-mrproper

# --- scripts/boot-qemu option errors ----------------------------------------
# check_usage NAME ARGS...: exit 2, the reason and the usage on stderr.
check_usage() {
	local name=$1 rc
	shift
	"$srctree/scripts/boot-qemu" "$@" </dev/null >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q '^boot-qemu: ' "$work/$name.err" &&
	   grep -q 'scripts/boot-qemu \[options\] \[Image\]' "$work/$name.err" &&
	   ! grep -qi 'unbound variable' "$work/$name.err"; then
		pass "$name"
	else
		fail "$name" "exit $rc: $(head -n1 "$work/$name.err")"
	fi
}
check_usage boot-qemu-cpu-no-value --cpu
check_usage boot-qemu-cpu-then-option --cpu --el2
check_usage boot-qemu-mem-no-value --mem
check_usage boot-qemu-append-no-value --append
check_usage boot-qemu-break-no-value --break
check_usage boot-qemu-timeout-not-a-number --timeout soon
check_usage boot-qemu-unknown-option --frobnicate
if grep -q -- '--cpu needs a value' "$work/boot-qemu-cpu-no-value.err"; then
	pass boot-qemu-says-which-option
else
	fail boot-qemu-says-which-option "$(head -n1 "$work/boot-qemu-cpu-no-value.err")"
fi

rm -rf "$src"
summary
