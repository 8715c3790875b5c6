// SPDX-License-Identifier: MIT
/*
 * ARM PL011 UART, transmit only (include/relok/pl011.h).  Built twice: for
 * the early console (MMU off, physical address) and for printk.  Every
 * wait is bounded: a UART that never makes room in its FIFO is reported
 * to the caller, which drops it.
 */
#include <relok/pl011.h>

static volatile uint32_t *reg(uint64_t base, uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

static bool pl011_putc(uint64_t base, char c)
{
	uint32_t polls;

	for (polls = 0; *reg(base, PL011_UARTFR) & (1u << PL011_UARTFR_TXFF_BIT); polls++)
		if (polls == PL011_TX_POLLS)
			return false;
	*reg(base, PL011_UARTDR) = (uint8_t)c;
	return true;
}

bool pl011_puts(uint64_t base, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' && !pl011_putc(base, '\r'))
			return false;
		if (!pl011_putc(base, *s))
			return false;
	}
	return true;
}

/* The low bytes of four consecutive ID registers, as one little-endian word. */
static bool read_id(uint64_t at, pl011_read32_fn read32, uint32_t *id)
{
	uint32_t i, v;

	*id = 0;
	for (i = 0; i < PL011_ID_REGS; i++) {
		if (!read32(at + 4 * i, &v))
			return false;
		*id |= (v & 0xff) << (8 * i);
	}
	return true;
}

bool pl011_identify(uint64_t base, pl011_read32_fn read32)
{
	uint32_t pid, cid;

	return read_id(base + PL011_PCELLID0, read32, &cid) && cid == PRIMECELL_ID &&
	       read_id(base + PL011_PERIPHID0, read32, &pid) &&
	       (pid & PL011_PERIPHID_MASK) == PL011_PERIPHID;
}
