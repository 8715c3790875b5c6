#!/bin/bash
# SPDX-License-Identifier: MIT
#
# lab-plot.sh TABLE PNG: the plot of docs/codegen.md, drawn from the table
# that make lab printed (scripts/lab.sh; it keeps a copy in $LAB_DIR/lab.md).
# One panel per measured column (text bytes, dynamic relocs, reloc
# metadata bytes, boot reloc insns, workload insns), each variant as a
# percentage of small-pie-hidden with the same toolchain, one bar per
# toolchain.  A cell that is not a number (a variant that did not build or
# run) has no bar and is marked "n/a".  Needs gnuplot (scripts/deps.sh lab).
# Exit status: 0 written; 1 the table has no small-pie-hidden row to
# compare with, or gnuplot failed; 2 usage or missing tools.
set -u
case ${1:-} in
-h|--help) sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
if [ $# -ne 2 ]; then
	echo "usage: lab-plot.sh TABLE PNG (see --help)" >&2
	exit 2
fi
table=$1 png=$2
[ -r "$table" ] || { echo "lab-plot.sh: cannot read $table (run make lab first)" >&2; exit 2; }
"$(dirname "$0")/deps.sh" lab || exit 2

data=$(mktemp) || exit 2
trap 'rm -f "$data"' EXIT

# Blocks of "variant gnu% llvm%" for each column, NaN where a cell is words.
if ! awk -F'|' '
	function num(s) { gsub(/^ +| +$/, "", s); return s ~ /^[0-9]+$/ ? s + 0 : "" }
	NR > 2 && NF >= 9 {
		v = $2; t = $3; gsub(/ /, "", v); gsub(/ /, "", t)
		if (!(v in seen)) { seen[v] = 1; order[++n] = v }
		for (c = 1; c <= 5; c++) val[v, t, c] = num($(c + 3))
	}
	END {
		title[1] = "text bytes"; title[2] = "dynamic relocs"; title[3] = "reloc metadata bytes"
		title[4] = "boot reloc insns"; title[5] = "workload insns"
		base = "small-pie-hidden"
		if (!(base in seen)) exit 1
		for (c = 1; c <= 5; c++) {
			printf "# %s\n", title[c]
			for (i = 1; i <= n; i++) {
				for (k = 1; k <= 2; k++) {
					t = k == 1 ? "gnu" : "llvm"
					b = val[base, t, c]; x = val[order[i], t, c]
					pct[k] = b == "" || x == "" ? "" : sprintf("%.1f", 100 * x / b)
				}
				# variant, two bars, two labels, two label heights
				printf "%s %s %s %s %s %s %s\n", order[i],
				       pct[1] == "" ? "NaN" : pct[1], pct[2] == "" ? "NaN" : pct[2],
				       pct[1] == "" ? "n/a" : pct[1], pct[2] == "" ? "n/a" : pct[2],
				       pct[1] == "" ? 0 : pct[1], pct[2] == "" ? 0 : pct[2]
			}
			printf "\n\n"
		}
	}' "$table" >"$data"; then
	echo "lab-plot.sh: $table has no small-pie-hidden row to compare with" >&2
	exit 1
fi

# One bar (and its labels) per toolchain the table has.
tcs=
for tc in gnu llvm; do
	grep -q "^| [a-z-]* | $tc |" "$table" && tcs+=" $tc"
done
plot=
for tc in $tcs; do
	# a label sits over its bar: off the group's centre only when there are two
	dx=0; [ "$tcs" = " gnu llvm" ] && { dx=-0.2; [ "$tc" = llvm ] && dx=0.2; }
	if [ "$tc" = gnu ]; then col=2 lab=4 y=6 color='#4e79a7'; else col=3 lab=5 y=7 color='#f28e2b'; fi
	plot+="${plot:+, }\"$data\" index i using $col:xtic(1) title \"$tc\" lc rgb \"$color\""
	plot+=", \"\" index i using (\$0 + $dx):$y:$lab with labels offset 0,0.7 font \",8\" notitle"
done

gnuplot <<EOF || { echo "lab-plot.sh: gnuplot failed" >&2; exit 1; }
set terminal pngcairo size 1200,1300 font "sans,10"
set output "$png"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top left
set ylabel "% of small-pie-hidden (same toolchain)"
set xtics nomirror font ",9"
set yrange [0:*]
set multiplot layout 3,2 title "relok code models, relative to -mcmodel=small -fpie with hidden visibility (make lab; n/a: did not link, or the workload did not run whole)"
titles = "text-bytes dynamic-relocs reloc-metadata-bytes boot-reloc-insns workload-insns"
do for [i=0:4] {
	set title word(titles, i + 1)
	plot $plot
}
unset multiplot
EOF
echo "lab-plot.sh: wrote $png"
