/* Talking to the TypeScript side over the control socket (fd CONTROL_FD). */
#ifndef BERTH_REPORT_H
#define BERTH_REPORT_H

#include <stddef.h>
#include <stdint.h>

#define CONTROL_FD 3

/* The socket or, once it is closed, -1 (errors then go to stderr). */
extern int control_fd;

/* One line "<word> <text>\n" to the runtime. */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "error <what>" and exit 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* "error <what>: <strerror(errno)>" and exit 1. */
void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Waits for a message from the runtime: one type byte and a u32-length payload (malloc'd, NUL-ended). */
char *await_message(char expected_type, uint32_t *len);

#endif
