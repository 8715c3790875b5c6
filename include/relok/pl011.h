/* SPDX-License-Identifier: MIT */
/*
 * ARM PL011 UART (PrimeCell UART TRM, DDI 0183), transmit only: the
 * firmware leaves it configured, the kernel only feeds the FIFO.  The
 * register constants serve C (drivers/serial/pl011.c) and the assembly
 * console of head.S alike.
 */
#ifndef RELOK_PL011_H
#define RELOK_PL011_H

#define PL011_UARTDR		0x000	/* data */
#define PL011_UARTFR		0x018	/* flags */
#define PL011_UARTFR_TXFF_BIT	5	/* transmit FIFO full */

/*
 * The register window, and the identification registers at its top
 * (TRM 3.3.14-3.3.19): four PeriphID bytes, then four PCellID bytes, each
 * in the low byte of a 32-bit register.  The PrimeCell ID is the same for
 * every PrimeCell; the peripheral ID's part number (bits 11:0) and designer
 * (bits 19:12, 0x41 = Arm) say "PL011".  Revision and configuration (bits
 * 31:20) vary between releases and are not compared.
 */
#define PL011_WINDOW		0x1000
#define PL011_PERIPHID0		0xfe0
#define PL011_PCELLID0		0xff0
#define PL011_ID_REGS		4
#define PL011_PERIPHID_MASK	0x000fffff
#define PL011_PERIPHID		0x00041011
#define PRIMECELL_ID		0xb105f00d

/*
 * Bound on the UARTFR polls waiting for room in the transmit FIFO.  One
 * slot frees in a character time: about 1 ms at 9600 baud, where a poll is
 * a device read of tens of nanoseconds at least, so 2^20 polls is well over
 * 20 character times.  A UART still full after that never drains (it is not
 * a working PL011, or nothing consumes its output): the caller drops it and
 * carries on without a console.
 */
#define PL011_TX_POLLS		(1 << 20)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/*
 * Write a NUL-terminated string to the PL011 at base (PA with the MMU off,
 * its fixmap alias after), turning "\n" into "\r\n".  False, having stopped
 * at the first character that found the FIFO still full after
 * PL011_TX_POLLS polls: the caller must stop using this UART.
 */
bool pl011_puts(uint64_t base, const char *s);

/*
 * Is the device at base a PL011, by its identification registers?  read32
 * performs one 32-bit load that may fault (the MMU-off early probe, or a
 * plain load where the address is known to be mapped) and returns false if
 * it did.
 */
typedef bool (*pl011_read32_fn)(uint64_t addr, uint32_t *val);
bool pl011_identify(uint64_t base, pl011_read32_fn read32);
#endif

#endif
