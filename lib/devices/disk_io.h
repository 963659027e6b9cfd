/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verified disk I/O through a device's DMA window: fio writes a pattern with
 * checksums to a scratch disk with O_DIRECT (the device DMAs straight from
 * and into the test's buffers) and reads it back, failing at the first block
 * whose checksum does not match.
 *
 * The disk is overwritten. On a real partition only the one the operator
 * names: $PPCST_SCRATCH_DISK=/dev/NAME, a whole disk that is not mounted and
 * not in use; in the testbed the virtio disk with serial TESTBED_DISK_SERIAL.
 */
#ifndef PPCST_DISK_IO_H
#define PPCST_DISK_IO_H

#include <stdbool.h>
#include <stddef.h>

#define SCRATCH_DISK_ENV "PPCST_SCRATCH_DISK"

/*
 * The scratch disk into DEV ("/dev/vda") and the PCI address of the device
 * behind it into PCI ("" if not a PCI device). 0; -ENODEV with the skip
 * reason in ppcst_last_error() (no disk); -EINVAL when $PPCST_SCRATCH_DISK names something
 * unusable (no block device, mounted, in use), reason in ppcst_last_error().
 */
int scratch_disk_pick(char *dev, size_t devlen, char *pci, size_t pcilen);

/* Bad input in the environment, checked before any test runs (main()):
 * 0, or -EINVAL with the reason in ppcst_last_error(). */
int scratch_disk_check_env(void);

struct fio_verify_job {
	const char *dev;	/* the scratch disk */
	unsigned long long bytes;	/* how much to write and read back */
	const char *log;	/* fio's output appended here, or NULL */
	unsigned timeout_s;	/* fio is ended after this long */
	/* fio's numa_mem_policy for its I/O buffers ("bind:1"), or NULL */
	const char *numa_mem_policy;
	/*
	 * Blocks of any multiple of 512 bytes up to 255.5 KiB, so that the
	 * buffers fio lays out back to back start off page boundaries: the
	 * device is given unaligned offsets and partial pages, not only whole
	 * 4K-aligned ones (else 4 KiB to 256 KiB).
	 */
	bool unaligned;
};

/*
 * One write-then-verify pass. 0: fio wrote and read back every block intact;
 * 1: fio failed (a verify error, an I/O error, a timeout), ppcst_last_error()
 * quotes fio's line about it; -errno: fio could not run (ppcst_last_error()).
 * SUMMARY gets fio's bandwidth lines, shortened.
 */
int fio_verify(const struct fio_verify_job *job, char *summary, size_t summary_len);

#endif
