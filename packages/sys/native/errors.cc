#include "errors.h"

#include <unistd.h>

#include <cstring>
#include <string>

namespace berth {

void ThrowErrno(Napi::Env env, const char* syscall, int err) {
  Napi::Error error = Napi::Error::New(env, std::string(syscall) + ": " + std::strerror(err));
  error.Set("errno", Napi::Number::New(env, err));
  error.Set("syscall", Napi::String::New(env, syscall));
  throw error;
}

void CloseAndThrowErrno(Napi::Env env, int fd, const char* syscall, int err) {
  close(fd);
  ThrowErrno(env, syscall, err);
}

}  // namespace berth
