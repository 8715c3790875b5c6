#!/bin/bash
# SPDX-License-Identifier: MIT
#
# RELR and the boot cost report: both toolchains boot with packed
# relocations (ld.lld packs, scripts/relr_pack packs the GNU link), apply
# exactly what relocs_check counts, report every phase's cost, and the
# counts are deterministic under -icount.  relr_pack is idempotent.
set -u
. "$(dirname "$0")/lib.sh"

RELR_PACK=$RELOK_BUILD/scripts/relr_pack

# nokaslr: QEMU's -kernel DTB carries a fresh kaslr-seed every run, and a
# different offset legitimately changes what the boot prints and maps.
boot_at relr-icount-1 kernel -M virt -cpu max -m 1G -icount shift=0 -append nokaslr
check_boot relr-icount $((RAM_BASE + 0x200000)) 1
log1=$LOG
fmt=$(report relocs format)
if [ "$fmt" = relr ] && "$RELOCS_CHECK" --stats "$VMLINUX" | grep -q '^format rela=0 relr=[1-9]'; then
	pass "format-relr"
else
	fail "format-relr" "boot says format=$fmt; relocs_check: $("$RELOCS_CHECK" --stats "$VMLINUX" | head -n1)"
fi

# The phases add up to the total, in cycles and (under -icount, where
# QEMU counts INST_RETIRED) in instructions; relocation cost is there.
phase() { sed -n "s/^relok: cost phase=$2 .*\\b$1=\\([0-9]*\\).*/\\1/p" "$log1"; }
why=
for key in cycles insns; do
	sum=0
	for p in setup reloc dcache pgtables mmu c-init; do
		v=$(phase $key $p)
		[ -n "$v" ] || why="no $key= on the cost line for phase=$p"
		sum=$((sum + ${v:-0}))
	done
	total=$(phase $key total)
	if [ -z "$why" ] && { [ "$sum" -ne "${total:-0}" ] || [ "$(phase $key reloc)" -le 0 ]; }; then
		why="$key: phases sum to $sum, total=$total, reloc=$(phase $key reloc)"
	fi
done
verdict "cost-phases" "$why"

# Same binary, same counts: the counter counts instructions under -icount.
boot_at relr-icount-2 kernel -M virt -cpu max -m 1G -icount shift=0 -append nokaslr
if diff <(grep '^relok: cost' "$log1") <(grep '^relok: cost' "$LOG") >/dev/null &&
   grep -q '^relok: cost phase=total' "$LOG"; then
	pass "cost-deterministic"
else
	fail "cost-deterministic" "counts differ between runs ($log1, $LOG)"
fi

# Packed at a KASLR-style offset and at EL2, through the shim.
boot_at relr-el2 $((0x50000000)) -M virt,virtualization=on -cpu max -m 1G
check_boot relr-el2 $((0x50000000)) 2

# relr_pack: a second run changes nothing; bad input is refused with 2.
tmp=$(mktemp -d)
cp "$VMLINUX" "$tmp/vmlinux"
if "$RELR_PACK" "$tmp/vmlinux" && cmp -s "$VMLINUX" "$tmp/vmlinux"; then
	pass "relr-pack-idempotent"
else
	fail "relr-pack-idempotent" "a second relr_pack run changed the packed vmlinux"
fi
printf 'not an ELF file' >"$tmp/bad"
"$RELR_PACK" "$tmp/bad" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "^relr_pack: $tmp/bad: " "$tmp/err"; then
	pass "relr-pack-bad-input"
else
	fail "relr-pack-bad-input" "exit $rc, stderr: $(cat "$tmp/err")"
fi

# The cache-line table must be the one the relocations call for: a line
# dropped from it (its first entry's run one shorter) is refused.
cp "$VMLINUX" "$tmp/lines"
if python3 - "$tmp/lines" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', d, 0x28)
shnum, shstrndx = struct.unpack_from('<HH', d, 0x3c)
sh = lambda i: struct.unpack_from('<IIQQQQIIQQ', d, shoff + 64 * i)
names = sh(shstrndx)[4]
for i in range(shnum):
    if d[names + sh(i)[0]:].split(b'\0')[0] == b'.data':
        addr, off, size = sh(i)[3], sh(i)[4], sh(i)[5]
# __reloc_lines_start from the symbol table
for i in range(shnum):
    s = sh(i)
    if s[1] == 2:				# SHT_SYMTAB
        strs = sh(s[6])[4]
        for k in range(s[5] // 24):
            st_name, _, _, _, value, _ = struct.unpack_from('<IBBHQQ', d, s[4] + 24 * k)
            if d[strs + st_name:].split(b'\0')[0] == b'__reloc_lines_start':
                at = off + value - addr
                e, = struct.unpack_from('<I', d, at)
                struct.pack_into('<I', d, at, e - 1)	# one line fewer
                open(sys.argv[1], 'wb').write(d)
                sys.exit(0)
sys.exit(1)
PY
then
	"$RELOCS_CHECK" "$tmp/lines" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "cache-line table" "$tmp/err"; then
		pass "relocs-check-refuses-a-wrong-line-table"
	else
		fail "relocs-check-refuses-a-wrong-line-table" "exit $rc: $(head -n1 "$tmp/err")"
	fi
else
	fail "relocs-check-refuses-a-wrong-line-table" "no .reloc_lines table to change"
fi
rm -rf "$tmp"

summary
