// SPDX-License-Identifier: GPL-2.0
/* The QEMU pseries driver of the testbed; the contract is in vm/qemu.h. */
#include "qemu.h"
#include "base/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Longer console lines are handed over in pieces of this size. */
#define MAX_LINE 4096
/* How often a wait looks at waitpid: QEMU's death must end a wait promptly
 * even when its pipes stay quiet. */
#define REAP_SLICE_MS 100

struct vm_qemu {
	pid_t pid;
	int wait_status;	/* -1 while running */
	int console_fd;		/* -1 at EOF */
	int console_log_fd;
	FILE *events_log;
	struct vm_qmp *qmp;
	bool qmp_dead;		/* EOF or a protocol error: stop polling it */
	char tmpdir[64];
	char qmp_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct vm_strv argv;
	struct vm_strv scratch;	/* "NODE PATH" of the scratch disk images made */
	struct vm_strv memfiles;	/* "ID BYTES PATH" of the memory backing files made */
	vm_console_fn on_line;
	void *ctx;
	char line[MAX_LINE + 1];
	size_t line_len;
	unsigned long nlines;
	char *history[VM_CONSOLE_HISTORY];	/* line number % HISTORY */
	const char *want;	/* wait_console's needle, NULL when not waiting */
	bool want_seen;
};

static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

void vm_signals_install(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: poll() must return EINTR so that waits end at once. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int vm_signal_pending(void)
{
	return pending_signal;
}

const char *vm_qemu_binary(const char *qemu)
{
	const char *env = getenv("QEMU");

	if (qemu && *qemu)
		return qemu;
	return env && *env ? env : "qemu-system-ppc64";
}

/* `BIN ARGS 2>&1` to read from (pclose it), or NULL with the reason in err.
 * ARGS is the caller's, checked words; BIN goes in quotes. */
static FILE *qemu_popen(const char *bin, const char *args, char *err, size_t errlen)
{
	char *cmd;
	FILE *p;

	/* popen's shell would read a path with spaces as several words. */
	if (strchr(bin, '\'') || asprintf(&cmd, "'%s' %s 2>&1", bin, args) < 0) {
		snprintf(err, errlen, "unusable QEMU path: %s", bin);
		return NULL;
	}
	p = popen(cmd, "re");
	free(cmd);
	if (!p)
		snprintf(err, errlen, "cannot run %s: %s", bin, strerror(errno));
	return p;
}

int vm_qemu_version(const char *qemu, char *buf, size_t len)
{
	const char *bin = vm_qemu_binary(qemu);
	char *nl;
	FILE *p;
	int st;

	p = qemu_popen(bin, "--version", buf, len);
	if (!p)
		return -1;
	if (!fgets(buf, (int)len, p))
		buf[0] = '\0';
	/* Read the rest so that QEMU is not killed by SIGPIPE mid-write. */
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	if (st != 0 || strncmp(buf, "QEMU emulator version", 21)) {
		char out[160];

		snprintf(out, sizeof(out), "%s", buf);
		snprintf(buf, len, "%s --version failed: %s", bin, *out ? out : "no output");
		return -1;
	}
	return 0;
}

bool vm_qemu_help_lists(const char *help, const char *prop)
{
	size_t plen = strlen(prop);

	/* "  PROP=<type> ... - description": one property a line, indented. */
	for (const char *line = help; *line;) {
		const char *name = line + strspn(line, " "), *nl;

		if (name > line && !strncmp(name, prop, plen) && name[plen] == '=')
			return true;
		nl = strchr(line, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	return false;
}

int vm_qemu_lacks(const char *qemu, const struct vm_profile *p, char *what, size_t len)
{
	const char *bin = vm_qemu_binary(qemu);

	for (size_t i = 0; i < p->needs.n; i++) {
		char type[VM_NEEDS_NAME_MAX + 1], prop[VM_NEEDS_NAME_MAX + 1];
		char args[VM_NEEDS_NAME_MAX + 32], help[1 << 16];
		size_t n = 0, got;
		FILE *f;
		int st;

		if (vm_needs_parse(p->needs.v[i], type, prop, what, len))
			return -1;
		snprintf(args, sizeof(args), "-device %s,help", type);
		f = qemu_popen(bin, args, what, len);
		if (!f)
			return -1;
		/* All of it, so that QEMU is not killed by SIGPIPE mid-write;
		 * what does not fit is no property list. */
		while ((got = fread(help + n, 1, sizeof(help) - 1 - n, f)) > 0)
			n += got;
		while (fgetc(f) != EOF)
			;
		help[n] = '\0';
		st = pclose(f);
		if (st != 0 && strstr(help, "not a valid device model name")) {
			snprintf(what, len, "QEMU %s has no device %s (needs-property %s %s; "
				 "vm/qemu/build.sh builds the suite's own)", bin, type, type, prop);
			return 1;
		}
		if (st != 0) {
			snprintf(what, len, "%s -device %s,help failed: %.160s", bin, type, help);
			return -1;
		}
		if (!vm_qemu_help_lists(help, prop)) {
			snprintf(what, len, "QEMU %s lacks property %s of %s (vm/qemu/build.sh builds "
				 "the suite's own with it)", bin, prop, type);
			return 1;
		}
	}
	return 0;
}

bool vm_qemu_use_kvm(void)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.machine, "ppc64le") && !access("/dev/kvm", R_OK | W_OK);
}

static void build_argv(struct vm_qemu *vm, const struct vm_qemu_config *cfg)
{
	const struct vm_profile *p = cfg->profile;
	struct vm_strv *a = &vm->argv;
	bool kvm = vm_qemu_use_kvm();
	const char *opts = strchr(p->machine, ',');
	char *append;
	size_t alen;
	FILE *f;

	vm_strv_push(a, vm_qemu_binary(cfg->qemu));
	/* TCG lacks the Spectre workarounds the pseries machine asks for by
	 * default and warns about each; say "off" up front so that qemu.stderr
	 * only holds what matters. The profile's own options come after. */
	vm_strv_push(a, "-M");
	if (kvm)
		vm_strv_push(a, p->machine);
	else
		vm_strv_pushf(a, "%.*s,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off%s",
			      (int)(opts ? opts - p->machine : (long)strlen(p->machine)),
			      p->machine, opts ? opts : "");
	vm_strv_push(a, "-accel");
	vm_strv_push(a, kvm ? "kvm" : "tcg");
	vm_strv_push(a, "-cpu");
	vm_strv_push(a, kvm ? "host" : p->cpu);
	vm_strv_push(a, "-smp");
	vm_strv_pushf(a, "%u", p->smp);
	vm_strv_push(a, "-m");
	vm_strv_push(a, p->memory);
	/* Only what the profile asks for: no default NIC, VGA or USB. */
	vm_strv_push(a, "-nodefaults");
	vm_strv_push(a, "-no-user-config");
	vm_strv_push(a, "-display");
	vm_strv_push(a, "none");
	if (!cfg->allow_reboot)
		vm_strv_push(a, "-no-reboot");
	/* Stop, not exit, on a guest panic: the GUEST_PANICKED event and the
	 * console's last words reach us before we kill QEMU. */
	vm_strv_push(a, "-action");
	vm_strv_push(a, "panic=pause");
	vm_strv_push(a, "-kernel");
	vm_strv_push(a, cfg->kernel);

	f = open_memstream(&append, &alen);
	if (!f)
		abort();
	fputs(VM_GUEST_ROOT_APPEND, f);
	for (size_t i = 0; i < p->append.n; i++)
		fprintf(f, " %s", p->append.v[i]);
	if (cfg->append && *cfg->append)
		fprintf(f, " %s", cfg->append);
	fclose(f);
	vm_strv_push(a, "-append");
	vm_strv_push(a, append);
	free(append);

	/* The console is QEMU's stdout, a pipe to us: no file to tail, no
	 * socket to race with; signal=off keeps ^C in a console ours. */
	vm_strv_push(a, "-chardev");
	vm_strv_push(a, "stdio,id=console,signal=off");
	vm_strv_push(a, "-device");
	vm_strv_push(a, "spapr-vty,chardev=console");
	vm_strv_push(a, "-chardev");
	vm_strv_pushf(a, "socket,id=qmp,path=%s,server=on,wait=off", vm->qmp_path);
	vm_strv_push(a, "-mon");
	vm_strv_push(a, "chardev=qmp,mode=control");

	/* -virtfs names its fsdev after the tag unless given an id, and
	 * "/dev/root" is no valid id. */
	vm_strv_push(a, "-virtfs");
	vm_strv_pushf(a, "local,path=%s,mount_tag=/dev/root,security_model=none,readonly=on,id=ppcst-root",
		      cfg->rootfs);
	for (size_t i = 0; i < cfg->n_shares; i++) {
		vm_strv_push(a, "-virtfs");
		vm_strv_pushf(a, "local,path=%s,mount_tag=%s,security_model=none,id=%s%s",
			      cfg->shares[i].path, cfg->shares[i].tag, cfg->shares[i].tag,
			      cfg->shares[i].readonly ? ",readonly=on" : "");
	}
	for (size_t i = 0; i < vm->scratch.n; i++) {
		const char *path = strchr(vm->scratch.v[i], ' ') + 1;

		vm_strv_push(a, "-blockdev");
		vm_strv_pushf(a, "driver=raw,node-name=%.*s,file.driver=file,file.filename=%s",
			      (int)(path - 1 - vm->scratch.v[i]), vm->scratch.v[i], path);
	}
	/* Objects first: numa nodes and devices refer to them. */
	for (size_t i = 0; i < vm->memfiles.n; i++) {
		char id[VM_SCRATCH_NODE_MAX + 1];
		unsigned long long bytes;
		int path_at = 0;

		sscanf(vm->memfiles.v[i], "%32s %llu %n", id, &bytes, &path_at);
		vm_strv_push(a, "-object");
		vm_strv_pushf(a, "memory-backend-file,id=%s,mem-path=%s,size=%llu,share=on", id,
			      vm->memfiles.v[i] + path_at, bytes);
	}
	for (size_t i = 0; i < p->objects.n; i++) {
		vm_strv_push(a, "-object");
		vm_strv_push(a, p->objects.v[i]);
	}
	for (size_t i = 0; i < p->numa.n; i++) {
		vm_strv_push(a, "-numa");
		vm_strv_push(a, p->numa.v[i]);
	}
	for (size_t i = 0; i < p->devices.n; i++) {
		vm_strv_push(a, "-device");
		vm_strv_push(a, p->devices.v[i]);
	}
	for (size_t i = 0; i < p->args.n; i++)
		vm_strv_push(a, p->args.v[i]);
	for (size_t i = 0; cfg->extra_args && cfg->extra_args[i]; i++)
		vm_strv_push(a, cfg->extra_args[i]);
}

/* Moves fd out of the 0..3 range so that the dup2()s below cannot clobber it. */
static int high_fd(int fd)
{
	return fcntl(fd, F_DUPFD_CLOEXEC, 10);
}

static void exec_child(struct vm_qemu *vm, pid_t parent, int console_w, int stderr_fd,
		       int report_fd)
{
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int out = high_fd(console_w), err = high_fd(stderr_fd), in = high_fd(devnull);
	sigset_t none;
	int e;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before PDEATHSIG was armed. */
	if (getppid() != parent)
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		goto fail;
	execvp(vm->argv.v[0], vm->argv.v);
fail:
	e = errno;
	if (write(report_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

static void remember_line(struct vm_qemu *vm, const char *line)
{
	char **slot = &vm->history[vm->nlines % VM_CONSOLE_HISTORY];

	free(*slot);
	*slot = strdup(line);
	vm->nlines++;
	if (vm->want && strstr(line, vm->want))
		vm->want_seen = true;
	if (vm->on_line)
		vm->on_line(vm->ctx, line);
}

static void end_line(struct vm_qemu *vm)
{
	if (vm->line_len && vm->line[vm->line_len - 1] == '\r')
		vm->line_len--;
	vm->line[vm->line_len] = '\0';
	remember_line(vm, vm->line);
	vm->line_len = 0;
}

/* Returns bytes read, 0 at EOF, -1 if nothing was there. */
static ssize_t read_console(struct vm_qemu *vm)
{
	char buf[65536];
	ssize_t n = read(vm->console_fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -1 : 0;
	if (n == 0) {
		close(vm->console_fd);
		vm->console_fd = -1;
		if (vm->line_len)
			end_line(vm);
		return 0;
	}
	/* The log is evidence; a short write there must not stop the run. */
	if (write(vm->console_log_fd, buf, (size_t)n) != n)
		fprintf(stderr, "vm_qemu: console log: %s\n", strerror(errno));
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			end_line(vm);
			continue;
		}
		/* A NUL would cut the line short for the string callbacks. */
		vm->line[vm->line_len++] = buf[i] ? buf[i] : '?';
		if (vm->line_len == MAX_LINE)
			end_line(vm);
	}
	return n;
}

static bool reap(struct vm_qemu *vm, int flags)
{
	int st;

	if (vm->wait_status != -1)
		return true;
	if (waitpid(vm->pid, &st, flags) != vm->pid)
		return false;
	vm->wait_status = st;
	return true;
}

/* QEMU is gone: what it wrote is all in the pipes; take it. */
static void drain(struct vm_qemu *vm)
{
	int flags;

	if (vm->console_fd >= 0) {
		flags = fcntl(vm->console_fd, F_GETFL);
		fcntl(vm->console_fd, F_SETFL, flags & ~O_NONBLOCK);
		while (vm->console_fd >= 0 && read_console(vm) != 0)
			;
	}
	if (vm->qmp && !vm->qmp_dead && vm_qmp_read(vm->qmp))
		vm->qmp_dead = true;
}

enum vm_status vm_qemu_poll(struct vm_qemu *vm, int timeout_ms)
{
	struct pollfd fds[2];
	nfds_t n = 0;
	bool got = false;
	int r;

	if (pending_signal)
		return VM_INTERRUPTED;
	if (vm->wait_status != -1)
		return VM_EXITED;
	if (vm->console_fd >= 0)
		fds[n++] = (struct pollfd){ .fd = vm->console_fd, .events = POLLIN };
	if (vm->qmp && !vm->qmp_dead)
		fds[n++] = (struct pollfd){ .fd = vm_qmp_fd(vm->qmp), .events = POLLIN };
	r = poll(fds, n, timeout_ms < REAP_SLICE_MS ? timeout_ms : REAP_SLICE_MS);
	if (r < 0 && errno == EINTR && pending_signal)
		return VM_INTERRUPTED;
	for (nfds_t i = 0; r > 0 && i < n; i++) {
		if (!fds[i].revents)
			continue;
		got = true;
		if (fds[i].fd == vm->console_fd)
			read_console(vm);
		else if (vm_qmp_read(vm->qmp))
			vm->qmp_dead = true;
	}
	if (reap(vm, WNOHANG)) {
		drain(vm);
		return VM_EXITED;
	}
	return got ? VM_OK : VM_TIMEOUT;
}

typedef bool (*done_fn)(struct vm_qemu *vm, void *ctx);

/* Polls until done() holds, QEMU exits, a signal arrives or time is up. */
static enum vm_status pump(struct vm_qemu *vm, done_fn done, void *ctx, int timeout_ms)
{
	long long deadline = ppcst_now_ms() + timeout_ms;

	for (;;) {
		long long left = deadline - ppcst_now_ms();
		enum vm_status st;

		if (done(vm, ctx))
			return VM_OK;
		if (left <= 0)
			return VM_TIMEOUT;
		st = vm_qemu_poll(vm, (int)left);
		if (st == VM_EXITED || st == VM_INTERRUPTED)
			return done(vm, ctx) ? VM_OK : st;
	}
}

static bool greeted(struct vm_qemu *vm, void *ctx)
{
	(void)ctx;
	return vm->qmp && vm_qmp_greeted(vm->qmp);
}

/* QEMU creates the QMP socket only once it has parsed its arguments; try
 * until then, and stop at once if it exits instead. */
static enum vm_status connect_qmp(struct vm_qemu *vm, int timeout_ms, char *err, size_t errlen)
{
	long long deadline = ppcst_now_ms() + timeout_ms;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", vm->qmp_path);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		enum vm_status st;

		if (fd < 0) {
			snprintf(err, errlen, "socket: %s", strerror(errno));
			return VM_ERROR;
		}
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			vm->qmp = vm_qmp_new(fd, vm->events_log);
			return VM_OK;
		}
		close(fd);
		if (ppcst_now_ms() >= deadline) {
			snprintf(err, errlen, "QMP socket did not appear within %d ms", timeout_ms);
			return VM_TIMEOUT;
		}
		/* Console output may already flow: keep the pipe drained. */
		st = vm_qemu_poll(vm, 20);
		if (st == VM_EXITED || st == VM_INTERRUPTED) {
			snprintf(err, errlen, "QEMU %s before QMP was up",
				 st == VM_EXITED ? "exited" : "was interrupted");
			return st;
		}
	}
}

/* The profile's scratch disks: sparse files in the private directory, gone
 * with it (vm_qemu_free). */
static int make_scratch(struct vm_qemu *vm, const struct vm_profile *p, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->scratch.n; i++) {
		char node[VM_SCRATCH_NODE_MAX + 1], path[sizeof(vm->tmpdir) + VM_SCRATCH_NODE_MAX + 8];
		unsigned long long bytes;
		int fd;

		if (vm_scratch_parse(p->scratch.v[i], node, &bytes, err, errlen))
			return -1;
		snprintf(path, sizeof(path), "%s/%s.img", vm->tmpdir, node);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)bytes)) {
			snprintf(err, errlen, "scratch disk %s: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		vm_strv_pushf(&vm->scratch, "%s %s", node, path);
	}
	return 0;
}

/* Copies IN to OUT (both open), data only: holes stay holes. */
static int copy_sparse(int in, int out, off_t size)
{
	off_t data = 0, hole;

	while (data < size) {
		data = lseek(in, data, SEEK_DATA);
		if (data < 0)
			return errno == ENXIO ? 0 : -1;	/* only a hole is left */
		hole = lseek(in, data, SEEK_HOLE);
		if (hole < 0)
			return -1;
		for (off_t pos = data; pos < hole;) {
			loff_t src = pos, dst = pos;
			ssize_t n = copy_file_range(in, &src, out, &dst, (size_t)(hole - pos), 0);

			if (n <= 0)
				return n ? -1 : (errno = EIO, -1);
			pos += n;
		}
		data = hole;
	}
	return 0;
}

/* The profile's memory backing files: sparse files in the private directory
 * (gone with it), empty or a copy of their image, so the image stays as it
 * was whatever the guest writes. */
static int make_memfiles(struct vm_qemu *vm, const struct vm_profile *p, char *err,
			 size_t errlen)
{
	for (size_t i = 0; i < p->memfiles.n; i++) {
		char id[VM_SCRATCH_NODE_MAX + 1], image[PATH_MAX], src[PATH_MAX * 2];
		char path[sizeof(vm->tmpdir) + VM_SCRATCH_NODE_MAX + 8];
		const char *cache = getenv("PPCST_CACHE"), *home = getenv("HOME");
		unsigned long long bytes;
		struct stat st;
		int fd, in = -1;

		if (vm_memfile_parse(p->memfiles.v[i], id, &bytes, image, sizeof(image), err,
				     errlen))
			return -1;
		if (image[0] == '/' || !image[0])
			snprintf(src, sizeof(src), "%s", image);
		else if (cache && *cache)
			snprintf(src, sizeof(src), "%s/%s", cache, image);
		else
			snprintf(src, sizeof(src), "%s/.cache/ppc-iommu-selftests/%s",
				 home ? home : "", image);
		if (src[0]) {
			in = open(src, O_RDONLY | O_CLOEXEC);
			if (in < 0 || fstat(in, &st) || (unsigned long long)st.st_size != bytes) {
				snprintf(err, errlen, "memfile %s: image %s: %s", id, src,
					 in < 0 ? strerror(errno) : "not SIZE bytes long");
				if (in >= 0)
					close(in);
				return -1;
			}
		}
		snprintf(path, sizeof(path), "%s/%s.mem", vm->tmpdir, id);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)bytes) || (in >= 0 && copy_sparse(in, fd, (off_t)bytes))) {
			snprintf(err, errlen, "memfile %s: %s: %s", id, path, strerror(errno));
			if (fd >= 0)
				close(fd);
			if (in >= 0)
				close(in);
			return -1;
		}
		close(fd);
		if (in >= 0)
			close(in);
		vm_strv_pushf(&vm->memfiles, "%s %llu %s", id, bytes, path);
	}
	return 0;
}

static int open_log(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return fd;
}

enum vm_status vm_qemu_start(const struct vm_qemu_config *cfg, struct vm_qemu **out,
			     char *err, size_t errlen)
{
	int timeout = cfg->start_timeout_ms ? cfg->start_timeout_ms : 30000;
	int console[2] = { -1, -1 }, report[2] = { -1, -1 }, stderr_fd, e;
	struct vm_qemu *vm = calloc(1, sizeof(*vm));
	enum vm_status st;
	const char *tmp = getenv("TMPDIR");
	ssize_t n;

	*out = NULL;
	if (!vm)
		abort();
	vm->pid = -1;
	vm->wait_status = -1;
	vm->console_fd = -1;
	vm->console_log_fd = -1;
	vm->on_line = cfg->on_line;
	vm->ctx = cfg->ctx;
	/* A private directory: nobody else can reach our QMP socket. The path
	 * must fit sun_path, so a long $TMPDIR is not used. */
	if (!tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(vm->tmpdir, sizeof(vm->tmpdir), "%s/ppcst-vm.XXXXXX", tmp);
	if (!mkdtemp(vm->tmpdir)) {
		snprintf(err, errlen, "mkdtemp %s: %s", vm->tmpdir, strerror(errno));
		vm->tmpdir[0] = '\0';
		vm_qemu_free(vm);
		return VM_ERROR;
	}
	snprintf(vm->qmp_path, sizeof(vm->qmp_path), "%s/qmp.sock", vm->tmpdir);

	vm->console_log_fd = open_log(cfg->console_log, err, errlen);
	stderr_fd = open_log(cfg->stderr_log, err, errlen);
	if (cfg->events_log) {
		vm->events_log = fopen(cfg->events_log, "we");
		if (!vm->events_log)
			snprintf(err, errlen, "cannot write %s: %s", cfg->events_log, strerror(errno));
	}
	if (vm->console_log_fd < 0 || stderr_fd < 0 || (cfg->events_log && !vm->events_log))
		goto fail;
	if (pipe2(console, O_CLOEXEC) || pipe2(report, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (make_scratch(vm, cfg->profile, err, errlen) ||
	    make_memfiles(vm, cfg->profile, err, errlen))
		goto fail;
	build_argv(vm, cfg);
	vm->pid = fork();
	if (vm->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (vm->pid == 0)
		exec_child(vm, getppid(), console[1], stderr_fd, report[1]);
	close(console[1]);
	close(report[1]);
	close(stderr_fd);
	stderr_fd = console[1] = report[1] = -1;
	vm->console_fd = console[0];
	fcntl(vm->console_fd, F_SETFL, O_NONBLOCK);
	/* The report pipe closes on a successful exec (CLOEXEC) or carries errno. */
	do
		n = read(report[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n == sizeof(e)) {
		snprintf(err, errlen, "cannot run %s: %s", vm->argv.v[0], strerror(e));
		reap(vm, 0);
		vm_qemu_free(vm);
		return VM_ERROR;
	}
	*out = vm;
	st = connect_qmp(vm, timeout, err, errlen);
	if (st != VM_OK)
		return st;
	st = pump(vm, greeted, NULL, timeout);
	if (st != VM_OK) {
		snprintf(err, errlen, "no QMP greeting from QEMU");
		return st;
	}
	st = vm_qemu_qmp(vm, "qmp_capabilities", NULL, timeout, NULL, err, errlen);
	return st;
fail:
	for (int i = 0; i < 2; i++) {
		if (console[i] >= 0)
			close(console[i]);
		if (report[i] >= 0)
			close(report[i]);
	}
	if (stderr_fd >= 0)
		close(stderr_fd);
	vm_qemu_free(vm);
	return VM_ERROR;
}

char *const *vm_qemu_argv(const struct vm_qemu *vm)
{
	return vm->argv.v;
}

pid_t vm_qemu_pid(const struct vm_qemu *vm)
{
	return vm->pid;
}

bool vm_qemu_running(const struct vm_qemu *vm)
{
	return vm->pid > 0 && vm->wait_status == -1;
}

int vm_qemu_wait_status(const struct vm_qemu *vm)
{
	return vm->wait_status;
}

unsigned long vm_qemu_console_lines(const struct vm_qemu *vm)
{
	return vm->nlines;
}

static bool want_seen(struct vm_qemu *vm, void *ctx)
{
	(void)ctx;
	return vm->want_seen;
}

enum vm_status vm_qemu_wait_console(struct vm_qemu *vm, const char *needle,
				    unsigned long since, int timeout_ms)
{
	unsigned long first = vm->nlines > VM_CONSOLE_HISTORY ? vm->nlines - VM_CONSOLE_HISTORY : 0;
	enum vm_status st;

	vm->want = needle;
	vm->want_seen = false;
	for (unsigned long i = since > first ? since : first; i < vm->nlines; i++)
		if (strstr(vm->history[i % VM_CONSOLE_HISTORY], needle))
			vm->want_seen = true;
	st = pump(vm, want_seen, NULL, timeout_ms);
	vm->want = NULL;
	return st;
}

struct response_wait {
	long id;
	json_object *resp;
};

static bool response_arrived(struct vm_qemu *vm, void *ctx)
{
	struct response_wait *w = ctx;

	if (!w->resp)
		w->resp = vm_qmp_take_response(vm->qmp, w->id);
	return w->resp != NULL;
}

enum vm_status vm_qemu_qmp_response(struct vm_qemu *vm, const char *cmd, json_object *args,
				    int timeout_ms, json_object **response, char *err, size_t errlen)
{
	struct response_wait w = { 0 };
	enum vm_status st;

	*response = NULL;
	if (!vm->qmp || vm->qmp_dead) {
		json_object_put(args);
		snprintf(err, errlen, "%s: QMP is not connected", cmd);
		return vm_qemu_running(vm) ? VM_ERROR : VM_EXITED;
	}
	w.id = vm_qmp_send(vm->qmp, cmd, args);
	if (w.id < 0) {
		snprintf(err, errlen, "%s: %s", cmd, vm_qmp_error(vm->qmp));
		return VM_ERROR;
	}
	st = pump(vm, response_arrived, &w, timeout_ms);
	if (st != VM_OK) {
		snprintf(err, errlen, "%s: no reply (%s)", cmd,
			 st == VM_TIMEOUT ? "timeout" : st == VM_EXITED ? "QEMU exited" : "interrupted");
		return st;
	}
	*response = w.resp;
	return VM_OK;
}

enum vm_status vm_qemu_qmp(struct vm_qemu *vm, const char *cmd, json_object *args,
			   int timeout_ms, json_object **ret, char *err, size_t errlen)
{
	json_object *resp, *v, *desc, *cls;
	enum vm_status st;

	if (ret)
		*ret = NULL;
	st = vm_qemu_qmp_response(vm, cmd, args, timeout_ms, &resp, err, errlen);
	if (st != VM_OK)
		return st;
	if (json_object_object_get_ex(resp, "error", &v)) {
		json_object_object_get_ex(v, "class", &cls);
		json_object_object_get_ex(v, "desc", &desc);
		snprintf(err, errlen, "%s: %s: %s", cmd, json_object_get_string(cls),
			 json_object_get_string(desc));
		json_object_put(resp);
		return VM_ERROR;
	}
	if (ret && json_object_object_get_ex(resp, "return", &v))
		*ret = json_object_get(v);
	json_object_put(resp);
	return VM_OK;
}

struct event_wait {
	vm_qmp_pred pred;
	const void *ctx;
	json_object *event;
};

static bool event_arrived(struct vm_qemu *vm, void *ctx)
{
	struct event_wait *w = ctx;

	if (!w->event)
		w->event = vm_qemu_take_event(vm, w->pred, w->ctx);
	return w->event != NULL;
}

json_object *vm_qemu_take_event(struct vm_qemu *vm, vm_qmp_pred pred, const void *ctx)
{
	return vm->qmp ? vm_qmp_take_event(vm->qmp, pred, ctx) : NULL;
}

enum vm_status vm_qemu_wait_event(struct vm_qemu *vm, vm_qmp_pred pred, const void *ctx,
				  int timeout_ms, json_object **event)
{
	struct event_wait w = { .pred = pred, .ctx = ctx };
	enum vm_status st = pump(vm, event_arrived, &w, timeout_ms);

	if (event)
		*event = w.event;
	else
		json_object_put(w.event);
	return st;
}

void vm_qemu_describe_exit(const struct vm_qemu *vm, char *buf, size_t len)
{
	int st = vm->wait_status;

	if (st == -1)
		snprintf(buf, len, "running");
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by signal %d (%s)%s", WTERMSIG(st),
			 strsignal(WTERMSIG(st)), WCOREDUMP(st) ? ", core dumped" : "");
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(st));
}

static bool exited(struct vm_qemu *vm, void *ctx)
{
	(void)ctx;
	return vm->wait_status != -1;
}

enum vm_status vm_qemu_stop(struct vm_qemu *vm, int timeout_ms)
{
	char err[256];

	if (!vm_qemu_running(vm))
		return VM_OK;
	/* The reply may never come if QEMU quits first; its exit is the answer. */
	vm_qemu_qmp(vm, "quit", NULL, timeout_ms, NULL, err, sizeof(err));
	if (pump(vm, exited, NULL, timeout_ms) == VM_OK)
		return VM_OK;
	vm_qemu_kill(vm);
	return VM_TIMEOUT;
}

/* QEMU's words after its program name; a failing "-device DRIVER,...,id=ID,...:"
 * prefix becomes "device ID (DRIVER):". */
static void describe_start_error(const char *what, char *buf, size_t len)
{
	/* Device options hold no ": " (a MAC's colons have no space after). */
	const char *msg = strstr(what, ": ");
	const char *drv = what + 8, *id = strstr(what, ",id=");
	int drv_len = (int)strcspn(drv, ",:");

	if (strncmp(what, "-device ", 8) || !msg)
		snprintf(buf, len, "%s", what);
	else if (id && id < msg)
		snprintf(buf, len, "device %.*s (%.*s): %s", (int)strcspn(id + 4, ",:"), id + 4,
			 drv_len, drv, msg + 2);
	else
		snprintf(buf, len, "device %.*s: %s", drv_len, drv, msg + 2);
}

bool vm_qemu_start_error(const char *stderr_log, char *buf, size_t len)
{
	FILE *f = fopen(stderr_log, "re");
	char *line = NULL, *last = NULL;
	size_t cap = 0;

	if (!f)
		return false;
	/* "qemu-system-ppc64: -device e1000e,...: failed to find romfile ...":
	 * the program name, then QEMU's own words; the last such line is the
	 * one it died on. */
	while (getline(&line, &cap, f) >= 0) {
		if (strncmp(line, "qemu-system-", 12) || !strstr(line, ": "))
			continue;
		free(last);
		last = strdup(line);
	}
	free(line);
	fclose(f);
	if (!last)
		return false;
	last[strcspn(last, "\r\n")] = '\0';
	describe_start_error(strstr(last, ": ") + 2, buf, len);
	free(last);
	return true;
}

int vm_qemu_print_argv(const struct vm_qemu_config *cfg, const char *dir, FILE *f, char *err,
		       size_t errlen)
{
	struct vm_qemu *vm = calloc(1, sizeof(*vm));
	int ret = -1;

	if (!vm)
		abort();
	if (snprintf(vm->tmpdir, sizeof(vm->tmpdir), "%s", dir) >= (int)sizeof(vm->tmpdir) ||
	    snprintf(vm->qmp_path, sizeof(vm->qmp_path), "%s/qmp.sock", dir) >= (int)sizeof(vm->qmp_path)) {
		snprintf(err, errlen, "%s: longer than %zu bytes (QEMU's QMP socket path)", dir,
			 sizeof(vm->tmpdir) - 1);
	} else if (!make_scratch(vm, cfg->profile, err, errlen) &&
		   !make_memfiles(vm, cfg->profile, err, errlen)) {
		build_argv(vm, cfg);
		for (size_t i = 0; i < vm->argv.n; i++)
			fprintf(f, "%s\n", vm->argv.v[i]);
		ret = 0;
	}
	/* The disks and memory files are the caller's, for the QEMU it starts. */
	vm_strv_free(&vm->scratch);
	vm_strv_free(&vm->memfiles);
	vm_strv_free(&vm->argv);
	free(vm);
	return ret;
}

int vm_qemu_preflight(const struct vm_qemu_config *cfg, char *err, size_t errlen)
{
	static const char *const paused[] = { "-S", NULL };
	struct vm_qemu_config c = *cfg;
	struct vm_qemu *vm = NULL;
	json_object *status = NULL, *state;
	enum vm_status st;
	char why[512];
	int ret = -1;

	if (cfg->extra_args) {
		snprintf(err, errlen, "preflight: extra QEMU arguments are not supported");
		return -1;
	}
	c.extra_args = paused;
	c.on_line = NULL;
	st = vm_qemu_start(&c, &vm, why, sizeof(why));
	if (st == VM_OK)
		st = vm_qemu_qmp(vm, "query-status", NULL, c.start_timeout_ms ? c.start_timeout_ms : 30000,
				 &status, why, sizeof(why));
	if (st == VM_OK && json_object_object_get_ex(status, "status", &state) &&
	    !strcmp(json_object_get_string(state), "prelaunch")) {
		ret = 0;
	} else if (st == VM_OK) {
		snprintf(err, errlen, "QEMU's machine is %s, not prelaunch, under -S",
			 json_object_to_json_string(status));
	} else if (st == VM_INTERRUPTED) {
		snprintf(err, errlen, "interrupted");
	} else {
		/* QEMU said why on its stderr, if it got that far. */
		if (vm)
			vm_qemu_kill(vm);
		if (!vm_qemu_start_error(cfg->stderr_log, err, errlen))
			snprintf(err, errlen, "%s", why);
	}
	json_object_put(status);
	if (vm)
		vm_qemu_stop(vm, 5000);
	vm_qemu_free(vm);
	return ret;
}

void vm_qemu_kill(struct vm_qemu *vm)
{
	if (!vm_qemu_running(vm))
		return;
	kill(vm->pid, SIGKILL);
	reap(vm, 0);
	drain(vm);
}

void vm_qemu_free(struct vm_qemu *vm)
{
	if (!vm)
		return;
	vm_qemu_kill(vm);
	if (vm->console_fd >= 0)
		close(vm->console_fd);
	if (vm->console_log_fd >= 0)
		close(vm->console_log_fd);
	vm_qmp_free(vm->qmp);
	if (vm->events_log)
		fclose(vm->events_log);
	for (size_t i = 0; i < vm->scratch.n; i++)
		unlink(strchr(vm->scratch.v[i], ' ') + 1);
	vm_strv_free(&vm->scratch);
	for (size_t i = 0; i < vm->memfiles.n; i++)
		unlink(strrchr(vm->memfiles.v[i], ' ') + 1);
	vm_strv_free(&vm->memfiles);
	if (vm->tmpdir[0]) {
		unlink(vm->qmp_path);
		rmdir(vm->tmpdir);
	}
	for (size_t i = 0; i < VM_CONSOLE_HISTORY; i++)
		free(vm->history[i]);
	vm_strv_free(&vm->argv);
	free(vm);
}

char *vm_file_tail(const char *path, unsigned int nlines)
{
	/* Tails are excerpts for a report: the file's last 64 KiB suffice. */
	char buf[65536], *start;
	unsigned int seen = 0;
	ssize_t n;
	off_t size;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	size = lseek(fd, 0, SEEK_END);
	if (size < 0 || lseek(fd, size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0,
			      SEEK_SET) < 0) {
		close(fd);
		return NULL;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	start = buf + n;
	while (start > buf && seen < nlines)
		if (*--start == '\n' && ++seen == nlines)
			start++;
	return strdup(start);
}

bool vm_qemu_assertion(const char *stderr_log, char *buf, size_t len)
{
	static const char *const marks[] = {
		"Assertion", "assertion failed", "ERROR:", "hardware error",
		"Aborted", "core dumped", "Segmentation fault",
	};
	FILE *f = fopen(stderr_log, "re");
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	if (!f)
		return false;
	while (getline(&line, &cap, f) >= 0) {
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
			if (!strstr(line, marks[i]))
				continue;
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(buf, len, "%s", line);
			found = true;
			break;
		}
	}
	free(line);
	fclose(f);
	return found;
}

void vm_qemu_last_words(struct vm_qemu *vm)
{
	long long end = ppcst_now_ms() + VM_LAST_WORDS_MS;

	while (ppcst_now_ms() < end && vm_qemu_poll(vm, REAP_SLICE_MS) != VM_EXITED &&
	       !vm_signal_pending())
		;
}

void vm_qemu_nmi_and_kill(struct vm_qemu *vm)
{
	char err[256];

	if (vm_qemu_qmp(vm, "inject-nmi", NULL, 5000, NULL, err, sizeof(err)) == VM_OK)
		vm_qemu_last_words(vm);
	vm_qemu_kill(vm);
}

static bool shutdown_event(json_object *ev, const void *ctx)
{
	(void)ctx;
	return vm_qmp_event_named(ev, "SHUTDOWN");
}

void vm_qemu_shutdown_reason(struct vm_qemu *vm, char *buf, size_t len)
{
	json_object *ev, *data, *reason;

	buf[0] = '\0';
	while ((ev = vm_qemu_take_event(vm, shutdown_event, NULL))) {
		if (json_object_object_get_ex(ev, "data", &data) &&
		    json_object_object_get_ex(data, "reason", &reason))
			snprintf(buf, len, "%s", json_object_get_string(reason));
		json_object_put(ev);
	}
}

void vm_print_excerpt(FILE *out, const char *title, const char *path, unsigned int nlines)
{
	char *tail = vm_file_tail(path, nlines);

	if (!tail || !*tail) {
		free(tail);
		return;
	}
	fprintf(out, "# %s:\n", title);
	for (char *sp, *l = strtok_r(tail, "\n", &sp); l; l = strtok_r(NULL, "\n", &sp)) {
		l[strcspn(l, "\r")] = '\0';
		fprintf(out, "#   %s\n", l);
	}
	free(tail);
}
