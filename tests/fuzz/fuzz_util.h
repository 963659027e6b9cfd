/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets that parse files share: the parsers take a path,
 * so the fuzzed bytes go into a file first, in a directory private to the
 * fuzzing process (made once with mkdtemp, removed at a normal exit) and
 * never anywhere else. And what targets check of the texts a parser hands
 * on to a report: bounded and printable.
 */
#ifndef PPCST_FUZZ_UTIL_H
#define PPCST_FUZZ_UTIL_H

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/fdt_dir.h"

static char fuzz_dir_path[PATH_MAX];

static void fuzz_dir_remove(void)
{
	/* Removes any tree (depth first, symlinks not followed). */
	fdt_dir_remove(fuzz_dir_path);
}

/* The private directory; a target that cannot have one cannot run: abort. */
static inline const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_dir_path[0])
		return fuzz_dir_path;
	snprintf(fuzz_dir_path, sizeof(fuzz_dir_path), "%s/ppcst-fuzz.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir_path)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_dir_remove);
	return fuzz_dir_path;
}

/* Writes DATA as file NAME of the private directory (replacing it); the path
 * is returned in a buffer of the caller's. */
static inline const char *fuzz_write_file(const char *name, const uint8_t *data,
					  size_t size, char path[PATH_MAX])
{
	int fd;

	snprintf(path, PATH_MAX, "%s/%s", fuzz_dir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		perror(path);
		abort();
	}
	close(fd);
	return path;
}

/* A text a parser returns: NUL-terminated within LEN, printable ASCII
 * (and newlines and tabs if WHITESPACE); abort() if not. */
static inline void fuzz_check_text(const char *s, size_t len, bool whitespace)
{
	size_t n = strnlen(s, len);

	if (n == len)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 0x20 && s[i] < 0x7f) || (whitespace && (s[i] == '\n' || s[i] == '\t'))))
			abort();
}

#endif
