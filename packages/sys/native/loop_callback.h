#pragma once

#include <napi.h>

#include <initializer_list>

namespace berth {

// Calls a JavaScript function from a libuv callback, where no N-API scope is open: it runs as
// a top-level callback (async context, microtasks afterwards) and an exception it throws is
// reported as uncaught, since nothing up the stack could catch it.
class LoopCallback {
 public:
  LoopCallback(Napi::Env env, Napi::Function function, const char* resourceName);
  void Call(Napi::Object receiver, std::initializer_list<double> args);

 private:
  Napi::Env env_;
  Napi::FunctionReference function_;
  Napi::AsyncContext context_;
};

}  // namespace berth
