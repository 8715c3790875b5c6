// SPDX-License-Identifier: MIT
/*
 * Where the image goes under KASLR.  The window is every 2 MiB slot of
 * [KIMAGE_WINDOW_START, KIMAGE_WINDOW_END) that holds the whole image; the
 * low 21 bits of the virtual address equal those of the physical one, so
 * the image's 2 MiB alignment relative to its pages never changes.  With
 * 48-bit VA that is about 2^26 slots (docs/memory-layout.md).
 *
 * Built for the kernel (position independent, before relocation) and for
 * the host (scripts/kaslr_report, tests), so it must stay pure.
 */
#include <asm/memory.h>
#include <relok/kaslr.h>

/*
 * Seeds from firmware are random, but a test or a weak bootloader may hand
 * over structured values (small integers, a counter).  A bijective 64-bit
 * mixer spreads every input bit over the whole word before it is scaled,
 * so such seeds still land all over the window.
 */
#define MIX_SHIFT_1	30
#define MIX_MULT_1	UL(0xbf58476d1ce4e5b9)
#define MIX_SHIFT_2	27
#define MIX_MULT_2	UL(0x94d049bb133111eb)
#define MIX_SHIFT_3	31
/* Different input offsets give independent streams for image and modules. */
#define STREAM_IMAGE	UL(0)
#define STREAM_MODULES	UL(0x9e3779b97f4a7c15)
#define STREAM_KEXEC	UL(0x3c6ef372fe94f82b)

static uint64_t mix64(uint64_t x)
{
	x ^= x >> MIX_SHIFT_1;
	x *= MIX_MULT_1;
	x ^= x >> MIX_SHIFT_2;
	x *= MIX_MULT_2;
	x ^= x >> MIX_SHIFT_3;
	return x;
}

uint64_t kaslr_slots(uint64_t phys_base, uint64_t image_size)
{
	const uint64_t low = phys_base & (MIN_KIMAGE_ALIGN - 1);
	const uint64_t window = KIMAGE_WINDOW_END - KIMAGE_WINDOW_START;

	if (low + image_size > window)
		return 0;
	return (window - low - image_size) / MIN_KIMAGE_ALIGN + 1;
}

uint64_t kaslr_slot(uint64_t seed, uint64_t phys_base, uint64_t image_size)
{
	const uint64_t slots = kaslr_slots(phys_base, image_size);

	/*
	 * Scale with a 64x64->128 multiply rather than a modulo: the result
	 * is the high word, uniform over [0, slots) to within 1 part in
	 * 2^64/slots, and it costs one instruction (UMULH).
	 */
	return (uint64_t)(((unsigned __int128)mix64(seed + STREAM_IMAGE) * slots) >> 64);
}

uint64_t kaslr_virt_base(uint64_t seed, uint64_t phys_base, uint64_t image_size)
{
	const uint64_t low = phys_base & (MIN_KIMAGE_ALIGN - 1);

	if (!seed || !kaslr_slots(phys_base, image_size))
		return KIMAGE_VADDR + low;
	return KIMAGE_WINDOW_START + kaslr_slot(seed, phys_base, image_size) * MIN_KIMAGE_ALIGN + low;
}

uint64_t kaslr_module_seed(uint64_t seed)
{
	return seed ? mix64(seed + STREAM_MODULES) | 1 : 0;
}

uint64_t kaslr_kexec_seed(uint64_t seed)
{
	return seed ? mix64(seed + STREAM_KEXEC) : 0;
}
