// SPDX-License-Identifier: GPL-2.0
#include "fdt_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/*
 * A node or property name becomes one directory entry: a '/' or a "." or
 * ".." in a corrupt blob would put files outside the tree (fdt_check_full()
 * does not look at the characters).
 */
static bool entry_name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..");
}

/* Deeper than any real tree, and than lib/dma/dt.c walks; bounds the recursion
 * on a corrupt blob. */
#define MAX_DEPTH 64

/* Node OFF of FDT into directory DIR (already created). */
static int unpack_node(const void *fdt, int off, const char *dir, int depth)
{
	char path[4096];
	int sub, prop;

	if (depth > MAX_DEPTH) {
		fprintf(stderr, "fdt_to_dir: %s: nested too deep\n", dir);
		return -1;
	}
	fdt_for_each_property_offset(prop, fdt, off) {
		const char *name = NULL;
		int len;
		const void *val = fdt_getprop_by_offset(fdt, prop, &name, &len);

		if (!val || !entry_name_ok(name) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, name) >=
			    (int)sizeof(path) || write_file(path, val, (size_t)len)) {
			fprintf(stderr, "fdt_to_dir: property %s/%s: %s\n", dir,
				name ? name : "?", strerror(errno));
			return -1;
		}
	}
	fdt_for_each_subnode(sub, fdt, off) {
		const char *name = fdt_get_name(fdt, sub, NULL);

		if (!entry_name_ok(name) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, name) >=
			     (int)sizeof(path) || mkdir(path, 0755) ||
		    unpack_node(fdt, sub, path, depth + 1)) {
			fprintf(stderr, "fdt_to_dir: node %s/%s: %s\n", dir,
				name ? name : "?", strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

int fdt_to_dir(const char *dtb, char *dir, size_t dirlen)
{
	size_t len = 0;
	void *fdt = read_all(dtb, &len);
	int ret = -1;

	if (!fdt || fdt_check_full(fdt, len)) {
		fprintf(stderr, "fdt_to_dir: %s: not a readable, valid dtb\n", dtb);
		goto out;
	}
	if (snprintf(dir, dirlen, "%s/ppcst-dt.XXXXXX",
		     getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp") >= (int)dirlen ||
	    !mkdtemp(dir)) {
		fprintf(stderr, "fdt_to_dir: temporary directory: %s\n", strerror(errno));
		goto out;
	}
	ret = unpack_node(fdt, 0, dir, 0);
	if (ret)
		fdt_dir_remove(dir);
out:
	free(fdt);
	return ret;
}

static int remove_entry(const char *path, const struct stat *sb, int type,
			struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

void fdt_dir_remove(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int test_data_path(const char *name, char *out, size_t outlen)
{
	const char *env = getenv("PPCST_TEST_DATA");
	char exe[4096];
	ssize_t n;

	if (env)
		return snprintf(out, outlen, "%s/%s", env, name) < (int)outlen ? 0 : -1;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = 0;
	/* build/host/check/<prog>: three levels below the top. */
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');

		if (!slash)
			return -1;
		*slash = 0;
	}
	return snprintf(out, outlen, "%s/tests/data/%s", exe, name) < (int)outlen ? 0 : -1;
}

char *test_read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&text, &len, 0, f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}
