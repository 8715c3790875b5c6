# SPDX-License-Identifier: MIT
#
# Fuzzing (included from the top Makefile):
#   make fuzz                    build, make the seed corpora, fuzz every target
#                                FUZZ_SECONDS each (default 60), print the summary
#   make fuzz FUZZ_SECONDS=600   a longer run; FUZZ_ONLY="fdt cpio" some targets
#   make fuzz-build              only build the harnesses and sanitized tools
# Output under $(O)/tests/fuzz/out: corpus/<target> (kept between runs, it grows),
# seeds/<target> (remade every run), crashes/<target> (what failed, with the
# tool's report), summary.txt.  tests/fuzz/run.sh does the running.
#
# Two kinds of target:
#  - libFuzzer harnesses, tests/fuzz/fuzz_<name>.c, built with clang
#    -fsanitize=fuzzer,address,undefined with the sources they test;
#  - the host tools (scripts/), rebuilt under ASan/UBSan with their own
#    rules (a recursive make with another O=) and mutation-fuzzed as
#    programs by tests/fuzz/mutate_tools.py.
#
# Adding a harness tests/fuzz/fuzz_NAME.c takes two lines here:
#   FUZZ_HARNESSES += NAME
#   fuzz-NAME-src  := lib/x.c ...        (sources it compiles in, from srctree)
# (optionally fuzz-NAME-libs := -l..., fuzz-NAME-cflags := -D...), and a seeds_NAME function in
# tests/fuzz/seeds.sh that writes its seed inputs (none: it starts empty).

# Its own folder even in-tree (O=.), next to the sources but never mixed with them.
FUZZ_DIR	:= $(objtree)/tests/fuzz/out
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_ONLY	?=
FUZZ_SANITIZE	:= -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
FUZZ_CFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Werror -I$(srctree)/include \
		   -I$(srctree)/arch/arm64/include

FUZZ_HARNESSES	:= fdt fdt_libfdt module cpio cmdline reloc
fuzz-fdt-src	:= lib/fdt.c lib/fdt_rw.c lib/cmdline.c
fuzz-fdt_libfdt-src := lib/fdt.c
fuzz-fdt_libfdt-libs := -ldl
# kernel/module.c is #included by the harness (it reaches the loader's statics).
fuzz-module-src	:= arch/arm64/kernel/module-plts.c arch/arm64/kernel/module-reloc.c \
		   arch/arm64/kernel/insn.c lib/elf.c \
		   lib/cpio.c lib/cmdline.c
fuzz-module-deps := kernel/module.c
fuzz-cpio-src	:= lib/cpio.c
fuzz-cmdline-src := lib/cmdline.c
fuzz-reloc-src	:= arch/arm64/kernel/reloc.c lib/elf.c
fuzz-reloc-cflags := -DRELOC_TRACE	# the harness sees every access of the boot pass

fuzz-bins	:= $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_HARNESSES))
fuzz-hdr-deps	:= $(wildcard $(srctree)/include/relok/*.h) \
		   $(wildcard $(srctree)/arch/arm64/include/asm/*.h) \
		   $(wildcard $(srctree)/tests/host/*.h)

define fuzz_harness_rule
$(FUZZ_DIR)/fuzz_$(1): $(srctree)/tests/fuzz/fuzz_$(1).c $(addprefix $(srctree)/,$(fuzz-$(1)-src) \
		$(fuzz-$(1)-deps)) $(fuzz-hdr-deps)
	$$(quiet_echo) FUZZCC tests/fuzz/fuzz_$(1)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) $(fuzz-$(1)-cflags) $$(FUZZ_SANITIZE) -o $$@ \
		$$(filter %/fuzz_$(1).c,$$^) $(addprefix $(srctree)/,$(fuzz-$(1)-src)) $(fuzz-$(1)-libs)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_harness_rule,$(h))))

# The host tools as the build makes them, plus ASan/UBSan, in their own O=.
FUZZ_TOOLS_DIR	:= $(FUZZ_DIR)/tools
FUZZ_TOOLS	:= relocs_check extable_sort relr_pack kallsyms reloc_lines
fuzz-tool-bins	:= $(addprefix $(FUZZ_TOOLS_DIR)/scripts/,$(FUZZ_TOOLS))
fuzz-tools: FORCE
	$(Q)$(MAKE) -s -C $(srctree) O=$(FUZZ_TOOLS_DIR) HOSTCC=$(FUZZ_CC) \
		HOSTCFLAGS="$(HOSTCFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		$(fuzz-tool-bins)

fuzz-build: $(fuzz-bins) fuzz-tools

# Seeds come from this build: the kernel (vmlinux, as linked and final),
# the modules and their initrd.
fuzz: fuzz-build $(VMLINUX) $(INITRD) $(ko-files)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_ONLY="$(FUZZ_ONLY)" \
		FUZZ_HARNESSES="$(FUZZ_HARNESSES)" FUZZ_TOOLS="$(FUZZ_TOOLS)" \
		$(srctree)/tests/fuzz/run.sh $(srctree) $(objtree) $(OBJ) $(FUZZ_DIR)

fuzz-clean:
	$(Q)rm -rf $(FUZZ_DIR)
	$(Q)[ $(objtree) = $(srctree) ] || [ ! -d $(objtree)/tests/fuzz ] || \
		rmdir --ignore-fail-on-non-empty $(objtree)/tests/fuzz
clean: fuzz-clean

.PHONY: fuzz fuzz-build fuzz-tools fuzz-clean
