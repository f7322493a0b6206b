#include <napi.h>

#include "fd.h"
#include "fd_passing.h"
#include "files.h"
#include "mount.h"
#include "poller.h"
#include "process.h"
#include "pty.h"
#include "signal_watcher.h"
#include "unix_socket.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  berth::InitFd(env, exports);
  berth::InitFdPassing(env, exports);
  berth::InitFiles(env, exports);
  berth::InitMount(env, exports);
  berth::InitProcess(env, exports);
  berth::InitPty(env, exports);
  berth::InitUnixSocket(env, exports);
  berth::Poller::Init(env, exports);
  berth::SignalWatcher::Init(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(berth_sys, Init)
