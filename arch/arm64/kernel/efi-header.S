/* SPDX-License-Identifier: MIT */
/*
 * PE/COFF headers that make the Image a UEFI application for AArch64
 * (Microsoft PE/COFF Specification, UEFI Specification 2.10 section 2.1.1).
 *
 * Included by head.S right after the 64-byte Image header, in .head.text:
 *   offset 0      "MZ": code0 of the Image header is an instruction whose
 *                 first two bytes are "MZ" (see head.S)
 *   offset 0x3c   res5 = e_lfanew, the offset of the PE signature below
 *   offset 0x40   PE signature, COFF header, PE32+ optional header, two
 *                 section headers; then padding to the first page
 * The Image file maps 1:1 onto memory (objcopy -O binary of a linked
 * image), so every section's VirtualAddress equals its PointerToRawData:
 *   .text  [header page, __text_end)  R X: header rest, early code, text
 *   .data  [__text_end, _end)         R W: rodata, relocation tables, data,
 *          and, beyond the file (VirtualSize > SizeOfRawData), BSS, stack
 *          and the page-table pool, which the firmware zero-fills.
 * Both start on a page (SectionAlignment = 4 KiB) so that EDK2 can map
 * them with their own permissions; the linker script pads the file to a
 * multiple of FileAlignment (__edata).  There are no base relocations: the
 * stub is position independent and the kernel relocates itself after.
 * Sizes and RVAs are computed by the linker script (__efi_*), since they
 * span sections.
 */

#define PE_MACHINE_ARM64		0xaa64
#define PE_OPT_MAGIC_PE32PLUS		0x020b
#define PE_FILE_EXECUTABLE_IMAGE	0x0002
#define PE_FILE_LINE_NUMS_STRIPPED	0x0004
#define PE_FILE_DEBUG_STRIPPED		0x0200
#define PE_SUBSYSTEM_EFI_APPLICATION	10
#define PE_DLL_NX_COMPAT		0x0100
#define PE_SCN_CNT_CODE			0x00000020
#define PE_SCN_CNT_INITIALIZED_DATA	0x00000040
#define PE_SCN_MEM_EXECUTE		0x20000000
#define PE_SCN_MEM_READ			0x40000000
#define PE_SCN_MEM_WRITE		0x80000000
#define PE_NR_DATA_DIRS			6	/* up to the base relocation table */
#define PE_NR_SECTIONS			2
#define PE_LINKER_MAJOR			2
#define PE_LINKER_MINOR			40
/* PE_SECTION_ALIGN and PE_FILE_ALIGN: <asm/image.h> (the linker script needs them too) */

	.balign	8
pe_header:
	.ascii	"PE\0\0"
coff_header:
	.short	PE_MACHINE_ARM64
	.short	PE_NR_SECTIONS
	.long	0				// TimeDateStamp: reproducible
	.long	0				// PointerToSymbolTable
	.long	0				// NumberOfSymbols
	.short	section_table - optional_header	// SizeOfOptionalHeader
	.short	PE_FILE_EXECUTABLE_IMAGE | PE_FILE_LINE_NUMS_STRIPPED | PE_FILE_DEBUG_STRIPPED

optional_header:
	.short	PE_OPT_MAGIC_PE32PLUS
	.byte	PE_LINKER_MAJOR, PE_LINKER_MINOR
	.long	__efi_text_size			// SizeOfCode
	.long	__efi_data_rawsize		// SizeOfInitializedData
	.long	0				// SizeOfUninitializedData: BSS is in .data
	.long	__efi_entry_rva			// AddressOfEntryPoint: efi_pe_entry
	.long	efi_header_end - __image_header	// BaseOfCode
	.quad	0				// ImageBase: loaded anywhere
	.long	PE_SECTION_ALIGN
	.long	PE_FILE_ALIGN
	.short	0, 0				// OperatingSystemVersion
	.short	0, 0				// ImageVersion
	.short	0, 0				// SubsystemVersion
	.long	0				// Win32VersionValue
	.long	__efi_image_size		// SizeOfImage: through BSS and page tables
	.long	efi_header_end - __image_header	// SizeOfHeaders
	.long	0				// CheckSum
	.short	PE_SUBSYSTEM_EFI_APPLICATION
	.short	PE_DLL_NX_COMPAT		// nothing runs from .data under the firmware
	.quad	0				// SizeOfStackReserve
	.quad	0				// SizeOfStackCommit
	.quad	0				// SizeOfHeapReserve
	.quad	0				// SizeOfHeapCommit
	.long	0				// LoaderFlags
	.long	PE_NR_DATA_DIRS
	/* Export, import, resource, exception, certificate (sbsign fills it), base reloc. */
	.rept	PE_NR_DATA_DIRS
	.quad	0
	.endr

section_table:
	.ascii	".text\0\0\0"
	.long	__efi_text_size			// VirtualSize
	.long	efi_header_end - __image_header	// VirtualAddress
	.long	__efi_text_size			// SizeOfRawData
	.long	efi_header_end - __image_header	// PointerToRawData
	.long	0, 0				// PointerToRelocations, PointerToLinenumbers
	.short	0, 0				// NumberOfRelocations, NumberOfLinenumbers
	.long	PE_SCN_CNT_CODE | PE_SCN_MEM_EXECUTE | PE_SCN_MEM_READ

	.ascii	".data\0\0\0"
	.long	__efi_data_vsize
	.long	__efi_data_rva
	.long	__efi_data_rawsize
	.long	__efi_data_rva
	.long	0, 0
	.short	0, 0
	.long	PE_SCN_CNT_INITIALIZED_DATA | PE_SCN_MEM_READ | PE_SCN_MEM_WRITE

	.balign	PE_SECTION_ALIGN
	.globl	efi_header_end
efi_header_end:
