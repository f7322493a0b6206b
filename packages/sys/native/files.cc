#include "files.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

// mknod(path, type, mode, major, minor): the node gets exactly `mode`, whatever the umask, as
// mknod -m does.
Napi::Value Mknod(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  std::string type = StringArg(info, 1, "type");
  mode_t mode = static_cast<mode_t>(IntegerArg(info, 2, "mode", 0, 07777));
  unsigned int major = static_cast<unsigned int>(IntegerArg(info, 3, "major", 0, 0xfff));
  unsigned int minor = static_cast<unsigned int>(IntegerArg(info, 4, "minor", 0, 0xfffff));
  if (type != "c" && type != "b") {
    Napi::TypeError::New(info.Env(), "type must be \"c\" or \"b\"").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  mode_t kind = type == "c" ? S_IFCHR : S_IFBLK;
  if (mknod(path.c_str(), kind | mode, makedev(major, minor)) != 0) ThrowErrno(info.Env(), "mknod", errno);
  if (chmod(path.c_str(), mode) != 0) {
    int err = errno;
    unlink(path.c_str());
    ThrowErrno(info.Env(), "chmod", err);
  }
  return info.Env().Undefined();
}

// lsetxattr(path, name, value): on the path itself, never through a symlink.
Napi::Value Lsetxattr(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  std::string name = StringArg(info, 1, "name");
  if (info.Length() < 3 || !info[2].IsBuffer()) {
    Napi::TypeError::New(info.Env(), "value must be a Buffer").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  auto value = info[2].As<Napi::Buffer<char>>();
  if (lsetxattr(path.c_str(), name.c_str(), value.Data(), value.Length(), 0) != 0)
    ThrowErrno(info.Env(), "lsetxattr", errno);
  return info.Env().Undefined();
}

// lgetxattr(path, name): the value, or null when the path has no such attribute (ENODATA).
// The size is asked first; if the value grows in between (ERANGE), ask again.
Napi::Value Lgetxattr(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  std::string name = StringArg(info, 1, "name");
  for (;;) {
    ssize_t size = lgetxattr(path.c_str(), name.c_str(), nullptr, 0);
    if (size < 0) {
      if (errno == ENODATA) return info.Env().Null();
      ThrowErrno(info.Env(), "lgetxattr", errno);
    }
    std::vector<char> data(static_cast<size_t>(size));
    ssize_t got = lgetxattr(path.c_str(), name.c_str(), data.data(), data.size());
    if (got < 0) {
      if (errno == ERANGE) continue;
      if (errno == ENODATA) return info.Env().Null();
      ThrowErrno(info.Env(), "lgetxattr", errno);
    }
    return Napi::Buffer<char>::Copy(info.Env(), data.data(), static_cast<size_t>(got));
  }
}

// llistxattr(path): the attribute names (only those this process may see: trusted.* needs
// CAP_SYS_ADMIN).
Napi::Value Llistxattr(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  for (;;) {
    ssize_t size = llistxattr(path.c_str(), nullptr, 0);
    if (size < 0) ThrowErrno(info.Env(), "llistxattr", errno);
    std::vector<char> data(static_cast<size_t>(size));
    ssize_t got = llistxattr(path.c_str(), data.data(), data.size());
    if (got < 0) {
      if (errno == ERANGE) continue;
      ThrowErrno(info.Env(), "llistxattr", errno);
    }
    Napi::Array names = Napi::Array::New(info.Env());
    uint32_t count = 0;
    for (ssize_t start = 0; start < got;) {
      std::string name(data.data() + start);
      start += static_cast<ssize_t>(name.size()) + 1;
      if (!name.empty()) names.Set(count++, Napi::String::New(info.Env(), name));
    }
    return names;
  }
}

}  // namespace

void InitFiles(Napi::Env env, Napi::Object exports) {
  exports.Set("mknod", Napi::Function::New(env, Mknod, "mknod"));
  exports.Set("lsetxattr", Napi::Function::New(env, Lsetxattr, "lsetxattr"));
  exports.Set("lgetxattr", Napi::Function::New(env, Lgetxattr, "lgetxattr"));
  exports.Set("llistxattr", Napi::Function::New(env, Llistxattr, "llistxattr"));
}

}  // namespace berth
