/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a test program may assume inside the suite's QEMU testbed (vm/): the
 * guest and all its devices are the suite's own, so tests may lend, rewire
 * and overwrite the devices the profiles put there for them. On a real
 * partition they touch only what the operator names (environment variables
 * in each helper's header).
 */
#ifndef PPCST_TESTBED_H
#define PPCST_TESTBED_H

#include <stdbool.h>

/* vm/profiles/default.profile's scratch disk: virtio-blk serial. */
#define TESTBED_DISK_SERIAL "ppcst-scratch"
/* The NIC under test and its peer, wired to each other through a QEMU hub. */
#define TESTBED_NIC_MAC "52:54:00:c0:ff:01"
#define TESTBED_PEER_MAC "52:54:00:c0:ff:02"

/* True inside the testbed guest (booted by vmrun with init=TESTBED_INIT). */
bool testbed_guest(void);
/* True when WORD is a whole word of the kernel command line: how a testbed
 * profile opts its guest in to a case (its "append =" line), since the
 * host's environment does not reach the guest's tests. */
bool testbed_cmdline_has(const char *word);

#endif
