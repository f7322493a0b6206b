#pragma once

#include <napi.h>

namespace berth {

// sendmsg/recvmsg with SCM_RIGHTS. Both never block: they report "try again" for the
// TypeScript layer to wait for readiness in the event loop.
void InitFdPassing(Napi::Env env, Napi::Object exports);

}  // namespace berth
