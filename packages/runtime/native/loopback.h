/* The loopback interface of a network namespace the runtime creates itself. */
#ifndef BERTH_LOOPBACK_H
#define BERTH_LOOPBACK_H

/* Brings "lo" up in the calling process's network namespace: a fresh namespace starts with it
 * down, and runc and crun bring it up for one without a path, so 127.0.0.1 works there. */
void loopback_up(void);

#endif
