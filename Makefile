# SPDX-License-Identifier: MIT
#
# relok top-level Makefile (Kbuild conventions, without Kbuild):
#   make                 vmlinux and arch/arm64/boot/Image
#   make O=dir           build in dir
#   make LLVM=1          clang + ld.lld (default: GNU, CROSS_COMPILE=aarch64-linux-gnu-)
#   make V=1             show the commands
#   make check           every test (tests/run)
#   make qemu            boot in QEMU and show the boot report (scripts/boot-qemu)
#   make host-tests      host unit tests only
#   make fuzz            fuzz the parsers and host tools (tests/fuzz/fuzz.mk)
#   make sign            arch/arm64/boot/Image.signed for UEFI Secure Boot (docs/firmware.md)
#   make linux-kexec-file  a Linux with kexec_file_load for the real-Linux tests (tests/linux/linux.mk)
#   make help            every target and variable

ARCH		:= arm64
srctree		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O		?= .
objtree		:= $(abspath $(O))
CROSS_COMPILE	?= aarch64-linux-gnu-

ifeq ($(V),1)
Q :=
quiet_echo = @:
else
Q := @
quiet_echo = @printf '  %-8s %s\n'
endif
# make -s: no step lines either.
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
quiet_echo = @:
endif

ifeq ($(LLVM),1)
CC		:= clang --target=aarch64-linux-gnu
LD		:= ld.lld
OBJCOPY		:= llvm-objcopy
NM		:= llvm-nm
TOOLCHAIN	:= llvm
else
CC		:= $(CROSS_COMPILE)gcc
LD		:= $(CROSS_COMPILE)ld
OBJCOPY		:= $(CROSS_COMPILE)objcopy
NM		:= $(CROSS_COMPILE)nm
TOOLCHAIN	:= gnu
endif
HOSTCC		?= cc

HOSTCFLAGS	:= -std=c11 -O2 -g -Wall -Wextra -Werror -I$(srctree)/include

include $(srctree)/scripts/Makefile.cmd
include $(srctree)/arch/$(ARCH)/Makefile
include $(srctree)/tests/linux/linux.mk

# Host unit tests: the shared C (device tree, ELF, relocation) compiled for
# the host under AddressSanitizer and UBSan.  tests/run runs them.
HOST_SANITIZE	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_TEST_DIR	:= $(objtree)/tests/host
host-test-bins	:= $(HOST_TEST_DIR)/test_fdt $(HOST_TEST_DIR)/test_elf $(HOST_TEST_DIR)/test_reloc \
		   $(HOST_TEST_DIR)/test_vsprintf $(HOST_TEST_DIR)/test_fdt_rw
host-test-bins	+= $(HOST_TEST_DIR)/test_reloc_insn $(HOST_TEST_DIR)/test_module
host-test-bins	+= $(HOST_TEST_DIR)/relink_check
host-test-bins	+= $(HOST_TEST_DIR)/test_sha256 $(HOST_TEST_DIR)/test_kexec $(HOST_TEST_DIR)/test_string
host-test-deps	:= $(host-headers) $(srctree)/tests/host/test.h

$(HOST_TEST_DIR)/test_fdt: $(srctree)/tests/host/test_fdt.c $(srctree)/lib/fdt.c \
		$(srctree)/tests/host/fdt_libfdt.h $(host-test-deps)
$(HOST_TEST_DIR)/test_fdt: HOST_DEFS := -I$(srctree)/arch/arm64/include
$(HOST_TEST_DIR)/test_elf: $(srctree)/tests/host/test_elf.c $(srctree)/lib/elf.c $(host-test-deps)
$(HOST_TEST_DIR)/test_reloc: $(srctree)/tests/host/test_reloc.c $(srctree)/arch/arm64/kernel/reloc.c $(host-test-deps)
$(HOST_TEST_DIR)/test_vsprintf: $(srctree)/tests/host/test_vsprintf.c $(srctree)/lib/vsprintf.c $(host-test-deps)
$(HOST_TEST_DIR)/test_reloc_insn: $(srctree)/tests/host/test_reloc_insn.c \
		$(srctree)/arch/arm64/kernel/module-reloc.c $(srctree)/arch/arm64/kernel/insn.c \
		$(host-test-deps)
$(HOST_TEST_DIR)/test_reloc_insn: HOST_DEFS := -I$(srctree)/arch/arm64/include
$(HOST_TEST_DIR)/test_module: $(srctree)/tests/host/test_module.c \
		$(srctree)/arch/arm64/kernel/module-plts.c $(srctree)/arch/arm64/kernel/insn.c \
		$(srctree)/lib/cpio.c $(srctree)/arch/arm64/include/asm/module.h $(host-test-deps)
$(HOST_TEST_DIR)/test_module: HOST_DEFS := -I$(srctree)/arch/arm64/include
$(HOST_TEST_DIR)/test_fdt_rw: $(srctree)/tests/host/test_fdt_rw.c $(srctree)/lib/fdt_rw.c $(srctree)/lib/fdt.c $(host-test-deps)
$(HOST_TEST_DIR)/test_vsprintf: HOST_DEFS := -Dvsnprintf=relok_vsnprintf -Dsnprintf=relok_snprintf
$(HOST_TEST_DIR)/test_reloc: HOST_DEFS := -DRELOC_TRACE
# The boot pass against the linker (tests/boot/relink.sh).
$(HOST_TEST_DIR)/relink_check: $(srctree)/tests/host/relink_check.c $(srctree)/arch/arm64/kernel/reloc.c \
		$(srctree)/lib/elf.c $(srctree)/scripts/tool.c $(srctree)/scripts/reloc_desc.c \
		$(host-test-deps)
$(HOST_TEST_DIR)/relink_check: HOST_DEFS := -I$(srctree)/arch/arm64/include -I$(srctree)/scripts
# kexec (docs/kexec.md): the digest and the planning steps.
$(HOST_TEST_DIR)/test_sha256: $(srctree)/tests/host/test_sha256.c $(srctree)/lib/sha256.c $(host-test-deps)
$(HOST_TEST_DIR)/test_kexec: $(srctree)/tests/host/test_kexec.c $(srctree)/lib/kexec_plan.c \
		$(srctree)/lib/cmdline.c $(srctree)/arch/arm64/include/asm/image.h $(host-test-deps)
$(HOST_TEST_DIR)/test_kexec: HOST_DEFS := -I$(srctree)/arch/arm64/include
# lib/string.c under other names, beside the host's own.
$(HOST_TEST_DIR)/test_string: $(srctree)/tests/host/test_string.c $(srctree)/lib/string.c $(host-test-deps)
$(HOST_TEST_DIR)/test_string: HOST_DEFS := $(foreach f,memset memcpy memmove memcmp strlen strcmp strncmp,-D$(f)=relok_$(f)) -fno-builtin

# The host tools' command (arch/arm64/Makefile), under the sanitizers.
$(host-test-bins): host-extra-cflags = $(HOST_SANITIZE) $(HOST_DEFS)
$(host-test-bins): FORCE
	$(call if_changed,hostcc)

host-tests: $(host-test-bins)

# make fuzz: libFuzzer harnesses and the host tools under ASan/UBSan.
include $(srctree)/tests/fuzz/fuzz.mk

.DEFAULT_GOAL := all
.PHONY: all check host-tests qemu clean mrproper help FORCE test-prep

# make bench's build directories and logs (scripts/bench.sh reads BENCH_DIR).
BENCH_DIR	?= $(objtree)/bench
export BENCH_DIR

# Everything a build writes, in-tree or under O=, and the directories
# scripts/boot-qemu (build/gnu, build/llvm) and tests/run (build/test)
# build in.  The directories a build made are removed once empty.
made-dirs	:= arch/$(ARCH)/boot arch/$(ARCH) arch scripts tests/boot tests/host tests modules
clean:
	$(Q)rm -rf $(objtree)/vmlinux $(objtree)/vmlinux.tmp $(objtree)/vmlinux.pass1 \
		$(objtree)/System.map $(objtree)/.obj $(objtree)/certs \
		$(objtree)/arch/$(ARCH)/boot/Image $(objtree)/arch/$(ARCH)/boot/Image.signed \
		$(objtree)/arch/$(ARCH)/boot/initrd.cpio $(objtree)/arch/$(ARCH)/boot/lab-initrd.cpio \
		$(objtree)/relocs_check.txt \
		$(addprefix $(objtree)/scripts/,$(HOST_TOOLS)) \
		$(objtree)/tests/boot/shim.bin $(host-test-bins) \
		$(objtree)/modules/*.ko \
		$(objtree)/bench $(objtree)/bench.build.log $(objtree)/bench.callgrind.* \
		$(objtree)/.vmlinux.cmd $(srctree)/build
	@# the commands that made them (scripts/Makefile.cmd), in make's own directories
	$(Q)rm -f $(call cmd-files,$(objtree)/scripts $(objtree)/arch/$(ARCH)/boot $(objtree)/tests \
			$(objtree)/modules $(objtree)/purgatory)
	$(Q)for d in $(made-dirs); do \
		[ ! -d $(objtree)/$$d ] || rmdir --ignore-fail-on-non-empty $(objtree)/$$d; done
	$(Q)[ $(objtree) = $(srctree) ] || [ ! -d $(objtree) ] || \
		rmdir --ignore-fail-on-non-empty $(objtree)

# Kbuild's name for "remove every generated file"; relok has no
# configuration to keep, so it is clean.
mrproper: clean

help:
	@echo 'Targets (Kbuild conventions; O=dir builds out of tree):'
	@echo '  all (default)   vmlinux and arch/arm64/boot/Image'
	@echo '  modules         the sample modules, modules/*.ko (docs/modules.md)'
	@echo '  initrd          the modules packed into arch/arm64/boot/initrd.cpio'
	@echo '  sign            arch/arm64/boot/Image.signed for UEFI Secure Boot (docs/firmware.md)'
	@echo '  tools           the host tools in scripts/ (relocs_check, relocs_extract, ...; --help)'
	@echo '  report          KASLR entropy of the kernel'"'"'s own placement function'
	@echo '  bench           boot-time relocation cost on a real kernel'"'"'s layout (docs/performance.md)'
	@echo '  relink          RELINK_BASE=va RELINK_OUT=file: vmlinux'"'"'s objects linked at another base'
	@echo '                  (tests/boot/relink.sh compares it with the boot pass)'
	@echo '  lab             the code-model lab: every CODE_MODEL with both toolchains, one table'
	@echo '                  (docs/codegen.md; LAB_TOOLCHAINS=gnu LAB_QUICK=1 for a short run)'
	@echo '  lab-plot        docs/codegen.png from the lab'"'"'s table'
	@echo '  lab-initrd      the lab modules packed into arch/arm64/boot/lab-initrd.cpio (LAB=1)'
	@echo '  qemu            build, then boot under QEMU (scripts/boot-qemu; --gdb there for gdb)'
	@echo '  check           every test (tests/run): both toolchains, host and boot tests'
	@echo '  host-tests      build the host unit tests (tests/host, ASan/UBSan)'
	@echo '  fuzz            fuzz the parsers (libFuzzer) and host tools (ASan/UBSan), with a libfdt'
	@echo '                  differential; FUZZ_SECONDS=n a target (default 60), FUZZ_ONLY="fdt ..."'
	@echo '                  (docs/hostile-input.md; fuzz-build only builds)'
	@echo '  test-prep       what the boot tests need: Image, shim, host tools, initrd'
	@echo '  linux-kexec-file  Linux 6.1 with kexec_file_load for tests/boot/linux-kexec.sh,'
	@echo '                  built from Debian'"'"'s linux-source-6.1 into ~/.cache/relok (minutes;'
	@echo '                  tests/run only uses it when cached: docs/real-linux.md)'
	@echo '  clean           remove every file the targets above and scripts/boot-qemu write,'
	@echo '                  including build/ (boot-qemu, tests/run) and the bench directory'
	@echo '  mrproper        the same as clean (there is no configuration to keep)'
	@echo '  help            this text'
	@echo ''
	@echo 'Variables (make VAR=value):'
	@echo '  O=dir           build in dir (default: the source tree)'
	@echo '  V=1             show the commands'
	@echo '  LLVM=1          clang and ld.lld (default: GNU with CROSS_COMPILE)'
	@echo '  CROSS_COMPILE=  GNU tool prefix (default: aarch64-linux-gnu-)'
	@echo '  RELR=0          keep plain RELA (default: packed RELR)'
	@echo '  BENCH_RELOCS=n  link in n generated pointers to relocate (use an O= of its own)'
	@echo '  BENCH_RELOCS_FROM=file  a pointer at each hex offset file lists (.xz allowed):'
	@echo '                  a real kernel'"'"'s layout replayed (scripts/relocs_extract)'
	@echo '  BENCH_RELR_LOOP=linux  Linux'"'"'s RELR loop instead of reloc.c'"'"'s (make bench)'
	@echo '  BENCH_DIR=dir   where make bench builds and boots (default: $$(O)/bench)'
	@echo '  CODE_MODEL=     small-pie-hidden (default), small-pie-default, small-nopic,'
	@echo '                  large-nopic (docs/codegen.md; an O= of its own)'
	@echo '  LAB=1           link in the lab workload; relocs_check reports instead of failing'
	@echo '  KASLR_REPORT_SEEDS=n  seeds make report tries (default: 1000000)'
	@echo '  SIGN_KEY= SIGN_CERT=  the key and certificate make sign uses (default: snakeoil)'
	@echo '  HOSTCC=         the host compiler for scripts/ and tests/host (default: cc)'
	@echo '  JOBS=n          make linux-kexec-file'"'"'s parallel jobs (default: nproc)'

check:
	$(Q)$(srctree)/tests/run

# Secure Boot: sign the Image (a PE/COFF EFI application) with sbsign.  By
# default the key is Debian's snakeoil test key that AAVMF_VARS.snakeoil.fd
# trusts; it ships encrypted (passphrase "snakeoil") and is decrypted into
# the build directory only, never into the source tree.  Real keys:
# make sign SIGN_KEY=db.key SIGN_CERT=db.crt
SNAKEOIL_DIR	?= /usr/share/qemu-efi-aarch64
SNAKEOIL_KEY	:= $(objtree)/certs/snakeoil-key.pem
SIGN_KEY	?= $(SNAKEOIL_KEY)
SIGN_CERT	?= $(SNAKEOIL_DIR)/PkKek-1-snakeoil.pem
SIGNED_IMAGE	:= $(objtree)/arch/$(ARCH)/boot/Image.signed

$(SNAKEOIL_KEY): $(SNAKEOIL_DIR)/PkKek-1-snakeoil.key
	$(quiet_echo) KEY certs/snakeoil-key.pem
	@mkdir -p $(dir $@)
	$(Q)(umask 077 && openssl rsa -in $< -passin pass:snakeoil -out $@.tmp 2>/dev/null) && \
		mv $@.tmp $@

sign: $(IMAGE) $(SIGN_KEY)
	$(quiet_echo) SIGN arch/$(ARCH)/boot/Image.signed
	$(Q)sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $(SIGNED_IMAGE) $(IMAGE) \
		>/dev/null
.PHONY: sign

qemu: all
	$(Q)$(srctree)/scripts/boot-qemu $(objtree)/arch/$(ARCH)/boot/Image

FORCE:
