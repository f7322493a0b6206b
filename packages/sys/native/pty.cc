#include "pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

// Opens the peer through the master (TIOCGPTPEER, Linux 4.13+) so that a devpts remount
// between ptsname and open cannot hand us another terminal; older kernels fall back to the path.
int OpenSlave(int master, const char* name) {
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave == -1 && (errno == EINVAL || errno == ENOTTY)) slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  return slave;
}

// openPty(): {master, slave, ptsName}. Both fds are close-on-exec and do not become our
// controlling terminal. grantpt() is not needed: devpts already owns the slave correctly.
Napi::Value OpenPty(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master == -1) ThrowErrno(env, "open(/dev/ptmx)", errno);
  if (unlockpt(master) != 0) CloseAndThrowErrno(env, master, "unlockpt", errno);
  char name[128];
  int err = ptsname_r(master, name, sizeof(name));
  if (err != 0) CloseAndThrowErrno(env, master, "ptsname_r", err);
  int slave = OpenSlave(master, name);
  if (slave == -1) CloseAndThrowErrno(env, master, "open(pts)", errno);
  try {
    Napi::Object result = Napi::Object::New(env);
    result.Set("master", Napi::Number::New(env, master));
    result.Set("slave", Napi::Number::New(env, slave));
    result.Set("ptsName", Napi::String::New(env, name));
    return result;
  } catch (...) {
    close(slave);
    close(master);
    throw;
  }
}

Napi::Value SetWinsize(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0, "fd");
  winsize size = {};
  size.ws_row = static_cast<unsigned short>(IntegerArg(info, 1, "rows", 0, 0xffff));
  size.ws_col = static_cast<unsigned short>(IntegerArg(info, 2, "cols", 0, 0xffff));
  if (ioctl(fd, TIOCSWINSZ, &size) != 0) ThrowErrno(info.Env(), "ioctl(TIOCSWINSZ)", errno);
  return info.Env().Undefined();
}

Napi::Value GetWinsize(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0, "fd");
  winsize size = {};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) ThrowErrno(info.Env(), "ioctl(TIOCGWINSZ)", errno);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("rows", Napi::Number::New(info.Env(), size.ws_row));
  result.Set("cols", Napi::Number::New(info.Env(), size.ws_col));
  return result;
}

}  // namespace

void InitPty(Napi::Env env, Napi::Object exports) {
  exports.Set("openPty", Napi::Function::New(env, OpenPty, "openPty"));
  exports.Set("setWinsize", Napi::Function::New(env, SetWinsize, "setWinsize"));
  exports.Set("getWinsize", Napi::Function::New(env, GetWinsize, "getWinsize"));
}

}  // namespace berth
