#pragma once

#include <napi.h>

namespace berth {

// Subreaper flag, pidfds and waitid-based reaping.
void InitProcess(Napi::Env env, Napi::Object exports);

}  // namespace berth
