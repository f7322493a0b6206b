#define _GNU_SOURCE
#include "console.h"
#include "report.h"
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

int connect_unix(const char *path, const char *what) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path)
    die("%s path too long: %s", what, path);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    die_errno("socket for %s", what);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
    die_errno("connect to %s %s", what, path);
  return fd;
}

static void send_master(int sock, int master, const char *name) {
  char cbuf[CMSG_SPACE(sizeof(int))];
  memset(cbuf, 0, sizeof cbuf);
  struct iovec iov = {.iov_base = (void *)name, .iov_len = strlen(name)};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &master, sizeof(int));
  if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
    die_errno("send pty master over the console socket");
}

void setup_console(const struct plan *p, int console_fd, int with_dev_console) {
  int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    die_errno("open /dev/ptmx for process.terminal");
  int unlock = 0;
  if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
    die_errno("unlock pty");
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    die_errno("open pty slave");
  int n;
  if (ioctl(master, TIOCGPTN, &n) < 0)
    die_errno("pty number");
  char name[64];
  snprintf(name, sizeof name, "/dev/pts/%d", n);
  const char *size = plan_str(p, T_CONSOLE_SIZE, NULL);
  if (size) {
    struct winsize ws = {0};
    unsigned h = 0, w = 0;
    sscanf(size, "%u %u", &h, &w);
    ws.ws_row = (unsigned short)h;
    ws.ws_col = (unsigned short)w;
    if (ioctl(master, TIOCSWINSZ, &ws) < 0)
      die_errno("set console size");
  }
  if (with_dev_console)
    rootfs_mount_console(name);
  if (console_fd >= 0) {
    send_master(console_fd, master, name);
    close(console_fd);
  }
  close(master);
  if (ioctl(slave, TIOCSCTTY, 0) < 0)
    die_errno("make the pty the controlling terminal");
  for (int fd = 0; fd < 3; fd++)
    if (dup2(slave, fd) < 0)
      die_errno("dup pty onto fd %d", fd);
  close(slave);
}
