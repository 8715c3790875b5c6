// SPDX-License-Identifier: MIT
/*
 * ARM PL011 UART, transmit only (PrimeCell UART TRM, DDI 0183).  The
 * firmware leaves it configured; we only feed the FIFO.
 */
#include <relok/pl011.h>

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTFR_TXFF	(1u << 5)	/* transmit FIFO full */

static void pl011_putc(uint64_t base, char c)
{
	volatile uint32_t *const fr = (volatile uint32_t *)(uintptr_t)(base + UARTFR);
	volatile uint32_t *const dr = (volatile uint32_t *)(uintptr_t)(base + UARTDR);

	while (*fr & UARTFR_TXFF)
		;
	*dr = (uint8_t)c;
}

void pl011_puts(uint64_t base, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			pl011_putc(base, '\r');
		pl011_putc(base, *s);
	}
}
