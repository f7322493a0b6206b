#define _GNU_SOURCE
#include "process.h"
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void apply_rlimits(const struct plan *p) {
  for (size_t i = 0; i < p->nrec; i++) {
    if (p->recs[i].tag != T_RLIMIT)
      continue;
    const char *f[3];
    if (rec_fields(&p->recs[i], f, 3) != 3)
      die("malformed rlimit record");
    struct rlimit rl = {.rlim_cur = strtoull(f[1], NULL, 10), .rlim_max = strtoull(f[2], NULL, 10)};
    if (setrlimit((__rlimit_resource_t)atoi(f[0]), &rl) < 0)
      die_errno("setrlimit resource %s (soft %s, hard %s)", f[0], f[1], f[2]);
  }
}

static void write_file(const char *path, const char *value) {
  int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    die_errno("open %s", path);
  size_t len = strlen(value);
  if (write(fd, value, len) != (ssize_t)len)
    die_errno("write %s", path);
  close(fd);
}

void apply_sysctls(const struct plan *p) {
  for (size_t i = 0; i < p->nrec; i++) {
    if (p->recs[i].tag != T_SYSCTL)
      continue;
    const char *f[2];
    if (rec_fields(&p->recs[i], f, 2) != 2)
      die("malformed sysctl record");
    char path[512];
    snprintf(path, sizeof path, "/proc/sys/%s", f[0]);
    for (char *c = path + 10; *c; c++)
      if (*c == '.')
        *c = '/';
    if (strstr(path, "/../") || strstr(path, "/./"))
      die("sysctl %s: invalid name", f[0]);
    write_file(path, f[1]);
  }
}

/* struct sched_attr of sched_setattr(2); glibc 2.36 has no wrapper. */
struct sched_attr_v1 {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
};

static void apply_scheduler(const struct plan *p) {
  const struct rec *r = plan_get(p, T_SCHEDULER);
  if (!r)
    return;
  const char *f[7];
  if (rec_fields(r, f, 7) != 7)
    die("malformed scheduler record");
  struct sched_attr_v1 attr = {
      .size = sizeof attr,
      .sched_policy = (uint32_t)strtoul(f[0], NULL, 10),
      .sched_flags = strtoull(f[1], NULL, 10),
      .sched_nice = (int32_t)strtol(f[2], NULL, 10),
      .sched_priority = (uint32_t)strtoul(f[3], NULL, 10),
      .sched_runtime = strtoull(f[4], NULL, 10),
      .sched_deadline = strtoull(f[5], NULL, 10),
      .sched_period = strtoull(f[6], NULL, 10),
  };
  if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0)
    die_errno("sched_setattr (process.scheduler policy %s)", f[0]);
}

void apply_misc(const struct plan *p) {
  const char *v;
  apply_scheduler(p);
  if ((v = plan_str(p, T_OOM_SCORE_ADJ, NULL)))
    write_file("/proc/self/oom_score_adj", v);
  if (plan_has(p, T_PERSONALITY) && personality((unsigned long)plan_num(p, T_PERSONALITY, 0)) < 0)
    die_errno("personality");
  if (plan_has(p, T_IOPRIO) && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, (int)plan_num(p, T_IOPRIO, 0)) < 0)
    die_errno("ioprio_set");
  if ((v = plan_str(p, T_HOSTNAME, NULL)) && sethostname(v, strlen(v)) < 0)
    die_errno("sethostname %s", v);
  if ((v = plan_str(p, T_DOMAINNAME, NULL)) && setdomainname(v, strlen(v)) < 0)
    die_errno("setdomainname %s", v);
}

static int last_cap(void) {
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  char buf[16] = {0};
  if (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n > 0)
      return atoi(buf);
  }
  return CAP_LAST_CAP;
}

void drop_bounding_set(const struct plan *p) {
  if (!plan_has(p, T_CAP_BOUNDING))
    return;
  unsigned long long keep = plan_u64(p, T_CAP_BOUNDING, 0);
  int last = last_cap();
  for (int cap = 0; cap <= last; cap++)
    if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      die_errno("drop capability %d from the bounding set", cap);
}

void switch_user(const struct plan *p) {
  uid_t uid = (uid_t)plan_num(p, T_UID, 0);
  gid_t gid = (gid_t)plan_num(p, T_GID, 0);
  char **extra = plan_strv(p, T_ADDITIONAL_GID);
  size_t n = 0;
  while (extra[n])
    n++;
  gid_t *groups = calloc(n + 1, sizeof *groups);
  for (size_t i = 0; i < n; i++)
    groups[i] = (gid_t)strtoul(extra[i], NULL, 10);
  free(extra);
  /* Keep the permitted set across setuid so capset can grant what the config asks for. */
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    die_errno("prctl PR_SET_KEEPCAPS");
  if (setgroups(n, groups) < 0 && !(errno == EPERM && n == 0))
    die_errno("setgroups (additionalGids)");
  free(groups);
  if (setresgid(gid, gid, gid) < 0)
    die_errno("setgid %u", gid);
  if (setresuid(uid, uid, uid) < 0)
    die_errno("setuid %u", uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    die_errno("prctl clear PR_SET_KEEPCAPS");
  if (plan_has(p, T_UMASK))
    umask((mode_t)plan_num(p, T_UMASK, 022));
  const char *cwd = plan_str(p, T_CWD, "/");
  if (chdir(cwd) < 0)
    die_errno("chdir to cwd (\"%s\") set in config.json", cwd);
}

void apply_capabilities(const struct plan *p) {
  unsigned long long eff = plan_u64(p, T_CAP_EFFECTIVE, 0), prm = plan_u64(p, T_CAP_PERMITTED, 0),
                     inh = plan_u64(p, T_CAP_INHERITABLE, 0), amb = plan_u64(p, T_CAP_AMBIENT, 0);
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  /* The spec asks for an error when a capability cannot be granted; name the ones the
   * runtime itself lacks (a runtime inside a restricted container) instead of a bare EPERM. */
  struct __user_cap_data_struct have[2];
  if (syscall(SYS_capget, &hdr, have) < 0)
    die_errno("capget");
  unsigned long long avail = (unsigned long long)have[0].permitted | ((unsigned long long)have[1].permitted << 32);
  unsigned long long missing = (eff | prm) & ~avail;
  if (missing) {
    int first = __builtin_ctzll(missing);
    die("process.capabilities: capability %d (and %d more) cannot be granted: the runtime does not hold it", first,
        __builtin_popcountll(missing) - 1);
  }
  struct __user_cap_data_struct data[2] = {
      {.effective = (__u32)eff, .permitted = (__u32)prm, .inheritable = (__u32)inh},
      {.effective = (__u32)(eff >> 32), .permitted = (__u32)(prm >> 32), .inheritable = (__u32)(inh >> 32)}};
  if (syscall(SYS_capset, &hdr, data) < 0)
    die_errno("capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    die_errno("clear ambient capabilities");
  /* The kernel only lets a capability be ambient while it is permitted and inheritable; like
   * runc, others in the ambient list are left out rather than failing the container. */
  amb &= prm & inh;
  for (int cap = 0; cap < 64; cap++)
    if ((amb & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      die_errno("raise ambient capability %d", cap);
}

static void send_listener_fd(int sock, int notify_fd, const char *state) {
  char cbuf[CMSG_SPACE(sizeof(int))];
  memset(cbuf, 0, sizeof cbuf);
  struct iovec iov = {.iov_base = (void *)state, .iov_len = strlen(state)};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &notify_fd, sizeof(int));
  if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
    die_errno("send seccomp notify fd to listenerPath");
}

void load_seccomp(const struct plan *p, int listener_fd, const char *listener_state) {
  const struct rec *r = plan_get(p, T_SECCOMP_FILTER);
  if (!r)
    return;
  if (r->len == 0 || r->len % sizeof(struct sock_filter) != 0)
    die("malformed seccomp filter (%u bytes)", r->len);
  struct sock_fprog prog = {.len = (unsigned short)(r->len / sizeof(struct sock_filter)),
                            .filter = (struct sock_filter *)r->data};
  unsigned int flags = (unsigned int)plan_num(p, T_SECCOMP_FLAGS, 0);
  if (listener_fd >= 0)
    flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (rc < 0)
    die_errno("load seccomp filter");
  if (listener_fd >= 0) {
    send_listener_fd(listener_fd, (int)rc, listener_state);
    close((int)rc);
    close(listener_fd);
  }
}

static int is_executable(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *resolve_executable(const struct plan *p) {
  const char *arg0 = plan_str(p, T_ARG, NULL);
  if (!arg0)
    die("process.args is empty");
  if (strchr(arg0, '/')) {
    if (!is_executable(arg0))
      die("exec: \"%s\": %s", arg0, access(arg0, F_OK) == 0 ? "permission denied" : "no such file or directory");
    return strdup(arg0);
  }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (size_t i = 0; i < p->nrec; i++)
    if (p->recs[i].tag == T_ENV && !strncmp(p->recs[i].data, "PATH=", 5))
      path = p->recs[i].data + 5;
  char *dirs = strdup(path), *save = NULL;
  for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", *dir ? dir : ".", arg0);
    if (is_executable(full)) {
      free(dirs);
      return strdup(full);
    }
  }
  die("exec: \"%s\": executable file not found in $PATH", arg0);
}

/* HOME as runc sets it when env lacks one: the user's entry in the container's /etc/passwd, else "/". */
static char *home_env(uid_t uid) {
  char *home = NULL;
  FILE *f = fopen("/etc/passwd", "re");
  if (f) {
    char line[1024];
    while (!home && fgets(line, sizeof line, f)) {
      char *fields[7] = {0}, *tok = line;
      size_t n = 0;
      /* strsep keeps empty fields, which strtok would merge. */
      while (n < 7 && (fields[n] = strsep(&tok, ":")) != NULL)
        n++;
      if (n >= 6 && fields[2] && (uid_t)strtoul(fields[2], NULL, 10) == uid && fields[5][0])
        home = strdup(fields[5]);
    }
    fclose(f);
  }
  char *env = malloc(strlen(home ? home : "/") + 6);
  if (!env)
    die_errno("allocate HOME");
  strcpy(env, "HOME=");
  strcat(env, home ? home : "/");
  free(home);
  return env;
}

char **process_env(const struct plan *p) {
  char **envp = plan_strv(p, T_ENV);
  size_t n = 0;
  int has_home = 0;
  for (; envp[n]; n++)
    has_home |= !strncmp(envp[n], "HOME=", 5);
  if (!has_home) {
    envp = realloc(envp, (n + 2) * sizeof *envp);
    if (!envp)
      die_errno("allocate environment");
    envp[n] = home_env(getuid());
    envp[n + 1] = NULL;
  }
  return envp;
}

void mark_fds_cloexec(const struct plan *p) {
  unsigned int keep = 3 + (unsigned int)plan_num(p, T_PRESERVE_FDS, 0);
  if (syscall(SYS_close_range, keep, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
    return;
  /* Kernels before 5.11: walk the fd table instead. */
  DIR *dir = opendir("/proc/self/fd");
  if (!dir)
    die_errno("list /proc/self/fd to mark fds close-on-exec");
  for (struct dirent *e; (e = readdir(dir));) {
    int fd = atoi(e->d_name);
    if (e->d_name[0] != '.' && fd >= (int)keep && fd != dirfd(dir) && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 && errno != EBADF)
      die_errno("mark fd %d close-on-exec", fd);
  }
  closedir(dir);
}

void exec_process(const struct plan *p, const char *path, char **envp) {
  char **argv = plan_strv(p, T_ARG);
  execve(path, argv, envp);
  die_errno("exec %s", path);
}
