/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unpack a flattened device tree into the /proc/device-tree layout (one
 * directory per node named "name@unit", one raw-bytes file per property),
 * so lib/dma/dt.c reads recorded blobs exactly as it reads a live system.
 */
#ifndef PPCST_FDT_DIR_H
#define PPCST_FDT_DIR_H

#include <stddef.h>

/* Unpack the dtb file DTB into a new temporary directory; its path is
 * written to DIR.  0, or -1 with a message on stderr. */
int fdt_to_dir(const char *dtb, char *dir, size_t dirlen);
/* Remove a directory made by fdt_to_dir(). */
void fdt_dir_remove(const char *dir);
/*
 * Path of recorded data file NAME under tests/data/: $PPCST_TEST_DATA if
 * set, else found from the test binary (build/host/check/X -> tests/data),
 * so the tests run from any working directory.  0 or -1.
 */
int test_data_path(const char *name, char *out, size_t outlen);
/* The whole of file PATH, NUL-terminated and malloc'ed; NULL if unreadable. */
char *test_read_text(const char *path);

#endif
