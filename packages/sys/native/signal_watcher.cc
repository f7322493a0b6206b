#include "signal_watcher.h"

#include <csignal>

#include "args.h"
#include "errors.h"

namespace berth {

void SignalWatcher::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function constructor = DefineClass(env, "SignalWatcher",
                                           {
                                               InstanceMethod("start", &SignalWatcher::Start),
                                               InstanceMethod("stop", &SignalWatcher::Stop),
                                               InstanceMethod("close", &SignalWatcher::Close),
                                           });
  exports.Set("SignalWatcher", constructor);
}

SignalWatcher::SignalWatcher(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SignalWatcher>(info) {
  Napi::Env env = info.Env();
  signal_ = static_cast<int>(IntegerArg(info, 0, "signal", 1, SIGRTMAX));
  if (info.Length() < 2 || !info[1].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) ThrowErrno(env, "uv_default_loop", EINVAL);
  handle_ = new uv_signal_t;
  int rc = uv_signal_init(loop, handle_);
  if (rc != 0) {
    delete handle_;
    handle_ = nullptr;
    ThrowErrno(env, "uv_signal_init", -rc);
  }
  handle_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
  callback_ = std::make_unique<LoopCallback>(env, info[1].As<Napi::Function>(), "BerthSignalWatcher");
}

SignalWatcher::~SignalWatcher() { CloseHandle(); }

Napi::Value SignalWatcher::Start(const Napi::CallbackInfo& info) {
  if (handle_ == nullptr) ThrowErrno(info.Env(), "uv_signal_start", EBADF);
  int rc = uv_signal_start(handle_, OnSignal, signal_);
  if (rc != 0) ThrowErrno(info.Env(), "uv_signal_start", -rc);
  if (!watching_) {
    Ref();
    watching_ = true;
  }
  return info.Env().Undefined();
}

Napi::Value SignalWatcher::Stop(const Napi::CallbackInfo& info) {
  StopWatching();
  return info.Env().Undefined();
}

Napi::Value SignalWatcher::Close(const Napi::CallbackInfo& info) {
  StopWatching();
  CloseHandle();
  return info.Env().Undefined();
}

void SignalWatcher::StopWatching() {
  if (handle_ != nullptr) uv_signal_stop(handle_);
  if (watching_) {
    watching_ = false;
    Unref();
  }
}

void SignalWatcher::CloseHandle() {
  if (handle_ == nullptr) return;
  handle_->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), OnClose);
  handle_ = nullptr;
}

void SignalWatcher::OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_signal_t*>(handle); }

void SignalWatcher::OnSignal(uv_signal_t* handle, int signal) {
  SignalWatcher* self = static_cast<SignalWatcher*>(handle->data);
  if (self == nullptr) return;
  Napi::HandleScope scope(self->Env());
  self->callback_->Call(self->Value(), {static_cast<double>(signal)});
}

}  // namespace berth
