#pragma once

#include <napi.h>

namespace berth {

// mount(2), umount2(2), the fsopen(2) family for option lists longer than mount(2) takes, and
// mkfifo(3).
void InitMount(Napi::Env env, Napi::Object exports);

}  // namespace berth
