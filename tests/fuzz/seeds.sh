# SPDX-License-Identifier: MIT
#
# Seed corpora for the fuzz targets, made from this build (sourced by
# tests/fuzz/run.sh, which sets srctree, objtree, OBJ and WORK).  One
# function per target, seeds_<target> DIR, writing its seed inputs into DIR:
# a new harness or tool gets one here (or starts from nothing).

# Device trees: the dtc fixtures of the host tests, QEMU's own DTBs for a
# spread of machines (packed by dtc: QEMU pads its dump to 1 MiB), the
# bad-input matrix's base blob.
seeds_fdt() {
	local d=$1 m i=0
	"$srctree/tests/host/fdt/build-fixtures.sh" "$WORK/fixtures" >/dev/null
	for m in "$WORK"/fixtures/*.dtb; do
		[ "$(basename "$m")" = qemu-virt.dtb ] || cp "$m" "$d/"
	done
	for m in "virt -m 1G" "virt,virtualization=on -m 2G -smp 4" "virt,secure=on -m 512M" \
		 "virt,gic-version=3 -cpu max -m 1G" "virt,highmem=off -m 3G" \
		 "virt -m 1088M -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=64M -numa node,memdev=m0 -numa node,memdev=m1"; do
		i=$((i + 1))
		# shellcheck disable=SC2086 # the machine strings are word lists
		timeout 20 qemu-system-aarch64 -M ${m%% *},dumpdtb="$WORK/qemu-$i.dtb" ${m#* } \
			-nographic -nic none >/dev/null 2>&1 &&
			dtc -q -I dtb -O dtb -o "$d/qemu-$i.dtb" "$WORK/qemu-$i.dtb"
	done
}
seeds_fdt_libfdt() { seeds_fdt "$@"; }

# Modules: the project's .ko files, good and broken.
seeds_module() {
	cp "$objtree"/modules/*.ko "$1/"
}

# Initrds: the modules' archive, one member, an empty archive, the CRC form.
seeds_cpio() {
	local d=$1
	cp "$objtree/arch/arm64/boot/initrd.cpio" "$d/"
	(cd "$objtree/modules" && echo hello.ko | cpio --quiet -o -H newc) >"$d/one.cpio"
	cpio --quiet -o -H newc </dev/null >"$d/empty.cpio"
	(cd "$objtree/modules" && echo moda.ko | cpio --quiet -o -H crc) >"$d/crc.cpio"
}

# Command lines: "WORD\nARGS" (tests/fuzz/fuzz_cmdline.c).
seeds_cmdline() {
	local d=$1
	printf 'nokaslr\nconsole=ttyAMA0 nokaslr earlycon' >"$d/word"
	printf 'modules\nmodules=hello,reltypes module_placement=far' >"$d/list"
	printf 'module_placement\n\tmodule_placement=far\tmodules=' >"$d/tabs"
	printf 'selftest\nselftest=crash-write-text noselftest' >"$d/key"
}

# Small kernels for the host tools: the relocs_check and extable test
# kernels, linked here with both toolchains (and RELR with ld.lld).
small_kernels() {
	local d=$1 tc cc ld rs=$srctree/tests/relocs_check ex=$srctree/tests/extable
	local kflags="-ffreestanding -fpie -O2 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector"
	local lflags="-z notext --no-dynamic-linker -nostdlib -z max-page-size=4096"
	[ -f "$WORK/small/.done" ] && { cp "$WORK"/small/*.elf "$d/"; return; }
	mkdir -p "$WORK/small"
	for tc in gnu llvm; do
		if [ $tc = gnu ]; then
			cc=aarch64-linux-gnu-gcc ld=aarch64-linux-gnu-ld
		else
			cc="clang --target=aarch64-linux-gnu" ld=ld.lld
		fi
		local o=$WORK/small/$tc
		$cc -c "$rs/head.S" -o "$o-head.o" && $cc $kflags -c "$rs/good.c" -o "$o-good.o" &&
			$ld -pie $lflags -T "$rs/kernel.lds" "$o-head.o" "$o-good.o" -o "$o-rc.elf"
		$cc -E -P -x assembler-with-cpp -D__ASSEMBLER__ -I"$srctree/arch/arm64/include" \
			"$ex/kernel.lds.S" -o "$o-ex.lds" &&
			$cc -c -D__ASSEMBLER__ -I"$srctree/arch/arm64/include" "$ex/kernel.S" \
				-o "$o-ex.o" &&
			$ld $([ $tc = gnu ] && echo -shared || echo -pie) -Bsymbolic $lflags \
				--no-apply-dynamic-relocs -T "$o-ex.lds" "$o-ex.o" -o "$o-ex.elf"
		[ $tc = llvm ] && $ld -pie $lflags --pack-dyn-relocs=relr -T "$rs/kernel.lds" \
			"$o-head.o" "$o-good.o" -o "$o-rc-relr.elf"
	done 2>"$WORK/small/err"
	touch "$WORK/small/.done"
	cp "$WORK"/small/*.elf "$d/"
}

# The real kernel, as linked (before extable_sort and relr_pack) and final,
# with its debug information stripped too (smaller, so faster to mutate).
kernels() {
	local d=$1
	cp "$OBJ/vmlinux.linked" "$d/vmlinux.linked"
	cp "$objtree/vmlinux" "$d/vmlinux"
	aarch64-linux-gnu-objcopy --strip-debug "$objtree/vmlinux" "$d/vmlinux.nodebug"
	aarch64-linux-gnu-objcopy --strip-debug "$OBJ/vmlinux.linked" "$d/vmlinux.linked.nodebug"
	small_kernels "$d"
}
seeds_relocs_check() { kernels "$1"; }
seeds_extable_sort() { kernels "$1"; }
seeds_relr_pack() { kernels "$1"; cp "$objtree/modules/hello.ko" "$1/"; }
seeds_kallsyms() { kernels "$1"; }
seeds_reloc_lines() { kernels "$1"; }

# Relocation tables (tests/fuzz/fuzz_reloc.c: byte 0 = RELA entries, byte 1
# = displacement, then the RELA entries, then RELR words): the kernel's own
# RELR table, its RELA entries as linked, and both together.
seeds_reloc() {
	local d=$1
	aarch64-linux-gnu-objcopy -O binary --only-section=.relr.dyn "$objtree/vmlinux" "$WORK/relr.bin"
	aarch64-linux-gnu-objcopy -O binary --only-section=.rela.dyn "$OBJ/vmlinux.linked" \
		"$WORK/rela.bin"
	python3 - "$WORK/relr.bin" "$WORK/rela.bin" "$d" <<'PY'
import sys
relr, rela, d = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read(), sys.argv[3]
n = min(8, len(rela) // 24)
open(d + '/relr', 'wb').write(bytes([0, 3]) + relr)
open(d + '/rela', 'wb').write(bytes([n, 1]) + rela[:24 * n])
open(d + '/both', 'wb').write(bytes([n, 0]) + rela[:24 * n] + relr)
open(d + '/empty', 'wb').write(bytes([0, 0]))
PY
}
