// SPDX-License-Identifier: MIT
/*
 * relink_check VMLINUX RELINKED VIRT_BASE: the proof that the boot pass is
 * exact.  VMLINUX is the kernel as built; RELINKED the same objects linked
 * by the linker at VIRT_BASE, the linker writing every relocated word
 * itself (make relink).  Both are laid out from their PT_LOAD segments as
 * the loader lays out the Image.  VMLINUX's copy is then relocated to
 * VIRT_BASE by reloc.c's boot pass, finding its tables through the
 * descriptor as early boot does, and must equal RELINKED's byte for byte,
 * outside the relocation tables themselves (whose addresses are link-time
 * ones).  It also checks that the two layouts agree and that the pass
 * changed something, so that a base equal to the link base proves nothing.
 *
 * Prints "relink: base=0x... relocated=<words> changed=<bytes>
 * differing=<bytes>"; exit 0 when no byte differs, 1 when some do, 2 for
 * bad input.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <relok/diag.h>
#include <relok/elf.h>
#include <relok/reloc.h>
#include "tool.h"
#include "reloc_desc.h"

TOOL_NAME("relink_check");
#define SHOW_DIFFS	8

struct image {
	const char *path;
	uint8_t *file;
	uint64_t file_size;
	struct elf_view v;
	uint64_t base;		/* vaddr of the first PT_LOAD: the Image header */
	uint64_t size;		/* to the end of the last PT_LOAD's memory */
	uint8_t *mem;		/* the laid-out image (8-byte aligned) */
	struct reloc_desc rd;
};

static void load(struct image *im, const char *path)
{
	const char *why;
	struct diag d;
	uint32_t i;

	memset(im, 0, sizeof(*im));
	im->path = path;
	im->file = tool_read_file(path, &im->file_size, 0, &why);
	if (!im->file)
		exit(tool_fail(TOOL_EXIT_BAD, "%s: %s", path, why));
	diag_init(&d);
	if (!elf_open(&im->v, im->file, im->file_size, 0, &d))
		exit(tool_fail_diag(TOOL_EXIT_BAD, path, &d));
	im->base = UINT64_MAX;
	for (i = 0; i < im->v.phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(&im->v, i);

		if (ph->p_type != PT_LOAD)
			continue;
		if (im->base == UINT64_MAX)
			im->base = ph->p_vaddr;
		if (ph->p_vaddr < im->base)
			exit(tool_fail(TOOL_EXIT_BAD, "%s: PT_LOAD segments out of order (one at 0x%"
				       PRIx64 ")", path, ph->p_vaddr));
		if (ph->p_vaddr + ph->p_memsz - im->base > im->size)
			im->size = ph->p_vaddr + ph->p_memsz - im->base;
	}
	if (im->base == UINT64_MAX)
		exit(tool_fail(TOOL_EXIT_BAD, "%s: no PT_LOAD segment", path));
	im->mem = tool_alloc(1, im->size + 8);
	for (i = 0; i < im->v.phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(&im->v, i);

		if (ph->p_type == PT_LOAD)	/* elf_open checked the file range */
			memcpy(im->mem + (ph->p_vaddr - im->base), im->file + ph->p_offset,
			       ph->p_filesz);
	}
	diag_init(&d);
	if (!reloc_desc_read(&im->v, &im->rd, &d))
		exit(tool_fail_diag(TOOL_EXIT_BAD, path, &d));
}

/* Whether image offset off lies in one of the relocation tables. */
static int in_tables(const struct image *im, uint64_t off)
{
	const struct reloc_info *in = &im->rd.info;
	const uint64_t head_off = im->rd.head - im->base;

	return (off - head_off - in->rela_offset < in->rela_size) ||
	       (off - head_off - in->relr_offset < in->relr_size);
}

int main(int argc, char **argv)
{
	struct image a, b;
	uint64_t virt, delta, wdelta, i, changed = 0, differing = 0;
	const struct reloc_info *in;
	uint8_t *before;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: %s VMLINUX RELINKED VIRT_BASE\n", tool_name);
		return TOOL_EXIT_BAD;
	}
	virt = strtoull(argv[3], &end, 0);
	if (*end || end == argv[3])
		return tool_fail(TOOL_EXIT_BAD, "%s: not a virtual address", argv[3]);
	load(&a, argv[1]);
	load(&b, argv[2]);
	/* exit, not return: what main allocated stays reachable for LeakSanitizer */
	if (b.base != virt)
		exit(tool_fail(TOOL_EXIT_BAD, "%s: not linked at VIRT_BASE (linked at 0x%" PRIx64 ")",
			       b.path, b.base));
	if (a.size != b.size || a.rd.head - a.base != b.rd.head - b.base ||
	    memcmp(&a.rd.info, &b.rd.info, sizeof(a.rd.info)))
		exit(tool_fail(TOOL_EXIT_BAD, "%s: layout differs from VMLINUX's (image size, "
			       "_head or tables)", b.path));

	/* as early boot does: tables from the descriptor, words where they are now */
	in = &a.rd.info;
	delta = virt - a.base;
	wdelta = (uint64_t)(uintptr_t)a.mem - a.base;
	before = tool_alloc(1, a.size);
	memcpy(before, a.mem, a.size);
	{
		const uint8_t *head = a.mem + (a.rd.head - a.base);
		const Elf64_Relr *relr = (const Elf64_Relr *)(const void *)(head + in->relr_offset);
		const Elf64_Rela *rela = (const Elf64_Rela *)(const void *)(head + in->rela_offset);

		reloc_relr_apply(relr, relr + in->relr_size / sizeof(*relr), delta, wdelta);
		if (reloc_rela_apply(rela, rela + in->rela_size / sizeof(*rela), delta, wdelta) !=
		    in->rela_size / sizeof(*rela))
			exit(tool_fail(TOOL_EXIT_BAD, "%s: a RELA entry is not R_AARCH64_RELATIVE",
				       a.path));
	}
	for (i = 0; i < a.size; i++) {
		if (in_tables(&a, i))
			continue;
		changed += a.mem[i] != before[i];
		if (a.mem[i] != b.mem[i]) {
			if (differing++ < SHOW_DIFFS)
				tool_fail(TOOL_EXIT_CHECK, "byte at 0x%" PRIx64 " (offset 0x%" PRIx64
					  "): pass 0x%02x, linker 0x%02x", a.base + i, i, a.mem[i],
					  b.mem[i]);
		}
	}
	printf("relink: base=0x%" PRIx64 " relocated=%" PRIu64 " changed=%" PRIu64
	       " differing=%" PRIu64 "\n", virt,
	       in->relr_count + in->rela_size / sizeof(Elf64_Rela), changed, differing);
	free(before);
	free(a.mem);
	free(b.mem);
	free(a.file);
	free(b.file);
	if (!changed && delta)
		return tool_fail(TOOL_EXIT_BAD, "%s: the pass changed nothing: no relocations to "
				 "prove", argv[1]);
	return differing ? TOOL_EXIT_CHECK : TOOL_EXIT_OK;
}
