/* SPDX-License-Identifier: MIT */
/*
 * The KASLR placement function.  Pure: the kernel runs it before the MMU
 * is on, and scripts/kaslr_report and the boot tests run the same code on
 * the host to compute what a given seed must produce.
 */
#ifndef RELOK_KASLR_H
#define RELOK_KASLR_H

#include <stdint.h>

/* Number of 2 MiB-aligned positions the image can take in the window. */
uint64_t kaslr_slots(uint64_t phys_base, uint64_t image_size);
/* Slot chosen by a (non-zero) seed: uniform over kaslr_slots(). */
uint64_t kaslr_slot(uint64_t seed, uint64_t phys_base, uint64_t image_size);
/* Virtual address of the Image header for seed; seed 0 = no KASLR. */
uint64_t kaslr_virt_base(uint64_t seed, uint64_t phys_base, uint64_t image_size);
/* A seed for the module region, independent of the image's slot. */
uint64_t kaslr_module_seed(uint64_t seed);
/* Seed material for kexec's generator (kernel/random.c), its own stream;
 * taken before the DT seed is wiped, hashed and cleared in C init. */
uint64_t kaslr_kexec_seed(uint64_t seed);

#endif
