// SPDX-License-Identifier: MIT
/*
 * Symbol look-up over the table scripts/kallsyms generates: sorted 32-bit
 * offsets from the Image header, so it is right at any KASLR base.
 */
#include <asm/boot_info.h>
#include <relok/kallsyms.h>

extern const uint32_t kallsyms_count;
extern const uint32_t kallsyms_offsets[], kallsyms_sizes[], kallsyms_name_offsets[];
extern const char kallsyms_names[];

int kallsyms_lookup(uint64_t addr, const char **name, uint64_t *offset, uint64_t *size)
{
	uint64_t off;
	uint32_t lo = 0, hi = kallsyms_count;

	if (addr < boot_info.virt_base || !hi)
		return 0;
	off = addr - boot_info.virt_base;
	/* Last symbol starting at or below off. */
	while (hi - lo > 1) {
		const uint32_t mid = lo + (hi - lo) / 2;

		if (kallsyms_offsets[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_offsets[lo] > off)
		return 0;
	/* Past the end of a sized symbol: in padding or unnamed code. */
	if (kallsyms_sizes[lo] && off - kallsyms_offsets[lo] >= kallsyms_sizes[lo])
		return 0;
	*name = kallsyms_names + kallsyms_name_offsets[lo];
	*offset = off - kallsyms_offsets[lo];
	*size = kallsyms_sizes[lo];
	return 1;
}
