/* SPDX-License-Identifier: MIT */
/*
 * Linker-script pieces shared by the kernel's (vmlinux.lds.S) and the
 * purgatory's (purgatory/purgatory.lds.S).  --orphan-handling=error makes
 * every output section explicit, so both need the same list.
 */
#ifndef ASM_LDS_H
#define ASM_LDS_H

/* Symbols, names and DWARF (for gdb); never loaded. */
#define ELF_DETAILS_SECTIONS						\
	.symtab 0 : { *(.symtab) }					\
	.strtab 0 : { *(.strtab) }					\
	.shstrtab 0 : { *(.shstrtab) }					\
	.comment 0 : { *(.comment) }					\
	.debug_info 0 : { *(.debug_info) }				\
	.debug_abbrev 0 : { *(.debug_abbrev) }				\
	.debug_line 0 : { *(.debug_line) }				\
	.debug_line_str 0 : { *(.debug_line_str) }			\
	.debug_str 0 : { *(.debug_str) }				\
	.debug_aranges 0 : { *(.debug_aranges) }			\
	.debug_ranges 0 : { *(.debug_ranges) }				\
	.debug_rnglists 0 : { *(.debug_rnglists) }			\
	.debug_loc 0 : { *(.debug_loc) }				\
	.debug_loclists 0 : { *(.debug_loclists) }			\
	.debug_frame 0 : { *(.debug_frame) }				\
	.debug_addr 0 : { *(.debug_addr) }				\
	.debug_str_offsets 0 : { *(.debug_str_offsets) }

/* What a position-independent link makes that neither image uses. */
#define DISCARD_DYNAMIC_SECTIONS					\
	/DISCARD/ : {							\
		*(.interp) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash)	\
		*(.gnu.version*) *(.dynbss)				\
		*(.dynamic)						\
		*(.eh_frame .eh_frame_hdr) *(.note .note.*)		\
		*(.ARM.attributes)					\
	}

#endif
