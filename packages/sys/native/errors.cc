#include "errors.h"

#include <cstring>
#include <string>

namespace berth {

void ThrowErrno(Napi::Env env, const char* syscall, int err) {
  Napi::Error error = Napi::Error::New(env, std::string(syscall) + ": " + std::strerror(err));
  error.Set("errno", Napi::Number::New(env, err));
  error.Set("syscall", Napi::String::New(env, syscall));
  throw error;
}

}  // namespace berth
