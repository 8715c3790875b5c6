/* SPDX-License-Identifier: MIT */
/*
 * Bounded waits on the generic timer's virtual count (CNTVCT_EL0: never
 * trapped at EL1, and the same on every CPU once CNTVOFF_EL2 is set, as
 * head.S does after an EL2 entry).  A deadline also counts its polls, so
 * a wait ends even if firmware left the counter stopped or CNTFRQ_EL0 0.
 */
#ifndef ASM_TIMER_H
#define ASM_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/sysreg.h>

#define TIMER_FALLBACK_HZ	62500000u	/* if CNTFRQ_EL0 reads 0 */
#define DEADLINE_POLLS_PER_MS	1000000u	/* a poll takes well over 1 ns */

struct deadline {
	uint64_t start, ticks;
	uint64_t polls, max_polls;
};

static inline uint64_t timer_count(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t timer_hz(void)
{
	const uint64_t f = read_sysreg(cntfrq_el0);

	return f ? f : TIMER_FALLBACK_HZ;
}

static inline void deadline_start(struct deadline *d, uint32_t ms)
{
	d->start = timer_count();
	d->ticks = timer_hz() / 1000 * ms;
	d->polls = 0;
	d->max_polls = (uint64_t)ms * DEADLINE_POLLS_PER_MS;
}

/* Call once per poll. */
static inline bool deadline_passed(struct deadline *d)
{
	return timer_count() - d->start >= d->ticks || ++d->polls >= d->max_polls;
}

/* Milliseconds since deadline_start, for messages. */
static inline uint64_t deadline_elapsed_ms(const struct deadline *d)
{
	return (timer_count() - d->start) / (timer_hz() / 1000);
}

#endif
