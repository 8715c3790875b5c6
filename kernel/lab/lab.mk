# SPDX-License-Identifier: MIT
#
# The code-model lab (docs/codegen.md), included from arch/arm64/Makefile.
#   make lab     scripts/lab.sh: the kernel and the lab modules in every
#                CODE_MODEL with both toolchains, booted with selftest=lab
#                under -icount shift=0; prints one Markdown table.
#                LAB_TOOLCHAINS="gnu llvm" (default both), LAB_QUICK=1 (one
#                round of the workload), LAB_ROUNDS (default 64), LAB_DIR
#                (build directories, one per variant and toolchain; default
#                $(objtree)/.lab)
#   make lab-plot  the table's plot, docs/codegen.png (scripts/lab-plot.sh)
#   make LAB=1   what lab.sh builds in each directory: the workload
#                (kernel/lab/) linked in, the lab modules in their own
#                initrd (modules/modules.mk), and relocs_check's verdict
#                kept in $(objtree)/relocs_check.txt instead of failing the
#                build, so that a code model relocs_check refuses can still
#                be measured and its findings reported.  An ordinary build
#                never sets LAB; relocs_check and the linker script's GOT
#                asserts hold there for every CODE_MODEL.  LAB and CODE_MODEL
#                change compiler flags: give each its own O= (lab.sh does).

ifeq ($(LAB),1)
lab-y		:= kernel/lab/lab.o kernel/lab/workload.o kernel/lab/data.o
kernel-objs	+= $(addprefix $(OBJ)/,$(lab-y))
KBUILD_CPPFLAGS	+= -DRELOK_LAB
relocs-check	= { $(RELOCS_CHECK) --stats $(1); echo "exit $$?"; } \
		  >$(objtree)/relocs_check.txt 2>&1
else
relocs-check	= $(RELOCS_CHECK) $(1)
endif

LAB_DIR		?= $(objtree)/.lab
LAB_TOOLCHAINS	?= gnu llvm
LAB_ROUNDS	?= 64
LAB_TABLE	:= $(LAB_DIR)/lab.md
lab:
	$(Q)LAB_DIR=$(LAB_DIR) LAB_TOOLCHAINS="$(LAB_TOOLCHAINS)" LAB_QUICK=$(LAB_QUICK) \
		LAB_ROUNDS=$(LAB_ROUNDS) $(srctree)/scripts/lab.sh
lab-plot:
	$(Q)$(srctree)/scripts/lab-plot.sh $(LAB_TABLE) $(srctree)/docs/codegen.png
.PHONY: lab lab-plot
