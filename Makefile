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

.DEFAULT_GOAL := all
.PHONY: all check host-tests qemu clean FORCE

clean:
	$(Q)rm -rf $(objtree)/vmlinux $(objtree)/arch/$(ARCH)/boot/Image $(objtree)/.obj \
		$(objtree)/scripts/relocs_check $(objtree)/System.map

check:
	$(Q)$(srctree)/tests/run

qemu: all
	$(Q)$(srctree)/scripts/boot-qemu $(objtree)/arch/$(ARCH)/boot/Image

FORCE:
