/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files in a directory that someone else may write too: the testbed's results
 * share, which the guest (running the kernel under test, as root) writes
 * while the host reads and writes it as root. A name there may be a link to
 * a host file, a FIFO, or a file of any size by the time it is opened.
 * Functions return 0 (or a length) or -errno with ppcst_last_error().
 */
#ifndef PPCST_SAFE_FILE_H
#define PPCST_SAFE_FILE_H

#include <stdio.h>
#include <stddef.h>

/* Opens PATH for reading only if it is a plain file and not a link (a FIFO
 * is refused without blocking) and at most MAX bytes long. A FILE, or NULL
 * with errno and ppcst_last_error() set (ELOOP: a link; EINVAL: not a plain
 * file; EFBIG: too large). */
FILE *safe_fopen_read(const char *path, size_t max);
/* The whole of such a file, NUL-terminated (malloc'd), its length in *len
 * if len; NULL with errno and ppcst_last_error() as safe_fopen_read. */
char *safe_read_text(const char *path, size_t max, size_t *len);
/* The same for PATH relative to the directory DIRFD (or AT_FDCWD): a reader
 * that opened a folder of the guest's with O_NOFOLLOW reads in it without
 * going through its path again, which the guest may have made a link since. */
FILE *safe_fopen_read_at(int dirfd, const char *path, size_t max);
char *safe_read_text_at(int dirfd, const char *path, size_t max, size_t *len);

/* Opens a new file of ours beside PATH (mkstemp: never an existing name, so
 * never through a link) for writing. Its name goes into tmp (tmplen bytes);
 * safe_commit renames it over PATH - whatever PATH was, a link included, is
 * replaced, never written through. NULL with ppcst_last_error(). */
FILE *safe_create(const char *path, char *tmp, size_t tmplen);
/* Closes F and renames TMP over PATH; on any error removes TMP. 0 or -errno. */
int safe_commit(FILE *f, const char *tmp, const char *path);
/* safe_create + the text + safe_commit. */
int safe_write_text(const char *path, const char *text);

#endif
