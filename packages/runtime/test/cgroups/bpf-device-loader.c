/*
 * Test-only loader for the cgroup v2 device programs that src/cgroups/v2/device-filter.ts emits:
 * reads struct bpf_insn[] from stdin, loads it as BPF_PROG_TYPE_CGROUP_DEVICE and attaches it to the
 * cgroup directory given as argv[1]. The attachment outlives this process (until the cgroup is
 * removed). Prints the verifier log and exits 1 when the kernel rejects the program.
 * The runtime's real loader belongs in the init helper; this one only proves the bytes are right.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char insns[1 << 16];
static char log_buf[1 << 16];

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CGROUP_DIR < program.bin\n", argv[0]);
    return 2;
  }
  size_t len = 0;
  ssize_t n;
  while ((n = read(0, insns + len, sizeof(insns) - len)) > 0) len += (size_t)n;
  if (n < 0 || len == 0 || len % sizeof(struct bpf_insn) != 0) {
    fprintf(stderr, "bad program length %zu\n", len);
    return 2;
  }

  union bpf_attr load;
  memset(&load, 0, sizeof(load));
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = (unsigned long)insns;
  load.insn_cnt = (unsigned)(len / sizeof(struct bpf_insn));
  load.license = (unsigned long)"Apache";
  load.log_buf = (unsigned long)log_buf;
  load.log_size = sizeof(log_buf);
  load.log_level = 1;
  int prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof(load));
  if (prog < 0) {
    perror("BPF_PROG_LOAD");
    fputs(log_buf, stderr);
    return 1;
  }

  int cgroup = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cgroup < 0) {
    perror(argv[1]);
    return 1;
  }
  union bpf_attr attach;
  memset(&attach, 0, sizeof(attach));
  attach.target_fd = (unsigned)cgroup;
  attach.attach_bpf_fd = (unsigned)prog;
  attach.attach_type = BPF_CGROUP_DEVICE;
  if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof(attach)) < 0) {
    perror("BPF_PROG_ATTACH");
    return 1;
  }
  return 0;
}
