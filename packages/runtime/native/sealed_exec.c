#define _GNU_SOURCE
#include "sealed_exec.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static int running_sealed(int exe) {
  int seals = fcntl(exe, F_GET_SEALS);
  return seals >= 0 && (seals & SEALS) == SEALS;
}

void ensure_sealed_self(char **argv, char **envp) {
  int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (exe < 0)
    die_errno("open /proc/self/exe");
  if (running_sealed(exe)) {
    close(exe);
    return;
  }
  struct stat st;
  if (fstat(exe, &st) < 0)
    die_errno("stat /proc/self/exe");
  int mem = memfd_create("berth-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mem < 0)
    die_errno("memfd_create");
  for (off_t copied = 0; copied < st.st_size;) {
    ssize_t n = sendfile(mem, exe, NULL, (size_t)(st.st_size - copied));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      die_errno("copy helper into memfd");
    copied += n;
  }
  close(exe);
  if (fcntl(mem, F_ADD_SEALS, SEALS) < 0)
    die_errno("seal helper memfd");
  fexecve(mem, argv, envp);
  die_errno("re-exec sealed helper");
}
