# SPDX-License-Identifier: MIT
#
# Real-Linux test kernels (included from the top Makefile).
#
#   make linux-kexec-file   Linux 6.1 from Debian's linux-source-6.1, allnoconfig
#                           plus tests/linux/kexec_file.config (kexec_file_load),
#                           cached under ~/.cache/relok/linux-kexec-file
#                           ($RELOK_CACHE); prints the Image's path.  9.5 min
#                           on 2 shared cores (6 CPU-minutes), so tests/run
#                           never builds it: tests/boot/linux-kexec.sh tests
#                           "kexec -s" only when this has been run (README
#                           "Real Linux").  JOBS=N overrides -j (default nproc).

linux-kexec-file:
	$(Q)$(srctree)/scripts/linux-kexec-file $(if $(JOBS),-j $(JOBS))

.PHONY: linux-kexec-file
