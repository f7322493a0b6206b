#include "args.h"

#include <climits>
#include <cmath>

namespace berth {

namespace {

[[noreturn]] void ThrowType(Napi::Env env, const char* name, const char* expected) {
  throw Napi::TypeError::New(env, std::string(name) + " must be " + expected);
}

}  // namespace

int64_t IntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name, int64_t min, int64_t max) {
  if (info.Length() <= index || !info[index].IsNumber()) ThrowType(info.Env(), name, "a number");
  double value = info[index].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(value) || std::trunc(value) != value || value < static_cast<double>(min) ||
      value > static_cast<double>(max)) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be an integer in [" + std::to_string(min) +
                                                ", " + std::to_string(max) + "]");
  }
  return static_cast<int64_t>(value);
}

int FdArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  return static_cast<int>(IntegerArg(info, index, name, 0, INT_MAX));
}

bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsBoolean()) ThrowType(info.Env(), name, "a boolean");
  return info[index].As<Napi::Boolean>().Value();
}

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsString()) ThrowType(info.Env(), name, "a string");
  return info[index].As<Napi::String>().Utf8Value();
}

}  // namespace berth
