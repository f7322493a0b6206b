#pragma once

#include <napi.h>

namespace berth {

// mknod(2) for device nodes and the l*xattr(2) calls, which Node's fs lacks.
void InitFiles(Napi::Env env, Napi::Object exports);

}  // namespace berth
