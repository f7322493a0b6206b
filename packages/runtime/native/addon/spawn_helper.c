/* berth_runtime.node: starts berth-init for @berth/runtime without child_process.
 *
 * child_process costs a CLI call milliseconds before the first container syscall: loading it
 * (with net and stream), then a fork() that copies the page tables of the whole Node process and
 * waits for the child's exec. Here posix_spawn (CLONE_VFORK: no copy) runs on a thread of its own,
 * so not even the wait for the helper's exec holds up the event loop: the control socket exists at
 * once and the plan can be written into it before the helper runs.
 *
 * spawnHelper(file, args, fds) -> { control, job }
 *   fds[i] >= 0 becomes the helper's fd i, -1 gives it /dev/null. A new socketpair's far end
 *   becomes fd fds.length (args name it); `control` is the near end (close-on-exec, non-blocking).
 *   The helper starts with an empty environment, default signal dispositions and no blocked
 *   signals. If it cannot be started, the far end closes (the runtime reads EOF) and helperPid
 *   says why.
 * helperPid(job) -> { pid, pidfd } once the spawn is done (waits for it); throws the spawn's error.
 *   pidfd is -1 on kernels without pidfd_open.
 * reapHelper(pid, pidfd) -> exit code (128 + signal when killed), null while it runs, or -1
 *   when someone else (a subreaper's sweep) reaped it first. Never blocks.
 * killHelper(pid, pidfd) -> SIGKILL through the pidfd (never a recycled pid); no error if gone.
 * watchFd(fd, callback): see fd_watch.c. */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include "addon.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FDS 256
#define MAX_ARGS 16

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct spawn_job {
  pthread_t thread;
  int joined;
  char file[4096];
  char arg_buf[MAX_ARGS][256];
  char *args[MAX_ARGS + 2];
  int sources[MAX_FDS + 1]; /* parent fds (close-on-exec copies) for the helper's fds 0..n */
  uint32_t nfds;            /* the helper gets fds 0..nfds (the last one is the control socket) */
  pid_t pid;
  int pidfd;
  int err;
};

napi_value throw_errno(napi_env env, int err, const char *what) {
  char msg[4352];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  const char *name = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == EMFILE ? "EMFILE" : "EIO";
  napi_throw_error(env, name, msg);
  return NULL;
}

napi_value throw_arg(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG", msg);
  return NULL;
}

static int get_string(napi_env env, napi_value v, char *buf, size_t size) {
  size_t len;
  return napi_get_value_string_utf8(env, v, buf, size, &len) == napi_ok && len < size - 1 ? 0 : -1;
}

static napi_value make_int(napi_env env, int value) {
  napi_value v;
  napi_create_int32(env, value, &v);
  return v;
}

static void set_int(napi_env env, napi_value obj, const char *key, int value) {
  napi_set_named_property(env, obj, key, make_int(env, value));
}

static void close_all(int *fds, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0)
      close(fds[i]);
}

static void *run_spawn(void *arg) {
  struct spawn_job *job = arg;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  for (uint32_t i = 0; i <= job->nfds; i++) {
    if (job->sources[i] >= 0)
      posix_spawn_file_actions_adddup2(&actions, job->sources[i], (int)i);
    else
      posix_spawn_file_actions_addopen(&actions, (int)i, "/dev/null", O_RDWR, 0);
  }
  char *envp[] = {NULL};
  job->err = posix_spawn(&job->pid, job->file, &actions, &attr, job->args, envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  /* Closing the far end of the control socket here is what tells the runtime (EOF) when the
   * spawn failed; after a spawn it lives on only in the helper. */
  close_all(job->sources, job->nfds + 1);
  job->pidfd = job->err ? -1 : (int)syscall(SYS_pidfd_open, job->pid, 0);
  return NULL;
}

static void finalize_job(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  struct spawn_job *job = data;
  if (!job->joined)
    pthread_join(job->thread, NULL);
  free(job);
}

static napi_value spawn_helper(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  struct spawn_job *job = calloc(1, sizeof *job);
  if (!job)
    return throw_errno(env, ENOMEM, "start the init helper");
  uint32_t nargs, nfds;
  if (argc != 3 || get_string(env, argv[0], job->file, sizeof job->file) < 0) {
    free(job);
    return throw_arg(env, "spawnHelper(file, args, fds): file must be a path");
  }
  if (napi_get_array_length(env, argv[1], &nargs) != napi_ok || nargs > MAX_ARGS) {
    free(job);
    return throw_arg(env, "spawnHelper: args must be an array of at most 16 strings");
  }
  if (napi_get_array_length(env, argv[2], &nfds) != napi_ok || nfds > MAX_FDS) {
    free(job);
    return throw_arg(env, "spawnHelper: fds must be an array of at most 256 fds");
  }
  job->args[0] = job->file;
  for (uint32_t i = 0; i < nargs; i++) {
    napi_value v;
    napi_get_element(env, argv[1], i, &v);
    if (get_string(env, v, job->arg_buf[i], sizeof job->arg_buf[i]) < 0) {
      free(job);
      return throw_arg(env, "spawnHelper: each arg must be a string under 256 bytes");
    }
    job->args[i + 1] = job->arg_buf[i];
  }
  job->args[nargs + 1] = NULL;
  job->nfds = nfds;

  /* Every source is first copied above the highest target, so no dup2 overwrites a source
   * that a later one still needs (fds may name each other: [1, 0, 2] swaps). */
  int sv[2] = {-1, -1};
  for (uint32_t i = 0; i <= nfds; i++)
    job->sources[i] = -1;
  int floor = (int)nfds + 1 > 3 ? (int)nfds + 1 : 3;
  int err = 0;
  const char *failed = NULL;
  for (uint32_t i = 0; i < nfds && !err; i++) {
    napi_value v;
    int32_t fd;
    napi_get_element(env, argv[2], i, &v);
    if (napi_get_value_int32(env, v, &fd) != napi_ok || fd < -1) {
      close_all(job->sources, nfds);
      free(job);
      return throw_arg(env, "spawnHelper: each fd must be an integer >= -1");
    }
    if (fd >= 0 && (job->sources[i] = fcntl(fd, F_DUPFD_CLOEXEC, floor)) < 0) {
      err = errno;
      failed = "duplicate an fd for the init helper";
    }
  }
  if (!err && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
    err = errno;
    failed = "create the init helper's control socket";
  }
  if (!err && sv[1] < floor) {
    int high = fcntl(sv[1], F_DUPFD_CLOEXEC, floor);
    if (high < 0) {
      err = errno;
      failed = "move the init helper's control socket";
    } else {
      close(sv[1]);
      sv[1] = high;
    }
  }
  job->sources[nfds] = sv[1];
  if (!err && (err = pthread_create(&job->thread, NULL, run_spawn, job)) != 0)
    failed = "start a thread to spawn the init helper";
  if (err) {
    close_all(job->sources, nfds + 1);
    if (sv[0] >= 0)
      close(sv[0]);
    free(job);
    return throw_errno(env, err, failed);
  }
  /* The runtime's end is read and written from the event loop (watchFd): never block on it. */
  fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
  napi_value result, external;
  napi_create_object(env, &result);
  set_int(env, result, "control", sv[0]);
  napi_create_external(env, job, finalize_job, NULL, &external);
  napi_set_named_property(env, result, "job", external);
  return result;
}

static napi_value helper_pid(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_external(env, argv[0], &data) != napi_ok || !data)
    return throw_arg(env, "helperPid(job): job must come from spawnHelper");
  struct spawn_job *job = data;
  if (!job->joined) {
    pthread_join(job->thread, NULL);
    job->joined = 1;
  }
  if (job->err)
    return throw_errno(env, job->err, job->file);
  napi_value result;
  napi_create_object(env, &result);
  set_int(env, result, "pid", job->pid);
  set_int(env, result, "pidfd", job->pidfd);
  return result;
}

static int get_ints(napi_env env, napi_callback_info info, int32_t *pid, int32_t *pidfd) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return argc == 2 && napi_get_value_int32(env, argv[0], pid) == napi_ok &&
                 napi_get_value_int32(env, argv[1], pidfd) == napi_ok && *pid > 0
             ? 0
             : -1;
}

static napi_value reap_helper(napi_env env, napi_callback_info info) {
  int32_t pid, pidfd;
  if (get_ints(env, info, &pid, &pidfd) < 0)
    return throw_arg(env, "reapHelper(pid, pidfd): pid must be a positive integer");
  siginfo_t si;
  memset(&si, 0, sizeof si);
  int r;
  do
    r = pidfd >= 0 ? waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOHANG)
                   : waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    if (errno == ECHILD)
      return make_int(env, -1);
    return throw_errno(env, errno, "wait for the init helper");
  }
  if (si.si_pid == 0) {
    napi_value null;
    napi_get_null(env, &null);
    return null;
  }
  return make_int(env, si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status);
}

static napi_value kill_helper(napi_env env, napi_callback_info info) {
  int32_t pid, pidfd;
  if (get_ints(env, info, &pid, &pidfd) < 0)
    return throw_arg(env, "killHelper(pid, pidfd): pid must be a positive integer");
  int r = pidfd >= 0 ? (int)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) : kill(pid, SIGKILL);
  if (r < 0 && errno != ESRCH)
    return throw_errno(env, errno, "kill the init helper");
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"spawnHelper", NULL, spawn_helper, NULL, NULL, NULL, napi_default, NULL},
      {"helperPid", NULL, helper_pid, NULL, NULL, NULL, napi_default, NULL},
      {"reapHelper", NULL, reap_helper, NULL, NULL, NULL, napi_default, NULL},
      {"killHelper", NULL, kill_helper, NULL, NULL, NULL, napi_default, NULL},
      {"watchFd", NULL, watch_fd, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(berth_runtime, init)
