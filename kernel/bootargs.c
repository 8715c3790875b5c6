// SPDX-License-Identifier: MIT
/* The kernel command line after the MMU is on (lib/cmdline.c does the parsing). */
#include <asm/boot_info.h>
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/printk.h>

/*
 * NULL until found, not "": an initialised pointer is a relocated word,
 * and the reloc-table self-test checks that relocated words still hold
 * what the boot pass wrote.
 */
static const char *args;
static uint32_t args_len;

void bootargs_init(const struct boot_info *bi)
{
	struct fdt_chosen ch;

	(void)bi;
	if (!devicetree_chosen(&ch)) {
		printk("relok: warning: cannot read /chosen/bootargs\n");
		return;
	}
	if (ch.bootargs) {
		args = ch.bootargs;
		args_len = ch.bootargs_len;
	}
}

const char *bootargs(uint32_t *len)
{
	*len = args_len;
	return args ? args : "";
}

bool bootarg_has(const char *word)
{
	return cmdline_has_word(args, args_len, word);
}

bool bootarg_get(const char *key, const char **val, uint32_t *vlen)
{
	return cmdline_get(args, args_len, key, val, vlen);
}
