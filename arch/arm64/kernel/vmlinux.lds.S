/* SPDX-License-Identifier: MIT */
/*
 * relok linker script.  The kernel is a position-independent executable:
 * the only dynamic relocations are R_AARCH64_RELATIVE entries for pointers
 * held in data, kept in .rela.dyn inside the loaded image and applied by
 * head.S before the MMU is on.
 *
 * Three load segments, so no segment is both writable and executable:
 *   text   (R X) Image header, early code, text
 *   rodata (R)   read-only data, the relocation tables, relocated read-only
 *                data (.data.rel.ro: written once before the MMU is on)
 *   data   (RW)  data, BSS, stack, early page-table pool
 */
#include <asm/extable.h>
#include <asm/image.h>
#include <asm/lds.h>
#include <asm/memory.h>
#include <asm/pgtable_pool.h>
#include <asm/reloc_info.h>

/*
 * make relink links the same objects at another base to check the boot
 * pass against the linker (tests/boot/relink.sh); everything else links
 * at KIMAGE_VADDR.
 */
#ifndef KIMAGE_LINK_BASE
#define KIMAGE_LINK_BASE	KIMAGE_VADDR
#endif

OUTPUT_ARCH(aarch64)
ENTRY(_head)

PHDRS
{
	text	PT_LOAD FLAGS(5);
	rodata	PT_LOAD FLAGS(4);
	data	PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = KIMAGE_LINK_BASE;
	_head = .;

	/* Runs before relocation: header, entry, the relocation pass. */
	.head.text : {
		KEEP(*(.head.text))
	} :text

	/* Position-independent C that runs before relocation (symbols __pi_*). */
	.pi.text : {
		__pi_text_start = .;
		*(.pi.text .pi.text.*)
		__pi_text_end = .;
	}

	/* The identity-mapped page: the instant the MMU goes on. */
	. = ALIGN(PAGE_SIZE);
	.idmap.text : {
		__idmap_text_start = .;
		*(.idmap.text)
		__idmap_text_end = .;
	}
	ASSERT(__idmap_text_end - __idmap_text_start <= PAGE_SIZE,
	       "the identity-mapped code must fit one page")

	.text : {
		*(.text .text.*)
	}
	. = ALIGN(PAGE_SIZE);
	__text_end = .;

	.rodata : {
		__rodata_start = .;
		*(.rodata .rodata.*)
	} :rodata

	/*
	 * Exception table (asm/extable.h): this header, then the entries in
	 * link order as absolute addresses; scripts/extable_sort rewrites it
	 * in place into sorted relative entries after the link.
	 */
	__ex_table : ALIGN(8) {
		__ex_table_start = .;
		LONG(EXTABLE_MAGIC)
		LONG(EXTABLE_STATE_LINKED)
		LONG(0)
		LONG(EXTABLE_LINKED_ENTRY_SIZE)
		KEEP(*(__ex_table))
		__ex_table_end = .;
	}

	.pi.rodata : {
		*(.pi.rodata .pi.rodata.*)
		/*
		 * Where the boot pass finds its tables, as offsets from _head:
		 * constants, so reading them needs no relocation.  Post-link
		 * tools that shrink a table update the size here.
		 */
		RELOC_INFO_DESCRIPTOR
	}

	/* Read by the boot pass, never written. */
	RELOC_TABLE_SECTIONS

	/*
	 * From here to __bss_start is all the boot pass may write:
	 * relocs_check checks that every target is in a writable section, and
	 * those start here; the reloc-table self-test checks this window.
	 */
	.data.rel.ro : ALIGN(8) {
		__data_rel_ro_start = .;
		*(.data.rel.ro .data.rel.ro.*)
	}

	/* A GOT would mean code reached a symbol indirectly; relocs_check
	 * names the culprit, this stops the link early. */
	ASSERT(__relr_end <= __data_rel_ro_start,
	       "the relocation tables must come before the data they relocate")
	.got : { *(.got) }
	.got.plt : { *(.got.plt) }
	.plt : { *(.plt .iplt) }
#ifndef RELOK_LAB	/* make lab measures code models with a GOT (kernel/lab/lab.mk) */
	ASSERT(SIZEOF(.got) <= 8, "unexpected GOT entries: build with -fpie and hidden visibility")
	ASSERT(SIZEOF(.got.plt) == 0 || SIZEOF(.got.plt) == 0x18, "unexpected .got.plt entries")
	ASSERT(SIZEOF(.plt) == 0, "unexpected PLT entries")
#endif

	. = ALIGN(PAGE_SIZE);
	__rodata_end = .;

	.data : {
		__data_start = .;
		*(.data .data.*)
		*(.pi.data .pi.data.*)
		RELOC_LINES_TABLE	/* last in the file: moves no relocated word */
		/* The Image file ends here: pad it to the PE/COFF FileAlignment. */
		BYTE(0)
		. = ALIGN(PE_FILE_ALIGN);
		__edata = .;
	} :data

	.bss (NOLOAD) : ALIGN(BSS_CLEAR_STEP) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		*(.pi.bss .pi.bss.*)
		/* head.S clears BSS a whole step at a time. */
		. = ALIGN(BSS_CLEAR_STEP);
		__bss_end = .;
	}

	/* Computed outside the section, where addresses are absolute. */
	. = ALIGN(PAGE_SIZE);
	__pgtable_pool_pages = POOL_PAGES(ABSOLUTE(.) - ABSOLUTE(_head));
	.pgtables (NOLOAD) : {
		__pgtable_pool_start = .;
		. += PAGE_SIZE * __pgtable_pool_pages;
		__pgtable_pool_end = .;
	}

	. = ALIGN(PAGE_SIZE);
	_end = .;

	/*
	 * The only image symbols early code may reference (its own are
	 * prefixed __pi_): section bounds, nothing that holds a pointer.
	 */
	__pi__head = _head;
	__pi__end = _end;
	__pi___text_end = __text_end;
	__pi___rodata_start = __rodata_start;
	__pi___rodata_end = __rodata_end;
	__pi___data_start = __data_start;
	__pi___bss_start = __bss_start;
	__pi___edata = __edata;		/* end of the Image file (the EFI stub copies that much) */
	__pi___idmap_text_start = __idmap_text_start;
	__pi___pgtable_pool_start = __pgtable_pool_start;
	__pi___pgtable_pool_end = __pgtable_pool_end;
	/* Boot cost stamps (asm/boot_cost.h): numbers, written before relocation. */
	__pi_boot_stamps = boot_stamps;

	/* Image header fields: differences of addresses are link-time constants. */
	__image_size = _end - _head;
	__image_size_lo32 = __image_size & 0xffffffff;
	__image_size_hi32 = __image_size >> 32;

	/* PE/COFF header fields (efi-header.S), offsets from _head. */
	__efi_entry_rva = __pi_efi_pe_entry - _head;
	__efi_text_size = __text_end - efi_header_end;
	__efi_data_rva = __text_end - _head;
	__efi_data_rawsize = __edata - __text_end;
	__efi_data_vsize = _end - __text_end;
	__efi_image_size = _end - _head;
	ASSERT(__efi_image_size < (1 << 32), "SizeOfImage is 32-bit")

	/* Symbols and DWARF, for gdb on vmlinux; never loaded. */
	ELF_DETAILS_SECTIONS

	DISCARD_DYNAMIC_SECTIONS
}
