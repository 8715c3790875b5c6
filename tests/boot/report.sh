#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The boot report a kernel engineer reads first (README "Boot report"):
# the command line echoed and every unknown argument named, the memory
# banks, the boot CPU, one kaslr line per outcome, and cost lines that say
# what they count (cycles always; insns only when the CPU counts retired
# instructions, i.e. QEMU with -icount), which make bench parses.
# Expected values come from QEMU's own DTB (dumpdtb) and from the CPU
# models' documented MIDR part numbers, never from a previous boot.
set -u
. "$(dirname "$0")/lib.sh"

srctree=$(cd "$(dirname "$0")/../.." && pwd)
work=$RELOK_LOGS/$TOOLCHAIN-report.d
rm -rf "$work"
mkdir -p "$work"

# line PATTERN: the log's lines matching the extended regex PATTERN.
line() { grep -E "$1" "$LOG"; }

# --- command line and unknown arguments ---------------------------------
# Registered arguments without side effects, two unknown ones (one a known
# word given a value), and a double space that must survive the echo.
known="noselftest modules=none module_placement=near maxcpus=1 nosmp initrd=\\x BOOT_IMAGE=/Image"
cmdline="$known bogus=1  nokaslr=2 relok-unknown"
boot_at report-cmdline kernel -M virt -cpu cortex-a72 -m 1G -append "$cmdline"
if [ "$QEMU_RC" -ne 0 ] || ! grep -qx 'relok: ready' "$LOG"; then
	fail report-cmdline-boot "no good boot (exit $QEMU_RC, log: $LOG)"
else
	pass report-cmdline-boot
fi
if [ "$(line '^relok: cmdline ' | head -n1)" = "relok: cmdline \"$cmdline\"" ] &&
   [ "$(grep -c '^relok: cmdline ' "$LOG")" -eq 1 ]; then
	pass cmdline-echoed
else
	fail cmdline-echoed "want 'relok: cmdline \"$cmdline\"', got: $(line '^relok: cmdline ')"
fi
want=$(printf 'relok: warning: unknown boot argument "%s"\n' bogus=1 nokaslr=2 relok-unknown)
got=$(line '^relok: warning: unknown boot argument')
if [ "$got" = "$want" ]; then
	pass unknown-args-warned
else
	fail unknown-args-warned "want: $(paste -sd '|' <<<"$want"); got: $(paste -sd '|' <<<"$got")"
fi

# No command line at all: an empty echo, no warning.
boot_at report-no-cmdline kernel -M virt -cpu cortex-a57 -m 1G
if [ "$(line '^relok: cmdline ')" = 'relok: cmdline ""' ] && ! grep -q '^relok: warning: unknown' "$LOG"; then
	pass cmdline-empty
else
	fail cmdline-empty "got: $(line '^relok: (cmdline|warning)' | paste -sd '|') (log: $LOG)"
fi
# One kaslr line per outcome: this boot has QEMU's fresh seed.
if [ "$(grep -cE '^relok: kaslr (enabled|disabled)' "$LOG")" -eq 1 ] &&
   grep -q '^relok: kaslr enabled offset=0x[0-9a-f]* virt=0x[0-9a-f]* source=dt$' "$LOG"; then
	pass kaslr-one-line-enabled
else
	fail kaslr-one-line-enabled "$(grep '^relok: kaslr' "$LOG" | paste -sd '|') (log: $LOG)"
fi

# Every argument the registry knows is in README "Boot report", and the
# warning is not simply printed for everything (checked above).
missing=
for a in $(sed -n 's/^\t"\([^"]*\)",.*/\1/p' "$srctree/kernel/bootargs.c"); do
	grep -qF "\`${a}" "$srctree/README.md" || missing+=" $a"
done
if [ -z "$missing" ] && [ -n "$(sed -n 's/^\t"\([^"]*\)",.*/\1/p' "$srctree/kernel/bootargs.c")" ]; then
	pass bootargs-registry-documented
else
	fail bootargs-registry-documented "not in README (as \`name...\`):$missing"
fi

# --- memory banks, boot CPU ---------------------------------------------
# cells_to_pairs: "hi lo hi lo ..." 32-bit hex cells (fdtget -t x) as
# decimal "base size" lines, two address and two size cells each.
cells_to_pairs() {
	local c=($(cat)) i
	for ((i = 0; i + 3 < ${#c[@]}; i += 4)); do
		echo "$(((0x${c[i]} << 32) | 0x${c[i + 1]})) $(((0x${c[i + 2]} << 32) | 0x${c[i + 3]}))"
	done
}

# check_banks NAME DTB: one "relok: memory" line per /memory reg entry of
# the DTB QEMU built, in address order, numbered from 0.
check_banks() {
	local name=$1 dtb=$2 node want= i=0 b s
	while read -r b s; do
		want+="relok: memory bank=$i start=$(hex "$b") end=$(hex $((b + s))) size=$(hex "$s")"$'\n'
		i=$((i + 1))
	done < <(for node in $(fdtget -l "$dtb" /); do
			case $node in memory*) fdtget -t x "$dtb" "/$node" reg | cells_to_pairs ;; esac
		 done | sort -n)
	if [ -n "$want" ] && [ "$(line '^relok: memory ')" = "${want%$'\n'}" ]; then
		pass "$name"
	else
		fail "$name" "want: $(paste -sd '|' <<<"${want%$'\n'}"); got: $(line '^relok: memory ' | paste -sd '|')"
	fi
}

# check_cpu NAME CPU-MODEL PART DTB ENTRY-EL: the boot CPU line.  PART is
# the model's MIDR part number (Arm's TRMs); mpidr= is /cpus/cpu@0 reg.
check_cpu() {
	local name=$1 model=$2 part=$3 dtb=$4 entry=$5 l midr mpidr why=
	l=$(line '^relok: cpu 0 boot ')
	midr=$(sed -n 's/.* midr=\(0x[0-9a-f]*\) .*/\1/p' <<<"$l")
	mpidr=$(fdtget -t x "$dtb" /cpus/cpu@0 reg | { read -r -a c; v=0; for x in "${c[@]}"; do v=$(((v << 32) | 0x$x)); done; hex $v; })
	if ! grep -qE "^relok: cpu 0 boot mpidr=0x[0-9a-f]+ midr=0x[0-9a-f]+ $model el=1 entry-el=$entry\$" <<<"$l"; then
		why="line: '$l', want name $model el=1 entry-el=$entry"
	elif [ $(((midr >> 24) & 0xff)) -ne $((0x41)) ] || [ $(((midr >> 4) & 0xfff)) -ne $((part)) ]; then
		why="midr=$midr is not Arm part $part"
	elif [ "$(sed -n 's/.* mpidr=\(0x[0-9a-f]*\) .*/\1/p' <<<"$l")" != "$mpidr" ]; then
		why="mpidr in '$l', /cpus/cpu@0 reg is $mpidr"
	fi
	verdict "$name" "$why"
}

# EL1, an odd RAM size: one bank.
args=(-M virt -cpu cortex-a72 -m 1023M)
dump_dtb "$work/one.dtb" virt -cpu cortex-a72 -m 1023M
boot_at report-one-bank kernel "${args[@]}" -append noselftest
check_banks memory-one-bank "$work/one.dtb"
check_cpu cpu-boot-a72 cortex-a72 0xd08 "$work/one.dtb" 1

# EL2, two NUMA nodes: two banks, which QEMU lists high one first.
numa=(-m 1538M -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=514M
      -numa node,memdev=m0 -numa node,memdev=m1)
dump_dtb "$work/numa.dtb" virt,virtualization=on -cpu cortex-a53 "${numa[@]}"
boot_at report-two-banks kernel -M virt,virtualization=on -cpu cortex-a53 "${numa[@]}" -append noselftest
check_banks memory-two-banks "$work/numa.dtb"
check_cpu cpu-boot-a53-el2 cortex-a53 0xd03 "$work/numa.dtb" 2
if [ "$(report boot el)" = 2 ]; then pass boot-el-is-entry-el; else fail boot-el-is-entry-el "boot el=$(report boot el)"; fi

# --- cost lines ---------------------------------------------------------
# cost NAME KEY: KEY= of "relok: cost phase=NAME ..." in $LOG.
cost() { sed -n "s/^relok: cost phase=$1 .*\\b$2=\\([0-9]*\\).*/\\1/p" "$LOG"; }
phases="setup reloc pgtables mmu c-init total"

# No -icount: QEMU implements no INST_RETIRED, so nothing says insns.
why=
for p in $phases; do
	[ -n "$(cost $p cycles)" ] || why="no cycles= for phase=$p"
done
if grep -q '^relok: cost .*insns' "$LOG"; then
	why="insns on a boot without -icount: $(grep -m1 '^relok: cost .*insns' "$LOG")"
elif ! grep -q '^relok: cost counter=pmccntr insn-event=none ' "$LOG"; then
	why="no 'cost counter=pmccntr insn-event=none'"
elif ! grep -q '^relok: cost relocs=[0-9]* meta-bytes=[0-9]* cycles-per-reloc=[0-9]*\.[0-9][0-9]$' "$LOG"; then
	why="no cycles-per-reloc line"
fi
verdict cost-cycles-only "$why"
plain_log=$LOG
if ! "$srctree/scripts/bench.sh" --parse "$plain_log" >/dev/null 2>"$work/bench-plain.err"; then
	pass bench-refuses-cycles
else
	fail bench-refuses-cycles "bench.sh --parse took a log without insns= ($plain_log)"
fi

# -icount shift=0 and shift=2: the same instructions, exactly, though
# virtual time (the cycle counter) runs four times slower per instruction.
boot_at report-icount0 kernel -M virt -cpu max -m 1G -icount shift=0 -append "nokaslr noselftest"
log0=$LOG
boot_at report-icount2 kernel -M virt -cpu max -m 1G -icount shift=2 -append "nokaslr noselftest"
log2=$LOG
why=
for p in $phases; do
	LOG=$log0
	i0=$(cost $p insns) c0=$(cost $p cycles)
	LOG=$log2
	i2=$(cost $p insns) c2=$(cost $p cycles)
	if [ -z "$i0" ] || [ -z "$i2" ] || [ -z "$c0" ] || [ -z "$c2" ]; then
		why="phase=$p: missing cycles= or insns= ($log0, $log2)"
		break
	fi
	if [ "$i0" -ne "$i2" ]; then
		why="phase=$p: insns=$i0 at shift=0, $i2 at shift=2"
		break
	fi
	if [ "$p" = total ] && [ "$c2" -le $((3 * c0)) ]; then
		why="total cycles=$c2 at shift=2 is not about 4 x $c0 at shift=0"
	fi
done
if [ -z "$why" ] && ! grep -q '^relok: cost counter=pmccntr insn-event=inst-retired pmceid0=0x[0-9a-f]*$' "$log0"; then
	why="no 'insn-event=inst-retired' under -icount"
fi
if [ -z "$why" ] && ! grep -q '^relok: cost relocs=.* cycles-per-reloc=[0-9.]* insns-per-reloc=[0-9]*\.[0-9][0-9]$' "$log0"; then
	why="no insns-per-reloc under -icount"
fi
if [ -n "$why" ]; then fail cost-insns-exact "$why"; else pass cost-insns-exact; fi
# PMCEID0 bit 8 is INST_RETIRED: the kernel's choice follows the CPU.
ceid=$(sed -n 's/^relok: cost counter=.* pmceid0=\(0x[0-9a-f]*\)$/\1/p' "$log0")
ceid_plain=$(sed -n 's/^relok: cost counter=.* pmceid0=\(0x[0-9a-f]*\)$/\1/p' "$plain_log")
if [ -n "$ceid" ] && [ -n "$ceid_plain" ] && [ $(((ceid >> 8) & 1)) -eq 1 ] && [ $(((ceid_plain >> 8) & 1)) -eq 0 ]; then
	pass cost-follows-pmceid0
else
	fail cost-follows-pmceid0 "pmceid0 with -icount: $ceid, without: $ceid_plain"
fi

# make bench's parser reads the -icount log: its numbers are the log's.
LOG=$log0
got=$("$srctree/scripts/bench.sh" --parse "$log0" 2>&1)
want="format=$(report relocs format) relocs=$(report relocs applied) meta-bytes=$(sed -n 's/^relok: cost relocs=.* meta-bytes=\([0-9]*\).*/\1/p' "$log0") reloc-insns=$(cost reloc insns) total-insns=$(cost total insns)"
if [ "$got" = "$want" ] && [ -n "$(cost total insns)" ]; then
	pass bench-parses-insns
else
	fail bench-parses-insns "bench.sh --parse: '$got', want '$want'"
fi

summary
