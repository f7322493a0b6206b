#pragma once

#include <napi.h>

namespace berth {

// closeFd for the raw fds this addon hands out.
void InitFd(Napi::Env env, Napi::Object exports);

}  // namespace berth
