// SPDX-License-Identifier: GPL-2.0
/* Files in a directory others write too; the contract is in safe_file.h. */
#include "base/safe_file.h"
#include "base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *safe_fopen_read(const char *path, size_t max)
{
	return safe_fopen_read_at(AT_FDCWD, path, max);
}

FILE *safe_fopen_read_at(int dirfd, const char *path, size_t max)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	FILE *f;
	int e;

	if (fd < 0) {
		e = errno;
		ppcst_fail(-e, "%s: %s", path, e == ELOOP ? "a symbolic link, not read" : strerror(e));
		errno = e;
		return NULL;
	}
	e = fstat(fd, &sb) ? errno : !S_ISREG(sb.st_mode) ? EINVAL :
	    (size_t)sb.st_size > max ? EFBIG : 0;
	if (e) {
		ppcst_fail(-e, "%s: %s", path, e == EINVAL ? "not a plain file, not read" :
			   e == EFBIG ? "larger than expected, not read" : strerror(e));
		close(fd);
		errno = e;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		e = errno;
		close(fd);
		ppcst_fail(-e, "%s: %s", path, strerror(e));
		errno = e;
	}
	return f;
}

char *safe_read_text(const char *path, size_t max, size_t *len)
{
	return safe_read_text_at(AT_FDCWD, path, max, len);
}

char *safe_read_text_at(int dirfd, const char *path, size_t max, size_t *len)
{
	FILE *f = safe_fopen_read_at(dirfd, path, max);
	struct stat sb;
	char *text;
	size_t n;

	if (!f)
		return NULL;
	/* What the file holds (at most max, safe_fopen_read saw to it), not max:
	 * a bound of 64 MiB for a 2 KiB file would be 64 MiB for nothing. */
	if (fstat(fileno(f), &sb) || !(text = malloc((size_t)sb.st_size + 1))) {
		int e = errno;

		fclose(f);
		ppcst_fail(-e, "%s: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	/* The file may have grown since: never more than it was, so never
	 * more than max. */
	n = fread(text, 1, (size_t)sb.st_size, f);
	fclose(f);
	text[n] = '\0';
	if (len)
		*len = n;
	return text;
}

FILE *safe_create(const char *path, char *tmp, size_t tmplen)
{
	int fd;
	FILE *f;

	if ((size_t)snprintf(tmp, tmplen, "%s.XXXXXX", path) >= tmplen) {
		ppcst_fail(-ENAMETOOLONG, "%s: name too long", path);
		return NULL;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ppcst_fail(-errno, "%s: %s", tmp, strerror(errno));
		return NULL;
	}
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f) {
		ppcst_fail(-errno, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
	}
	return f;
}

int safe_commit(FILE *f, const char *tmp, const char *path)
{
	int bad = ferror(f);

	if (fclose(f) || bad || rename(tmp, path)) {
		int e = errno ? errno : EIO;

		unlink(tmp);
		return ppcst_fail(-e, "%s: %s", path, strerror(e));
	}
	return 0;
}

int safe_write_text(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fputs(text, f);
	return safe_commit(f, tmp, path);
}
