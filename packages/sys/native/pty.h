#pragma once

#include <napi.h>

namespace berth {

// Pseudo-terminal pairs and window sizes.
void InitPty(Napi::Env env, Napi::Object exports);

}  // namespace berth
