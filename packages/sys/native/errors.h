#pragma once

#include <napi.h>

namespace berth {

// Throws a JavaScript Error carrying the numeric `errno` and the `syscall` that failed.
// The TypeScript layer turns it into a typed SysError with the errno's name and a stable code.
[[noreturn]] void ThrowErrno(Napi::Env env, const char* syscall, int err);

// For error paths that own an fd: closes it, then throws as ThrowErrno with the original errno.
[[noreturn]] void CloseAndThrowErrno(Napi::Env env, int fd, const char* syscall, int err);

}  // namespace berth
