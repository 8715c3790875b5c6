// SPDX-License-Identifier: MIT
/*
 * What the kernel exports to modules, and the lookup in the generated
 * table (include/relok/export.h, scripts/gen_exports.sh).
 */
#include <asm/boot_info.h>
#include <relok/export.h>
#include <relok/printf.h>
#include <relok/printk.h>
#include <relok/string.h>

EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(boot_info);

/* Generated: sorted by name, [__kexports_start, __kexports_end). */
extern const struct kernel_export __kexports_start[], __kexports_end[];

static uint64_t resolve(const int32_t *field)
{
	return (uint64_t)(uintptr_t)field + (uint64_t)(int64_t)*field;
}

static const char *entry_name(const struct kernel_export *e)
{
	return (const char *)(uintptr_t)resolve(&e->name_off);
}

uint32_t kernel_export_count(void)
{
	return (uint32_t)(__kexports_end - __kexports_start);
}

uint64_t kernel_export_lookup(const char *name)
{
	uint32_t lo = 0, hi = kernel_export_count();

	while (lo < hi) {
		const uint32_t mid = lo + (hi - lo) / 2;
		const struct kernel_export *e = &__kexports_start[mid];
		const int c = strcmp(name, entry_name(e));

		if (c == 0)
			return resolve(&e->addr_off);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}
