/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page_pool trace events (tracefs, CONFIG_EVENT_TRACING) as evidence of
 * what a NIC's pools did, for drivers whose pools the netdev page-pool-get
 * dump does not list (vmxnet3 in 6.12 creates them without .netdev):
 *
 *   page_pool_state_hold  a pool took a page from the page allocator for its
 *                         device: the driver really receives into a page_pool
 *   page_pool_release     the pool is being destroyed (its driver let go of
 *                         it), and again on every retry while pages are
 *                         still out: inflight= at the first one is what was
 *                         in flight when the device went, the last one 0
 *                         when they all came back
 *
 * A pool is known by its pointer as the event prints it (%p: hashed, the same
 * for one pool all boot). The parser is pure (the suite's tests run it on
 * recorded trace text, tests/data/pagepool/); the rest writes tracefs.
 */
#ifndef PPCST_PP_TRACE_H
#define PPCST_PP_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#define PP_TRACE_MAX_POOLS 32
/* $PPCST_TRACE_CAPTURE=DIR: every trace text read is also written to
 * DIR/trace-<n>.txt (recordings for tests/data/pagepool/). */
#define PP_TRACE_CAPTURE_ENV "PPCST_TRACE_CAPTURE"

struct pp_trace_pool {
	char ptr[32];			/* "page_pool=" as printed */
	unsigned long holds;		/* page_pool_state_hold events */
	unsigned long releases;		/* page_pool_release events */
	long first_inflight;		/* at its first page_pool_release */
	long last_inflight;		/* at its last one */
};

struct pp_trace {
	struct pp_trace_pool pools[PP_TRACE_MAX_POOLS];
	int nr;				/* pools kept */
	bool overflow;			/* more pools than PP_TRACE_MAX_POOLS */
};

/* Adds the page_pool events of trace text TEXT (a tracefs "trace" file) to T
 * (zero it first); the number of events read. */
int pp_trace_parse(const char *text, struct pp_trace *t);
/* The pool PTR in T, or NULL. */
const struct pp_trace_pool *pp_trace_pool(const struct pp_trace *t, const char *ptr);
/* Sums over T's pools. */
unsigned long pp_trace_holds(const struct pp_trace *t);
/*
 * Whether every pool of POOLS was destroyed by AFTER (a page_pool_release
 * event) and got all its pages back (inflight=0 at its last one); how many
 * were destroyed, and the pages they had out when they were.
 */
bool pp_trace_drained(const struct pp_trace *pools, const struct pp_trace *after,
		      long *in_flight, int *destroyed);

/*
 * Makes a trace instance of its own (instances/ppcst-pagepool: an empty
 * buffer; the operator's tracing is left alone) and turns on its
 * page_pool_release events, and with HOLDS page_pool_state_hold too (the
 * cleanup stack turns them off and removes the instance). Mounts tracefs on
 * /sys/kernel/tracing if it is not there. 0, or -errno with
 * ppcst_last_error(): -ENOENT means no tracefs or no page_pool events.
 */
int pp_trace_begin(bool holds);
/* Parses what the events logged so far into T (zeroed here): 0 or -errno. */
int pp_trace_read(struct pp_trace *t);
/* Turns the events off and removes the instance. */
void pp_trace_end(void);

#endif
