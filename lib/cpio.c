// SPDX-License-Identifier: MIT
/*
 * newc cpio reader (include/relok/cpio.h).  Field layout from the cpio(5)
 * manual page, "New ASCII Format": magic, then ino, mode, uid, gid, nlink,
 * mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize,
 * check, each 8 hex digits.
 */
#include <relok/cpio.h>

#define DIAG_SUBSYS	"cpio"

#define CPIO_HDR_SIZE		110u
#define CPIO_MAGIC_LEN		6u
#define CPIO_FIELD_LEN		8u
#define CPIO_ALIGN		4u
#define CPIO_FIELD_MODE		1
#define CPIO_FIELD_FILESIZE	6
#define CPIO_FIELD_NAMESIZE	11
#define CPIO_NR_FIELDS		13
#define CPIO_TRAILER		"TRAILER!!!"

static bool magic_ok(const uint8_t *p)
{
	static const char newc[] = "07070";	/* + '1' (newc) or '2' (crc) */
	uint32_t i;

	for (i = 0; i < CPIO_MAGIC_LEN - 1; i++)
		if (p[i] != (uint8_t)newc[i])
			return false;
	return p[CPIO_MAGIC_LEN - 1] == '1' || p[CPIO_MAGIC_LEN - 1] == '2';
}

static bool hex_field(const uint8_t *hdr, uint32_t index, uint32_t *out)
{
	const uint8_t *p = hdr + CPIO_MAGIC_LEN + index * CPIO_FIELD_LEN;
	uint32_t v = 0, i;

	for (i = 0; i < CPIO_FIELD_LEN; i++) {
		const uint8_t c = p[i];
		uint32_t digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return false;
		v = v << 4 | digit;
	}
	*out = v;
	return true;
}

static uint64_t align4(uint64_t x)
{
	return (x + CPIO_ALIGN - 1) & ~(uint64_t)(CPIO_ALIGN - 1);
}

static bool is_trailer(const char *name, uint32_t namesize)
{
	const char *t = CPIO_TRAILER;
	uint32_t i;

	for (i = 0; i < namesize; i++) {
		if (name[i] != t[i])
			return false;
		if (!t[i])
			return true;
	}
	return false;
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int cpio_next(const uint8_t *buf, uint64_t size, uint64_t *pos, struct cpio_entry *e,
	      struct diag *d)
{
	const uint64_t off = *pos;
	const uint8_t *hdr;
	uint32_t namesize, filesize, mode, field, i;
	uint64_t name_off, data_off, next;

	if (off >= size || all_zero(buf + off, size - off))
		return 0;	/* end of buffer, or padding after the archive */
	if (off & (CPIO_ALIGN - 1) || size - off < CPIO_HDR_SIZE) {
		diag_fail(d, "truncated header", off);
		return -1;
	}
	hdr = buf + off;
	if (!magic_ok(hdr)) {
		diag_fail(d, "bad magic (not a newc archive)", off);
		return -1;
	}
	for (i = 0; i < CPIO_NR_FIELDS; i++) {
		if (!hex_field(hdr, i, &field)) {
			diag_fail(d, "header field is not hexadecimal", off);
			return -1;
		}
	}
	hex_field(hdr, CPIO_FIELD_MODE, &mode);
	hex_field(hdr, CPIO_FIELD_FILESIZE, &filesize);
	hex_field(hdr, CPIO_FIELD_NAMESIZE, &namesize);
	name_off = off + CPIO_HDR_SIZE;
	if (namesize == 0 || namesize > size - name_off) {
		diag_fail(d, "name outside the archive", off);
		return -1;
	}
	if (buf[name_off + namesize - 1] != '\0') {
		diag_fail(d, "name not NUL-terminated", off);
		return -1;
	}
	e->name = (const char *)(buf + name_off);
	e->namesize = namesize;
	if (is_trailer(e->name, namesize))
		return 0;
	data_off = align4(name_off + namesize);
	if (data_off > size || filesize > size - data_off) {
		diag_fail(d, "file data outside the archive", off);
		return -1;
	}
	next = align4(data_off + filesize);
	e->mode = mode;
	e->data = buf + data_off;
	e->size = filesize;
	*pos = next > size ? size : next;
	return 1;
}

/* name[0..len) without a leading "/" or "./" (cpio -o writes either). */
static void strip_root(const char **name, uint32_t *len)
{
	while (*len && (*name)[0] == '/') {
		(*name)++;
		(*len)--;
	}
	if (*len >= 2 && (*name)[0] == '.' && (*name)[1] == '/') {
		*name += 2;
		*len -= 2;
	}
}

int cpio_find(const uint8_t *buf, uint64_t size, const char *name, uint32_t namelen,
	      struct cpio_entry *e, struct diag *d)
{
	uint64_t pos = 0;
	int r;

	strip_root(&name, &namelen);
	while ((r = cpio_next(buf, size, &pos, e, d)) > 0) {
		const char *n = e->name;
		uint32_t nlen = e->namesize - 1, i;

		strip_root(&n, &nlen);
		if ((e->mode & CPIO_MODE_TYPE_MASK) != CPIO_MODE_REGULAR || nlen != namelen)
			continue;
		for (i = 0; i < nlen && n[i] == name[i]; i++)
			;
		if (i == nlen)
			return 1;
	}
	return r;
}
