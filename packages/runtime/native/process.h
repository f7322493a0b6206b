/* The container process's own attributes: limits, identity, capabilities, seccomp, exec. */
#ifndef BERTH_PROCESS_H
#define BERTH_PROCESS_H

#include "plan.h"

void apply_rlimits(const struct plan *p);
void apply_sysctls(const struct plan *p);
void apply_misc(const struct plan *p); /* oomScoreAdj, personality, ioPriority, hostname, domainname */
void drop_bounding_set(const struct plan *p);
void switch_user(const struct plan *p); /* groups, gid, uid (keeping capabilities), umask, cwd */
void apply_capabilities(const struct plan *p);
/* Loads the BPF filter; with a listener path, sends the notify fd and state to listener_fd. */
void load_seccomp(const struct plan *p, int listener_fd, const char *listener_state);
/* Resolves args[0] through the container's PATH; dies naming it if not executable. */
char *resolve_executable(const struct plan *p);
/* The process environment: env from the plan, plus HOME from /etc/passwd when env has none (as runc). */
char **process_env(const struct plan *p);
/* Marks close-on-exec every fd above stdio and the preserved ones (before seccomp, which may
 * not allow close_range), so none reaches the process. */
void mark_fds_cloexec(const struct plan *p);
void exec_process(const struct plan *p, const char *path, char **envp) __attribute__((noreturn));

#endif
