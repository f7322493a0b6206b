/*
 * Calls mkdir(PATH, MODE) through one of the three syscall ABIs an x86_64 kernel serves and
 * prints the raw result (0 or -errno), so tests can see what a seccomp filter does per ABI.
 *
 *   abi-probe x86_64|x86|x32 PATH MODE
 *
 * Build without PIE: the x86 (int $0x80) call passes the path as a 32-bit pointer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X86_NR_MKDIR 39
#define X32_SYSCALL_BIT 0x40000000L

static char path[4096];

int main(int argc, char **argv) {
  if (argc != 4 || strlen(argv[2]) >= sizeof path) {
    fprintf(stderr, "usage: abi-probe x86_64|x86|x32 PATH MODE\n");
    return 2;
  }
  strcpy(path, argv[2]);
  long mode = strtol(argv[3], NULL, 8);
  long ret;
  if (strcmp(argv[1], "x86") == 0) {
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(X86_NR_MKDIR), "b"(path), "c"(mode) : "memory");
  } else {
    long nr = strcmp(argv[1], "x32") == 0 ? (X32_SYSCALL_BIT | SYS_mkdir) : SYS_mkdir;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(path), "S"(mode) : "rcx", "r11", "memory");
  }
  printf("%ld\n", ret);
  return 0;
}
