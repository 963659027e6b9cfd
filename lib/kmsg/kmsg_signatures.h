/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel-log scanner looks for: the table of signatures
 * (lib/kmsg/kmsg_signatures.c), each a printk of the kernel with its
 * severity and how a finding of it is excerpted.
 */
#ifndef PPCST_KMSG_SIGNATURES_H
#define PPCST_KMSG_SIGNATURES_H

#include <stdbool.h>
#include <stddef.h>

enum kmsg_severity {
	KMSG_WARN,	/* printed, never fails a test */
	KMSG_FAIL,	/* fails the test that was running */
};

struct kmsg_signature {
	const char *name;	/* stable id used by tests and summary.json */
	enum kmsg_severity severity;
	/* POSIX ERE searched in the message text (timestamps stripped) */
	const char *pattern;
	/*
	 * Optional ERE that must also match the trigger line or one of the
	 * next 'also_lines' lines: TCE hcall failures print rc on their own line.
	 */
	const char *also;
	unsigned int also_lines;
	/* excerpt runs from the "cut here"/"====" header to the end marker */
	bool block;
};

extern const struct kmsg_signature kmsg_signatures[];
extern const size_t kmsg_signature_count;

/* The entry named NAME, or NULL. */
const struct kmsg_signature *kmsg_signature_find(const char *name);

#endif
