// SPDX-License-Identifier: MIT
/*
 * The kernel command line after the MMU is on (lib/cmdline.c does the
 * parsing), and the registry of the boot arguments the kernel knows.
 */
#include <asm/boot_info.h>
#include <relok/bootargs.h>
#include <relok/cmdline.h>
#include <relok/devicetree.h>
#include <relok/fdt.h>
#include <relok/printk.h>

/*
 * Every boot argument the kernel (or a loader in front of it) defines,
 * with who reads it.  Adding one: a line here, and its description in
 * README "Boot report".
 * A name that ends in '=' takes a value, which its reader checks; any
 * other is a bare word and must appear exactly.  A token on the command
 * line that matches no entry is reported as an unknown boot argument.
 */
#define BOOTARG_NAME_MAX	24

/* Names held in place, not pointed to: the table needs no relocation. */
static const char known_bootargs[][BOOTARG_NAME_MAX] = {
	"nokaslr",		/* pi/early_boot.c: no virtual KASLR */
	"noselftest",		/* init/main.c: skip the built-in self-tests */
	"selftest=",		/* crash-write-text, crash-exec-data (crash_selftest.c), smp-timeout
				 * (smp.c), lab (kernel/lab/lab.c) */
	"lab_rounds=",		/* kernel/lab/lab.c (LAB=1 kernels): loop count */
	"modules=",		/* kernel/module.c: load only these modules */
	"module_placement=",	/* kernel/module.c: far = out of branch range */
	"maxcpus=",		/* SMP: bring up at most n CPUs */
	"nosmp",		/* SMP: the boot CPU only */
	"kexec=",		/* kexec: the next kernel's Image in the initrd */
	"kexec.initrd=",	/* kexec: the next kernel's initrd */
	"kexec.cmdline=",	/* kexec: a file with the next kernel's command line */
	"kexec.chain=",		/* kexec: hand over n times in a row */
	"kexec.corrupt=",	/* kexec, test-only: flip a bit of a staged segment */
	"kexec.purgatory=",	/* kexec, measurement: an ET_REL purgatory from the initrd */
	/* Loaders add these for Linux's EFI stub or user space; ignored here. */
	"initrd=",		/* EDK2 (-initrd), systemd-boot: a file for the stub */
	"BOOT_IMAGE=",		/* GRUB: the kernel's path */
};

#define NR_KNOWN_BOOTARGS	(sizeof(known_bootargs) / sizeof(known_bootargs[0]))

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

/* Does the token tok[0..tlen) match the registry entry name? */
static bool bootarg_matches(const char *tok, uint32_t tlen, const char *name)
{
	uint32_t i;

	for (i = 0; name[i]; i++)
		if (i >= tlen || tok[i] != name[i])
			return false;
	return i == tlen || name[i - 1] == '=';
}

bool bootarg_known(const char *tok, uint32_t tlen)
{
	for (uint32_t i = 0; i < NR_KNOWN_BOOTARGS; i++)
		if (bootarg_matches(tok, tlen, known_bootargs[i]))
			return true;
	return false;
}

/* Most of a line printk can take at once, leaving room for the frame. */
#define CMDLINE_CHUNK	400

void bootargs_report(void)
{
	const char *tok;
	uint32_t pos = 0, tlen, done;

	printk("relok: cmdline \"");
	for (done = 0; done < args_len; done += CMDLINE_CHUNK) {
		const uint32_t n = args_len - done < CMDLINE_CHUNK ? args_len - done : CMDLINE_CHUNK;

		printk("%.*s", (int)n, args + done);
	}
	printk("\"\n");
	if (!args)
		return;
	while (cmdline_next(args, args_len, &pos, &tok, &tlen))
		if (!bootarg_known(tok, tlen))
			printk("relok: warning: unknown boot argument \"%.*s\"\n", (int)tlen, tok);
}
