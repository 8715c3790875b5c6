/* SPDX-License-Identifier: MIT */
/*
 * One load that may fault, for the early boot path (MMU off, at the entry
 * EL before the drop to EL1, or at EL1): arch/arm64/kernel/early_probe.S.
 *
 * Until the MMU is on the kernel has no exception vectors of its own:
 * VBAR holds whatever the firmware left (often 0).  A load from an address
 * where nothing answers -- x0 or a device tree's UART pointing into a hole
 * of the address map -- takes a synchronous external abort into that, and
 * the boot hangs without a word.  A probing load points the current EL's VBAR at
 * early_probe_vectors for that one load; any exception taken there resumes
 * two instructions after the faulting one, skipping the load and the
 * instruction that marks success, and the previous VBAR comes back.
 */
#ifndef ASM_EARLY_PROBE_H
#define ASM_EARLY_PROBE_H

#define EARLY_PROBE_VBAR_ALIGN	0x800	/* VBAR_EL1 bits [10:0] are RES0 */

#ifdef __ASSEMBLER__
#include <asm/sysreg.h>

/* The probing load at EL\el, with VBAR_EL\el (helper of probe_ldr32). */
	.macro	probe_ldr32_at, el, val, addr, ok, tmp
	mrs	\tmp, vbar_el\el
	adr	\ok, early_probe_vectors
	msr	vbar_el\el, \ok
	isb
	mov	\ok, #0
	ldr	\val, [\addr]			// a fault resumes two instructions on
	mov	\ok, #1
	msr	vbar_el\el, \tmp
	isb
	.endm

/*
 * probe_ldr32 val, addr, ok, tmp: \val (a W register) = the word at \addr,
 * with \ok (an X register) = 1, or \ok = 0 and \val unchanged if the load
 * faulted -- or was not tried because the table is not where VBAR can
 * point (an image placed off a 4 KiB boundary: the caller goes on as if
 * nothing answered).  At EL1, EL2 or EL3, with that EL's VBAR; DAIF masked
 * (booting.rst), so only the load itself can enter the table.  Clobbers
 * \tmp and x17 (the vectors' scratch).
 */
	.macro	probe_ldr32, val, addr, ok, tmp
	adr	\ok, early_probe_vectors
	tst	\ok, #(EARLY_PROBE_VBAR_ALIGN - 1)
	mov	\ok, #0
	b.ne	.Lprobe_done\@
	mrs	\tmp, CurrentEL
	cmp	\tmp, #CURRENTEL_EL2
	b.eq	.Lprobe_el2\@
	b.hi	.Lprobe_el3\@
	probe_ldr32_at 1, \val, \addr, \ok, \tmp
	b	.Lprobe_done\@
.Lprobe_el2\@:
	probe_ldr32_at 2, \val, \addr, \ok, \tmp
	b	.Lprobe_done\@
.Lprobe_el3\@:
	probe_ldr32_at 3, \val, \addr, \ok, \tmp
.Lprobe_done\@:
	.endm
#else
#include <stdbool.h>
#include <stdint.h>

/* C (early code, __pi_early_read32): true and *val, or false if nothing
 * answered at addr ([*val] untouched). */
bool early_read32(uint64_t addr, uint32_t *val);
#endif

#endif
