/* SPDX-License-Identifier: MIT */
/*
 * The lab's built-in workload (kernel/lab/workload.c) and the globals it
 * works on (kernel/lab/data.c).  The data is defined in a translation unit
 * of its own on purpose: kernel code mostly reaches globals defined
 * elsewhere, and those are the accesses that default visibility sends
 * through the GOT and the large model through a literal or MOVZ/MOVK.
 */
#ifndef KERNEL_LAB_WORKLOAD_H
#define KERNEL_LAB_WORKLOAD_H

#include <stdint.h>
#include <relok/lab.h>

#define LAB_LIST_NODES		1024
#define LAB_TREE_NODES		512
#define LAB_ARRAY_SIZE		4096
#define LAB_TEXT_SIZE		2048
#define LAB_SHA_BYTES		1024
#define LAB_OPS			8

/* A list node with a payload, as a driver's object embeds its list head. */
struct lab_node {
	struct lab_node *next;
	uint32_t key;
	uint32_t val;
	uint64_t pad[2];
};

struct lab_tnode {
	struct lab_tnode *left, *right;
	uint32_t key;
	uint32_t val;
};

/* An operations table, the shape of file_operations. */
struct lab_ops {
	const char *name;
	uint32_t (*step)(uint32_t x);
	uint32_t (*fold)(uint32_t acc, uint32_t x);
};

/* kernel/lab/data.c */
extern struct lab_node lab_list_pool[LAB_LIST_NODES];
extern struct lab_node *lab_list_head;
extern struct lab_tnode lab_tree_pool[LAB_TREE_NODES];
extern struct lab_tnode *lab_tree_root;
extern uint32_t lab_array[LAB_ARRAY_SIZE];
extern char lab_text[LAB_TEXT_SIZE];
extern uint8_t lab_sha_buf[LAB_SHA_BYTES];
extern const struct lab_ops lab_ops_table[LAB_OPS];
/* Statistics counters, bumped by short functions as kernel code does. */
extern uint64_t lab_stat_ops, lab_stat_vm;

/* kernel/lab/workload.c: the operations lab_ops_table points to. */
uint32_t lab_op_rotl(uint32_t x), lab_op_rotr(uint32_t x), lab_op_xorshift(uint32_t x);
uint32_t lab_op_mul(uint32_t x), lab_op_neg(uint32_t x), lab_op_swap(uint32_t x);
uint32_t lab_op_add(uint32_t x), lab_op_mix(uint32_t x);
uint32_t lab_fold_add(uint32_t acc, uint32_t x), lab_fold_xor(uint32_t acc, uint32_t x);
uint32_t lab_fold_sub(uint32_t acc, uint32_t x), lab_fold_mul(uint32_t acc, uint32_t x);

/* kernel/lab/workload.c: build the data (not counted). */
void lab_setup(void);
/* SHA-256 of two FIPS 180-2 test messages; NULL or why not. */
const char *lab_sha256_check(void);

uint64_t lab_dispatch(uint32_t rounds);
uint64_t lab_sha256(uint32_t rounds);
uint64_t lab_strings(uint32_t rounds);
uint64_t lab_list(uint32_t rounds);
uint64_t lab_tree(uint32_t rounds);
uint64_t lab_array_sum(uint32_t rounds);

#endif
