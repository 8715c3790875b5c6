#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkbroken.py MODE IN OUT: a broken copy of a valid module for the loader's
rejection tests.
  truncate  the first 256 bytes only (headers point past the end)
  shndx     the symbol module_init given section index 0x7777 (no such section)
Exit status: 0 ok, 1 IN lacks what MODE needs, 2 usage."""
import struct
import sys

SHN_BAD = 0x7777
TRUNCATE_TO = 256
SHT_SYMTAB = 2
EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
SHDR = struct.Struct('<IIQQQQIIQQ')
SYM = struct.Struct('<IBBHQQ')


def die(msg, code):
    print(f'mkbroken.py: {msg}', file=sys.stderr)
    sys.exit(code)


def bad_shndx(data, path):
    e = EHDR.unpack_from(data, 0)
    shoff, shentsize, shnum = e[6], e[11], e[12]
    shdrs = [SHDR.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    for sh in shdrs:
        if sh[1] != SHT_SYMTAB:
            continue
        strtab = shdrs[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], SYM.size):
            name_off, info, other, shndx, value, size = SYM.unpack_from(data, off)
            start = strtab[4] + name_off
            name = data[start:data.index(b'\0', start)]
            if name == b'module_init':
                SYM.pack_into(data, off, name_off, info, other, SHN_BAD, value, size)
                return
    die(f'{path}: no symbol module_init', 1)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('truncate', 'shndx'):
        die('usage: mkbroken.py truncate|shndx IN OUT', 2)
    mode, src, dst = sys.argv[1:]
    data = bytearray(open(src, 'rb').read())
    if mode == 'truncate':
        data = data[:TRUNCATE_TO]
    else:
        bad_shndx(data, src)
    open(dst, 'wb').write(data)


if __name__ == '__main__':
    main()
