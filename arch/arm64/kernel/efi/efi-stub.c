// SPDX-License-Identifier: MIT
/*
 * EFI stub: the Image run as a UEFI application (AddressOfEntryPoint of
 * the PE/COFF header in efi-header.S points here).
 *
 * Runs under the firmware: EL1 or EL2, MMU on with an identity map, caches
 * on, boot services available, at wherever the firmware loaded the PE
 * image (4 KiB aligned), before the kernel's relocations were applied.  So
 * it is built as early position-independent code (arch/arm64/Makefile
 * pi-y): no pointer in static data, no global state at all (the image is
 * copied after the stub has run, and the copy must be pristine).
 *
 * Steps:
 *   1. device tree from the EFI configuration table, command line from
 *      the loaded image's load options;
 *   2. physical placement: with EFI_RNG_PROTOCOL a random 2 MiB-aligned
 *      slot among all the slots of EfiConventionalMemory that hold
 *      image_size, else the lowest such slot; the Image file is copied
 *      there and the rest of image_size (BSS, stack, page tables) zeroed;
 *   3. the initrd, when the loader offers one through EFI_LOAD_FILE2 on
 *      the Linux initrd media device path (EDK2: QEMU -initrd), is loaded
 *      into EfiLoaderData pages;
 *   4. a copy of the DTB with room to spare (EfiLoaderData: it survives
 *      ExitBootServices and is the kernel's to use) gets /chosen/bootargs,
 *      a fresh /chosen/kaslr-seed from the RNG and linux,initrd-start/end;
 *   5. ExitBootServices with the final memory map (retried while the map
 *      key goes stale), then every range the firmware keeps (runtime
 *      services code/data, reserved, ACPI, unusable, PAL) becomes a
 *      /memreserve/ entry of the DTB copy -- see docs/firmware.md;
 *   6. efi_enter_kernel(): clean to PoC, MMU and caches off, jump to the
 *      copy's first instruction with x0 = DTB (booting.rst).
 * Every failure before ExitBootServices is printed on the EFI console with
 * its reason, and the firmware gets an error status back.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <asm/memory.h>
#include <relok/diag.h>
#include <relok/efi.h>
#include <relok/fdt.h>
#include <relok/fdt_rw.h>
#include <relok/printf.h>
#include <relok/string.h>

/* Linker-script symbols (exported to early code as __pi_<name>). */
extern char _head[], __edata[], _end[];

/* efi-entry.S: clean, MMU off, jump.  Does not return. */
void efi_enter_kernel(uint64_t entry, uint64_t dtb, uint64_t image, uint64_t image_size,
		      uint64_t dtb_size) __noreturn;

efi_status_t efi_pe_entry(efi_handle_t image, efi_system_table_t *st);

#define LINE_MAX		256	/* one console message */
#define CMDLINE_MAX		1024	/* bootargs, with the NUL */
#define MAP_SLACK_DESCS		64	/* the map grows between probe and exit */
#define DTB_SLACK		4096	/* new properties, strings, /chosen */
#define EBS_TRIES		8	/* ExitBootServices attempts */
#define RNG_BYTES		16	/* slot choice + kaslr-seed */
#define CHAR_PRINTABLE_MIN	0x20
#define CHAR_PRINTABLE_MAX	0x7e

struct stub {
	efi_handle_t image;
	efi_system_table_t *st;
	efi_boot_services_t *bs;
};

/* ---- console ---- */

static void con_puts(const struct stub *s, const char *str)
{
	efi_char16_t buf[LINE_MAX];
	uint32_t n = 0;

	if (!s->st->con_out)
		return;
	for (; *str; str++) {
		if (n + 3 >= LINE_MAX) {
			buf[n] = 0;
			s->st->con_out->output_string(s->st->con_out, buf);
			n = 0;
		}
		if (*str == '\n')
			buf[n++] = '\r';
		buf[n++] = (unsigned char)*str;
	}
	buf[n] = 0;
	s->st->con_out->output_string(s->st->con_out, buf);
}

static __printf(2, 3) void con_print(const struct stub *s, const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	con_puts(s, "relok: efi ");
	con_puts(s, line);
	con_puts(s, "\n");
}

/* Report an error before ExitBootServices and hand back status. */
static efi_status_t fail(const struct stub *s, efi_status_t status, const char *why)
{
	con_print(s, "error: %s (status 0x%lx)", why, (unsigned long)status);
	return status;
}

static efi_status_t fail_diag(const struct stub *s, const char *what, const struct diag *d)
{
	con_print(s, "error: %s: " DIAG_FMT " (at 0x%lx)", what, DIAG_ARGS(d), (unsigned long)d->value);
	return EFI_LOAD_ERROR;
}

/* ---- inputs ---- */

static bool guid_eq(const efi_guid_t *a, const efi_guid_t *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static const void *find_dtb(const struct stub *s)
{
	static const efi_guid_t dtb_guid = EFI_DTB_TABLE_GUID;
	uint64_t i;

	for (i = 0; i < s->st->nr_tables; i++)
		if (guid_eq(&s->st->tables[i].guid, &dtb_guid))
			return s->st->tables[i].table;
	return 0;
}

/*
 * The load options as an ASCII command line.  They are UCS-2 text when a
 * person or QEMU -append gave them; a boot option the firmware created
 * itself may carry binary data instead, which is ignored (*cmdline = "").
 */
static efi_status_t read_cmdline(const struct stub *s, const efi_loaded_image_t *li,
				 char *cmdline)
{
	const uint8_t *opt;
	uint32_t i, n;

	cmdline[0] = 0;
	opt = li->load_options;
	n = li->load_options_size / sizeof(efi_char16_t);
	if (!opt)
		n = 0;
	for (i = 0; i < n; i++) {
		/* Byte-wise: the firmware gives no alignment guarantee. */
		const uint32_t c = opt[2 * i] | (uint32_t)opt[2 * i + 1] << 8;

		if (c == 0)
			break;
		if (c < CHAR_PRINTABLE_MIN || c > CHAR_PRINTABLE_MAX) {
			con_print(s, "load options are not text: ignored");
			cmdline[0] = 0;
			return EFI_SUCCESS;
		}
		if (i + 1 >= CMDLINE_MAX)
			return fail(s, EFI_INVALID_PARAMETER, "command line too long");
		cmdline[i] = (char)c;
	}
	cmdline[i] = 0;
	return EFI_SUCCESS;
}

/* RNG_BYTES from EFI_RNG_PROTOCOL; false if there is none or it fails. */
static bool read_rng(const struct stub *s, uint8_t *out)
{
	static const efi_guid_t rng_guid = EFI_RNG_PROTOCOL_GUID;
	efi_rng_protocol_t *rng;
	efi_status_t st;

	if (s->bs->locate_protocol(&rng_guid, 0, (void **)&rng) != EFI_SUCCESS)
		return false;
	st = rng->get_rng(rng, 0, RNG_BYTES, out);
	if (st != EFI_SUCCESS) {
		con_print(s, "EFI_RNG_PROTOCOL failed (status 0x%lx): no randomness",
			  (unsigned long)st);
		return false;
	}
	return true;
}

/* ---- initrd ---- */

/* The initrd media device path: a vendor media node, then the end node. */
#define INITRD_DP_VENDOR_SIZE	(EFI_DP_HEADER_SIZE + sizeof(efi_guid_t))
#define INITRD_DP_SIZE		(INITRD_DP_VENDOR_SIZE + EFI_DP_HEADER_SIZE)

static void dp_node(uint8_t *n, uint8_t type, uint8_t subtype, uint16_t len)
{
	n[0] = type;
	n[1] = subtype;
	n[2] = (uint8_t)len;
	n[3] = (uint8_t)(len >> 8);
}

struct initrd {
	uint64_t start, size;		/* size 0: none offered */
};

/*
 * The initrd a loader offers through EFI_LOAD_FILE2_PROTOCOL on the Linux
 * initrd media device path (EDK2 does for QEMU -initrd), loaded into
 * EfiLoaderData pages, which outlive ExitBootServices.  No such handle is
 * not an error: there is no initrd.  A handle that then fails to load is.
 */
static efi_status_t load_initrd(const struct stub *s, struct initrd *rd)
{
	static const efi_guid_t lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	static const efi_guid_t media_guid = LINUX_EFI_INITRD_MEDIA_GUID;
	uint8_t path[INITRD_DP_SIZE];
	void *rest = path;
	efi_load_file2_protocol_t *lf2;
	efi_handle_t handle;
	uint64_t size = 0, addr;
	efi_status_t st;

	rd->start = rd->size = 0;
	dp_node(path, EFI_DP_TYPE_MEDIA, EFI_DP_SUBTYPE_MEDIA_VENDOR, INITRD_DP_VENDOR_SIZE);
	memcpy(path + EFI_DP_HEADER_SIZE, &media_guid, sizeof(media_guid));
	dp_node(path + INITRD_DP_VENDOR_SIZE, EFI_DP_TYPE_END, EFI_DP_SUBTYPE_END_ENTIRE,
		EFI_DP_HEADER_SIZE);
	if (s->bs->locate_device_path(&lf2_guid, &rest, &handle) != EFI_SUCCESS)
		return EFI_SUCCESS;
	st = s->bs->handle_protocol(handle, &lf2_guid, (void **)&lf2);
	if (st != EFI_SUCCESS)
		return fail(s, st, "initrd handle without EFI_LOAD_FILE2_PROTOCOL");
	/* A NULL buffer asks for the size. */
	st = lf2->load_file(lf2, rest, 0, &size, 0);
	if (st != EFI_BUFFER_TOO_SMALL && st != EFI_SUCCESS)
		return fail(s, st, "cannot get the initrd's size");
	if (!size)
		return EFI_SUCCESS;
	st = s->bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA,
				   (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT, &addr);
	if (st != EFI_SUCCESS)
		return fail(s, st, "cannot allocate memory for the initrd");
	st = lf2->load_file(lf2, rest, 0, &size, (void *)(uintptr_t)addr);
	if (st != EFI_SUCCESS)
		return fail(s, st, "cannot load the initrd");
	rd->start = addr;
	rd->size = size;
	con_print(s, "initrd=0x%lx size=0x%lx", (unsigned long)addr, (unsigned long)size);
	return EFI_SUCCESS;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- memory map ---- */

struct memmap {
	efi_memory_desc_t *buf;
	uint64_t capacity;		/* bytes */
	uint64_t size;			/* bytes in use */
	uint64_t key;
	uint64_t desc_size;
	uint32_t desc_version;
};

static const efi_memory_desc_t *map_desc(const struct memmap *m, uint64_t i)
{
	return (const efi_memory_desc_t *)((const uint8_t *)m->buf + i * m->desc_size);
}

static uint64_t map_count(const struct memmap *m)
{
	return m->desc_size ? m->size / m->desc_size : 0;
}

/* Probe the size, then allocate a buffer with room for the map to grow. */
static efi_status_t map_alloc(const struct stub *s, struct memmap *m)
{
	efi_status_t st;

	m->size = 0;
	st = s->bs->get_memory_map(&m->size, 0, &m->key, &m->desc_size, &m->desc_version);
	if (st != EFI_BUFFER_TOO_SMALL || !m->desc_size)
		return fail(s, st, "GetMemoryMap did not report its size");
	m->capacity = m->size + MAP_SLACK_DESCS * m->desc_size;
	st = s->bs->allocate_pool(EFI_LOADER_DATA, m->capacity, (void **)&m->buf);
	if (st != EFI_SUCCESS)
		return fail(s, st, "cannot allocate the memory map buffer");
	return EFI_SUCCESS;
}

static efi_status_t map_read(const struct stub *s, struct memmap *m)
{
	m->size = m->capacity;
	return s->bs->get_memory_map(&m->size, m->buf, &m->key, &m->desc_size, &m->desc_version);
}

/* 2 MiB-aligned slots of one conventional range that hold size bytes. */
static uint64_t range_slots(const efi_memory_desc_t *d, uint64_t size, uint64_t *first)
{
	const uint64_t start = d->phys_start;
	const uint64_t end = start + (d->num_pages << EFI_PAGE_SHIFT);
	const uint64_t base = (start + MIN_KIMAGE_ALIGN - 1) & ~(MIN_KIMAGE_ALIGN - 1);

	*first = base;
	if (d->type != EFI_CONVENTIONAL_MEMORY || base < start || base + size > end ||
	    base + size < base)
		return 0;
	return (end - size - base) / MIN_KIMAGE_ALIGN + 1;
}

static uint64_t count_slots(const struct memmap *m, uint64_t size)
{
	uint64_t i, first, n = 0;

	for (i = 0; i < map_count(m); i++)
		n += range_slots(map_desc(m, i), size, &first);
	return n;
}

/* The pick-th slot (0-based) in map order. */
static uint64_t slot_address(const struct memmap *m, uint64_t size, uint64_t pick)
{
	uint64_t i, first, n;

	for (i = 0; i < map_count(m); i++) {
		n = range_slots(map_desc(m, i), size, &first);
		if (pick < n)
			return first + pick * MIN_KIMAGE_ALIGN;
		pick -= n;
	}
	return 0;
}

/* The firmware keeps these after ExitBootServices: the kernel must not
 * use them.  MMIO is not RAM and needs no reservation. */
static bool firmware_owned(uint32_t type)
{
	switch (type) {
	case EFI_RESERVED_MEMORY_TYPE:
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
	case EFI_UNUSABLE_MEMORY:
	case EFI_ACPI_RECLAIM_MEMORY:
	case EFI_ACPI_MEMORY_NVS:
	case EFI_PAL_CODE:
		return true;
	default:
		return false;
	}
}

/*
 * After ExitBootServices: one /memreserve/ per run of firmware-owned
 * descriptors that follow each other in the map and in memory.  The DTB
 * buffer was sized for one entry per descriptor the map buffer can hold,
 * so this cannot run out of room; a diag here is only possible if the
 * blob was corrupted, and nothing can be printed any more.
 */
static bool reserve_firmware_memory(struct fdt_rw *rw, const struct memmap *m, struct diag *d)
{
	uint64_t i, start = 0, end = 0;

	for (i = 0; i < map_count(m); i++) {
		const efi_memory_desc_t *e = map_desc(m, i);
		const uint64_t s = e->phys_start, len = e->num_pages << EFI_PAGE_SHIFT;

		if (!firmware_owned(e->type) || !len)
			continue;
		if (s == end) {
			end += len;
			continue;
		}
		if (end > start && !fdt_rw_add_rsv(rw, start, end - start, d))
			return false;
		start = s;
		end = s + len;
	}
	return end <= start || fdt_rw_add_rsv(rw, start, end - start, d);
}

/* ---- main ---- */

/* Set a /chosen property.  Node handles do not survive an edit (fdt_rw.h),
 * so /chosen is looked up for each one. */
static bool chosen_set_u64(struct fdt_rw *rw, const char *name, uint64_t v, struct diag *d)
{
	const int32_t chosen = fdt_rw_node(rw, "/chosen", d);

	return chosen >= 0 && fdt_rw_setprop_u64(rw, chosen, name, v, d);
}

static bool chosen_set_string(struct fdt_rw *rw, const char *name, const char *v,
			      struct diag *d)
{
	const int32_t chosen = fdt_rw_node(rw, "/chosen", d);

	return chosen >= 0 && fdt_rw_setprop_string(rw, chosen, name, v, d);
}

static efi_status_t prepare_dtb(const struct stub *s, struct fdt_rw *rw, const void *fw_dtb,
				const struct memmap *m, const char *cmdline,
				const uint8_t *rng, bool have_rng, const struct initrd *rd,
				uint64_t *dtb_pa)
{
	const uint64_t max_rsv = m->capacity / m->desc_size;
	struct fdt fdt;
	struct diag d;
	uint64_t capacity, pages;
	efi_status_t st;

	diag_init(&d);
	if (!fdt_init(&fdt, fw_dtb, FDT_MAX_SIZE, &d))
		return fail_diag(s, "the firmware's device tree is not valid", &d);
	capacity = fdt.totalsize + DTB_SLACK + CMDLINE_MAX + max_rsv * 2 * sizeof(uint64_t);
	if (capacity > FDT_MAX_SIZE)
		return fail(s, EFI_OUT_OF_RESOURCES, "device tree would exceed 2 MiB");
	pages = (capacity + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT;
	st = s->bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages, dtb_pa);
	if (st != EFI_SUCCESS)
		return fail(s, st, "cannot allocate memory for the device tree");

	if (!fdt_rw_open(rw, (void *)(uintptr_t)*dtb_pa, (uint32_t)capacity, fw_dtb,
			 FDT_MAX_SIZE, &d))
		return fail_diag(s, "cannot copy the device tree", &d);
	if (fdt_rw_node(rw, "/chosen", &d) < 0)
		return fail_diag(s, "cannot make /chosen", &d);
	if (have_rng && !chosen_set_u64(rw, "kaslr-seed", le64(rng + 8), &d))
		return fail_diag(s, "cannot set /chosen/kaslr-seed", &d);
	if (rd->size && !chosen_set_u64(rw, "linux,initrd-start", rd->start, &d))
		return fail_diag(s, "cannot set /chosen/linux,initrd-start", &d);
	if (rd->size && !chosen_set_u64(rw, "linux,initrd-end", rd->start + rd->size, &d))
		return fail_diag(s, "cannot set /chosen/linux,initrd-end", &d);
	if (cmdline[0] && !chosen_set_string(rw, "bootargs", cmdline, &d))
		return fail_diag(s, "cannot set /chosen/bootargs", &d);
	return EFI_SUCCESS;
}

/*
 * Copy the Image to its slot.  Only the file's bytes are read: a loader
 * may hold nothing beyond them (GRUB's Secure Boot path allocates the
 * file's size and jumps to the entry point itself); the rest of
 * image_size is zeroed in the copy instead.
 */
static efi_status_t place_image(const struct stub *s, const struct memmap *m,
				const uint8_t *rng, bool have_rng, uint64_t *phys)
{
	const uint64_t size = (uint64_t)(_end - _head);
	const uint64_t file = (uint64_t)(__edata - _head);
	const uint64_t slots = count_slots(m, size);
	efi_status_t st;

	if (!slots)
		return fail(s, EFI_OUT_OF_RESOURCES,
			    "no 2 MiB-aligned conventional memory holds the image");
	*phys = slot_address(m, size, have_rng ? le64(rng) % slots : 0);
	con_print(s, "phys-kaslr=%s slots=%lu", have_rng ? "enabled" : "disabled",
		  (unsigned long)slots);
	st = s->bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA,
				   size >> EFI_PAGE_SHIFT, phys);
	if (st != EFI_SUCCESS)
		return fail(s, st, "cannot allocate the chosen kernel slot");
	memcpy((void *)(uintptr_t)*phys, _head, file);
	memset((void *)(uintptr_t)(*phys + file), 0, size - file);
	return EFI_SUCCESS;
}

static efi_status_t exit_boot_services(const struct stub *s, struct memmap *m)
{
	efi_status_t st = EFI_LOAD_ERROR;
	int tries;

	/* Between a failed ExitBootServices and the next only GetMemoryMap may run. */
	for (tries = 0; tries < EBS_TRIES; tries++) {
		st = map_read(s, m);
		if (st != EFI_SUCCESS)
			return st;
		st = s->bs->exit_boot_services(s->image, m->key);
		if (st != EFI_INVALID_PARAMETER)
			return st;
	}
	return st;
}

/*
 * Our loaded image: the load options, and what the loader says it loaded.
 * A loader that jumps to the entry point itself with its own handle (GRUB
 * under Secure Boot) describes its own image here, not ours.
 */
static efi_status_t loaded_image(const struct stub *s, efi_loaded_image_t **li)
{
	static const efi_guid_t li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	const efi_status_t st = s->bs->handle_protocol(s->image, &li_guid, (void **)li);

	if (st != EFI_SUCCESS)
		return fail(s, st, "no EFI_LOADED_IMAGE_PROTOCOL on our image handle");
	return EFI_SUCCESS;
}

efi_status_t efi_pe_entry(efi_handle_t image, efi_system_table_t *st)
{
	struct stub s = { image, st, st->boot_services };
	efi_loaded_image_t *li;
	char cmdline[CMDLINE_MAX];
	uint8_t rng[RNG_BYTES];
	struct memmap map;
	struct fdt_rw rw;
	struct initrd rd;
	struct diag d;
	const void *fw_dtb;
	uint64_t phys, dtb_pa;
	bool have_rng;
	efi_status_t ret;

	ret = loaded_image(&s, &li);
	if (ret != EFI_SUCCESS)
		return ret;
	con_print(&s, "stub: loaded at 0x%lx, image_size 0x%lx file=0x%lx loader-base=0x%lx "
		  "loader-bytes=0x%lx", (unsigned long)(uintptr_t)_head, (unsigned long)(_end - _head),
		  (unsigned long)(__edata - _head), (unsigned long)(uintptr_t)li->image_base,
		  (unsigned long)li->image_size);
	fw_dtb = find_dtb(&s);
	if (!fw_dtb)
		return fail(&s, EFI_NOT_FOUND, "no device tree in the EFI configuration table "
			    "(ACPI-only firmware? QEMU: -M virt,acpi=off)");
	ret = read_cmdline(&s, li, cmdline);
	if (ret != EFI_SUCCESS)
		return ret;
	have_rng = read_rng(&s, rng);
	if (!have_rng)
		con_print(&s, "no EFI_RNG_PROTOCOL: lowest slot, kaslr-seed left as it is");

	ret = map_alloc(&s, &map);
	if (ret == EFI_SUCCESS) {
		ret = map_read(&s, &map);
		if (ret != EFI_SUCCESS)
			return fail(&s, ret, "GetMemoryMap failed");
	}
	if (ret == EFI_SUCCESS)
		ret = place_image(&s, &map, rng, have_rng, &phys);
	if (ret == EFI_SUCCESS)
		ret = load_initrd(&s, &rd);
	if (ret == EFI_SUCCESS)
		ret = prepare_dtb(&s, &rw, fw_dtb, &map, cmdline, rng, have_rng, &rd, &dtb_pa);
	if (ret != EFI_SUCCESS)
		return ret;
	con_print(&s, "image=0x%lx copied=0x%lx zeroed=0x%lx dtb=0x%lx bootargs=\"%s\"",
		  (unsigned long)phys, (unsigned long)(__edata - _head),
		  (unsigned long)(_end - __edata), (unsigned long)dtb_pa, cmdline);

	ret = exit_boot_services(&s, &map);
	if (ret != EFI_SUCCESS)
		return fail(&s, ret, "ExitBootServices failed");

	/* No boot services, no console from here on. */
	diag_init(&d);
	reserve_firmware_memory(&rw, &map, &d);
	efi_enter_kernel(phys, dtb_pa, phys, (uint64_t)(_end - _head), fdt_rw_size(&rw));
}
