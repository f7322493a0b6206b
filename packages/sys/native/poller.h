#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

#include "loop_callback.h"

namespace berth {

// Poller(fd, callback): watches a raw fd in the Node event loop with uv_poll, so pidfd exits,
// pending connections and queued messages are noticed without blocking the loop or a thread.
// callback(errno, events) runs on the loop thread; events is a UV_READABLE/UV_WRITABLE mask.
class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit Poller(const Napi::CallbackInfo& info);
  ~Poller() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value LoopRef(const Napi::CallbackInfo& info);
  Napi::Value LoopUnref(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  void StopWatching();
  void CloseHandle();
  void Deliver(int status, int events);
  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnClose(uv_handle_t* handle);

  uv_poll_t* handle_ = nullptr;
  bool watching_ = false;
  std::unique_ptr<LoopCallback> callback_;
};

}  // namespace berth
