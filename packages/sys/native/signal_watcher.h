#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

#include "loop_callback.h"

namespace berth {

// SignalWatcher(signal, callback): a uv_signal handle of its own. process.on('SIGCHLD') only
// works on the real process object (not, e.g., inside jest's sandbox), and a subreaper must
// never miss SIGCHLD, so the orphan reaper listens here. libuv runs every handle watching a
// signal, so this coexists with libuv's own SIGCHLD handling for child_process.
// It starts unreferenced: watching a signal alone does not keep the process alive.
class SignalWatcher : public Napi::ObjectWrap<SignalWatcher> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit SignalWatcher(const Napi::CallbackInfo& info);
  ~SignalWatcher() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  void StopWatching();
  void CloseHandle();
  static void OnSignal(uv_signal_t* handle, int signal);
  static void OnClose(uv_handle_t* handle);

  uv_signal_t* handle_ = nullptr;
  int signal_ = 0;
  bool watching_ = false;
  std::unique_ptr<LoopCallback> callback_;
};

}  // namespace berth
