// SPDX-License-Identifier: GPL-2.0
#include "base/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ppcst_sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!len)
		return ppcst_fail(-EINVAL, "%s: no buffer", path);
	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	/* sysfs hands out an attribute in one read; debugfs files are small. */
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int err = errno;

		close(fd);
		return ppcst_fail(-err, "%s: %s", path, strerror(err));
	}
	close(fd);
	buf[n] = 0;
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = 0;
	return 0;
}

int ppcst_sysfs_read_u64(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int ret = ppcst_sysfs_read(path, buf, sizeof(buf));

	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return ppcst_fail(-EINVAL, "%s: \"%s\" is not a number", path, buf);
	return 0;
}

int ppcst_sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(val);
	ssize_t n;

	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	n = write(fd, val, len);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;

		close(fd);
		return ppcst_fail(-err, "%s: writing \"%s\": %s", path, val, strerror(err));
	}
	if (close(fd))
		return ppcst_fail(-errno, "%s: writing \"%s\": %s", path, val, strerror(errno));
	return 0;
}

void ppcst_capture(const char *dir_env, const char *name, const void *buf, size_t len)
{
	const char *dir = getenv(dir_env);
	char path[PATH_MAX];
	int fd;

	if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		fprintf(stderr, "%s: %s\n", path, fd < 0 ? strerror(errno) : "short write");
	if (fd >= 0)
		close(fd);
}

int ppcst_sysfs_find_entry(const char *dir, const char *attr, const char *value, char *name,
		     size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = -ENODEV;

	if (!d)
		return ppcst_fail(-errno, "%s: %s", dir, strerror(errno));
	while (ret && (e = readdir(d))) {
		char path[PATH_MAX], got[256];

		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name, attr) >=
			    (int)sizeof(path) ||
		    ppcst_sysfs_read(path, got, sizeof(got)) || strcmp(got, value))
			continue;
		if (snprintf(name, len, "%s", e->d_name) < (int)len)
			ret = 0;
	}
	closedir(d);
	return ret;
}

bool is_root(void)
{
	return geteuid() == 0;
}

/* DIR/NAME into OUT; a path that does not fit is an error, not truncated. */
int ppcst_sysfs_join(char *out, size_t len, const char *dir, const char *name)
{
	if (snprintf(out, len, "%s/%s", dir, name) >= (int)len)
		return ppcst_fail(-ENAMETOOLONG, "%s/%s: path too long", dir, name);
	return 0;
}

int ppcst_sysfs_read_at_u64(const char *dir, const char *name, uint64_t *val)
{
	char path[PATH_MAX];

	return ppcst_sysfs_join(path, sizeof(path), dir, name) ?: ppcst_sysfs_read_u64(path, val);
}
