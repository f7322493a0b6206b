#include "loop_callback.h"

#include <vector>

namespace berth {

LoopCallback::LoopCallback(Napi::Env env, Napi::Function function, const char* resourceName)
    : env_(env), function_(Napi::Persistent(function)), context_(env, resourceName) {}

void LoopCallback::Call(Napi::Object receiver, std::initializer_list<double> args) {
  Napi::HandleScope scope(env_);
  std::vector<napi_value> values;
  for (double arg : args) values.push_back(Napi::Number::New(env_, arg));
  try {
    function_.MakeCallback(receiver, values, context_);
  } catch (const Napi::Error& error) {
    napi_fatal_exception(env_, error.Value());
  }
}

}  // namespace berth
