/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clock of every deadline in lib/ and the tests.
 */
#ifndef PPCST_CLOCK_H
#define PPCST_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds. Both are async-signal-safe, for cleanup
 * actions. */
int64_t ppcst_now_ms(void);
/* The same clock in seconds, for durations the tests print. */
double ppcst_now_s(void);
/* The kernel log's clock (/proc/uptime) in seconds, -1 if unreadable:
 * what a test prints so that its events can be found in the log. */
double ppcst_uptime_s(void);
/* Sleeps @ms milliseconds, signals or not. */
void ppcst_sleep_ms(int64_t ms);

#endif
