#define _GNU_SOURCE
#include "rootfs.h"
#include "idmap.h"
#include "inroot.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROPAGATION_FLAGS (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

static const char *rootfs_path(const struct plan *p) { return plan_str(p, T_ROOTFS, NULL); }

static int open_rootfs(const char *rootfs) {
  int fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    die_errno("open rootfs %s", rootfs);
  return fd;
}

/* Flags the kernel locks on a mount (nosuid, nodev, ...) must be repeated on a bind remount. */
static unsigned long locked_flags(const char *path) {
  struct statvfs sv;
  if (statvfs(path, &sv) < 0)
    return 0;
  unsigned long f = 0;
  if (sv.f_flag & ST_NOSUID)
    f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV)
    f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC)
    f |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME)
    f |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME)
    f |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME)
    f |= MS_RELATIME;
  return f;
}

static int bind_remount(const char *path, unsigned long flags) {
  flags &= ~(MS_BIND | MS_REC | PROPAGATION_FLAGS | MS_REMOUNT);
  if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | flags, NULL) == 0)
    return 0;
  if (errno != EPERM)
    return -1;
  return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | flags | locked_flags(path), NULL);
}

struct mount_rec {
  const char *src, *dst, *type, *data, *extra;
  unsigned long flags, pflags;
  unsigned long long attr_set, attr_clr;
  int tree; /* a detached idmapped tree to move into place (idmap.c), or -1 */
};

static struct mount_rec parse_mount(const struct rec *r) {
  const char *f[9] = {0};
  if (rec_fields(r, f, 9) != 9)
    die("malformed mount record");
  struct mount_rec m = {.src = f[0], .dst = f[1], .type = f[2], .data = f[5], .extra = f[8], .tree = -1};
  m.flags = strtoul(f[3], NULL, 10);
  m.pflags = strtoul(f[4], NULL, 10);
  m.attr_set = strtoull(f[6], NULL, 10);
  m.attr_clr = strtoull(f[7], NULL, 10);
  return m;
}

static void set_recursive_attrs(int fd, const struct mount_rec *m) {
  if (!m->attr_set && !m->attr_clr)
    return;
  struct mount_attr attr = {.attr_set = m->attr_set, .attr_clr = m->attr_clr};
  if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
    die_errno("set recursive attributes on %s", m->dst);
}

/* Copies the contents under a directory into the tmpfs that is about to cover it (tmpcopyup). */
static void copy_up(const char *from_dir, int to_fd) {
  pid_t pid = fork();
  if (pid < 0)
    die_errno("fork for tmpcopyup");
  if (pid == 0) {
    /* cp reaches the new tmpfs through its own /proc/self/fd: let it inherit the fd. */
    if (fcntl(to_fd, F_SETFD, 0) < 0)
      _exit(126);
    char *argv[] = {"cp", "-a", "--", (char *)from_dir, (char *)fd_path(to_fd, 0), NULL};
    char *envp[] = {"PATH=/usr/bin:/bin", NULL};
    execve("/bin/cp", argv, envp);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("tmpcopyup of %s failed", from_dir);
}

static void mount_one(int rootfd, const struct mount_rec *m) {
  int is_bind = (m->flags & MS_BIND) != 0;
  enum create_kind kind = CREATE_DIR;
  if (is_bind) {
    struct stat st;
    if (stat(m->src, &st) < 0)
      die_errno("mount %s: source %s", m->dst, m->src);
    if (!S_ISDIR(st.st_mode))
      kind = CREATE_FILE;
  }
  int special = !strcmp(m->type, "proc") || !strcmp(m->type, "sysfs");
  int fd = open_in_root(rootfd, m->dst, kind);
  if (fd < 0)
    die_errno("mount destination %s", m->dst);
  if (special) {
    /* procfs and sysfs must land exactly where asked, never through a symlink. */
    close(fd);
    fd = open_in_root_nosymlinks(rootfd, m->dst);
    if (fd < 0)
      die_errno("mount destination %s for %s (symlinks are refused)", m->dst, m->type);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
      die("mount destination %s for %s is not a directory", m->dst, m->type);
  }
  int copyup = strstr(m->extra, "tmpcopyup") != NULL;
  char tmp_src[] = "/tmp/berth-copyup-XXXXXX";
  if (copyup && !mkdtemp(tmp_src))
    die_errno("tmpcopyup staging dir");
  unsigned long base = m->flags & ~(PROPAGATION_FLAGS | MS_REMOUNT);
  int rc;
  if (m->tree >= 0) {
    rc = (int)syscall(SYS_move_mount, m->tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
    close(m->tree);
  } else if (is_bind) {
    rc = mount(m->src, fd_path(fd, 0), NULL, MS_BIND | (base & MS_REC), NULL);
  } else if (copyup) {
    /* Stage the old contents aside through a bind of the destination, then cover it. */
    if (mount(fd_path(fd, 0), tmp_src, NULL, MS_BIND, NULL) < 0)
      die_errno("tmpcopyup bind of %s", m->dst);
    rc = mount(m->src, fd_path(fd, 0), m->type, base, m->data[0] ? m->data : NULL);
  } else {
    rc = mount(m->src, fd_path(fd, 0), m->type, base, m->data[0] ? m->data : NULL);
  }
  if (rc < 0)
    die_errno("mount %s on %s (type %s)", m->src, m->dst, is_bind ? "bind" : m->type);
  close(fd);
  /* The old fd names the covered directory; reopen to reach the new mount. */
  fd = open_in_root(rootfd, m->dst, CREATE_NONE);
  if (fd < 0)
    die_errno("reopen mount %s", m->dst);
  if (copyup) {
    char from[64];
    strcpy(from, tmp_src);
    strcat(from, "/.");
    copy_up(from, fd);
    umount2(tmp_src, MNT_DETACH);
    rmdir(tmp_src);
  }
  if (is_bind && (base & ~(MS_BIND | MS_REC)) && bind_remount(fd_path(fd, 0), base) < 0)
    die_errno("remount bind %s with its options", m->dst);
  if (m->pflags && mount(NULL, fd_path(fd, 0), NULL, m->pflags, NULL) < 0)
    die_errno("set propagation of %s", m->dst);
  set_recursive_attrs(fd, m);
  close(fd);
}

struct device_rec {
  const char *path;
  char type;
  unsigned int major, minor, mode, uid, gid;
};

static void make_device(int rootfd, const struct rec *r, int in_userns) {
  const char *f[7];
  if (rec_fields(r, f, 7) != 7)
    die("malformed device record");
  struct device_rec d = {.path = f[0], .type = f[1][0]};
  d.major = (unsigned)strtoul(f[2], NULL, 10);
  d.minor = (unsigned)strtoul(f[3], NULL, 10);
  d.mode = (unsigned)strtoul(f[4], NULL, 10);
  d.uid = (unsigned)strtoul(f[5], NULL, 10);
  d.gid = (unsigned)strtoul(f[6], NULL, 10);
  if (in_userns) {
    /* mknod is not allowed in a user namespace: bind the host's node instead. */
    int fd = open_in_root(rootfd, d.path, CREATE_FILE);
    if (fd < 0)
      die_errno("device %s", d.path);
    if (mount(d.path, fd_path(fd, 0), NULL, MS_BIND, NULL) < 0)
      die_errno("bind device %s", d.path);
    close(fd);
    return;
  }
  const char *base;
  int parent = open_parent_in_root(rootfd, d.path, &base);
  if (parent < 0)
    die_errno("device %s: parent directory", d.path);
  int dirfd = open(fd_path(parent, 0), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  close(parent);
  if (dirfd < 0)
    die_errno("device %s: open parent", d.path);
  mode_t type = d.type == 'b' ? S_IFBLK : d.type == 'p' ? S_IFIFO : S_IFCHR;
  unlinkat(dirfd, base, 0);
  if (mknodat(dirfd, base, type | (d.mode & 07777), makedev(d.major, d.minor)) < 0)
    die_errno("mknod %s", d.path);
  if (fchownat(dirfd, base, d.uid, d.gid, AT_SYMLINK_NOFOLLOW) < 0)
    die_errno("chown %s", d.path);
  /* mknod honours the umask; set the asked mode exactly. */
  if (fchmodat(dirfd, base, d.mode & 07777, 0) < 0)
    die_errno("chmod %s", d.path);
  close(dirfd);
}

/* The links every container gets in /dev (skipped when the image already has the name). */
static void make_dev_links(int rootfd) {
  static const char *links[][2] = {{"/proc/self/fd", "fd"},     {"/proc/self/fd/0", "stdin"},
                                   {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
                                   {"/proc/kcore", "core"}};
  int dev = open_in_root(rootfd, "/dev", CREATE_NONE);
  if (dev < 0)
    return;
  int dirfd = open(fd_path(dev, 0), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  close(dev);
  if (dirfd < 0)
    die_errno("open /dev in rootfs");
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
    if (symlinkat(links[i][0], dirfd, links[i][1]) < 0 && errno != EEXIST)
      die_errno("symlink /dev/%s", links[i][1]);
  struct stat st;
  if (fstatat(dirfd, "pts/ptmx", &st, 0) == 0) {
    unlinkat(dirfd, "ptmx", 0);
    if (symlinkat("pts/ptmx", dirfd, "ptmx") < 0)
      die_errno("symlink /dev/ptmx");
  }
  close(dirfd);
}

/* The mount point holding path (longest matching mount in mountinfo), for pivot_root's rule
 * that the new root's parent mount must not be shared. */
static void make_parent_mount_private(const char *rootfs) {
  char parent[4096], best[4096] = "/";
  snprintf(parent, sizeof parent, "%s", rootfs);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent)
    *slash = 0;
  else
    strcpy(parent, "/");
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f)
    die_errno("open /proc/self/mountinfo");
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    char mp[4096];
    if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1)
      continue;
    size_t n = strlen(mp);
    if (strncmp(parent, mp, n) == 0 && (parent[n] == '/' || parent[n] == 0 || n == 1) && n >= strlen(best))
      strcpy(best, mp);
  }
  fclose(f);
  if (mount(NULL, best, NULL, MS_PRIVATE, NULL) < 0)
    die_errno("make the mount %s holding the rootfs private", best);
}

void rootfs_prepare(const struct plan *p, int in_userns) {
  const char *rootfs = rootfs_path(p);
  unsigned long prop = (unsigned long)plan_num(p, T_ROOTFS_PROPAGATION, MS_SLAVE | MS_REC);
  /* Shared keeps the host as a peer; anything else starts as a slave and gets its own
   * propagation on the rootfs mount below (unbindable "/" would refuse the rootfs bind). */
  unsigned long host_side = (prop & MS_SHARED) ? prop : (MS_SLAVE | MS_REC);
  if (mount(NULL, "/", NULL, host_side, NULL) < 0)
    die_errno("set propagation of / (rootfsPropagation)");
  if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    die_errno("bind rootfs %s onto itself", rootfs);
  if (!(prop & MS_SHARED) && prop != (MS_SLAVE | MS_REC) && mount(NULL, rootfs, NULL, prop, NULL) < 0)
    die_errno("set rootfsPropagation on the rootfs");
  make_parent_mount_private(rootfs);
  int rootfd = open_rootfs(rootfs);
  for (size_t i = 0; i < p->nrec; i++)
    if (p->recs[i].tag == T_MOUNT) {
      struct mount_rec m = parse_mount(&p->recs[i]);
      m.tree = idmap_tree(i);
      mount_one(rootfd, &m);
    }
  for (size_t i = 0; i < p->nrec; i++)
    if (p->recs[i].tag == T_DEVICE)
      make_device(rootfd, &p->recs[i], in_userns);
  make_dev_links(rootfd);
  /* runc creates a missing cwd (as root, inside the rootfs) rather than failing. */
  int cwd = open_in_root(rootfd, plan_str(p, T_CWD, "/"), CREATE_DIR);
  if (cwd < 0)
    die_errno("create cwd %s in rootfs", plan_str(p, T_CWD, "/"));
  close(cwd);
  close(rootfd);
}

void rootfs_enter(const struct plan *p) {
  const char *rootfs = rootfs_path(p);
  /* pivot_root refuses a shared new root (it is also the put_old mount here), so with
   * rootfsPropagation "shared" the root is moved into place instead, as with --no-pivot. */
  int shared = (plan_num(p, T_ROOTFS_PROPAGATION, 0) & MS_SHARED) != 0;
  if (plan_has(p, T_NO_PIVOT) || shared) {
    if (chdir(rootfs) < 0)
      die_errno("chdir rootfs");
    if (mount(rootfs, "/", NULL, MS_MOVE, NULL) < 0)
      die_errno("move rootfs to / (--no-pivot)");
    if (chroot(".") < 0)
      die_errno("chroot rootfs");
  } else {
    int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    int newroot = open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (oldroot < 0 || newroot < 0)
      die_errno("open roots for pivot_root");
    if (fchdir(newroot) < 0)
      die_errno("chdir rootfs");
    /* pivot_root(".", ".") stacks the old root under the new one; detach it right away. */
    if (syscall(SYS_pivot_root, ".", ".") < 0)
      die_errno("pivot_root");
    if (fchdir(oldroot) < 0)
      die_errno("chdir old root");
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
      die_errno("make old root rslave");
    if (umount2(".", MNT_DETACH) < 0)
      die_errno("detach old root");
    close(oldroot);
    close(newroot);
  }
  if (chdir("/") < 0)
    die_errno("chdir /");
}

/* The real /dev/null, checked by device number: a container may have swapped its /dev/null
 * for a symlink to something writable (CVE-2025-31133). */
static int open_checked_null(int rootfd) {
  int fd = open_in_root(rootfd, "/dev/null", CREATE_NONE);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0)
    die_errno("open /dev/null for maskedPaths");
  if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
    die("/dev/null in the container is not the null device; refusing to mask with it");
  return fd;
}

/* Masks and read-only binds under /proc must hit procfs itself, not something mounted or linked there. */
static void check_filesystem(int fd, const char *path) {
  struct statfs sf;
  if (fstatfs(fd, &sf) < 0)
    die_errno("statfs %s", path);
  if (!strncmp(path, "/proc/", 6) && sf.f_type != PROC_SUPER_MAGIC)
    die("%s is not on procfs", path);
  if (!strncmp(path, "/sys/", 5) && sf.f_type != SYSFS_MAGIC && sf.f_type != TMPFS_MAGIC &&
      sf.f_type != CGROUP_SUPER_MAGIC && sf.f_type != CGROUP2_SUPER_MAGIC)
    die("%s is not on sysfs", path);
}

static void mask_path(int rootfd, int nullfd, const char *path) {
  int fd = open_in_root(rootfd, path, CREATE_NONE);
  if (fd < 0) {
    if (errno == ENOENT)
      return;
    die_errno("maskedPaths %s", path);
  }
  check_filesystem(fd, path);
  struct stat st;
  if (fstat(fd, &st) < 0)
    die_errno("stat %s", path);
  int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", fd_path(fd, 0), "tmpfs", MS_RDONLY, "size=0k")
                               : mount(fd_path(nullfd, 1), fd_path(fd, 0), NULL, MS_BIND, NULL);
  if (rc < 0)
    die_errno("mask %s", path);
  close(fd);
}

static void readonly_path(int rootfd, const char *path) {
  int fd = open_in_root(rootfd, path, CREATE_NONE);
  if (fd < 0) {
    if (errno == ENOENT)
      return;
    die_errno("readonlyPaths %s", path);
  }
  check_filesystem(fd, path);
  if (mount(fd_path(fd, 0), fd_path(fd, 0), NULL, MS_BIND | MS_REC, NULL) < 0)
    die_errno("bind %s read-only", path);
  close(fd);
  fd = open_in_root(rootfd, path, CREATE_NONE);
  if (fd < 0 || bind_remount(fd_path(fd, 0), MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC) < 0)
    die_errno("remount %s read-only", path);
  close(fd);
}

void rootfs_finish(const struct plan *p) {
  int rootfd = open_rootfs("/");
  int nullfd = -1;
  for (size_t i = 0; i < p->nrec; i++) {
    if (p->recs[i].tag == T_MASKED) {
      if (nullfd < 0)
        nullfd = open_checked_null(rootfd);
      mask_path(rootfd, nullfd, p->recs[i].data);
    } else if (p->recs[i].tag == T_READONLY) {
      readonly_path(rootfd, p->recs[i].data);
    }
  }
  if (nullfd >= 0)
    close(nullfd);
  close(rootfd);
  if (plan_has(p, T_ROOT_READONLY) && bind_remount("/", MS_RDONLY) < 0)
    die_errno("remount root read-only");
}

void rootfs_mount_console(const char *slave_path) {
  int rootfd = open_rootfs("/");
  int fd = open_in_root(rootfd, "/dev/console", CREATE_FILE);
  if (fd < 0)
    die_errno("create /dev/console");
  if (mount(slave_path, fd_path(fd, 0), NULL, MS_BIND, NULL) < 0)
    die_errno("bind %s to /dev/console", slave_path);
  close(fd);
  close(rootfd);
}
