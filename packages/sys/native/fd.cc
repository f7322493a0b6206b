#include "fd.h"

#include <unistd.h>

#include <cerrno>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

Napi::Value CloseFd(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0, "fd");
  // On Linux the fd is released even when close reports EINTR; retrying could close a reused fd.
  if (close(fd) != 0 && errno != EINTR) ThrowErrno(info.Env(), "close", errno);
  return info.Env().Undefined();
}

}  // namespace

void InitFd(Napi::Env env, Napi::Object exports) {
  exports.Set("closeFd", Napi::Function::New(env, CloseFd, "closeFd"));
}

}  // namespace berth
