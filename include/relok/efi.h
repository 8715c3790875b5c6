/* SPDX-License-Identifier: MIT */
/*
 * The few UEFI interfaces the EFI stub uses (UEFI Specification 2.10):
 * system table, boot services, text output, loaded image, RNG, memory map,
 * configuration table.  Tables are declared in full up to the last member
 * used, so member offsets match the specification.  AArch64 EFIAPI is the
 * plain AAPCS64 calling convention.
 */
#ifndef RELOK_EFI_H
#define RELOK_EFI_H

#include <stdint.h>

typedef uint64_t efi_status_t;
typedef void *efi_handle_t;
typedef uint16_t efi_char16_t;

#define EFI_ERROR_BIT		(1ULL << 63)
#define EFI_SUCCESS		0ULL
#define EFI_LOAD_ERROR		(EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER	(EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED		(EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL	(EFI_ERROR_BIT | 5)
#define EFI_OUT_OF_RESOURCES	(EFI_ERROR_BIT | 9)
#define EFI_NOT_FOUND		(EFI_ERROR_BIT | 14)

typedef struct {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
} efi_guid_t;

#define EFI_LOADED_IMAGE_PROTOCOL_GUID \
	{ 0x5b1b31a1, 0x9562, 0x11d2, { 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_RNG_PROTOCOL_GUID \
	{ 0x3152bca5, 0xeade, 0x433d, { 0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44 } }
#define EFI_DTB_TABLE_GUID \
	{ 0xb1b621d5, 0xf19c, 0x41a5, { 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } }
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
/* The vendor media device path under which loaders (EDK2 for QEMU -initrd,
 * shim, systemd-boot, U-Boot) offer the initrd through EFI_LOAD_FILE2. */
#define LINUX_EFI_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }

/* Device path nodes (UEFI 10.3): type, subtype, 16-bit little-endian length. */
#define EFI_DP_TYPE_MEDIA		0x04
#define EFI_DP_SUBTYPE_MEDIA_VENDOR	0x03
#define EFI_DP_TYPE_END			0x7f
#define EFI_DP_SUBTYPE_END_ENTIRE	0xff
#define EFI_DP_HEADER_SIZE		4

typedef struct {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
} efi_table_header_t;

/* EFI_MEMORY_TYPE */
enum efi_memory_type {
	EFI_RESERVED_MEMORY_TYPE = 0,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
};

/* EFI_ALLOCATE_TYPE */
enum efi_allocate_type {
	EFI_ALLOCATE_ANY_PAGES = 0,
	EFI_ALLOCATE_MAX_ADDRESS,
	EFI_ALLOCATE_ADDRESS,
};

#define EFI_PAGE_SHIFT		12
#define EFI_PAGE_SIZE		(1ULL << EFI_PAGE_SHIFT)

/* Read with the DescriptorSize stride GetMemoryMap returns, never sizeof. */
typedef struct {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t num_pages;
	uint64_t attribute;
} efi_memory_desc_t;

typedef struct efi_simple_text_output efi_simple_text_output_t;
struct efi_simple_text_output {
	efi_status_t (*reset)(efi_simple_text_output_t *self, uint8_t extended);
	efi_status_t (*output_string)(efi_simple_text_output_t *self, const efi_char16_t *s);
};

typedef void (*efi_unused_fn)(void);

typedef struct {
	efi_table_header_t hdr;
	efi_unused_fn raise_tpl;
	efi_unused_fn restore_tpl;
	efi_status_t (*allocate_pages)(uint32_t type, uint32_t mem_type, uint64_t pages,
				       uint64_t *addr);
	efi_status_t (*free_pages)(uint64_t addr, uint64_t pages);
	efi_status_t (*get_memory_map)(uint64_t *size, efi_memory_desc_t *map, uint64_t *key,
				       uint64_t *desc_size, uint32_t *desc_version);
	efi_status_t (*allocate_pool)(uint32_t mem_type, uint64_t size, void **buf);
	efi_status_t (*free_pool)(void *buf);
	efi_unused_fn create_event;
	efi_unused_fn set_timer;
	efi_unused_fn wait_for_event;
	efi_unused_fn signal_event;
	efi_unused_fn close_event;
	efi_unused_fn check_event;
	efi_unused_fn install_protocol_interface;
	efi_unused_fn reinstall_protocol_interface;
	efi_unused_fn uninstall_protocol_interface;
	efi_status_t (*handle_protocol)(efi_handle_t handle, const efi_guid_t *guid, void **iface);
	void *reserved;
	efi_unused_fn register_protocol_notify;
	efi_unused_fn locate_handle;
	efi_status_t (*locate_device_path)(const efi_guid_t *protocol, void **device_path,
					   efi_handle_t *device);
	efi_unused_fn install_configuration_table;
	efi_unused_fn load_image;
	efi_unused_fn start_image;
	efi_unused_fn exit;
	efi_unused_fn unload_image;
	efi_status_t (*exit_boot_services)(efi_handle_t image, uint64_t map_key);
	efi_unused_fn get_next_monotonic_count;
	efi_unused_fn stall;
	efi_unused_fn set_watchdog_timer;
	efi_unused_fn connect_controller;
	efi_unused_fn disconnect_controller;
	efi_unused_fn open_protocol;
	efi_unused_fn close_protocol;
	efi_unused_fn open_protocol_information;
	efi_unused_fn protocols_per_handle;
	efi_unused_fn locate_handle_buffer;
	efi_status_t (*locate_protocol)(const efi_guid_t *guid, void *registration, void **iface);
} efi_boot_services_t;

typedef struct {
	efi_guid_t guid;
	void *table;
} efi_config_table_t;

typedef struct {
	efi_table_header_t hdr;
	efi_char16_t *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle_t con_in_handle;
	void *con_in;
	efi_handle_t con_out_handle;
	efi_simple_text_output_t *con_out;
	efi_handle_t stderr_handle;
	efi_simple_text_output_t *std_err;
	void *runtime_services;
	efi_boot_services_t *boot_services;
	uint64_t nr_tables;
	efi_config_table_t *tables;
} efi_system_table_t;

typedef struct {
	uint32_t revision;
	efi_handle_t parent;
	efi_system_table_t *system_table;
	efi_handle_t device;
	void *file_path;
	void *reserved;
	uint32_t load_options_size;	/* bytes */
	void *load_options;
	void *image_base;
	uint64_t image_size;
	uint32_t image_code_type;
	uint32_t image_data_type;
	efi_unused_fn unload;
} efi_loaded_image_t;

typedef struct efi_load_file2_protocol efi_load_file2_protocol_t;
struct efi_load_file2_protocol {
	efi_status_t (*load_file)(efi_load_file2_protocol_t *self, void *file_path,
				  uint8_t boot_policy, uint64_t *buffer_size, void *buffer);
};

typedef struct efi_rng_protocol efi_rng_protocol_t;
struct efi_rng_protocol {
	efi_unused_fn get_info;
	efi_status_t (*get_rng)(efi_rng_protocol_t *self, const efi_guid_t *algorithm,
				uint64_t len, uint8_t *out);
};

#endif
