/* berth-init: does for @berth/runtime what Node cannot (namespaces, mounts, identity, exec).
 *
 * Usage: berth-init <control fd>. The runtime sends a plan (see plan.h) over the control
 * socket. Stage 0 (this process, in the runtime's namespaces) joins namespaces by path,
 * creates the time namespace, clones the init process into the new namespaces, writes its
 * uid/gid maps and reports "pid <n>". In wait mode it then reports "exit <status>" when
 * init ends; otherwise it exits and init is adopted by the nearest subreaper, as with runc.
 * The init process waits for 'G' (cgroups applied), builds the rootfs, reports "hooks" and
 * waits for 'H' + state JSON, then sets up the process, reports "created", and blocks on
 * the exec fifo until `start` (exec plans have no fifo and go straight on). */
#define _GNU_SOURCE
#include "console.h"
#include "hooks.h"
#include "idmap.h"
#include "loopback.h"
#include "plan.h"
#include "process.h"
#include "report.h"
#include "rootfs.h"
#include "sealed_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEYCTL_JOIN_SESSION_KEYRING 1

struct handoff {
  int console_fd;  /* connected --console-socket, or -1 */
  int listener_fd; /* connected seccomp listenerPath, or -1 */
  int fifo_dir;    /* O_PATH directory holding the exec fifo, or -1 */
  const char *fifo_name;
  int sync_rd;     /* stage 0 -> init: uid/gid maps written */
};

static void join_namespaces(const struct plan *p) {
  int fds[16], types[16];
  size_t n = 0;
  /* Open every path first: joining the mount namespace changes what later paths name. */
  for (size_t i = 0; i < p->nrec && n < 16; i++) {
    if (p->recs[i].tag != T_NS_JOIN)
      continue;
    const char *f[2];
    if (rec_fields(&p->recs[i], f, 2) != 2)
      die("malformed namespace record");
    types[n] = atoi(f[0]);
    fds[n] = open(f[1], O_RDONLY | O_CLOEXEC);
    if (fds[n] < 0)
      die_errno("open namespace path %s", f[1]);
    n++;
  }
  /* The user namespace first: it grants the capabilities to join the ones it owns. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < n; i++)
      if ((types[i] == CLONE_NEWUSER) == (pass == 0)) {
        if (setns(fds[i], types[i]) < 0)
          die_errno("setns into namespace of type %d", types[i]);
        close(fds[i]);
      }
}

static void enter_time_namespace(const struct plan *p) {
  if (unshare(CLONE_NEWTIME) < 0)
    die_errno("unshare time namespace");
  const char *offsets = plan_str(p, T_TIME_OFFSETS, NULL);
  if (offsets && *offsets) {
    int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, offsets, strlen(offsets)) != (ssize_t)strlen(offsets))
      die_errno("write timeOffsets");
    close(fd);
  }
}

static void prepare_fifo(const struct plan *p, struct handoff *h) {
  const char *fifo = plan_str(p, T_FIFO, NULL);
  if (!fifo)
    return;
  if (mkfifo(fifo, 0622) < 0)
    die_errno("create exec fifo %s", fifo);
  if (chown(fifo, (uid_t)plan_num(p, T_FIFO_UID, 0), (gid_t)plan_num(p, T_FIFO_UID, 0)) < 0)
    die_errno("chown exec fifo");
  if (chmod(fifo, 0622) < 0)
    die_errno("chmod exec fifo");
  /* Its directory, not /proc/self/fd: the fifo must be reachable after pivot_root or chroot
   * whether or not the container has a /proc. */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", fifo);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir)
    die("exec fifo path %s must be absolute and below a directory", fifo);
  *slash = 0;
  h->fifo_name = fifo + (slash - dir) + 1;
  h->fifo_dir = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (h->fifo_dir < 0)
    die_errno("open exec fifo directory %s", dir);
}

/* execCPUAffinity (exec plans only): a cpu_set_t prepared by the runtime. */
static void set_cpu_affinity(const struct plan *p, uint16_t tag, const char *which) {
  const struct rec *r = plan_get(p, tag);
  if (r && sched_setaffinity(0, r->len, (const cpu_set_t *)(const void *)r->data) < 0)
    die_errno("set execCPUAffinity.%s", which);
}

static int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

static void init_process(const struct plan *p, struct handoff *h, int flags) __attribute__((noreturn));

static void stage0(const struct plan *p) {
  struct handoff h = {.console_fd = -1, .listener_fd = -1, .fifo_dir = -1, .fifo_name = NULL, .sync_rd = -1};
  int flags = (int)plan_num(p, T_NS_NEW, 0);
  /* Before init exists, so it starts there; joining a cpuset cgroup resets it (hence final). */
  set_cpu_affinity(p, T_CPU_AFFINITY_INITIAL, "initial");
  if (plan_has(p, T_TERMINAL) && plan_has(p, T_CONSOLE_SOCKET))
    h.console_fd = connect_unix(plan_str(p, T_CONSOLE_SOCKET, ""), "console socket");
  if (plan_has(p, T_SECCOMP_LISTENER))
    h.listener_fd = connect_unix(plan_str(p, T_SECCOMP_LISTENER, ""), "seccomp listenerPath");
  prepare_fifo(p, &h);
  join_namespaces(p);
  if (flags & CLONE_NEWTIME)
    enter_time_namespace(p);
  idmap_prepare(p);
  int sync[2];
  if (pipe2(sync, O_CLOEXEC) < 0)
    die_errno("pipe");
  /* The cgroup namespace waits until init is in its cgroup; time was entered above. */
  int clone_flags = flags & ~(CLONE_NEWCGROUP | CLONE_NEWTIME);
  pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)clone_flags | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0)
    die_errno("clone into new namespaces (flags %#x)", clone_flags);
  if (pid == 0) {
    close(sync[1]);
    h.sync_rd = sync[0];
    init_process(p, &h, flags);
  }
  close(sync[0]);
  idmap_close();
  if (flags & CLONE_NEWUSER) {
    const char *gid_map = plan_str(p, T_GID_MAP, NULL), *uid_map = plan_str(p, T_UID_MAP, NULL);
    if (gid_map)
      write_id_map(pid, "gid_map", gid_map);
    if (uid_map)
      write_id_map(pid, "uid_map", uid_map);
  }
  if (write(sync[1], "1", 1) != 1)
    die_errno("release init");
  close(sync[1]);
  report("pid %d", pid);
  if (!plan_has(p, T_WAIT))
    _exit(0);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      die_errno("wait for init");
  report("exit %d", exit_code(status));
  _exit(0);
}

static void become_namespace_root(void) {
  /* In a fresh user namespace we start as the overflow uid; take container root if mapped. */
  if (setresgid(0, 0, 0) < 0 && errno != EINVAL)
    die_errno("setgid 0 in user namespace");
  if (setresuid(0, 0, 0) < 0 && errno != EINVAL)
    die_errno("setuid 0 in user namespace");
}

static void release_on_fifo(int fifo_dir, const char *name) {
  /* Blocks until `start` opens the fifo for reading. */
  int fd = openat(fifo_dir, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    die_errno("open exec fifo");
  if (write(fd, "0", 1) != 1)
    die_errno("write exec fifo");
  close(fd);
  close(fifo_dir);
}

static void init_process(const struct plan *p, struct handoff *h, int flags) {
  char byte;
  if (read(h->sync_rd, &byte, 1) != 1)
    die("stage 0 failed before releasing init");
  close(h->sync_rd);
  /* Not dumpable until exec: nothing in the container may open /proc/<init>/exe or its fds. */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die_errno("prctl PR_SET_DUMPABLE");
  if (flags & CLONE_NEWUSER)
    become_namespace_root();
  if (flags & CLONE_NEWNET)
    loopback_up();
  free(await_message('G', NULL));
  set_cpu_affinity(p, T_CPU_AFFINITY_FINAL, "final");
  if ((flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
    die_errno("unshare cgroup namespace");
  if (setsid() < 0)
    die_errno("setsid");
  if (plan_has(p, T_NEW_KEYRING) && syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
      errno != ENOSYS && errno != EACCES && errno != EPERM)
    die_errno("join a new session keyring");
  /* Without a mount namespace nothing may be mounted (it would land on the host): like runc,
   * the process only gets chroot into the rootfs. */
  int chroot_only = plan_has(p, T_CHROOT_ONLY);
  int has_rootfs = plan_has(p, T_ROOTFS) && !chroot_only;
  if (has_rootfs)
    rootfs_prepare(p, (flags & CLONE_NEWUSER) != 0);
  report("hooks");
  char *state = await_message('H', NULL);
  char *listener_state = h->listener_fd >= 0 ? await_message('L', NULL) : NULL;
  run_hooks(p, T_HOOK_CREATE_CONTAINER, state);
  if (has_rootfs)
    rootfs_enter(p);
  else if (chroot_only && (chroot(plan_str(p, T_ROOTFS, "/")) < 0 || chdir("/") < 0))
    die_errno("chroot into rootfs %s", plan_str(p, T_ROOTFS, "/"));
  if (plan_has(p, T_TERMINAL))
    setup_console(p, h->console_fd, has_rootfs);
  apply_sysctls(p);
  if (has_rootfs)
    rootfs_finish(p);
  apply_misc(p);
  apply_rlimits(p);
  mark_fds_cloexec(p);
  int nnp = plan_has(p, T_NO_NEW_PRIVS);
  if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    die_errno("prctl PR_SET_NO_NEW_PRIVS");
  /* Without no_new_privs, loading seccomp needs CAP_SYS_ADMIN: do it before dropping caps. */
  if (!nnp)
    load_seccomp(p, h->listener_fd, listener_state);
  drop_bounding_set(p);
  switch_user(p);
  apply_capabilities(p);
  char *exe = resolve_executable(p);
  char **envp = process_env(p);
  report("created");
  /* From here on errors go to the process's stderr: the runtime has stopped listening. */
  close(control_fd);
  control_fd = -1;
  if (h->fifo_dir >= 0)
    release_on_fifo(h->fifo_dir, h->fifo_name);
  run_hooks(p, T_HOOK_START_CONTAINER, state);
  /* With no_new_privs, seccomp goes last so the fewest syscalls after it need allowing. */
  if (nnp)
    load_seccomp(p, h->listener_fd, listener_state);
  exec_process(p, exe, envp);
}

int main(int argc, char **argv, char **envp) {
  if (argc != 2) {
    fprintf(stderr, "berth-init is started by berth-runtime, not by hand\n");
    return 2;
  }
  control_fd = atoi(argv[1]);
  if (control_fd < 3 || fcntl(control_fd, F_GETFD) < 0) {
    fprintf(stderr, "berth-init: bad control fd %s\n", argv[1]);
    return 2;
  }
  ensure_sealed_self(argv, envp);
  /* Only now: the sealed re-exec above must keep the control socket open. */
  if (fcntl(control_fd, F_SETFD, FD_CLOEXEC) < 0)
    die_errno("mark control fd close-on-exec");
  struct plan p;
  if (plan_read(control_fd, &p) < 0)
    die_errno("read plan");
  stage0(&p);
  return 0;
}
