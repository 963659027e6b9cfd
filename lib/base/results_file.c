// SPDX-License-Identifier: GPL-2.0
/*
 * A test's data files beside its result: lib/base/results_file.h.
 */
#include "base/results_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"

FILE *results_file_append(const char *name, const char *header)
{
	const char *dir = getenv(RESULTS_DIR_ENV);
	char path[PATH_MAX];
	struct stat sb;
	FILE *f;
	int fd;

	if (!dir || !*dir) {
		errno = ENOENT;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		ppcst_fail(-errno, "%s: %s", path, strerror(errno));
		return NULL;
	}
	f = fdopen(fd, "a");
	if (!f) {
		ppcst_fail(-errno, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	if (header && !fstat(fd, &sb) && !sb.st_size)
		fputs(header, f);
	return f;
}

void results_cycle_time(const char *test_case, int cycle, const char *step, double seconds)
{
	FILE *f = results_file_append(RESULTS_CYCLES_CSV, "case,cycle,step,seconds\n");

	if (!f)
		return;
	fprintf(f, "%s,%d,%s,%.3f\n", test_case, cycle, step, seconds);
	fclose(f);
}
