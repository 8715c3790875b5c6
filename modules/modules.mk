# SPDX-License-Identifier: MIT
#
# Sample modules (docs/modules.md), included from arch/arm64/Makefile.
#   make modules   $(objtree)/modules/*.ko
#   make initrd    $(objtree)/arch/arm64/boot/initrd.cpio (newc), every
#                  module in MODULES_ORDER
#
# Code model: the kernel's own, -mcmodel=small -fpie with hidden visibility
# (KBUILD_CFLAGS + compiler.h), so module code reaches the kernel with
# ADRP/ADD (+/-4 GiB) and BL (PLT when beyond +/-128 MiB), and never through
# a GOT.  docs/modules.md has the measured alternatives.
# Each module is one or more objects combined with "ld -r" into an ET_REL.

MOD_OBJ		:= $(OBJ)/modules
MOD_OUT		:= $(objtree)/modules
INITRD		:= $(objtree)/arch/arm64/boot/initrd.cpio
MODULE_CFLAGS	:= $(KBUILD_CFLAGS) -DMODULE
MKBROKEN	:= $(srctree)/modules/mkbroken.py

# name: objects (under modules/)
mod-hello	:= hello.o
mod-reltypes	:= reltypes.o reltypes_asm.o
mod-erratum	:= erratum.o erratum_asm.o
mod-moda	:= moda.o
mod-modb	:= modb.o
mod-bad_undef	:= bad_undef.o
mod-bad_reloc	:= bad_reloc.o
mod-bad_prel32	:= bad_prel32.o
built-modules	:= hello reltypes erratum moda modb bad_undef bad_reloc bad_prel32
# Made from hello.ko by mkbroken.py.
broken-modules	:= bad_truncated bad_shndx
# Archive order: the good ones (moda before modb, which uses it), then the broken.
MODULES_ORDER	:= hello reltypes erratum moda modb bad_truncated bad_shndx bad_reloc \
		   bad_undef bad_prel32

ko-files	:= $(addprefix $(MOD_OUT)/,$(addsuffix .ko,$(built-modules) $(broken-modules)))

# The code-model lab's modules (kernel/lab/lab.mk): they call the lab's
# exports, so they load only into a LAB=1 kernel, from an initrd of their
# own; lab_lib first (lab_mod uses it).
mod-lab_lib	:= lab_lib.o
mod-lab_mod	:= lab_mod.o
lab-modules	:= lab_lib lab_mod
LAB_INITRD	:= $(objtree)/arch/arm64/boot/lab-initrd.cpio

quiet_cmd_cc_mod = CC-MOD  $(src-path)
      cmd_cc_mod = $(CC) $(KBUILD_CPPFLAGS) $(MODULE_CFLAGS) -c -o $@ $<
$(MOD_OBJ)/%.o: $(srctree)/modules/%.c FORCE
	$(call if_changed,cc_mod)

$(MOD_OBJ)/%.o: $(srctree)/modules/%.S FORCE
	$(call if_changed,as)

quiet_cmd_ld_mod = LD-MOD  $(patsubst $(objtree)/%,%,$@)
      cmd_ld_mod = $(LD) -r -o $@ $(filter %.o,$^)
define module_rule
$(MOD_OUT)/$(1).ko: $(addprefix $(MOD_OBJ)/,$(mod-$(1))) FORCE
	$$(call if_changed,ld_mod)
endef
$(foreach m,$(built-modules) $(lab-modules),$(eval $(call module_rule,$(m))))

$(MOD_OUT)/bad_truncated.ko: $(MOD_OUT)/hello.ko $(MKBROKEN)
	$(Q)python3 $(MKBROKEN) truncate $< $@
$(MOD_OUT)/bad_shndx.ko: $(MOD_OUT)/hello.ko $(MKBROKEN)
	$(Q)python3 $(MKBROKEN) shndx $< $@

modules: $(ko-files)

# cpio reads the names from stdin, relative to the modules folder.
$(INITRD): $(ko-files)
	$(quiet_echo) CPIO arch/arm64/boot/initrd.cpio
	@mkdir -p $(dir $@)
	$(Q)cd $(MOD_OUT) && printf '%s.ko\n' $(MODULES_ORDER) | \
		cpio --quiet -o -H newc --reproducible > $@.tmp
	$(Q)mv $@.tmp $@

initrd: $(INITRD)

$(LAB_INITRD): $(addprefix $(MOD_OUT)/,$(addsuffix .ko,$(lab-modules)))
	$(quiet_echo) CPIO arch/arm64/boot/lab-initrd.cpio
	@mkdir -p $(dir $@)
	$(Q)cd $(MOD_OUT) && printf '%s.ko\n' $(lab-modules) | \
		cpio --quiet -o -H newc --reproducible > $@.tmp
	$(Q)mv $@.tmp $@

lab-initrd: $(LAB_INITRD)
.PHONY: modules initrd lab-initrd
