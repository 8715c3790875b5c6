// SPDX-License-Identifier: MIT
#include <asm/boot_info.h>
#include <relok/devicetree.h>
#include <relok/diag.h>
#include <relok/printk.h>

/* Zero-initialised (BSS): no pointer here needs relocating. */
static struct fdt dt;
static bool dt_valid;

void devicetree_init(const struct boot_info *bi)
{
	struct diag d;

	diag_init(&d);
	dt_valid = fdt_init(&dt, (const void *)(uintptr_t)bi->dtb_virt, bi->dtb_size, &d);
	if (!dt_valid)
		printk("relok: warning: device tree unreadable after boot: %s\n", d.what);
}

const struct fdt *devicetree(void)
{
	return dt_valid ? &dt : 0;
}

bool devicetree_chosen(struct fdt_chosen *ch)
{
	struct diag d;

	diag_init(&d);
	return dt_valid && fdt_read_chosen(&dt, ch, &d);
}
