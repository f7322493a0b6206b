#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

// Argument readers for the exported functions. The TypeScript wrapper validates input with
// friendly messages first; these checks only keep a wrong direct call from reaching a syscall.
namespace berth {

int64_t IntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name, int64_t min, int64_t max);
int FdArg(const Napi::CallbackInfo& info, size_t index, const char* name);
bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name);
std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name);

}  // namespace berth
