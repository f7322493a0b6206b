#include "poller.h"

#include <climits>

#include "args.h"
#include "errors.h"

namespace berth {

void Poller::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function constructor = DefineClass(env, "Poller",
                                           {
                                               InstanceMethod("start", &Poller::Start),
                                               InstanceMethod("stop", &Poller::Stop),
                                               InstanceMethod("ref", &Poller::LoopRef),
                                               InstanceMethod("unref", &Poller::LoopUnref),
                                               InstanceMethod("close", &Poller::Close),
                                           });
  exports.Set("Poller", constructor);
}

Poller::Poller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Poller>(info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0, "fd");
  if (info.Length() < 2 || !info[1].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) ThrowErrno(env, "uv_default_loop", EINVAL);
  handle_ = new uv_poll_t;
  int rc = uv_poll_init(loop, handle_, fd);
  if (rc != 0) {
    delete handle_;
    handle_ = nullptr;
    ThrowErrno(env, "uv_poll_init", -rc);
  }
  handle_->data = this;
  callback_ = std::make_unique<LoopCallback>(env, info[1].As<Napi::Function>(), "BerthFdPoller");
}

Poller::~Poller() { CloseHandle(); }

// start(events): (re)arms the watch; while armed the JS object is kept alive by a strong reference.
Napi::Value Poller::Start(const Napi::CallbackInfo& info) {
  int events = static_cast<int>(IntegerArg(info, 0, "events", 1, UV_READABLE | UV_WRITABLE | UV_DISCONNECT));
  if (handle_ == nullptr) ThrowErrno(info.Env(), "uv_poll_start", EBADF);
  int rc = uv_poll_start(handle_, events, OnPoll);
  if (rc != 0) ThrowErrno(info.Env(), "uv_poll_start", -rc);
  if (!watching_) {
    Ref();
    watching_ = true;
  }
  return info.Env().Undefined();
}

Napi::Value Poller::Stop(const Napi::CallbackInfo& info) {
  StopWatching();
  return info.Env().Undefined();
}

Napi::Value Poller::LoopRef(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(handle_));
  return info.Env().Undefined();
}

Napi::Value Poller::LoopUnref(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
  return info.Env().Undefined();
}

// close(): stops watching for good. Must happen before the fd itself is closed.
Napi::Value Poller::Close(const Napi::CallbackInfo& info) {
  StopWatching();
  CloseHandle();
  return info.Env().Undefined();
}

void Poller::StopWatching() {
  if (handle_ != nullptr) uv_poll_stop(handle_);
  if (watching_) {
    watching_ = false;
    Unref();
  }
}

void Poller::CloseHandle() {
  if (handle_ == nullptr) return;
  handle_->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), OnClose);
  handle_ = nullptr;
}

void Poller::OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

void Poller::OnPoll(uv_poll_t* handle, int status, int events) {
  Poller* self = static_cast<Poller*>(handle->data);
  if (self != nullptr) self->Deliver(status, events);
}

void Poller::Deliver(int status, int events) {
  Napi::HandleScope scope(Env());
  callback_->Call(Value(), {static_cast<double>(status < 0 ? -status : 0), static_cast<double>(events)});
}

}  // namespace berth
