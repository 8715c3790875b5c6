// SPDX-License-Identifier: MIT
#include <relok/cmdline.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool cmdline_next(const char *args, uint32_t len, uint32_t *pos,
		  const char **tok, uint32_t *tlen)
{
	uint32_t i = *pos, start;

	while (i < len && args[i] && is_space(args[i]))
		i++;
	if (i >= len || !args[i])
		return false;
	start = i;
	while (i < len && args[i] && !is_space(args[i]))
		i++;
	*tok = args + start;
	*tlen = i - start;
	*pos = i;
	return true;
}

/* Does s[0..n) start with the NUL-terminated word, and how long is word? */
static bool has_prefix(const char *s, uint32_t n, const char *word, uint32_t *wlen)
{
	uint32_t i;

	for (i = 0; word[i]; i++)
		if (i >= n || s[i] != word[i])
			return false;
	*wlen = i;
	return true;
}

bool cmdline_has_word(const char *args, uint32_t len, const char *word)
{
	const char *tok;
	uint32_t pos = 0, tlen, wlen;

	if (!args)
		return false;
	while (cmdline_next(args, len, &pos, &tok, &tlen))
		if (has_prefix(tok, tlen, word, &wlen) && wlen == tlen)
			return true;
	return false;
}

bool cmdline_get(const char *args, uint32_t len, const char *key,
		 const char **val, uint32_t *vlen)
{
	const char *tok;
	uint32_t pos = 0, tlen, klen;

	if (!args)
		return false;
	while (cmdline_next(args, len, &pos, &tok, &tlen)) {
		if (has_prefix(tok, tlen, key, &klen) && klen < tlen && tok[klen] == '=') {
			*val = tok + klen + 1;
			*vlen = tlen - klen - 1;
			return true;
		}
	}
	return false;
}

bool cmdline_list_has(const char *val, uint32_t vlen, const char *word)
{
	uint32_t i = 0, wlen;

	while (i <= vlen) {
		uint32_t end = i;

		while (end < vlen && val[end] != ',')
			end++;
		if (has_prefix(val + i, end - i, word, &wlen) && wlen == end - i)
			return true;
		i = end + 1;
	}
	return false;
}
