/*
 * Test loader for compiled seccomp filters: loads the struct sock_filter[] in FILTER_FILE with
 * seccomp(SECCOMP_SET_MODE_FILTER, FLAGS) after PR_SET_NO_NEW_PRIVS, then runs COMMAND under it.
 *
 *   seccomp-loader FILTER_FILE FLAGS [REPLY_ERRNO] -- COMMAND [ARG...]
 *
 * With SECCOMP_FILTER_FLAG_NEW_LISTENER in FLAGS the loader forks: the child runs COMMAND, the
 * parent supervises the listener fd, printing "notified <nr>" for each notification and failing
 * that syscall with REPLY_ERRNO, and exits with the child's status.
 * Exit codes of its own: 125 bad usage or load failure, 127 exec failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what) {
  fprintf(stderr, "seccomp-loader: %s: %s\n", what, strerror(errno));
  return 125;
}

static int exit_status(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int supervise(int listener, pid_t child, int reply_errno) {
  struct seccomp_notif req;
  struct seccomp_notif_resp resp;
  for (;;) {
    int status;
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) return exit_status(status);
    struct pollfd pfd = {.fd = listener, .events = POLLIN};
    if (poll(&pfd, 1, 50) <= 0 || !(pfd.revents & POLLIN)) continue;
    memset(&req, 0, sizeof req);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
      if (errno == EINTR || errno == ENOENT) continue;
      return fail("SECCOMP_IOCTL_NOTIF_RECV");
    }
    printf("notified %d\n", req.data.nr);
    fflush(stdout);
    memset(&resp, 0, sizeof resp);
    resp.id = req.id;
    resp.error = -reply_errno;
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT) return fail("SECCOMP_IOCTL_NOTIF_SEND");
  }
}

int main(int argc, char **argv) {
  int cmd = 1;
  while (cmd < argc && strcmp(argv[cmd], "--") != 0) cmd++;
  if (cmd < 3 || cmd + 1 >= argc) {
    fprintf(stderr, "usage: seccomp-loader FILTER_FILE FLAGS [REPLY_ERRNO] -- COMMAND [ARG...]\n");
    return 125;
  }
  unsigned int flags = (unsigned int)strtoul(argv[2], NULL, 0);
  int reply_errno = cmd > 3 ? atoi(argv[3]) : EPERM;

  static struct sock_filter insns[BPF_MAXINSNS + 1];
  FILE *f = fopen(argv[1], "rb");
  if (!f) return fail(argv[1]);
  size_t n = fread(insns, sizeof insns[0], BPF_MAXINSNS + 1, f);
  fclose(f);
  struct sock_fprog prog = {.len = (unsigned short)n, .filter = insns};

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return fail("PR_SET_NO_NEW_PRIVS");
  long listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (listener < 0) return fail("seccomp(SECCOMP_SET_MODE_FILTER)");

  if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) return fail("fork");
    if (child > 0) return supervise((int)listener, child, reply_errno);
    close((int)listener);
  }
  execvp(argv[cmd + 1], &argv[cmd + 1]);
  fprintf(stderr, "seccomp-loader: exec %s: %s\n", argv[cmd + 1], strerror(errno));
  return 127;
}
