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
#   make sign            arch/arm64/boot/Image.signed for UEFI Secure Boot (docs/firmware.md)
#   make linux-kexec-file  a Linux with kexec_file_load for the real-Linux tests (tests/linux/linux.mk)

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

include $(srctree)/arch/$(ARCH)/Makefile
include $(srctree)/tests/linux/linux.mk

# Host unit tests: the shared C (device tree, ELF, relocation) compiled for
# the host under AddressSanitizer and UBSan.  tests/run runs them.
HOST_SANITIZE	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_TEST_DIR	:= $(objtree)/tests/host
host-test-bins	:= $(HOST_TEST_DIR)/test_fdt $(HOST_TEST_DIR)/test_elf $(HOST_TEST_DIR)/test_reloc \
		   $(HOST_TEST_DIR)/test_vsprintf $(HOST_TEST_DIR)/test_fdt_rw
host-test-bins	+= $(HOST_TEST_DIR)/test_reloc_insn $(HOST_TEST_DIR)/test_module
host-test-bins	+= $(HOST_TEST_DIR)/test_relr_blocks
host-test-deps	:= $(wildcard $(srctree)/include/relok/*.h) $(srctree)/tests/host/test.h

$(HOST_TEST_DIR)/test_fdt: $(srctree)/tests/host/test_fdt.c $(srctree)/lib/fdt.c $(host-test-deps)
$(HOST_TEST_DIR)/test_elf: $(srctree)/tests/host/test_elf.c $(srctree)/lib/elf.c $(host-test-deps)
$(HOST_TEST_DIR)/test_reloc: $(srctree)/tests/host/test_reloc.c $(srctree)/arch/arm64/kernel/reloc.c $(host-test-deps)
$(HOST_TEST_DIR)/test_vsprintf: $(srctree)/tests/host/test_vsprintf.c $(srctree)/lib/vsprintf.c $(host-test-deps)
$(HOST_TEST_DIR)/test_reloc_insn: $(srctree)/tests/host/test_reloc_insn.c \
		$(srctree)/arch/arm64/kernel/reloc.c $(host-test-deps)
$(HOST_TEST_DIR)/test_module: $(srctree)/tests/host/test_module.c \
		$(srctree)/arch/arm64/kernel/module-plts.c $(srctree)/arch/arm64/kernel/reloc.c \
		$(srctree)/lib/cpio.c $(srctree)/arch/arm64/include/asm/module.h $(host-test-deps)
$(HOST_TEST_DIR)/test_module: HOST_DEFS := -I$(srctree)/arch/arm64/include
$(HOST_TEST_DIR)/test_fdt_rw: $(srctree)/tests/host/test_fdt_rw.c $(srctree)/lib/fdt_rw.c $(srctree)/lib/fdt.c $(host-test-deps)
$(HOST_TEST_DIR)/test_vsprintf: HOST_DEFS := -Dvsnprintf=relok_vsnprintf -Dsnprintf=relok_snprintf
# The RELR pass's C model against reloc.c (the plans are scripts/relr_blocks.h).
$(HOST_TEST_DIR)/test_relr_blocks: $(srctree)/tests/host/test_relr_blocks.c \
		$(srctree)/arch/arm64/kernel/reloc.c $(srctree)/scripts/relr_blocks.h $(host-test-deps)
$(HOST_TEST_DIR)/test_relr_blocks: HOST_DEFS := -I$(srctree)/scripts

$(host-test-bins):
	$(quiet_echo) HOSTCC $(patsubst $(objtree)/%,%,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) $(HOST_DEFS) $(HOST_SANITIZE) -o $@ $(filter %.c,$^) $(HOST_LIBS)

host-tests: $(host-test-bins)

.DEFAULT_GOAL := all
.PHONY: all check host-tests qemu clean FORCE test-prep

# Everything a build writes, in-tree or under O=.
HOST_TOOLS	:= relocs_check extable_sort relr_pack kallsyms kaslr_report bench_relocs \
		   gen_relr_blocks bench_host
clean:
	$(Q)rm -rf $(objtree)/vmlinux $(objtree)/vmlinux.tmp $(objtree)/vmlinux.pass1 \
		$(objtree)/System.map $(objtree)/.obj $(objtree)/certs \
		$(objtree)/arch/$(ARCH)/boot/Image $(objtree)/arch/$(ARCH)/boot/Image.signed \
		$(objtree)/arch/$(ARCH)/boot/initrd.cpio \
		$(addprefix $(objtree)/scripts/,$(HOST_TOOLS)) \
		$(objtree)/tests/boot/shim.bin $(host-test-bins) \
		$(objtree)/modules/*.ko

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
