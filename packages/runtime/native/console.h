/* process.terminal: a pty inside the container, its master handed out over --console-socket. */
#ifndef BERTH_CONSOLE_H
#define BERTH_CONSOLE_H

#include "plan.h"

/* Opens the pty, sends the master over console_fd (runc's one-message protocol), makes the
 * slave the controlling terminal and stdio, and binds it over /dev/console when with_dev_console. */
void setup_console(const struct plan *p, int console_fd, int with_dev_console);
/* Connects to a unix socket path (close-on-exec) or dies naming what it was for. */
int connect_unix(const char *path, const char *what);

#endif
