// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA load watcher: lib/dma/dma_watch.h.
 */
#include "dma/dma_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/error.h"
#include "base/sysfs.h"
#include "dma/tce.h"
#include "base/clock.h"
#include "base/results_file.h"

#define INSTANCE "ppcst-dma"
/* Every event that hands a device bus addresses (unmaps and syncs add none). */
static const char *const map_events[] = {
	"dma_map_page", "dma_map_sg", "dma_map_resource", "dma_alloc", "dma_alloc_pages",
	"dma_alloc_sgt",
};
/* Per-CPU ring of the instance: room for the events of the moments the
 * reader does not get the CPU (a busy 1-CPU guest). */
#define BUFFER_KB "32768"
/* The reader's nice value: ahead of the load it watches, or the ring
 * overruns (12% of the events lost at nice 0 under iperf3 in the testbed). */
#define READER_NICE -10
/* The child reports this long after the stop at most. */
#define STOP_TIMEOUT_S 60

/* ARG: the child's pid. Async-signal-safe. */
static void kill_child(void *arg)
{
	pid_t pid = *(pid_t *)arg;

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The child's record of the samples (lib/dma/dma_watch.h: tce-usage.csv). */
struct sample_log {
	FILE *f;			/* NULL: not recorded */
	const struct dma_watch *w;
	uint64_t last[DMA_WATCH_MAX_TABLES];	/* per result table: the usage last written */
	unsigned long rows;
};

/* Table K of R's usage now, if it changed since the last line (or ALWAYS). */
static void log_sample(struct sample_log *log, const struct dma_watch_result *r, int k,
		       uint64_t in_use, bool always)
{
	if (!log->f || log->rows >= DMA_WATCH_MAX_ROWS || (!always && log->last[k] == in_use))
		return;
	log->last[k] = in_use;
	log->rows++;
	fprintf(log->f, "%lld,%s,%lld,0x%llx,%llu,%llu\n", (long long)log->w->started_ms,
		log->w->label, (long long)(ppcst_now_ms() - log->w->started_ms),
		(unsigned long long)r->tables[k].liobn, (unsigned long long)in_use,
		(unsigned long long)r->tables[k].it_size);
}

static void sample_tce(struct dma_watch_result *r, struct sample_log *log, bool last)
{
	struct tce_snapshot s;

	if (tce_snapshot_take(tce_tables_dir(), &s)) {
		if (!r->samples)
			snprintf(r->tce_error, sizeof(r->tce_error), "%s", ppcst_last_error());
		return;
	}
	for (int i = 0; i < s.nr; i++) {
		struct dma_watch_tce *t = NULL;
		bool first = false;

		for (int k = 0; k < r->nr_tables && !t; k++)
			if (r->tables[k].liobn == s.t[i].liobn)
				t = &r->tables[k];
		if (!t) {
			if (r->nr_tables == DMA_WATCH_MAX_TABLES)
				continue;
			t = &r->tables[r->nr_tables++];
			t->liobn = s.t[i].liobn;
			t->base = s.t[i].weight;
			t->it_size = s.t[i].it_size;
			first = true;
		}
		if (s.t[i].weight > t->peak)
			t->peak = s.t[i].weight;
		log_sample(log, r, (int)(t - r->tables), s.t[i].weight, first || last);
	}
	r->samples++;
	tce_snapshot_free(&s);
}

/* Everything the pipe holds now into R. */
static void read_pipe(int fd, struct dma_watch_result *r, char *buf, size_t len)
{
	ssize_t n;

	while ((n = read(fd, buf, len)) > 0)
		dma_trace_feed(&r->trace, buf, (size_t)n);
}

/* Events every CPU's ring overwrote before they were read. */
static unsigned long read_lost(const struct tracefs_instance *ti)
{
	char path[192], file[64], text[1024];
	unsigned long lost = 0;
	const char *p;

	for (int cpu = 0;; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		tracefs_instance_file(ti, file, path, sizeof(path));
		if (ppcst_sysfs_read(path, text, sizeof(text)))
			return lost;
		if ((p = strstr(text, "overrun: ")))
			lost += strtoul(p + strlen("overrun: "), NULL, 10);
	}
}

static void __attribute__((noreturn)) child(struct dma_watch *w, int stop_fd, int result_fd)
{
	static struct dma_watch_result r;
	static char buf[1 << 16];
	struct pollfd stop = { .fd = stop_fd, .events = POLLIN };
	char path[192];
	const char *p = (const char *)&r;
	size_t left = sizeof(r);
	struct sample_log log = { .w = w };
	int fd;

	dma_trace_init(&r.trace);
	/* Best effort: a reader that falls behind loses events, it says how many. */
	setpriority(PRIO_PROCESS, 0, READER_NICE);
	tracefs_instance_file(&w->trace, "trace_pipe", path, sizeof(path));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		_exit(1);
	/* Best effort too: the samples are for the page, the verdict needs none. */
	log.f = results_file_append(DMA_WATCH_CSV, DMA_WATCH_CSV_HEADER);
	sample_tce(&r, &log, false);
	/* Stop: the parent closed its end (or died). */
	while (!poll(&stop, 1, DMA_WATCH_PERIOD_MS)) {
		read_pipe(fd, &r, buf, sizeof(buf));
		sample_tce(&r, &log, false);
	}
	read_pipe(fd, &r, buf, sizeof(buf));
	sample_tce(&r, &log, true);
	if (log.f)
		fclose(log.f);
	dma_trace_finish(&r.trace);
	r.lost = read_lost(&w->trace);
	while (left) {
		ssize_t n = write(result_fd, p, left);

		if (n <= 0)
			_exit(1);
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

int dma_watch_start(struct dma_watch *w, const char *label)
{
	char path[192];
	int stop[2], result[2], ret;

	memset(w, 0, sizeof(*w));
	snprintf(w->label, sizeof(w->label), "%s", label);
	w->started_ms = ppcst_now_ms();
	w->pid = -1;
	w->undo_kill = -1;
	ret = tracefs_instance_begin(&w->trace, INSTANCE, "dma",
				     "CONFIG_FTRACE, and a 6.12 or later kernel");
	if (ret)
		return ret;
	tracefs_instance_file(&w->trace, "buffer_size_kb", path, sizeof(path));
	ppcst_sysfs_write(path, BUFFER_KB);
	for (size_t i = 0; !ret && i < sizeof(map_events) / sizeof(map_events[0]); i++)
		ret = tracefs_event_enable(&w->trace, "dma", map_events[i]);
	if (ret) {
		tracefs_instance_end(&w->trace);
		return ret;
	}
	if (pipe2(stop, O_CLOEXEC) || pipe2(result, O_CLOEXEC)) {
		tracefs_instance_end(&w->trace);
		return ppcst_fail(-errno, "pipe: %s", strerror(errno));
	}
	w->pid = fork();
	if (w->pid < 0) {
		ret = ppcst_fail(-errno, "fork: %s", strerror(errno));
		tracefs_instance_end(&w->trace);
		return ret;
	}
	if (!w->pid) {
		close(stop[1]);
		close(result[0]);
		child(w, stop[0], result[1]);
	}
	close(stop[0]);
	close(result[1]);
	w->stop_fd = stop[1];
	w->result_fd = result[0];
	w->undo_kill = cleanup_push("dma trace reader killed", kill_child, &w->pid,
				    sizeof(w->pid));
	return 0;
}

int dma_watch_stop(struct dma_watch *w, struct dma_watch_result *r)
{
	struct pollfd pfd = { .fd = w->result_fd, .events = POLLIN };
	char *p = (char *)r;
	size_t got = 0;
	time_t end = time(NULL) + STOP_TIMEOUT_S;
	int status, ret = 0;

	/* Events off first: what the child drains after the stop is all there is. */
	tracefs_events_off(&w->trace);
	close(w->stop_fd);
	while (got < sizeof(*r) && time(NULL) < end) {
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		n = read(w->result_fd, p + got, sizeof(*r) - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(w->result_fd);
	if (got < sizeof(*r)) {
		kill(w->pid, SIGKILL);
		ret = ppcst_fail(-EIO, "the dma trace reader reported %zu of %zu bytes", got,
				 sizeof(*r));
	}
	waitpid(w->pid, &status, 0);
	cleanup_drop(w->undo_kill);
	tracefs_instance_end(&w->trace);
	return ret;
}

const struct dma_watch_tce *dma_watch_tce(const struct dma_watch_result *r, uint64_t liobn)
{
	for (int i = 0; i < r->nr_tables; i++)
		if (r->tables[i].liobn == liobn)
			return &r->tables[i];
	return NULL;
}
