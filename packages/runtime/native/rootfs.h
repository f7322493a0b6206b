/* Building the container's filesystem view: mounts, devices, pivot_root, masks. */
#ifndef BERTH_ROOTFS_H
#define BERTH_ROOTFS_H

#include "plan.h"

/* Before pivot_root: propagation, rootfs bind, every mount in order, devices, /dev links. */
void rootfs_prepare(const struct plan *p, int in_userns);
/* pivot_root (or MS_MOVE + chroot with --no-pivot) into the prepared rootfs. */
void rootfs_enter(const struct plan *p);
/* After pivot_root: masked and read-only paths, then the read-only root. */
void rootfs_finish(const struct plan *p);
/* Bind-mounts the pty slave over /dev/console (called when process.terminal is set). */
void rootfs_mount_console(const char *slave_path);

#endif
