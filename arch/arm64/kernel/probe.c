// SPDX-License-Identifier: MIT
/*
 * probe_read()/probe_write(): single accesses that may fault.  The loads
 * are C inline assembly with an EX_TYPE_ERR_ZERO entry (the handler sets
 * the error and zeroes the destination register); the stores are the
 * assembly routines of probe_store.S, which use the assembly macro.
 */
#include <asm/asm-extable.h>
#include <relok/probe.h>
#include <relok/string.h>

_Static_assert(PROBE_EFAULT == EX_EFAULT, "probe.h and extable.h disagree on EFAULT");

/* probe_store.S: x0 = address, x1 = value; returns 0 or -EX_EFAULT. */
int __probe_store8(uint64_t addr, uint64_t val);
int __probe_store16(uint64_t addr, uint64_t val);
int __probe_store32(uint64_t addr, uint64_t val);
int __probe_store64(uint64_t addr, uint64_t val);

/*
 * One load of the given instruction; on a fault the fixup sets err to
 * -EX_EFAULT and val to 0 and resumes after it.  val is early-clobber so
 * the fixup's zeroing cannot land on addr.
 */
#define PROBE_LOAD(insn, dst_reg)					\
	__asm__ volatile("1:	" insn "	" dst_reg ", [%[addr]]\n"	\
			 "2:\n"						\
			 _ASM_EXTABLE_ERR_ZERO(1b, 2b, %w[err], %x[val]) \
			 : [err] "+r"(err), [val] "=&r"(val)		\
			 : [addr] "r"(addr) : "memory")

static int probe_load(uint64_t addr, size_t size, uint64_t *out)
{
	int err = 0;
	uint64_t val;

	switch (size) {
	case sizeof(uint8_t):
		PROBE_LOAD("ldrb", "%w[val]");
		break;
	case sizeof(uint16_t):
		PROBE_LOAD("ldrh", "%w[val]");
		break;
	case sizeof(uint32_t):
		PROBE_LOAD("ldr", "%w[val]");
		break;
	case sizeof(uint64_t):
		PROBE_LOAD("ldr", "%x[val]");
		break;
	default:
		return -PROBE_EINVAL;
	}
	*out = val;
	return err;
}

int probe_read(void *dst, uint64_t src_addr, size_t size)
{
	uint64_t val;
	int err = probe_load(src_addr, size, &val);

	if (err == -PROBE_EINVAL)
		return err;
	/* little-endian: the low bytes of val are the bytes read */
	memcpy(dst, &val, size);
	return err;
}

int probe_write(uint64_t dst_addr, const void *src, size_t size)
{
	uint64_t val = 0;

	if (size != sizeof(uint8_t) && size != sizeof(uint16_t) &&
	    size != sizeof(uint32_t) && size != sizeof(uint64_t))
		return -PROBE_EINVAL;
	memcpy(&val, src, size);
	switch (size) {
	case sizeof(uint8_t):
		return __probe_store8(dst_addr, val);
	case sizeof(uint16_t):
		return __probe_store16(dst_addr, val);
	case sizeof(uint32_t):
		return __probe_store32(dst_addr, val);
	default:
		return __probe_store64(dst_addr, val);
	}
}
