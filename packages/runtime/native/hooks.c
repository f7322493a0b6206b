#define _GNU_SOURCE
#include "hooks.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Record layout: path, timeout seconds (0 = none), argc, args..., envc, env... */
struct hook {
  const char *path;
  int timeout;
  char *argv[256];
  char *envp[256];
};

static void parse_hook(const struct rec *r, struct hook *h) {
  const char *f[520];
  size_t n = rec_fields(r, f, 520), i = 0;
  if (n < 4)
    die("malformed hook record");
  h->path = f[i++];
  h->timeout = atoi(f[i++]);
  size_t argc = strtoul(f[i++], NULL, 10);
  if (argc > 255 || i + argc >= n)
    die("malformed hook record for %s", h->path);
  for (size_t a = 0; a < argc; a++)
    h->argv[a] = (char *)f[i++];
  h->argv[argc] = NULL;
  if (argc == 0) {
    h->argv[0] = (char *)h->path;
    h->argv[1] = NULL;
  }
  size_t envc = strtoul(f[i++], NULL, 10);
  if (envc > 255 || i + envc > n)
    die("malformed hook record for %s", h->path);
  for (size_t e = 0; e < envc; e++)
    h->envp[e] = (char *)f[i++];
  h->envp[envc] = NULL;
}

static void run_hook(const char *kind, const struct hook *h, const char *state) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) < 0)
    die_errno("pipe for %s hook", kind);
  pid_t pid = fork();
  if (pid < 0)
    die_errno("fork %s hook", kind);
  if (pid == 0) {
    dup2(in[0], 0);
    execve(h->path, h->argv, h->envp);
    _exit(127);
  }
  close(in[0]);
  /* A hook that does not read its stdin must not block us. */
  signal(SIGPIPE, SIG_IGN);
  ssize_t ignored = write(in[1], state, strlen(state));
  (void)ignored;
  close(in[1]);
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pidfd >= 0 && h->timeout > 0) {
    struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
    int rc;
    do
      rc = poll(&pfd, 1, h->timeout * 1000);
    while (rc < 0 && errno == EINTR);
    if (rc == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, NULL, 0);
      die("%s hook %s timed out after %d s", kind, h->path, h->timeout);
    }
  }
  if (pidfd >= 0)
    close(pidfd);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      die_errno("wait for %s hook %s", kind, h->path);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    die("%s hook %s could not be executed", kind, h->path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("%s hook %s failed with %s %d", kind, h->path, WIFEXITED(status) ? "exit status" : "signal",
        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

void run_hooks(const struct plan *p, uint16_t tag, const char *state) {
  const char *kind = tag == T_HOOK_CREATE_CONTAINER ? "createContainer" : "startContainer";
  for (size_t i = 0; i < p->nrec; i++) {
    if (p->recs[i].tag != tag)
      continue;
    struct hook h;
    parse_hook(&p->recs[i], &h);
    run_hook(kind, &h, state);
  }
}
