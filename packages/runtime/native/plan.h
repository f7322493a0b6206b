/* The plan the TypeScript side sends to berth-init: what to set up, never how to decide it. */
#ifndef BERTH_PLAN_H
#define BERTH_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Record tags; keep in sync with src/helper/plan-tags.ts. */
enum plan_tag {
  T_NS_NEW = 1,
  T_NS_JOIN = 2,
  T_UID_MAP = 3,
  T_GID_MAP = 4,
  T_ROOTFS = 5,
  T_ROOTFS_PROPAGATION = 6,
  T_ROOT_READONLY = 7,
  T_MOUNT = 8,
  T_DEVICE = 9,
  T_MASKED = 10,
  T_READONLY = 11,
  T_HOSTNAME = 12,
  T_DOMAINNAME = 13,
  T_SYSCTL = 14,
  T_RLIMIT = 15,
  T_OOM_SCORE_ADJ = 16,
  T_PERSONALITY = 17,
  T_UID = 18,
  T_GID = 19,
  T_ADDITIONAL_GID = 20,
  T_UMASK = 21,
  T_CWD = 22,
  T_CAP_BOUNDING = 23,
  T_CAP_EFFECTIVE = 24,
  T_CAP_PERMITTED = 25,
  T_CAP_INHERITABLE = 26,
  T_CAP_AMBIENT = 27,
  T_NO_NEW_PRIVS = 28,
  T_SECCOMP_FILTER = 29,
  T_SECCOMP_FLAGS = 30,
  T_SECCOMP_LISTENER = 31,
  T_ARG = 32,
  T_ENV = 33,
  T_TERMINAL = 34,
  T_CONSOLE_SOCKET = 35,
  T_CONSOLE_SIZE = 36,
  T_FIFO = 37,
  T_WAIT = 38,
  T_NO_PIVOT = 39,
  T_PRESERVE_FDS = 40,
  T_HOOK_CREATE_CONTAINER = 41,
  T_HOOK_START_CONTAINER = 42,
  T_TIME_OFFSETS = 43,
  T_IOPRIO = 44,
  T_NEW_KEYRING = 45,
  T_SECCOMP_LISTENER_METADATA = 46,
  T_FIFO_UID = 47,
  T_CHROOT_ONLY = 48,
  T_SCHEDULER = 49,
  T_CPU_AFFINITY_INITIAL = 50, /* raw cpu_set_t bytes */
  T_CPU_AFFINITY_FINAL = 51,
  T_MOUNT_IDMAP = 52, /* follows its T_MOUNT: source, uid_map, gid_map, recursive */
  T_MAX = 53
};

/* One record: a tag and its bytes. Compound values hold NUL-separated fields. */
struct rec {
  uint16_t tag;
  uint32_t len;
  const char *data;
};

struct plan {
  char *buf; /* owns every rec's bytes */
  size_t nrec;
  struct rec *recs;
};

int plan_read(int fd, struct plan *p);
const struct rec *plan_get(const struct plan *p, uint16_t tag);
const char *plan_str(const struct plan *p, uint16_t tag, const char *fallback);
long long plan_num(const struct plan *p, uint16_t tag, long long fallback);
unsigned long long plan_u64(const struct plan *p, uint16_t tag, unsigned long long fallback);
int plan_has(const struct plan *p, uint16_t tag);
/* Splits a compound record into at most max fields; returns the count. */
size_t rec_fields(const struct rec *r, const char **out, size_t max);
/* Collects every string record with this tag into a NULL-terminated array (malloc'd). */
char **plan_strv(const struct plan *p, uint16_t tag);

#endif
