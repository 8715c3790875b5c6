# SPDX-License-Identifier: MIT
#
# gdb support for relok under KASLR (README "Debugging").
#
# vmlinux is linked at KIMAGE_VADDR, but the kernel runs first at the
# physical address it was loaded at (MMU off) and then at a virtual address
# chosen at boot from the DT's kaslr-seed (or RNDR).  Neither is known
# before the boot, so this script finds both from the running kernel and
# loads vmlinux's symbols where the code really is:
#   1. relok-connect stops the CPU at reset and steps it to the first
#      kernel instruction: the one a 64-byte Image header ("ARM\x64" at
#      offset 0x38, booting.rst) starts at.  That is the physical load
#      address; symbols go there (symbol-file -o).
#   2. An internal breakpoint on enable_mmu_and_jump (head.S, the only code
#      that runs through the identity map) reads x2, the virtual address
#      of primary_switched that early boot computed; the difference from
#      its link address is the KASLR offset, and the symbols move there
#      before the MMU goes on.  The boot continues unless a breakpoint of
#      yours says otherwise.
# So "break start_kernel" (or any C function) works under any seed, and
# early functions (__pi_early_boot ...) break at their physical address.
#
# Commands:
#   relok-connect TARGET VMLINUX   target remote TARGET (QEMU -S -gdb ...),
#                                  then step 1; stops at the kernel entry
#   relok-offsets                  what was found, for a human
#   relok-batch FUNCTION           break there, continue, print "bt",
#                                  then let the boot run to its power-off
# scripts/boot-qemu --gdb / --break / --gdb-batch run these for you.

import gdb

IMAGE_MAGIC_OFFSET = 0x38
IMAGE_MAGIC = 0x644D5241  # "ARM\x64", little-endian
ENTRY_STEPS_MAX = 4096    # the loader's own instructions before the kernel's
U64 = (1 << 64) - 1


def say(msg):
    gdb.write("relok-gdb: %s\n" % msg)
    gdb.flush()


def link_address(symbol):
    """A symbol's address in vmlinux as linked (no offset applied)."""
    return state.link[symbol]


class State:
    def __init__(self):
        self.vmlinux = None
        self.link = {}
        self.phys = None
        self.virt = None
        self.mmu_bp = None

    def load_at(self, offset):
        """vmlinux's symbols with every section moved by offset."""
        gdb.execute("symbol-file -o 0x%x %s" % (offset & U64, self.vmlinux), to_string=True)


state = State()


def read_u32(addr):
    mem = gdb.selected_inferior().read_memory(addr, 4)
    return int.from_bytes(bytes(mem), "little")


def pc():
    return int(gdb.parse_and_eval("$pc")) & U64


def at_image_header(addr):
    try:
        return read_u32(addr + IMAGE_MAGIC_OFFSET) == IMAGE_MAGIC
    except gdb.MemoryError:
        return False


class MmuSwitch(gdb.Breakpoint):
    """enable_mmu_and_jump at its physical address: x2 = VA of primary_switched."""

    def stop(self):
        va = int(gdb.parse_and_eval("$x2")) & U64
        offset = (va - link_address("primary_switched")) & U64
        state.virt = (link_address("_head") + offset) & U64
        state.load_at(offset)
        say("MMU on next: symbols at the KASLR address, kaslr-offset=0x%x virt=0x%x"
            % (offset, state.virt))
        return False


class Connect(gdb.Command):
    """relok-connect TARGET VMLINUX: attach to QEMU stopped at reset, find the kernel."""

    def __init__(self):
        super().__init__("relok-connect", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) != 2:
            raise gdb.GdbError("usage: relok-connect TARGET VMLINUX")
        target, state.vmlinux = args
        gdb.execute("set confirm off")
        gdb.execute("set pagination off")
        gdb.execute("file %s" % state.vmlinux, to_string=True)
        for sym in ("_head", "primary_switched", "enable_mmu_and_jump"):
            s = gdb.lookup_global_symbol(sym) or gdb.lookup_static_symbol(sym)
            if s is not None:
                state.link[sym] = int(s.value().address) & U64
            else:
                state.link[sym] = int(gdb.parse_and_eval("(unsigned long)&%s" % sym)) & U64
        # Quiet: no "0x... in ?? ()" for the connection and every step.
        gdb.execute("set suppress-cli-notifications on")
        gdb.execute("target remote %s" % target, to_string=True)

        # Step 1: from the reset vector through the loader to the Image header.
        for _ in range(ENTRY_STEPS_MAX):
            if at_image_header(pc()):
                break
            gdb.execute("stepi", to_string=True)
        else:
            gdb.execute("set suppress-cli-notifications off")
            raise gdb.GdbError("no Image header reached in %d instructions from reset: "
                               "attach with QEMU -S, booting the Image with -kernel"
                               % ENTRY_STEPS_MAX)
        gdb.execute("set suppress-cli-notifications off")
        state.phys = pc()
        state.load_at(state.phys - link_address("_head"))
        say("kernel entry: symbols at the physical load address, phys=0x%x (MMU off)"
            % state.phys)
        say("they move to the KASLR address when the MMU goes on; "
            "'break <function>', then 'continue'")

        # Step 2, when the boot gets there.
        mmu = state.phys + link_address("enable_mmu_and_jump") - link_address("_head")
        state.mmu_bp = MmuSwitch("*0x%x" % mmu, internal=True)


class Offsets(gdb.Command):
    """relok-offsets: the kernel's physical and virtual addresses, as found."""

    def __init__(self):
        super().__init__("relok-offsets", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        say("vmlinux=%s phys=%s virt=%s" % (
            state.vmlinux,
            "0x%x" % state.phys if state.phys is not None else "unknown",
            "0x%x" % state.virt if state.virt is not None else "not yet (MMU off)"))


class Batch(gdb.Command):
    """relok-batch FUNCTION: stop there, print a backtrace, run to power-off."""

    def __init__(self):
        super().__init__("relok-batch", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        func = arg.strip()
        if not func:
            raise gdb.GdbError("usage: relok-batch FUNCTION")
        try:
            bp = gdb.Breakpoint(func)
        except gdb.error as e:
            raise gdb.GdbError("cannot break at %s: %s" % (func, e))
        if bp.pending:
            bp.delete()
            raise gdb.GdbError("cannot break at %s: %s has no such function"
                               % (func, state.vmlinux))
        try:
            gdb.execute("continue")
        except gdb.error as e:
            raise gdb.GdbError("the kernel did not reach %s: %s" % (func, e))
        if bp.hit_count < 1:
            raise gdb.GdbError("stopped, but not at %s" % func)
        say("stopped at %s pc=0x%x" % (func, pc()))
        gdb.execute("bt")
        bp.delete()
        say("continuing to power-off")
        try:
            gdb.execute("continue")
        except gdb.error as e:
            # QEMU exits at PSCI SYSTEM_OFF and closes the connection.
            say("target gone: %s" % e)


Connect()
Offsets()
Batch()
