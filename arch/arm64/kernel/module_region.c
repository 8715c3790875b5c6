// SPDX-License-Identifier: MIT
/*
 * The module region: where loaded modules live in the kernel's virtual
 * address space.
 *
 * Every module address must be within MODULE_REACH (2 GiB) of every image
 * address, in both directions, so PREL32 data and ADRP (+/-4 GiB) reach the
 * kernel.  A window of MODULE_REGION_SIZE is placed either "near" (every
 * module address within B/BL reach of every image address, so calls into
 * the kernel need no PLT) or "far" (every module address beyond B/BL reach
 * of the whole image, so every call into the kernel needs one; used as the
 * overflow when the near window is full, and forced by module_placement=far
 * so tests exercise PLTs deterministically).
 *
 * Candidates are MODULE_REGION_ALIGN-aligned bases on either side of the
 * image that satisfy the constraint; module_seed (boot_info, random under
 * KASLR, 0 otherwise) picks one, so the region moves independently of the
 * kernel's own offset.  Seed 0 picks the first candidate above the image.
 * The kernel's KASLR window keeps MODULE_REACH free at both ends
 * (asm/memory.h), so candidates always exist.
 */
#include <asm/boot_info.h>
#include <asm/memory.h>
#include <asm/module.h>
#include <relok/printk.h>

/* Slack kept between the window and the reach limits (bytes). */
#define REACH_MARGIN		SZ_2M

struct window {
	uint64_t start, end, next;	/* next: first free address */
};

static struct window windows[2];	/* [0] first choice, [1] overflow */
static uint32_t nr_windows;

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Number of aligned bases in [lo, hi] (0 if hi < lo). */
static uint64_t slots(uint64_t lo, uint64_t hi)
{
	return hi < lo ? 0 : (hi - lo) / MODULE_REGION_ALIGN + 1;
}

bool module_window_pick(uint64_t kstart, uint64_t kend, enum module_placement placement,
			uint64_t seed, uint64_t *base, uint64_t *count)
{
	const uint64_t size = MODULE_REGION_SIZE;
	const uint64_t ks = align_down(kstart, MODULE_REGION_ALIGN);
	const uint64_t ke = align_up(kend, MODULE_REGION_ALIGN);
	uint64_t above_lo, above_hi, below_lo, below_hi, n_above, n_below, idx;

	if (placement == MODULE_PLACEMENT_NEAR) {
		/* window end - image start and image end - window start both < reach */
		above_lo = ke;
		above_hi = align_down(kstart + MODULE_BRANCH_REACH - REACH_MARGIN - size,
				      MODULE_REGION_ALIGN);
		below_lo = align_up(kend - MODULE_BRANCH_REACH + REACH_MARGIN, MODULE_REGION_ALIGN);
		below_hi = ks - size;
	} else {
		/* beyond reach of the whole image, within MODULE_REACH of all of it */
		above_lo = align_up(kend + MODULE_BRANCH_REACH + REACH_MARGIN, MODULE_REGION_ALIGN);
		above_hi = align_down(kstart + MODULE_REACH - REACH_MARGIN - size,
				      MODULE_REGION_ALIGN);
		below_lo = align_up(kend - MODULE_REACH + REACH_MARGIN, MODULE_REGION_ALIGN);
		below_hi = align_down(kstart - MODULE_BRANCH_REACH - REACH_MARGIN - size,
				      MODULE_REGION_ALIGN);
	}
	n_above = slots(above_lo, above_hi);
	n_below = slots(below_lo, below_hi);
	*count = n_above + n_below;
	if (!*count)
		return false;
	idx = seed % *count;
	if (idx < n_above)
		*base = above_lo + idx * MODULE_REGION_ALIGN;
	else
		*base = below_lo + (idx - n_above) * MODULE_REGION_ALIGN;
	return true;
}

static void add_window(uint64_t base)
{
	windows[nr_windows].start = base;
	windows[nr_windows].next = base;
	windows[nr_windows].end = base + MODULE_REGION_SIZE;
	nr_windows++;
}

void module_region_init(const struct boot_info *bi, uint64_t kimage_start,
			uint64_t kimage_end, bool force_far)
{
	/* Independent draws for the two windows from the one seed. */
	const uint64_t seed = bi->module_seed;
	const uint64_t far_seed = seed >> 32 | seed << 32;
	uint64_t near_base, far_base, n;
	const bool have_near = !force_far &&
		module_window_pick(kimage_start, kimage_end, MODULE_PLACEMENT_NEAR, seed,
				   &near_base, &n);
	const bool have_far = module_window_pick(kimage_start, kimage_end,
						 MODULE_PLACEMENT_FAR, far_seed, &far_base, &n);

	nr_windows = 0;
	if (have_near)
		add_window(near_base);
	if (have_far)
		add_window(far_base);
	if (!nr_windows) {
		printk("relok: warning: no module region fits around the image\n");
		return;
	}
	printk("relok: modules region=0x%lx-0x%lx placement=%s\n", windows[0].start,
	       windows[0].end, have_near ? "near" : "far");
}

uint64_t module_region_peek(uint64_t size)
{
	uint32_t i;

	for (i = 0; i < nr_windows; i++) {
		const struct window *w = &windows[i];

		if (size <= w->end - w->next)
			return w->next;
	}
	return 0;
}

void module_region_take(uint64_t va, uint64_t size)
{
	uint32_t i;

	for (i = 0; i < nr_windows; i++) {
		if (windows[i].next == va)
			windows[i].next = va + size;
	}
}
