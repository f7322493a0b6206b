/* ID-mapped bind mounts. Stage 0 builds them while it is still in the runtime's namespaces:
 * idmapping a mount needs CAP_SYS_ADMIN over the user namespace that carries the mapping, which
 * an init inside the container's own user namespace lacks (runc prepares them outside too).
 * Each becomes a detached tree (open_tree + mount_setattr) that init inherits and moves into
 * place in mount order. */
#define _GNU_SOURCE
#include "idmap.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int *trees;
static size_t ntrees;

void write_id_map(pid_t pid, const char *file, const char *map) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    die_errno("open %s", path);
  if (write(fd, map, strlen(map)) != (ssize_t)strlen(map))
    die_errno("write %s (%s)", file, map);
  close(fd);
}

/* A user namespace holding the mapping: a child is born into it, parks until killed, and
 * keeps it alive only until its fd is open. */
static int mapping_userns(const char *uid_map, const char *gid_map) {
  pid_t parent = getpid();
  pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0)
    die_errno("clone a user namespace for an idmapped mount");
  if (pid == 0) {
    /* Dies with stage 0 should stage 0 fail before killing it (it holds the control socket). */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
      _exit(1);
    for (;;)
      pause();
  }
  write_id_map(pid, "uid_map", uid_map);
  write_id_map(pid, "gid_map", gid_map);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/user", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int saved = errno;
  kill(pid, SIGKILL);
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
    ;
  errno = saved;
  if (fd < 0)
    die_errno("open %s", path);
  return fd;
}

void idmap_prepare(const struct plan *p) {
  for (size_t i = 0; i < p->nrec; i++) {
    if (p->recs[i].tag != T_MOUNT_IDMAP)
      continue;
    /* Fields: source, uid_map, gid_map, recursive; it follows its T_MOUNT record. */
    const char *f[4];
    if (i == 0 || p->recs[i - 1].tag != T_MOUNT || rec_fields(&p->recs[i], f, 4) != 4)
      die("malformed idmapped mount record");
    if (!trees) {
      ntrees = p->nrec;
      trees = malloc(ntrees * sizeof *trees);
      if (!trees)
        die("out of memory");
      for (size_t j = 0; j < ntrees; j++)
        trees[j] = -1;
    }
    int recursive = f[3][0] == '1';
    int userns = mapping_userns(f[1], f[2]);
    /* Not O_CLOEXEC: init must inherit it. It is closed once moved into place. */
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, f[0], OPEN_TREE_CLONE | (recursive ? AT_RECURSIVE : 0));
    if (tree < 0)
      die_errno("clone the source %s of an idmapped mount", f[0]);
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (unsigned long long)userns};
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0)
      die_errno("idmap the mount of %s (does its filesystem support idmapped mounts?)", f[0]);
    close(userns);
    trees[i - 1] = tree;
  }
}

int idmap_tree(size_t i) { return trees && i < ntrees ? trees[i] : -1; }

void idmap_close(void) {
  for (size_t i = 0; i < ntrees; i++)
    if (trees[i] >= 0)
      close(trees[i]);
}
