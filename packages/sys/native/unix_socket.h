#pragma once

#include <napi.h>

namespace berth {

// Unix stream sockets that no net.Socket owns (so they can carry SCM_RIGHTS).
void InitUnixSocket(Napi::Env env, Napi::Object exports);

}  // namespace berth
