// SPDX-License-Identifier: MIT
/*
 * Self-tests of the boot-time relocation pass: pointers held in data must
 * hold their final virtual addresses.  The linker leaves 0 in every such
 * word (--no-apply-dynamic-relocs), so a missed relocation shows up even
 * when the kernel runs at its link address.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <asm/reloc_info.h>
#include <relok/diag.h>
#include <relok/printf.h>
#include <relok/reloc.h>
#include <relok/string.h>
#include <relok/selftest.h>

/*
 * The compiler knows these tables' initial values and would fold loads
 * from them into constants (ADRP-computed, always right), testing nothing:
 * HIDE launders a base address, READ_ONCE forces the load from memory.
 */
#define HIDE(x)		({ __typeof__(x) h_ = (x); __asm__ volatile("" : "+r"(h_)); h_; })
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))

extern char _head[], _end[], __rodata_start[], __rodata_end[], __data_rel_ro_start[], __bss_start[];
extern const struct reloc_info __pi_reloc_info;	/* vmlinux.lds.S */

typedef int (*st_op)(int);

static int st_add1(int x) { return x + 1; }
static int st_double(int x) { return x * 2; }
static int st_negate(int x) { return -x; }

/* .data.rel.ro: relocated with the MMU off, read-only afterwards. */
static const st_op st_ops[] = { st_add1, st_double, st_negate };
static const char *const st_names[] = { "relocated", "string", "table" };

/* .data: a chain of pointers, and one with an addend into an array. */
static int st_value = 0x5eed;
static int *st_ptr = &st_value;
static int **st_ptr_ptr = &st_ptr;
static char st_buf[16];
static char *st_mid = &st_buf[7];

static int in_image(const void *p)
{
	return (const char *)p >= _head && (const char *)p < _end;
}

static const char *test_function_pointers(void)
{
	const st_op *const ops = HIDE(&st_ops[0]);
	const st_op want[] = { st_add1, st_double, st_negate };
	const int result[] = { 11, 20, -10 };

	for (unsigned int i = 0; i < ARRAY_SIZE(st_ops); i++) {
		if (ops[i] != want[i])
			return "function pointer table entry not relocated";
		if (ops[i](10) != result[i])
			return "call through function pointer table gave the wrong result";
	}
	return 0;
}

static const char *test_string_pointers(void)
{
	const char *const *const names = HIDE(&st_names[0]);

	for (unsigned int i = 0; i < ARRAY_SIZE(st_names); i++)
		if ((const char *)names[i] < __rodata_start || names[i] >= __rodata_end)
			return "string pointer outside read-only data";
	if (strcmp(names[0], "relocated") || strcmp(names[1], "string") ||
	    strcmp(names[2], "table"))
		return "string pointer table points at the wrong strings";
	return 0;
}

static const char *test_pointer_chain(void)
{
	int **const pp = READ_ONCE(st_ptr_ptr);

	if (!in_image(pp) || pp != &st_ptr)
		return "pointer to pointer not relocated";
	if (READ_ONCE(*pp) != &st_value)
		return "pointer not relocated";
	if (**pp != 0x5eed)
		return "pointer chain reads the wrong value";
	if (READ_ONCE(st_mid) != &st_buf[7])
		return "pointer with addend not relocated";
	return 0;
}

/*
 * Re-check every relocated word with reloc.c's checked half, finding the
 * tables where the boot pass did (the descriptor, which post-link packing
 * updates): the tables must verify (well formed, every target in the
 * writable data), a RELA word must hold r_addend + (virtual base - link
 * base), a RELR word (no addend kept) must point into the relocated image,
 * and as many words as the pass reported.  Runs before anything could
 * have changed a relocated pointer.
 */
static const char *test_whole_table(void)
{
	const struct reloc_image img = {
		.mem = (uint8_t *)_head,
		.link_base = KIMAGE_VADDR,
		.size = (uint64_t)(_end - _head),
		.write_start = KIMAGE_VADDR + (uint64_t)(__data_rel_ro_start - _head),
		.write_end = KIMAGE_VADDR + (uint64_t)(__bss_start - _head),
	};
	const struct reloc_info *const info = &__pi_reloc_info;
	struct diag d;
	uint64_t checked;

	diag_init(&d);
	if (!reloc_check_applied(&img, (const Elf64_Rela *)(_head + info->rela_offset),
				 info->rela_size / sizeof(Elf64_Rela),
				 (const Elf64_Relr *)(_head + info->relr_offset),
				 info->relr_size / sizeof(Elf64_Relr), boot_info.virt_base, 0,
				 &checked, &d)) {
		static char why[128];

		snprintf(why, sizeof(why), DIAG_FMT, DIAG_ARGS(&d));
		return why;
	}
	if (checked != boot_info.relocs_applied)
		return "checked a different number of relocations than were applied";
	return 0;
}

/* What a secondary CPU checks on itself (smp.c): call through, follow chains. */
const char *reloc_selftest_pointers(void)
{
	const char *why = test_function_pointers();

	return why ? why : test_pointer_chain();
}

int run_reloc_selftests(void)
{
	int failed = 0;

	failed += selftest_run("reloc-fnptr", test_function_pointers);
	failed += selftest_run("reloc-strptr", test_string_pointers);
	failed += selftest_run("reloc-ptrptr", test_pointer_chain);
	failed += selftest_run("reloc-table", test_whole_table);
	return failed;
}
