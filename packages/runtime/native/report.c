#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int control_fd = CONTROL_FD;

static void write_line(const char *line, size_t len) {
  int fd = control_fd >= 0 ? control_fd : 2;
  while (len > 0) {
    ssize_t n = write(fd, line, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    line += n;
    len -= (size_t)n;
  }
}

static void vreport(const char *prefix, const char *fmt, va_list ap, const char *suffix) {
  char line[4096];
  int n = snprintf(line, sizeof line, "%s", prefix);
  n += vsnprintf(line + n, sizeof line - (size_t)n - 2, fmt, ap);
  if (n > (int)sizeof line - 2)
    n = (int)sizeof line - 2;
  if (suffix)
    n += snprintf(line + n, sizeof line - (size_t)n - 1, ": %s", suffix);
  if (n > (int)sizeof line - 2)
    n = (int)sizeof line - 2;
  /* A message is one line: newlines inside would split it on the reading side. */
  for (int i = 0; i < n; i++)
    if (line[i] == '\n')
      line[i] = ' ';
  line[n++] = '\n';
  write_line(line, (size_t)n);
}

void report(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport("", fmt, ap, NULL);
  va_end(ap);
}

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport("error ", fmt, ap, NULL);
  va_end(ap);
  _exit(1);
}

void die_errno(const char *fmt, ...) {
  int saved = errno;
  va_list ap;
  va_start(ap, fmt);
  vreport("error ", fmt, ap, strerror(saved));
  va_end(ap);
  _exit(1);
}

static void read_full_or_die(void *buf, size_t len) {
  char *p = buf;
  while (len > 0) {
    ssize_t n = read(control_fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n == 0)
      die("runtime closed the control socket");
    if (n < 0)
      die_errno("read control socket");
    p += n;
    len -= (size_t)n;
  }
}

char *await_message(char expected_type, uint32_t *len) {
  char type;
  uint32_t n;
  read_full_or_die(&type, 1);
  if (type != expected_type)
    die("unexpected message '%c' from runtime, wanted '%c'", type, expected_type);
  read_full_or_die(&n, sizeof n);
  if (n > 16u << 20)
    die("message '%c' too large", type);
  char *buf = malloc(n + 1);
  if (!buf)
    die_errno("allocate message");
  read_full_or_die(buf, n);
  buf[n] = 0;
  if (len)
    *len = n;
  return buf;
}
