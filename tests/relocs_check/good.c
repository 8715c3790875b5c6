/* SPDX-License-Identifier: MIT */
/*
 * The "good" test kernel: hidden visibility and -fpie, so code reaches
 * everything PC-relative and the only dynamic relocations are the
 * R_AARCH64_RELATIVE ones for the pointers stored in .data.
 */
#pragma GCC visibility push(hidden)

extern char _text[], _end[];
int counter;
static const char msg[] = "relok";

void helper(void);
void helper(void)
{
	counter++;
}

/* Runs before relocation: must use PC-relative addressing only. */
__attribute__((section(".pi.text"))) int pi_peek(void);
__attribute__((section(".pi.text"))) int pi_peek(void)
{
	return counter + msg[0];
}

#define P4(x)	(x), (x) + 1, (x) + 2, (x) + 3
#define P16(x)	P4(x), P4((x) + 4), P4((x) + 8), P4((x) + 12)

void (*fn_table[])(void) = { helper, helper };
/* long runs of pointers exercise the RELR bitmaps too */
const char *ptrs[] = {
	msg, _text, _end, (const char *)&counter,
	P16(_text), P16(_text + 16), P16(_text + 32), P16(_text + 48),
	P16(msg),
};

unsigned long kmain(void);
unsigned long kmain(void)
{
	helper();
	return (unsigned long)ptrs[1] + (unsigned long)fn_table[0] +
	       (unsigned long)pi_peek();
}
