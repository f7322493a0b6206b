#include "process.h"

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>

#include "args.h"
#include "errors.h"

// glibc 2.36 knows P_PIDFD only through <linux/wait.h>, which clashes with <sys/wait.h>.
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

namespace berth {

namespace {

// PIDFD_GET_INFO (Linux 6.13) with PIDFD_INFO_EXIT (6.15) keeps a process's wait status on its
// pidfd after someone else reaped it. Debian 12's headers predate it, so the first version of
// the structure (PIDFD_INFO_SIZE_VER0, which holds exit_code) is declared here.
struct PidfdInfoV0 {
  uint64_t mask;
  uint64_t cgroupid;
  uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
  int32_t exit_code;
};
static_assert(sizeof(PidfdInfoV0) == 64, "PIDFD_INFO_SIZE_VER0 is 64 bytes");
constexpr unsigned long kPidfdGetInfo = _IOWR(0xFF, 11, PidfdInfoV0);
constexpr uint64_t kPidfdInfoExit = 1ULL << 3;

// waitid() with WNOHANG. Returns false when no matching child has exited yet.
bool WaitId(idtype_t type, id_t id, int options, siginfo_t* info, int* err) {
  std::memset(info, 0, sizeof(*info));
  int rc;
  do {
    rc = waitid(type, id, info, options | WNOHANG);
  } while (rc == -1 && errno == EINTR);
  if (rc == -1) {
    *err = errno;
    return false;
  }
  *err = 0;
  return info->si_pid != 0;
}

// Decodes siginfo from waitid(WEXITED): only CLD_EXITED, CLD_KILLED and CLD_DUMPED occur.
Napi::Object ExitInfo(Napi::Env env, const siginfo_t& info) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", Napi::Number::New(env, info.si_pid));
  bool exited = info.si_code == CLD_EXITED;
  result.Set("exitCode", exited ? Napi::Value(Napi::Number::New(env, info.si_status)) : env.Null());
  result.Set("signal", exited ? env.Null() : Napi::Value(Napi::Number::New(env, info.si_status)));
  result.Set("coreDumped", Napi::Boolean::New(env, info.si_code == CLD_DUMPED));
  return result;
}

// The exit status kept on a pidfd whose process was already reaped; false where the kernel
// cannot tell (older than 6.15, or no status recorded).
bool ExitStatusFromPidfd(int pidfd, int* status) {
  PidfdInfoV0 info;
  std::memset(&info, 0, sizeof(info));
  info.mask = kPidfdInfoExit;
  if (ioctl(pidfd, kPidfdGetInfo, &info) != 0 || (info.mask & kPidfdInfoExit) == 0) return false;
  *status = info.exit_code;
  return true;
}

// Same shape as ExitInfo, from a waitpid-style status. The pid is no longer known (0).
Napi::Object ExitInfoFromStatus(Napi::Env env, int status) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", Napi::Number::New(env, 0));
  bool exited = WIFEXITED(status);
  result.Set("exitCode", exited ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(status))) : env.Null());
  result.Set("signal", exited ? env.Null() : Napi::Value(Napi::Number::New(env, WTERMSIG(status))));
  result.Set("coreDumped", Napi::Boolean::New(env, !exited && WCOREDUMP(status)));
  return result;
}

Napi::Value SetChildSubreaper(const Napi::CallbackInfo& info) {
  bool on = BoolArg(info, 0, "on");
  if (prctl(PR_SET_CHILD_SUBREAPER, on ? 1UL : 0UL, 0UL, 0UL, 0UL) != 0) {
    ThrowErrno(info.Env(), "prctl(PR_SET_CHILD_SUBREAPER)", errno);
  }
  return info.Env().Undefined();
}

Napi::Value IsChildSubreaper(const Napi::CallbackInfo& info) {
  int value = 0;
  if (prctl(PR_GET_CHILD_SUBREAPER, &value, 0UL, 0UL, 0UL) != 0) {
    ThrowErrno(info.Env(), "prctl(PR_GET_CHILD_SUBREAPER)", errno);
  }
  return Napi::Boolean::New(info.Env(), value != 0);
}

Napi::Value PidfdOpen(const Napi::CallbackInfo& info) {
  pid_t pid = static_cast<pid_t>(IntegerArg(info, 0, "pid", 1, INT_MAX));
  // pidfds are always close-on-exec.
  long fd = syscall(SYS_pidfd_open, pid, 0U);
  if (fd == -1) ThrowErrno(info.Env(), "pidfd_open", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(fd));
}

Napi::Value PidfdSendSignal(const Napi::CallbackInfo& info) {
  int pidfd = FdArg(info, 0, "pidfd");
  int signal = static_cast<int>(IntegerArg(info, 1, "signal", 0, SIGRTMAX));
  if (syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0U) == -1) {
    ThrowErrno(info.Env(), "pidfd_send_signal", errno);
  }
  return info.Env().Undefined();
}

// waitPidfd(pidfd, reap): the exit info of the process behind pidfd, or null while it runs.
// With reap=false the zombie stays for its real waiter (e.g. libuv for child_process children);
// if that waiter was faster, the status kept on the pidfd is used where the kernel has it.
Napi::Value WaitPidfd(const Napi::CallbackInfo& info) {
  int pidfd = FdArg(info, 0, "pidfd");
  bool reap = BoolArg(info, 1, "reap");
  siginfo_t si;
  int err;
  bool done = WaitId(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), WEXITED | (reap ? 0 : WNOWAIT), &si, &err);
  int status;
  if (err == ECHILD && !reap && ExitStatusFromPidfd(pidfd, &status)) return ExitInfoFromStatus(info.Env(), status);
  if (err != 0) ThrowErrno(info.Env(), "waitid(P_PIDFD)", err);
  return done ? Napi::Value(ExitInfo(info.Env(), si)) : info.Env().Null();
}

// peekExitedChild(): pid of some exited, unreaped child (left unreaped), or 0 if none.
Napi::Value PeekExitedChild(const Napi::CallbackInfo& info) {
  siginfo_t si;
  int err;
  bool found = WaitId(P_ALL, 0, WEXITED | WNOWAIT, &si, &err);
  if (err == ECHILD) return Napi::Number::New(info.Env(), 0);
  if (err != 0) ThrowErrno(info.Env(), "waitid(P_ALL)", err);
  return Napi::Number::New(info.Env(), found ? si.si_pid : 0);
}

// reapChild(pid): reaps pid if it has exited and returns its exit info, else null.
Napi::Value ReapChild(const Napi::CallbackInfo& info) {
  pid_t pid = static_cast<pid_t>(IntegerArg(info, 0, "pid", 1, INT_MAX));
  siginfo_t si;
  int err;
  bool done = WaitId(P_PID, static_cast<id_t>(pid), WEXITED, &si, &err);
  if (err != 0) ThrowErrno(info.Env(), "waitid(P_PID)", err);
  return done ? Napi::Value(ExitInfo(info.Env(), si)) : info.Env().Null();
}

}  // namespace

void InitProcess(Napi::Env env, Napi::Object exports) {
  exports.Set("setChildSubreaper", Napi::Function::New(env, SetChildSubreaper, "setChildSubreaper"));
  exports.Set("isChildSubreaper", Napi::Function::New(env, IsChildSubreaper, "isChildSubreaper"));
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpen, "pidfdOpen"));
  exports.Set("pidfdSendSignal", Napi::Function::New(env, PidfdSendSignal, "pidfdSendSignal"));
  exports.Set("waitPidfd", Napi::Function::New(env, WaitPidfd, "waitPidfd"));
  exports.Set("peekExitedChild", Napi::Function::New(env, PeekExitedChild, "peekExitedChild"));
  exports.Set("reapChild", Napi::Function::New(env, ReapChild, "reapChild"));
}

}  // namespace berth
