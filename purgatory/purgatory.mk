# SPDX-License-Identifier: MIT
#
# The purgatory (docs/kexec.md), included from arch/arm64/Makefile.
#   $(objtree)/purgatory/purgatory.elf   fully linked PIE, one PT_LOAD, no
#                                        dynamic relocation (relocs_check
#                                        --purgatory fails the build otherwise)
#   make kexec-report                    the measurements of docs/kexec.md
#
# It is built from its own objects, compiled from the same sources the
# kernel uses (SHA-256, string, printf, PL011) with the flags the
# MMU-off early code uses: -fpie -mcmodel=small (PC-relative ADRP/ADD, no
# absolute address in the code), hidden visibility (no GOT: compiler.h's
# pragma, and -fvisibility=hidden for the assembly's sake), -mstrict-align
# (every access is Device memory).  The kernel carries the ELF file in its
# read-only data and loads it by its program header.
#
# The kernel's own kexec objects (loader, placement, handover, hyp stub)
# are listed here too, so the kernel's object list stays as it was.

PURG_OBJ	:= $(OBJ)/purgatory-pie
PURGATORY	:= $(objtree)/purgatory/purgatory.elf
PURGATORY_LDS	:= $(OBJ)/purgatory/purgatory.lds
PURGATORY_CFLAGS := $(KBUILD_CFLAGS) -fpie -mcmodel=small -fvisibility=hidden -mstrict-align
PURGATORY_LDFLAGS := -pie --no-dynamic-linker -z norelro -z max-page-size=4096 \
		     --build-id=none -nostdlib --orphan-handling=error
# The one segment is RWX on purpose (purgatory.lds.S); GNU ld 2.39+ warns.
ifneq ($(LLVM),1)
PURGATORY_LDFLAGS += --no-warn-rwx-segments
endif
purgatory-y	:= purgatory/entry.o purgatory/purgatory.o \
		   lib/sha256.o lib/string.o lib/vsprintf.o \
		   drivers/serial/pl011.o

kexec-kernel-y	:= kernel/kexec.o kernel/kexec_purgatory.o kernel/random.o lib/kexec_plan.o \
		   lib/sha256.o lib/fdt_rw.o arch/arm64/kernel/machine_kexec.o \
		   arch/arm64/kernel/hyp-stub.o arch/arm64/kernel/hyp_stub_selftest.o \
		   purgatory/blob.o
kernel-objs	+= $(addprefix $(OBJ)/,$(kexec-kernel-y))

# $(call purgatory-objs,DIR): the purgatory's objects under DIR.
purgatory-objs	= $(addprefix $(1)/,$(purgatory-y))

quiet_cmd_cc_purg = CC-PURG $(src-path)
      cmd_cc_purg = $(CC) $(KBUILD_CPPFLAGS) $(PURGATORY_CFLAGS) -c -o $@ $<
$(PURG_OBJ)/%.o: $(srctree)/%.c FORCE
	$(call if_changed,cc_purg)

$(PURG_OBJ)/%.o: $(srctree)/%.S FORCE
	$(call if_changed,as)

$(PURGATORY_LDS): $(srctree)/purgatory/purgatory.lds.S FORCE
	$(call if_changed,lds)

# Link, then prove it: relocs_check --purgatory fails on any dynamic
# relocation, a second PT_LOAD, GOT/PLT entries or a default-visibility symbol.
quiet_cmd_ld_purg = LD      purgatory/purgatory.elf
      cmd_ld_purg = $(LD) $(PURGATORY_LDFLAGS) -T $(PURGATORY_LDS) -o $@.tmp \
		    $(call purgatory-objs,$(PURG_OBJ)) && \
		    $(RELOCS_CHECK) --purgatory $@.tmp && mv $@.tmp $@
$(PURGATORY): $(call purgatory-objs,$(PURG_OBJ)) $(PURGATORY_LDS) $(RELOCS_CHECK) FORCE
	$(call if_changed,ld_purg)

# The kernel carries the file as read-only data (purgatory/blob.S).
quiet_cmd_as_blob = AS      purgatory/blob.S
      cmd_as_blob = $(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -DPURGATORY_ELF='"$(PURGATORY)"' \
		    -c -o $@ $<
$(OBJ)/purgatory/blob.o: $(srctree)/purgatory/blob.S $(PURGATORY) FORCE
	$(call if_changed,as_blob)

all: $(PURGATORY)

# ---- make kexec-report: the same purgatory, built the other ways ----
# ET_REL (ld -r) of the very objects the PIE links, and the same sources
# compiled -mcmodel=large (-fno-pie: GCC has no large model with PIC).
PURG_LARGE_OBJ	:= $(OBJ)/purgatory-large
PURGATORY_REL	:= $(objtree)/purgatory/purgatory.rel.o
PURGATORY_LARGE_REL := $(objtree)/purgatory/purgatory-large.rel.o
PURGATORY_LARGE_CFLAGS := $(filter-out -fpie -mcmodel=small,$(PURGATORY_CFLAGS)) \
			  -fno-pie -mcmodel=large

quiet_cmd_cc_purg_large = CC-PURG-LARGE $(src-path)
      cmd_cc_purg_large = $(CC) $(KBUILD_CPPFLAGS) $(PURGATORY_LARGE_CFLAGS) -c -o $@ $<
$(PURG_LARGE_OBJ)/%.o: $(srctree)/%.c FORCE
	$(call if_changed,cc_purg_large)

$(PURG_LARGE_OBJ)/%.o: $(srctree)/%.S FORCE
	$(call if_changed,as)

quiet_cmd_ld_r	= LD-R    $(patsubst $(objtree)/%,%,$@)
      cmd_ld_r	= $(LD) -r -o $@ $(filter %.o,$^)
$(PURGATORY_REL): $(call purgatory-objs,$(PURG_OBJ)) FORCE
	$(call if_changed,ld_r)

$(PURGATORY_LARGE_REL): $(call purgatory-objs,$(PURG_LARGE_OBJ)) FORCE
	$(call if_changed,ld_r)

# tests/boot/kexec.sh boots the ET_REL ones too (kexec.purgatory=).
test-prep: $(PURGATORY_REL) $(PURGATORY_LARGE_REL)

KEXEC_REPORT_TOOLS := $(PURGATORY) $(PURGATORY_REL) $(PURGATORY_LARGE_REL) $(PURGATORY_LDS) \
		      $(RELOCS_CHECK) $(IMAGE)
kexec-report: $(KEXEC_REPORT_TOOLS) $(call purgatory-objs,$(PURG_LARGE_OBJ))
	$(Q)env CC="$(CC)" LD="$(LD)" TOOLCHAIN=$(TOOLCHAIN) PURGATORY_LDS=$(PURGATORY_LDS) \
		PURGATORY_LDFLAGS="$(PURGATORY_LDFLAGS)" \
		PURGATORY_LARGE_OBJS="$(call purgatory-objs,$(PURG_LARGE_OBJ))" \
		$(srctree)/scripts/kexec_report.sh $(objtree)
.PHONY: kexec-report

# Files only: in an in-tree build $(objtree)/purgatory is the source folder.
purgatory-clean:
	$(Q)rm -f $(PURGATORY) $(PURGATORY).tmp $(PURGATORY_REL) $(PURGATORY_LARGE_REL)
clean: purgatory-clean
.PHONY: purgatory-clean
