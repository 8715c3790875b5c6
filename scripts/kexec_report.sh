#!/bin/bash
# SPDX-License-Identifier: MIT
#
# make kexec-report: the measurements of docs/kexec.md for one toolchain.
#   - relocations each purgatory build needs at load time, by type: the
#     PIE (purgatory.elf), the same objects as ET_REL (ld -r), the same
#     sources built -mcmodel=large as ET_REL, and what a PIE link of the
#     large-model objects gives;
#   - text size of each code model;
#   - lines of loader code: program headers vs section by section
#     (kernel/kexec_purgatory.c between its "loader:" markers, plus the
#     static-relocation code of arch/arm64/kernel/module-reloc.c only
#     ET_REL needs);
#   - under QEMU -icount shift=0 (PMCCNTR counts instructions exactly,
#     docs/performance.md): SHA-256 instructions per byte in the purgatory
#     for each build, and the handover cost from reading kexec= to the
#     branch into the next kernel.
#   scripts/kexec_report.sh OBJTREE
# Environment (make sets them): CC LD TOOLCHAIN PURGATORY_LDFLAGS
# PURGATORY_LDS PURGATORY_LARGE_OBJS; KEXEC_REPORT_LINUX=1 also kexecs
# Debian's arm64 Linux Image (scripts/deps.sh arm64 linux-image-arm64).
# Prints Markdown on stdout; exits 1 if a step fails.
set -eu
srctree=$(cd "$(dirname "$0")/.." && pwd)
case ${1:-} in
-h|--help) sed -n '4,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
"") echo "usage: scripts/kexec_report.sh OBJTREE (make kexec-report runs it; --help)" >&2; exit 2 ;;
esac
obj=$(cd "$1" && pwd)
: "${LD:?}" "${TOOLCHAIN:?}" "${PURGATORY_LDS:?}" "${PURGATORY_LARGE_OBJS:?}"
READELF=${READELF:-aarch64-linux-gnu-readelf}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-300}
pie=$obj/purgatory/purgatory.elf
rel=$obj/purgatory/purgatory.rel.o
large=$obj/purgatory/purgatory-large.rel.o
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

die() { echo "kexec_report: $*" >&2; exit 1; }
for f in "$pie" "$rel" "$large" "$obj/arch/arm64/boot/Image" "$obj/scripts/relocs_check"; do
	[ -f "$f" ] || die "$f is missing (make kexec-report builds it)"
done

# relocs FILE: "TYPE count, ..." and the total, for the relocation
# sections that apply to allocated sections (debug information is not loaded).
relocs() {
	"$READELF" -rW "$1" | awk '
		/^Relocation section/ { keep = ($3 !~ /debug/) ; next }
		keep && $3 ~ /^R_AARCH64_/ { n[$3]++; total++ }
		END {
			s = ""
			for (t in n) s = s sprintf("%s%s %d", s == "" ? "" : ", ", substr(t, 11), n[t])
			printf "%d|%s\n", total, s == "" ? "-" : s
		}' | { IFS='|' read -r total list; echo "$total|$(echo "$list" | tr ',' '\n' | sed 's/^ //' | sort -k2 -nr | paste -sd, - | sed 's/,/, /g')"; }
}

# bytes FILE FLAG: total size of the allocated sections whose flags have FLAG.
bytes() {
	local name type addr off size rest sum=0
	while read -r name type addr off size es flg rest; do
		[[ $flg == *A* && $flg == *$2* ]] && sum=$((sum + 16#$size))
	done < <("$READELF" -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p')
	echo $sum
}

# count_lines FILE BEGIN END: lines of code between two marker lines,
# without blank lines and comment-only lines.
count_lines() {
	sed -n "/$2/,/$3/p" "$1" | sed '1d;$d' |
		grep -v -E '^[[:space:]]*$|^[[:space:]]*(/\*|\*|//)' | wc -l
}

echo "## kexec report: $TOOLCHAIN ($("${CC%% *}" --version | head -n1))"
echo
echo "### Relocations applied at load time"
echo
echo "| build | ELF type | loaded as | relocations | by type |"
echo "|---|---|---|---:|---|"
total=$("$obj/scripts/relocs_check" --purgatory --stats "$pie" | sed -n 's/^total //p')
echo "| small -fpie, linked (purgatory.elf) | ET_DYN | 1 PT_LOAD | $total | - |"
nsec() { "$READELF" -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$7 ~ /A/' | wc -l; }
IFS='|' read -r n list < <(relocs "$rel")
echo "| small -fpie, ld -r (purgatory.rel.o) | ET_REL | $(nsec "$rel") sections | $n | $list |"
IFS='|' read -r n list < <(relocs "$large")
echo "| large -fno-pie, ld -r (purgatory-large.rel.o) | ET_REL | $(nsec "$large") sections | $n | $list |"
# The large model linked as the PIE: what would the loader face?
if $LD $PURGATORY_LDFLAGS -z notext -T "$PURGATORY_LDS" -o "$work/large.elf" \
	$PURGATORY_LARGE_OBJS >"$work/ld.err" 2>&1; then
	"$obj/scripts/relocs_check" --purgatory --stats "$work/large.elf" >"$work/st" 2>"$work/rc.err" || true
	echo "| large -fno-pie, linked -pie -z notext | ET_DYN | 1 PT_LOAD | $(sed -n 's/^total //p' "$work/st") |" \
	     "$(sed -n 's/^type R_AARCH64_\([A-Z0-9_]*\) \([0-9]*\)$/\1 \2/p' "$work/st" | paste -sd, - | sed 's/,/, /g'):" \
	     "dynamic, in text; relocs_check --purgatory: $(grep -c 'dynamic relocation' "$work/rc.err" || true) violations |"
else
	echo "| large -fno-pie, linked -pie | - | - | - | the link fails: $(grep -m1 -o 'relocation R_AARCH64_[A-Z0-9_]* cannot be used[^;]*\|recompile with -fPIC\|relocation .* can not be used' "$work/ld.err" | head -n1 || head -n1 "$work/ld.err") |"
fi
echo
echo "### Code model"
echo
echo "| model | text bytes | read-only data bytes | relocations in the objects |"
echo "|---|---:|---:|---:|"
echo "| small -fpie (ld -r) | $(bytes "$rel" X) | $(( $(bytes "$rel" '') - $(bytes "$rel" X) - $(bytes "$rel" W) )) | $(relocs "$rel" | cut -d'|' -f1) |"
echo "| large -fno-pie (ld -r) | $(bytes "$large" X) | $(( $(bytes "$large" '') - $(bytes "$large" X) - $(bytes "$large" W) )) | $(relocs "$large" | cut -d'|' -f1) |"
echo
echo "### Loader code in the kernel (non-blank, non-comment lines)"
echo
loader=$srctree/kernel/kexec_purgatory.c
relocc=$srctree/arch/arm64/kernel/module-reloc.c
lpie=$(count_lines "$loader" 'loader:pie begin' 'loader:pie end')
lrel=$(count_lines "$loader" 'loader:rel begin' 'loader:rel end')
lrelc=$(grep -v -E '^[[:space:]]*$|^[[:space:]]*(/\*|\*|//)' "$relocc" | wc -l)
echo "| path | lines | of which |"
echo "|---|---:|---|"
echo "| program headers (ET_DYN) | $lpie | load_pie() |"
echo "| section by section (ET_REL) | $((lrel + lrelc)) | load_rel(), rel_symbol(): $lrel; module-reloc.c: $lrelc |"
echo

# ---- under -icount: one boot per purgatory build ----
# Two initrds, so relok's handovers hash only what they hand over.
mk_initrd() {	# DIR OUT
	(cd "$1" && ls | cpio --quiet -o -H newc --reproducible >"$2")
}
d=$work/initrd
mkdir -p "$d"
cp "$obj/arch/arm64/boot/Image" "$d/Image"
cp "$rel" "$large" "$d/"
mk_initrd "$d" "$work/initrd.cpio"
linux=
if [ "${KEXEC_REPORT_LINUX:-0}" = 1 ]; then
	pkg=$("$srctree/scripts/deps.sh" arm64 linux-image-arm64 | tail -n1)
	linux=$(ls "$pkg"/boot/vmlinuz-* | head -n1)
	dl=$work/linux
	mkdir -p "$dl"
	if [ "$(head -c2 "$linux" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$linux" >"$dl/vmlinux-linux"
	else
		cp "$linux" "$dl/vmlinux-linux"
	fi
	printf 'console=ttyAMA0 panic=-1\n' >"$dl/linux.cmdline"
	mk_initrd "$dl" "$work/linux.cpio"
fi

# boot NAME APPEND INITRD: log in $work/NAME.log; the values of the cost lines.
boot() {
	local log=$work/$1.log
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-aarch64 -M virt -cpu max -m 2G \
		-nographic -no-reboot -nic none -monitor none -icount shift=0 \
		-kernel "$obj/arch/arm64/boot/Image" -initrd "$3" -append "$2" \
		</dev/null 2>&1 | tr -d '\r' >"$log" || true
	grep -q '^purgatory: cost ' "$log" || die "$1: no purgatory cost line (log: $(cat "$log" | tail -n 5))"
	sed -n 's/^purgatory: sha256 bytes=\([0-9]*\) insns=\([0-9]*\)$/\1 \2/p' "$log"
	sed -n 's/^purgatory: cost verify=\([0-9]*\) copy=\([0-9]*\) cache=\([0-9]*\) handover insns=\([0-9]*\)$/\1 \2 \3 \4/p' "$log"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "### Under QEMU -icount shift=0 (instructions, exactly)"
echo
echo "| next kernel | purgatory | bytes hashed | SHA-256 insns/byte | verify | copy | cache | handover total | kernel side |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
row() {
	local name=$1 what=$2 append=$3 initrd=${4:-$work/initrd.cpio} b i v c k h
	{ read -r b i; read -r v c k h; } < <(boot "$name" "$append" "$initrd")
	echo "| $what | $name | $b | $(ratio "$i" "$b") | $v | $c | $k | $h | $((h - v - c - k)) |"
}
row pie "relok" "kexec=Image noselftest nokaslr"
row rel "relok" "kexec=Image kexec.purgatory=purgatory.rel.o noselftest nokaslr"
row rel-large "relok" "kexec=Image kexec.purgatory=purgatory-large.rel.o noselftest nokaslr"
[ -n "$linux" ] && row linux-pie "Debian $(basename "$linux")" \
	"kexec=vmlinux-linux kexec.cmdline=linux.cmdline noselftest nokaslr" "$work/linux.cpio"
echo
echo "Handover total: from the kernel reading kexec= (after relok: ready) to the purgatory's"
echo "last count before it branches to the next kernel (a few instructions remain); kernel side"
echo "= total - verify - copy - cache (finding and staging the files, the next DTB, the digests,"
echo "cleaning to PoC, the printing)."
