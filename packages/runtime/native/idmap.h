/* ID-mapped bind mounts (mounts[].uidMappings/gidMappings, options idmap/ridmap). */
#ifndef BERTH_IDMAP_H
#define BERTH_IDMAP_H

#include "plan.h"
#include <sys/types.h>

/* Writes one of /proc/<pid>/{uid_map,gid_map}. */
void write_id_map(pid_t pid, const char *file, const char *map);
/* Stage 0, on the host: a detached, idmapped clone of every such mount's source. */
void idmap_prepare(const struct plan *p);
/* The detached tree for the T_MOUNT record at index i, or -1 for an ordinary mount. */
int idmap_tree(size_t i);
/* Stage 0 after the clone: init holds its own copies. */
void idmap_close(void);

#endif
