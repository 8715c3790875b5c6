#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Break a device tree blob in one precise way, in place, for the bad-input
boot matrix (tests/boot/badinput.sh).  fdtput edits what a valid tree can
say; this edits what only a broken blob can: header fields, tokens, lengths,
name offsets, the blocks' bounds.  It walks the structure block of the blob
it is given (which must be valid) to find what to break, then breaks it.

  dtbedit.py FILE header FIELD VALUE   set a header field; VALUE is a number,
                                       +N / -N (relative) or "end" (the file
                                       size) with an optional +N / -N
  dtbedit.py FILE prop-len NODE PROP VALUE      the property's length field
  dtbedit.py FILE prop-nameoff NODE PROP VALUE  its name offset
  dtbedit.py FILE token NODE PROP VALUE         its FDT_PROP token
  dtbedit.py FILE end-token VALUE      the final FDT_END token
  dtbedit.py FILE drop-root-end        remove the root's FDT_END_NODE
  dtbedit.py FILE extra-end-node       one FDT_END_NODE too many
  dtbedit.py FILE second-root          a second root node after the first
  dtbedit.py FILE name-unterminated NODE  the node's name runs to the end of
                                          the structure block
  dtbedit.py FILE prop-after-subnode   a property of / after its first subnode
  dtbedit.py FILE strings-unterminated the last string loses its NUL
  dtbedit.py FILE rsv-unterminated     the reservation map never ends
  dtbedit.py FILE deep N               N nested nodes under the root
NODE is a path of full node names ("/", "/chosen", "/pl011@9000000").
Values are in the blob's own big-endian order.  Exit status 2 with a
message if the blob or the request is not understood.
"""
import struct
import sys

MAGIC = 0xd00dfeed
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
HEADER = ["magic", "totalsize", "off_dt_struct", "off_dt_strings", "off_mem_rsvmap",
          "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings",
          "size_dt_struct"]


def die(msg):
    print("dtbedit: " + msg, file=sys.stderr)
    sys.exit(2)


def be32(b, off):
    return struct.unpack_from(">I", b, off)[0]


def put32(b, off, v):
    struct.pack_into(">I", b, off, v & 0xffffffff)


def align4(x):
    return (x + 3) & ~3


class Blob:
    def __init__(self, data):
        self.b = bytearray(data)
        if len(self.b) < 40 or be32(self.b, 0) != MAGIC:
            die("not a device tree blob")
        self.off_struct = be32(self.b, 8)
        self.off_strings = be32(self.b, 12)
        self.size_struct = be32(self.b, 36)
        self.props = {}		# (path, name) -> offset of the FDT_PROP token
        self.nodes = {}		# path -> offset of the FDT_BEGIN_NODE token
        self.first_subnode = {}	# path -> offset of its first child's token
        self.root_end = self.end = None
        self.walk()

    def walk(self):
        b, pos, stack = self.b, self.off_struct, []
        limit = self.off_struct + self.size_struct
        while pos < limit:
            tok = be32(b, pos)
            if tok == BEGIN_NODE:
                nul = b.index(0, pos + 4)
                name = b[pos + 4:nul].decode()
                path = "/" if not stack else (stack[-1].rstrip("/") + "/" + name)
                if stack and stack[-1] not in self.first_subnode:
                    self.first_subnode[stack[-1]] = pos
                self.nodes[path] = pos
                stack.append(path)
                pos = align4(nul + 1)
            elif tok == END_NODE:
                if len(stack) == 1:
                    self.root_end = pos
                stack.pop()
                pos += 4
            elif tok == PROP:
                length, nameoff = be32(b, pos + 4), be32(b, pos + 8)
                s = self.off_strings + nameoff
                name = b[s:b.index(0, s)].decode()
                self.props[(stack[-1], name)] = pos
                pos = align4(pos + 12 + length)
            elif tok == NOP:
                pos += 4
            elif tok == END:
                self.end = pos
                return
            else:
                die("unknown token 0x%x at 0x%x" % (tok, pos))
        die("no FDT_END")

    def prop(self, node, name):
        if (node, name) not in self.props:
            die("no property %s in %s" % (name, node))
        return self.props[(node, name)]

    def insert(self, at, data):
        """Insert bytes into the structure block, moving what follows."""
        self.b[at:at] = data
        n = len(data)
        for i, field in enumerate(HEADER):
            off = be32(self.b, 4 * i)
            if field in ("off_dt_strings", "off_mem_rsvmap") and off >= at:
                put32(self.b, 4 * i, off + n)
        put32(self.b, 4, be32(self.b, 4) + n)
        put32(self.b, 36, be32(self.b, 36) + n)


def number(text, current, size):
    """N, +N / -N (from the current value), end, end+N / end-N (the file size)."""
    try:
        if text.startswith("end"):
            return size + (int(text[3:], 0) if text[3:] else 0)
        if text[:1] in "+-":
            return current + int(text, 0)
        return int(text, 0)
    except ValueError:
        die("bad value %s" % text)


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) > 1 else 2
    path, op, args = argv[1], argv[2], argv[3:]
    with open(path, "rb") as f:
        d = Blob(f.read())
    b = d.b
    need = {"header": 2, "prop-len": 3, "prop-nameoff": 3, "token": 3, "end-token": 1,
            "drop-root-end": 0, "extra-end-node": 0, "second-root": 0,
            "name-unterminated": 1, "prop-after-subnode": 0, "strings-unterminated": 0,
            "rsv-unterminated": 0, "deep": 1}
    if op not in need:
        die("unknown operation %s (see --help)" % op)
    if len(args) != need[op]:
        die("%s takes %d argument(s)" % (op, need[op]))

    if op == "header":
        if args[0] not in HEADER:
            die("unknown header field %s" % args[0])
        off = 4 * HEADER.index(args[0])
        put32(b, off, number(args[1], be32(b, off), len(b)))
    elif op in ("prop-len", "prop-nameoff", "token"):
        at = d.prop(args[0], args[1]) + {"token": 0, "prop-len": 4, "prop-nameoff": 8}[op]
        put32(b, at, number(args[2], be32(b, at), len(b)))
    elif op == "end-token":
        put32(b, d.end, int(args[0], 0))
    elif op == "drop-root-end":
        put32(b, d.root_end, NOP)
    elif op == "extra-end-node":
        d.insert(d.end, struct.pack(">I", END_NODE))
    elif op == "second-root":
        d.insert(d.end, struct.pack(">III", BEGIN_NODE, 0, END_NODE))
    elif op == "name-unterminated":
        at = d.nodes.get(args[0])
        if at is None or args[0] == "/":
            die("no node %s (and not the root, whose name is empty)" % args[0])
        limit = d.off_struct + d.size_struct
        b[at + 4:limit] = b"x" * (limit - at - 4)
    elif op == "prop-after-subnode":
        # The root's first property, moved to just after its first subnode's end.
        first = min(v for (n, _), v in d.props.items() if n == "/")
        child = d.first_subnode["/"]
        if first > child:
            die("the root has no property before its first subnode")
        length = be32(b, first + 4)
        size = align4(12 + length)
        prop = bytes(b[first:first + size])
        # The child ends at the END_NODE that closes it: walk to it.
        depth, pos = 0, child
        while True:
            tok = be32(b, pos)
            if tok == BEGIN_NODE:
                depth += 1
                pos = align4(b.index(0, pos + 4) + 1)
            elif tok == END_NODE:
                depth -= 1
                pos += 4
                if depth == 0:
                    break
            elif tok == PROP:
                pos = align4(pos + 12 + be32(b, pos + 4))
            else:
                pos += 4
        b[first:pos] = b[first + size:pos] + prop
    elif op == "strings-unterminated":
        end = d.off_strings + be32(b, 32)
        if b[end - 1] != 0:
            die("the strings block does not end with a NUL")
        b[end - 1] = ord("x")
    elif op == "rsv-unterminated":
        rsv = be32(b, 16)
        while be32(b, rsv) or be32(b, rsv + 4) or be32(b, rsv + 8) or be32(b, rsv + 12):
            rsv += 16
        b[rsv:d.off_struct] = b"\x01" * (d.off_struct - rsv)
    elif op == "deep":
        n = int(args[0], 0)
        nest = struct.pack(">II", BEGIN_NODE, 0x64000000) * n + struct.pack(">I", END_NODE) * n
        d.insert(d.root_end, nest)

    with open(path, "wb") as f:
        f.write(b)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
