/* createContainer and startContainer hooks, which run inside the container's namespaces. */
#ifndef BERTH_HOOKS_H
#define BERTH_HOOKS_H

#include "plan.h"

/* Runs every hook with this tag in order, state JSON on stdin; dies naming the first that fails. */
void run_hooks(const struct plan *p, uint16_t tag, const char *state);

#endif
