#!/bin/bash
# SPDX-License-Identifier: MIT
#
# scripts/kallsyms on hostile symbol names (issue 15, finding 6): a name
# holding '"', '\' or a newline must reach the table byte for byte, and the
# generated file must assemble, with GNU as and with clang, into nothing but
# the table.
#
# usage: tests/kallsyms/run.sh path/to/kallsyms path/to/vmlinux.linked
# Prints "ok NAME" / "FAIL NAME" per case, then "N passed, N failed".
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -f "$2" ]; then
	echo "usage: $0 path/to/kallsyms path/to/vmlinux.linked" >&2
	exit 2
fi
KS=$1 VMLINUX=$2
srctree=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kallsyms.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
. "$srctree/tests/lib/check.sh"

# Rename machine_kexec (13 bytes) in .strtab to a name of the same length
# holding a quote, a newline and a backslash: ma"h<newline>ne\kexec.
python3 - "$VMLINUX" "$WORK/hostile" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', d, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
def sh(i):
    return struct.unpack_from('<IIQQQQIIQQ', d, shoff + i * shentsize)
names = sh(shstrndx)[4]
for i in range(shnum):
    s = sh(i)
    if d[names + s[0]:].split(b'\0')[0] == b'.strtab':
        off, size = s[4], s[5]
        at = d.find(b'\0machine_kexec\0', off, off + size)
        assert at >= 0, 'machine_kexec not in .strtab'
        d[at + 1:at + 14] = b'ma"h\nne\\kexec'
open(sys.argv[2], 'wb').write(d)
PY

if ! "$KS" "$WORK/hostile" >"$WORK/k.S" 2>"$WORK/err"; then
	fail "generate" "kallsyms refused the renamed kernel: $(head -n1 "$WORK/err")"
else
	pass "generate"
fi
# Every line of the names table is one .asciz directive: nothing injected.
if awk '/^kallsyms_names:/ { on = 1; next } on && !/^\t\.asciz "([^"\\]|\\[0-7][0-7][0-7])*"$/ { bad = 1 }
	END { exit bad }' "$WORK/k.S"; then
	pass "names are single escaped strings"
else
	fail "names are single escaped strings" "$(grep -n -A1 'ma\\' "$WORK/k.S" | head -n 3)"
fi
for as in "aarch64-linux-gnu-gcc" "clang --target=aarch64-linux-gnu"; do
	name=${as%% *}
	if ! $as -c -x assembler-with-cpp "$WORK/k.S" -o "$WORK/k-$name.o" 2>"$WORK/err"; then
		fail "$name assembles it" "$(head -n 2 "$WORK/err")"
		continue
	fi
	aarch64-linux-gnu-objcopy -O binary --only-section=.rodata.kallsyms "$WORK/k-$name.o" "$WORK/t"
	if python3 -c 'import sys; sys.exit(0 if b"\0ma\"h\nne\\kexec\0" in open(sys.argv[1], "rb").read() else 1)' \
		"$WORK/t"; then
		pass "$name: the name reaches the table byte for byte"
	else
		fail "$name: the name reaches the table byte for byte" "not found in .rodata.kallsyms"
	fi
	if [ "$(aarch64-linux-gnu-objdump -h "$WORK/k-$name.o" | awk '$2 ~ /^\./ && $3 != "00000000" { print $2 }' |
		grep -vx -e .rodata.kallsyms | grep -v '^\.note' | wc -l)" -eq 0 ]; then
		pass "$name: nothing but the table"
	else
		fail "$name: nothing but the table" "other sections with contents"
	fi
done
summary
