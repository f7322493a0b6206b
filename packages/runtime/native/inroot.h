/* Path resolution scoped to a root directory: symlinks are resolved as if the root were "/",
 * so nothing a container image holds can send a mount or mask out of its rootfs. */
#ifndef BERTH_INROOT_H
#define BERTH_INROOT_H

enum create_kind { CREATE_NONE, CREATE_DIR, CREATE_FILE };

/* O_PATH fd for path inside root (leading "/" allowed); creates it (and its parents) if asked.
 * Returns -1 with errno set when it is missing and not created. */
int open_in_root(int rootfd, const char *path, enum create_kind create);
/* Same, refusing any symlink on the way (for procfs/sysfs targets). */
int open_in_root_nosymlinks(int rootfd, const char *path);
/* O_PATH fd for the parent directory of path inside root, created if missing; *base gets the last part. */
int open_parent_in_root(int rootfd, const char *path, const char **base);
/* "/proc/self/fd/<fd>" in a static buffer per slot (0 or 1). */
const char *fd_path(int fd, int slot);

#endif
