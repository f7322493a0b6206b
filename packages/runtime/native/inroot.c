#define _GNU_SOURCE
#include "inroot.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int openat2_in_root(int rootfd, const char *path, int flags, unsigned long long resolve) {
  struct open_how how = {.flags = (unsigned long long)flags | O_CLOEXEC, .resolve = resolve};
  while (*path == '/')
    path++;
  if (!*path)
    path = ".";
  int fd;
  do
    fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

static int open_scoped(int rootfd, const char *path) {
  return openat2_in_root(rootfd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

int open_in_root_nosymlinks(int rootfd, const char *path) {
  return openat2_in_root(rootfd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS);
}

/* Creates every missing directory of path (all of it), one scoped lookup per prefix. */
static int mkdir_all(int rootfd, const char *path) {
  char prefix[4096];
  size_t len = strlen(path);
  if (len >= sizeof prefix) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int parent = openat2_in_root(rootfd, "/", O_PATH | O_DIRECTORY, RESOLVE_IN_ROOT);
  if (parent < 0)
    return -1;
  size_t i = 0;
  while (i < len) {
    while (i < len && path[i] == '/')
      i++;
    if (i == len)
      break;
    size_t start = i;
    while (i < len && path[i] != '/')
      i++;
    memcpy(prefix, path, i);
    prefix[i] = 0;
    int fd = openat2_in_root(rootfd, prefix, O_PATH | O_DIRECTORY, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    if (fd < 0 && errno == ENOENT) {
      char comp[256];
      if (i - start >= sizeof comp) {
        close(parent);
        errno = ENAMETOOLONG;
        return -1;
      }
      memcpy(comp, path + start, i - start);
      comp[i - start] = 0;
      if (mkdirat(parent, comp, 0755) < 0 && errno != EEXIST) {
        close(parent);
        return -1;
      }
      fd = openat2_in_root(rootfd, prefix, O_PATH | O_DIRECTORY, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    }
    close(parent);
    if (fd < 0)
      return -1;
    parent = fd;
  }
  return parent;
}

int open_parent_in_root(int rootfd, const char *path, const char **base) {
  char dir[4096];
  const char *slash = strrchr(path, '/');
  *base = slash ? slash + 1 : path;
  size_t dlen = slash ? (size_t)(slash - path) : 0;
  if (dlen >= sizeof dir || !**base) {
    errno = EINVAL;
    return -1;
  }
  memcpy(dir, path, dlen);
  dir[dlen] = 0;
  return mkdir_all(rootfd, dir);
}

int open_in_root(int rootfd, const char *path, enum create_kind create) {
  int fd = open_scoped(rootfd, path);
  if (fd >= 0 || errno != ENOENT || create == CREATE_NONE)
    return fd;
  if (create == CREATE_DIR) {
    int dfd = mkdir_all(rootfd, path);
    if (dfd < 0)
      return -1;
    close(dfd);
  } else {
    const char *base;
    int parent = open_parent_in_root(rootfd, path, &base);
    if (parent < 0)
      return -1;
    /* O_PATH fds cannot create; reopen the parent for real through its magic link. */
    int dirfd = open(fd_path(parent, 0), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(parent);
    if (dirfd < 0)
      return -1;
    int f = openat(dirfd, base, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
    close(dirfd);
    if (f < 0 && errno != EEXIST)
      return -1;
    if (f >= 0)
      close(f);
  }
  return open_scoped(rootfd, path);
}

const char *fd_path(int fd, int slot) {
  static char bufs[2][64];
  snprintf(bufs[slot & 1], sizeof bufs[0], "/proc/self/fd/%d", fd);
  return bufs[slot & 1];
}
