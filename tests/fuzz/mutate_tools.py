#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutation-fuzz a host tool (scripts/) built with ASan/UBSan, as a program.

  mutate_tools.py fuzz TOOL_NAME TOOL_BINARY SEED_DIR CRASH_DIR SECONDS
  mutate_tools.py replay TOOL_NAME TOOL_BINARY FILE...
  mutate_tools.py signature REPORT_FILE EXIT_STATUS
  mutate_tools.py minimize TOOL_NAME TOOL_BINARY CRASH_INPUT OUTPUT

The host tools read a file and exit 0, 1 or 2, printing why: that is all
they may do.  Each round takes a seed (a real vmlinux, small linked kernels,
a module), breaks it in one to four places, ELF-aware (a header, section
header, program header, dynamic, relocation or symbol field set to an
interesting value; a section name swapped; bytes flipped; the file cut),
runs the tool on it with a timeout and judges the end:
  - exit 0, 1 or 2 without a sanitizer report: fine;
  - a sanitizer report, any other exit status, a signal, or the timeout: a
    crash, kept in CRASH_DIR as <signature-hash>.elf with its report (.txt),
    once per signature (kind of error and the function it happened in).
fuzz prints one line: "TOOL execs=N crashes=N unique=N", then one line per
unique signature: "crash TOOL <file> <signature>".  replay runs the tool's
commands on (a copy of) each FILE, a regression input, and prints a "crash"
line for each that fails.  signature prints the signature of a report (a
libFuzzer harness's, too).  minimize shrinks a crashing input to one that
still crashes the same way (the shortest prefix, then as many bytes zeroed
as possible), for a regression input to commit.  Exit status 0 (the caller decides what a crash
means), 2 on a usage error.
"""
import hashlib
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

TIMEOUT = 10
# allocator_may_return_null: a huge malloc() gets NULL, as it would without
# ASan, so the tool's own out-of-memory path is what is tested.
ENV = dict(os.environ,
           ASAN_OPTIONS="exitcode=86:detect_leaks=0:abort_on_error=0:symbolize=1:"
                        "allocator_may_return_null=1",
           UBSAN_OPTIONS="exitcode=87:print_stacktrace=1:halt_on_error=1")
SECTION_NAMES = [b".rela.dyn", b".relr.dyn", b"__ex_table", b".pi.rodata", b".data",
                 b".dynamic", b".symtab", b".strtab", b".shstrtab", b".text", b".head.text",
                 b".pi.text", b".got", b".bss", b".data.rel.ro", b".rodata"]


def interesting(size, current, filesize, others):
    top = (1 << (8 * size)) - 1
    vals = [0, 1, 2, 3, 4, 7, 8, 16, 24, 64, 0x7f, 0xff, 0x1000, 0x7fffffff, 0x80000000,
            0xffffffff, 1 << 63, top, filesize, filesize - 1, filesize + 1, filesize - 8,
            filesize // 2, current + 1, current - 1, current + 8, current - 8, current * 2,
            current ^ (1 << random.randrange(8 * size)), random.randrange(top + 1)]
    if others:
        vals.append(random.choice(others))
    return random.choice(vals) & top


class Elf:
    """Where the fields are: a list of (offset, size) of integers to break."""

    def __init__(self, data):
        self.fields, self.names = [], []
        try:
            self.parse(data)
        except (struct.error, IndexError, ValueError):
            pass

    def add(self, base, layout):
        off = base
        for size in layout:
            self.fields.append((off, size))
            off += size

    def parse(self, b):
        if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
            return
        self.add(16, [2, 2, 4, 8, 8, 8, 4, 2, 2, 2, 2, 2, 2])
        phoff, shoff = struct.unpack_from("<QQ", b, 32)
        phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHH", b, 56)
        for i in range(min(phnum, 64)):
            self.add(phoff + 56 * i, [4, 4, 8, 8, 8, 8, 8, 8])
        shdrs = []
        for i in range(min(shnum, 256)):
            at = shoff + 64 * i
            shdrs.append(struct.unpack_from("<IIQQQQIIQQ", b, at))
            self.add(at, [4, 4, 8, 8, 8, 8, 4, 4, 8, 8])
        if shstrndx < len(shdrs):
            stroff = shdrs[shstrndx][4]
            for sh in shdrs:
                start = stroff + sh[0]
                end = b.find(b"\0", start)
                if 0 <= start < end:
                    self.names.append((start, end - start))
        for sh in shdrs:
            kind, off, size = sh[1], sh[4], sh[5]
            if kind == 4:		# SHT_RELA: r_offset, r_info, r_addend
                layout, n = [8, 8, 8], 24
            elif kind == 19:		# SHT_RELR
                layout, n = [8], 8
            elif kind == 6:		# SHT_DYNAMIC: d_tag, d_val
                layout, n = [8, 8], 16
            elif kind == 2:		# SHT_SYMTAB: st_name, info, other, shndx, value, size
                layout, n = [4, 1, 1, 2, 8, 8], 24
            else:
                continue
            count = size // n if n else 0
            for i in random.sample(range(count), min(count, 32)):
                self.add(off + n * i, layout)


def mutate(seed, elf):
    b = bytearray(seed)
    for _ in range(random.randint(1, 4)):
        op = random.random()
        if op < 0.55 and elf.fields:
            off, size = random.choice(elf.fields)
            if off + size > len(b):
                continue
            cur = int.from_bytes(b[off:off + size], "little")
            others = [int.from_bytes(b[o:o + s], "little") for o, s in
                      random.sample(elf.fields, min(4, len(elf.fields))) if o + s <= len(b)]
            b[off:off + size] = interesting(size, cur, len(b), others).to_bytes(size, "little")
        elif op < 0.65 and elf.names:
            off, n = random.choice(elf.names)
            new = random.choice(SECTION_NAMES)
            if len(new) <= n:
                b[off:off + n] = new + b"\0" * (n - len(new))
        elif op < 0.9:
            for _ in range(random.randint(1, 8)):
                i = random.randrange(len(b))
                b[i] ^= 1 << random.randrange(8)
        elif op < 0.95:
            del b[random.randrange(1, len(b)):]
        else:
            i, j = sorted(random.randrange(len(b)) for _ in range(2))
            k = random.randrange(len(b))
            b[k:k + (j - i)] = b[i:j][:len(b) - k]
    return bytes(b)


def commands(tool, binary, path, seed, work):
    out = os.path.join(work, "out")
    if tool == "relocs_check":
        return [[binary, path], [binary, "--stats", path]]
    if tool == "extable_sort":
        return [[binary, "--stats", "-o", out, path]]
    if tool == "relr_pack":
        return [[binary, path]]
    if tool == "kallsyms":
        return [[binary, path], [binary, "--verify", seed, path]]
    if tool == "reloc_lines":
        return [[binary, path]]
    sys.exit("mutate_tools: unknown tool %s" % tool)


def signature(report, rc):
    """What went wrong and where: the kind of error (a sanitizer's, or a
    harness's failed check with its numbers left out) and the first stack
    frame in the source tree (FUZZ_SRCTREE), as "function (file)"."""
    check = re.search(r"fuzz check failed: (.*)", report)
    asan = (re.search(r"SUMMARY: AddressSanitizer: ([\w-]+)", report) or
            re.search(r"ERROR: AddressSanitizer: ([\w-]+)", report))
    ubsan = re.search(r"runtime error: ([^0-9'\"(:]*)", report)
    if check:
        kind = "check: " + re.sub(r"-?(0x[0-9a-f]+|\d+)", "N", check.group(1).strip())
    elif asan:
        kind = asan.group(1)
    elif ubsan:
        kind = ubsan.group(1).strip().replace(" ", "-")
    elif "ERROR: libFuzzer: timeout" in report or rc is None:
        kind = "timeout"
    elif "ERROR: libFuzzer: out-of-memory" in report:
        kind = "out-of-memory"
    elif rc < 0:
        kind = "signal-%d" % -rc
    else:
        kind = "exit-%d" % rc
    where = "?"
    root = os.environ.get("FUZZ_SRCTREE", "").rstrip("/") + "/"
    for m in re.finditer(r"#\d+ 0x[0-9a-f]+ in (\w+) (/\S+?\.[chS])(?::\d+|\s|$)", report,
                         re.M):
        if root != "/" and m.group(2).startswith(root) and "/tests/fuzz/" not in m.group(2):
            where = "%s (%s)" % (m.group(1), m.group(2)[len(root):])
            break
    return "%s in %s" % (kind, where)


def run(cmd):
    """Exit status (None: timed out) and stderr; and whether that is a crash."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
                           timeout=TIMEOUT)
        rc, report = p.returncode, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        rc, report = None, (e.stderr or b"").decode(errors="replace")
    bad = rc not in (0, 1, 2) or re.search(r"ERROR: \w+Sanitizer|runtime error:", report)
    return rc, report, bad


def fuzz(tool, binary, seed_dir, crash_dir, seconds):
    seeds = sorted(os.path.join(seed_dir, f) for f in os.listdir(seed_dir))
    seeds = [(p, open(p, "rb").read()) for p in seeds if os.path.isfile(p)]
    if not seeds:
        print("%s execs=0 crashes=0 unique=0 (no seeds)" % tool)
        return 0
    elves = {p: Elf(d) for p, d in seeds}
    os.makedirs(crash_dir, exist_ok=True)
    random.seed(int.from_bytes(os.urandom(8), "little"))
    deadline = time.time() + float(seconds)
    execs = crashes = 0
    unique = {}
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "input.elf")
        while time.time() < deadline:
            seed_path, seed = random.choice(seeds)
            data = mutate(seed, elves[seed_path])
            for cmd in commands(tool, binary, path, seed_path, work):
                with open(path, "wb") as f:
                    f.write(data)
                rc, report, bad = run(cmd)
                execs += 1
                if not bad:
                    continue
                crashes += 1
                sig = signature(report, rc)
                if sig in unique:
                    continue
                base = os.path.join(crash_dir, hashlib.sha1(sig.encode()).hexdigest()[:12])
                with open(base + ".elf", "wb") as f:
                    f.write(data)
                with open(base + ".txt", "w") as f:
                    f.write("signature: %s\ncommand: %s\nseed: %s\nexit: %s\n\n%s" %
                            (sig, " ".join(cmd[:-1] + ["INPUT"]), os.path.basename(seed_path),
                             rc, report))
                unique[sig] = base + ".elf"
    print("%s execs=%d crashes=%d unique=%d" % (tool, execs, crashes, len(unique)))
    for sig, f in sorted(unique.items()):
        print("crash %s %s %s" % (tool, f, sig))
    return 0


def replay(tool, binary, files):
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "input.elf")
        for name in files:
            with open(name, "rb") as f:
                data = f.read()
            for cmd in commands(tool, binary, path, name, work):
                with open(path, "wb") as f:
                    f.write(data)
                rc, report, bad = run(cmd)
                if bad:
                    print("crash %s %s %s" % (tool, name, signature(report, rc)))
    return 0


def minimize(tool, binary, src, out):
    with open(src, "rb") as f:
        data = f.read()

    def crash_sig(d, work):
        path = os.path.join(work, "input.elf")
        for cmd in commands(tool, binary, path, src, work):
            with open(path, "wb") as f:
                f.write(d)
            rc, report, bad = run(cmd)
            if bad:
                return signature(report, rc)
        return None

    with tempfile.TemporaryDirectory() as work:
        want = crash_sig(data, work)
        if not want:
            sys.exit("mutate_tools: %s does not crash %s" % (src, tool))
        lo, hi = 1, len(data)		# the shortest crashing prefix
        while lo < hi:
            mid = (lo + hi) // 2
            if crash_sig(data[:mid], work) == want:
                hi = mid
            else:
                lo = mid + 1
        data = bytearray(data[:hi])
        chunk = 1 << max(0, len(data).bit_length() - 2)
        while chunk >= 1:
            for at in range(0, len(data), chunk):
                part = bytes(data[at:at + chunk])
                if not any(part):
                    continue
                data[at:at + chunk] = bytes(len(part))
                if crash_sig(bytes(data), work) != want:
                    data[at:at + chunk] = part
            chunk //= 4
    with open(out, "wb") as f:
        f.write(data)
    print("%s: %d bytes, %d not zero: %s" % (out, len(data), sum(1 for c in data if c), want))
    return 0


def main(argv):
    if len(argv) >= 7 and argv[1] == "fuzz":
        return fuzz(*argv[2:7])
    if len(argv) >= 5 and argv[1] == "replay":
        return replay(argv[2], argv[3], argv[4:])
    if len(argv) == 6 and argv[1] == "minimize":
        return minimize(*argv[2:6])
    if len(argv) == 4 and argv[1] == "signature":
        with open(argv[2], errors="replace") as f:
            print(signature(f.read(), int(argv[3])))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
