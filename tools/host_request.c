// SPDX-License-Identifier: GPL-2.0
/*
 * host_request: one host request from a shell in the testbed guest, for
 * scripts and for a person poking at a guest: the command line of the guest's
 * client (lib/testbed/hostreq_client.h); the host serves it in
 * vm/hostreq_server.c.
 *
 *   host_request [-t SECONDS] EXECUTE [ARGUMENTS-JSON]
 *
 *   host_request -t 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 5, "id": "phb5"}'
 *   host_request -t 90 wait-device-deleted '{"id": "phb5"}'
 *
 * The reply goes to stdout as the host wrote it. Exit status: 0 a
 * {"return": ...} reply, 1 an error reply or no reply (the reason on
 * stderr), 2 bad usage, 4 no host request channel (not in the testbed).
 */
#include "testbed/hostreq_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/sysfs.h"

#define DEFAULT_TIMEOUT_S 30
/* query-pci answers with every device of every PHB. */
#define REPLY_MAX (1 << 20)
#define KSFT_SKIP 4
#define STR_(x) #x
#define STR(x) STR_(x)

static int usage_error(const char *what)
{
	fprintf(stderr, "host_request: %s (usage: host_request [-t SECONDS] EXECUTE "
		"[ARGUMENTS-JSON])\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long timeout_s = DEFAULT_TIMEOUT_S;
	char *end, *reply;
	int c, ret;

	while ((c = getopt(argc, argv, "+t:")) != -1) {
		if (c != 't')
			return usage_error("bad option");
		errno = 0;
		timeout_s = strtoul(optarg, &end, 10);
		if (errno || *end || !*optarg || !timeout_s || timeout_s > HOST_REQUEST_MAX_TIMEOUT_S)
			return usage_error("-t wants seconds from 1 to " STR(HOST_REQUEST_MAX_TIMEOUT_S));
	}
	if (argc - optind < 1 || argc - optind > 2)
		return usage_error("one command and at most one JSON object of arguments");
	reply = malloc(REPLY_MAX);
	if (!reply)
		return 1;
	ret = host_request(argv[optind], argv[optind + 1], (unsigned int)timeout_s, reply,
			   REPLY_MAX);
	if (*reply)
		puts(reply);
	if (ret)
		fprintf(stderr, "host_request: %s\n", ppcst_last_error());
	free(reply);
	if (ret == -EINVAL)
		return 2;
	return ret == -ENODEV ? KSFT_SKIP : !!ret;
}
