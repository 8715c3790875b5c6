# SPDX-License-Identifier: MIT
#
# Commands that remember themselves, as Kbuild's if_changed does.  A rule
#
#	quiet_cmd_foo = FOO  $@
#	      cmd_foo = tool -o $@ $<
#	target: prerequisites FORCE
#		$(call if_changed,foo)
#
# runs cmd_foo, prints quiet_cmd_foo (the command itself with V=1, nothing
# with make -s), and records the command in .<target>.cmd beside the
# target.  The next make remakes the target when a prerequisite is newer
# *or* the command differs from the recorded one -- another compiler, flag,
# RELR=, BENCH_RELOCS=, LLVM=1, ... -- so a change of configuration
# rebuilds exactly what it affects, in-tree or with O=.  FORCE makes make
# look at the rule every time; when nothing changed it does nothing.  A
# command is one shell line (chain steps with &&).  It runs in a subshell:
# under set -e a failure in the middle of an && chain does not stop the
# shell, so without one a failed step would record the command as done and
# the rule would succeed without its target.

squote	:= '
escsq	= $(subst $(squote),'\$(squote)',$(1))
# Recorded in a makefile: $ must survive being read back.
escdollar = $(subst $$,$$$$,$(1))

dot-target = $(dir $@).$(notdir $@)
# Prerequisites newer than the target (FORCE is always "newer").
newer-prereqs = $(filter-out FORCE,$?)
# Whether cmd_$(1) is what made $@ last time (whitespace folded; xx guards
# against one command being part of the other).
cmd-same = $(and $(findstring x$(strip $(cmd_$(1)))x,x$(strip $(savedcmd_$@))x),\
		 $(findstring x$(strip $(savedcmd_$@))x,x$(strip $(cmd_$(1)))x))

ifeq ($(V),1)
echo-cmd = echo '$(call escsq,$(cmd_$(1)))';
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
echo-cmd =
else
echo-cmd = $(if $(quiet_cmd_$(1)),printf '  %s\n' '$(call escsq,$(quiet_cmd_$(1)))';)
endif

if_changed = $(if $(newer-prereqs)$(if $(cmd-same),,y),$(call run-cmd,$(1)),@:)
run-cmd = @set -e; $(echo-cmd) mkdir -p $(dir $@); ($(cmd_$(1))); \
	printf '%s\n' 'savedcmd_$@ := $(call escsq,$(call escdollar,$(cmd_$(1))))' > $(dot-target).cmd

# The .cmd files under DIRS, to -include after the rules (only this build's
# directories: an in-tree build's build/ holds other builds).
cmd-files = $(shell find $(1) -name '.*.cmd' 2>/dev/null)
