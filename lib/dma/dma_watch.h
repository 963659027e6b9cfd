/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Watching a DMA load: while it runs, a child process reads the kernel's dma
 * trace events (lib/dma/dma_trace.h) from a trace instance of the suite's own
 * (instances/ppcst-dma, lib/base/tracefs.h) as they come, so that no event is
 * lost to a full ring buffer however long the load, and samples every TCE
 * table's usage (debugfs, CONFIG_IOMMU_DEBUGFS) for its peak: the load's
 * TCEs are back in the pool by the time it has ended.
 *
 * The samples themselves go into the test's folder (lib/base/results_file.h),
 * for the page of the run to plot: tce-usage.csv, a line
 * "watch,label,ms,liobn,in_use,entries" per table and sample in which its
 * usage changed (and at the first and last sample), WATCH the watch's
 * start (ppcst_now_ms, which tells watches apart), MS since then, at most
 * DMA_WATCH_MAX_ROWS lines per watch.
 */
#ifndef PPCST_DMA_WATCH_H
#define PPCST_DMA_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "dma/dma_trace.h"
#include "base/tracefs.h"

#define DMA_WATCH_MAX_TABLES 32
/* How often the TCE usage is sampled, and the trace read. */
#define DMA_WATCH_PERIOD_MS 50
/* A 10-minute load with every table changing at each sample stays under a
 * few MB; the page reads what fits its bound. */
#define DMA_WATCH_MAX_ROWS 50000
#define DMA_WATCH_CSV "tce-usage.csv"
#define DMA_WATCH_CSV_HEADER "watch,label,ms,liobn,in_use,entries\n"

/* One TCE table over the load. */
struct dma_watch_tce {
	uint64_t liobn;
	uint64_t base;		/* TCEs in use when the watch began */
	uint64_t peak;		/* most seen in use meanwhile */
	uint64_t it_size;	/* entries */
};

struct dma_watch_result {
	struct dma_trace trace;
	struct dma_watch_tce tables[DMA_WATCH_MAX_TABLES];
	int nr_tables;		/* 0: no debugfs TCE tables (tce_error says why) */
	char tce_error[160];
	unsigned long samples;
	unsigned long lost;	/* events the ring buffer dropped before we read them */
};

struct dma_watch {
	char label[64];		/* what the load is: letters, digits, _ - . */
	int64_t started_ms;	/* ppcst_now_ms() at the start: the watch's id */
	pid_t pid;
	int stop_fd;		/* closed: the child drains and reports */
	int result_fd;
	int undo_kill;		/* cleanup entry that kills the child */
	struct tracefs_instance trace;
};

/*
 * Turns on the dma map events in the instance and starts the child; LABEL
 * (a name: the test case) marks its samples. 0, or -errno with
 * ppcst_last_error() (-ENOENT: no dma events, that is no CONFIG_FTRACE or a
 * kernel before 6.12). The cleanup stack ends it all.
 */
int dma_watch_start(struct dma_watch *w, const char *label);
/* Turns the events off, lets the child read what is left and report into
 * R: 0, or -errno with ppcst_last_error(). */
int dma_watch_stop(struct dma_watch *w, struct dma_watch_result *r);
/* The table of LIOBN in R, or NULL. */
const struct dma_watch_tce *dma_watch_tce(const struct dma_watch_result *r, uint64_t liobn);

#endif
