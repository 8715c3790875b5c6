// SPDX-License-Identifier: MIT
/*
 * The lab workload's globals, defined away from the code that uses them
 * (kernel/lab/workload.h says why).  The operations table is const and
 * full of pointers to functions in workload.c: -fpie puts it in
 * .data.rel.ro, -fno-pic in .rodata, and either way each pointer is a
 * boot-time relocation.
 */
#include <relok/export.h>
#include "workload.h"

struct lab_node lab_list_pool[LAB_LIST_NODES];
struct lab_node *lab_list_head;
struct lab_tnode lab_tree_pool[LAB_TREE_NODES];
struct lab_tnode *lab_tree_root;
uint32_t lab_array[LAB_ARRAY_SIZE];
char lab_text[LAB_TEXT_SIZE];
uint8_t lab_sha_buf[LAB_SHA_BYTES];
uint64_t lab_stat_ops, lab_stat_vm;

const struct lab_ops lab_ops_table[LAB_OPS] = {
	{ "rotl", lab_op_rotl, lab_fold_add },
	{ "rotr", lab_op_rotr, lab_fold_xor },
	{ "xorshift", lab_op_xorshift, lab_fold_sub },
	{ "mul", lab_op_mul, lab_fold_add },
	{ "neg", lab_op_neg, lab_fold_mul },
	{ "swap", lab_op_swap, lab_fold_xor },
	{ "add", lab_op_add, lab_fold_sub },
	{ "mix", lab_op_mix, lab_fold_mul },
};

/* Read by the lab module (modules/lab_mod.c) across the module boundary. */
const uint32_t lab_kernel_table[LAB_KERNEL_TABLE_SIZE] = {
#define ROW(b)	(b) * 0x9e3779b9u, ((b) + 1) * 0x85ebca6bu, ((b) + 2) * 0xc2b2ae35u, \
	((b) + 3) * 0x27d4eb2fu
#define ROW16(b) ROW(b), ROW((b) + 4), ROW((b) + 8), ROW((b) + 12)
	ROW16(0u), ROW16(16u), ROW16(32u), ROW16(48u), ROW16(64u), ROW16(80u), ROW16(96u), ROW16(112u),
	ROW16(128u), ROW16(144u), ROW16(160u), ROW16(176u), ROW16(192u), ROW16(208u), ROW16(224u),
	ROW16(240u),
#undef ROW16
#undef ROW
};
EXPORT_SYMBOL(lab_kernel_table);
