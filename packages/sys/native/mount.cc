#include "mount.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

// What a worker thread reports back: errno 0 on success, else the failed call and the kernel's
// own explanation when it gave one (the fs context log of fsopen).
struct Outcome {
  int err = 0;
  std::string syscall;
  std::string detail;
};

// Runs one blocking mount operation on libuv's thread pool and settles a promise with it:
// an overlay mount over many layers or an umount that syncs can take milliseconds.
class MountWorker : public Napi::AsyncWorker {
 public:
  MountWorker(Napi::Env env, std::function<Outcome()> work)
      : Napi::AsyncWorker(env, "berth:mount"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override { outcome_ = work_(); }

  void OnOK() override {
    Napi::Env env = Env();
    if (outcome_.err == 0) {
      deferred_.Resolve(env.Undefined());
      return;
    }
    Napi::Error error = Napi::Error::New(env, outcome_.syscall + ": " + std::strerror(outcome_.err));
    error.Set("errno", Napi::Number::New(env, outcome_.err));
    error.Set("syscall", Napi::String::New(env, outcome_.syscall));
    if (!outcome_.detail.empty()) error.Set("detail", Napi::String::New(env, outcome_.detail));
    deferred_.Reject(error.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<Outcome()> work_;
  Outcome outcome_;
};

Outcome Failed(const char* syscall) { return Outcome{errno, syscall, ""}; }

// null or undefined stands for a NULL pointer (no source, no type, no data).
bool OptionalStringArg(const Napi::CallbackInfo& info, size_t index, const char* name, std::string* out) {
  if (info.Length() <= index || info[index].IsNull() || info[index].IsUndefined()) return false;
  *out = StringArg(info, index, name);
  return true;
}

// mount(source|null, target, fstype|null, flags, data|null): Promise<void>
Napi::Value Mount(const Napi::CallbackInfo& info) {
  std::string source, fstype, data;
  bool hasSource = OptionalStringArg(info, 0, "source", &source);
  std::string target = StringArg(info, 1, "target");
  bool hasType = OptionalStringArg(info, 2, "fstype", &fstype);
  unsigned long flags = static_cast<unsigned long>(IntegerArg(info, 3, "flags", 0, 0xffffffffLL));
  bool hasData = OptionalStringArg(info, 4, "data", &data);
  auto* worker = new MountWorker(info.Env(), [=]() {
    int rc = mount(hasSource ? source.c_str() : nullptr, target.c_str(), hasType ? fstype.c_str() : nullptr, flags,
                   hasData ? data.c_str() : nullptr);
    return rc == 0 ? Outcome{} : Failed("mount");
  });
  worker->Queue();
  return worker->Promise();
}

// umount(target, flags): Promise<void>
Napi::Value Umount(const Napi::CallbackInfo& info) {
  std::string target = StringArg(info, 0, "target");
  int flags = static_cast<int>(IntegerArg(info, 1, "flags", 0, 0x7fffffff));
  auto* worker = new MountWorker(info.Env(), [=]() { return umount2(target.c_str(), flags) == 0 ? Outcome{} : Failed("umount2"); });
  worker->Queue();
  return worker->Promise();
}

// The messages the filesystem logged on the context ("e overlayfs: failed to resolve ..."),
// which say far more than the bare EINVAL of fsconfig.
std::string ReadContextLog(int fsfd) {
  std::string log;
  char line[4096];
  for (;;) {
    ssize_t n = read(fsfd, line, sizeof(line));
    if (n <= 0) break;
    if (!log.empty()) log += "; ";
    log.append(line, static_cast<size_t>(n));
  }
  return log;
}

Outcome MountWithContext(const std::string& fstype, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& params, unsigned int attrs) {
  int fsfd = fsopen(fstype.c_str(), FSOPEN_CLOEXEC);
  if (fsfd == -1) return Failed("fsopen");
  auto fail = [fsfd](const std::string& syscall) {
    Outcome outcome{errno, syscall, ReadContextLog(fsfd)};
    close(fsfd);
    return outcome;
  };
  for (const auto& [key, value] : params) {
    // A key without "=" in the option list is a flag (e.g. overlay's "userxattr").
    int rc = value.empty() ? fsconfig(fsfd, FSCONFIG_SET_FLAG, key.c_str(), nullptr, 0)
                           : fsconfig(fsfd, FSCONFIG_SET_STRING, key.c_str(), value.c_str(), 0);
    if (rc != 0) return fail("fsconfig(" + key + ")");
  }
  if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0) return fail("fsconfig(create)");
  int mountfd = fsmount(fsfd, FSMOUNT_CLOEXEC, attrs);
  if (mountfd == -1) return fail("fsmount");
  close(fsfd);
  int rc = move_mount(mountfd, "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH);
  Outcome outcome = rc == 0 ? Outcome{} : Failed("move_mount");
  close(mountfd);
  return outcome;
}

// mountFs(fstype, target, params: string[] (key, value, key, value ...), attrs): Promise<void>.
// The new mount API takes one option per call, so no page-size limit applies to the whole list
// (overlay's "lowerdir+" adds one layer per call, Linux 6.8+).
Napi::Value MountFs(const Napi::CallbackInfo& info) {
  std::string fstype = StringArg(info, 0, "fstype");
  std::string target = StringArg(info, 1, "target");
  if (info.Length() <= 2 || !info[2].IsArray()) throw Napi::TypeError::New(info.Env(), "params must be an array");
  Napi::Array list = info[2].As<Napi::Array>();
  if (list.Length() % 2 != 0) throw Napi::RangeError::New(info.Env(), "params must hold key, value pairs");
  std::vector<std::pair<std::string, std::string>> params;
  for (uint32_t i = 0; i < list.Length(); i += 2) {
    Napi::Value key = list.Get(i), value = list.Get(i + 1);
    if (!key.IsString() || !value.IsString()) throw Napi::TypeError::New(info.Env(), "params must be strings");
    params.emplace_back(key.As<Napi::String>().Utf8Value(), value.As<Napi::String>().Utf8Value());
  }
  unsigned int attrs = static_cast<unsigned int>(IntegerArg(info, 3, "attrs", 0, 0xffffffffLL));
  auto* worker = new MountWorker(info.Env(), [=]() { return MountWithContext(fstype, target, params, attrs); });
  worker->Queue();
  return worker->Promise();
}

// isMountPoint(path): whether a mount is rooted at path (following symlinks, as mountpoint(1)).
// One statx: STATX_ATTR_MOUNT_ROOT (Linux 5.8+); older kernels compare with the parent as
// mountpoint(1) does.
Napi::Value IsMountPoint(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  struct statx self = {};
  if (statx(AT_FDCWD, path.c_str(), 0, STATX_INO, &self) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Napi::Boolean::New(info.Env(), false);
    ThrowErrno(info.Env(), "statx", errno);
  }
  if (self.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
    return Napi::Boolean::New(info.Env(), (self.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0);
  struct statx parent = {};
  if (statx(AT_FDCWD, (path + "/..").c_str(), 0, STATX_INO, &parent) != 0) ThrowErrno(info.Env(), "statx", errno);
  bool sameDevice = self.stx_dev_major == parent.stx_dev_major && self.stx_dev_minor == parent.stx_dev_minor;
  return Napi::Boolean::New(info.Env(), !sameDevice || self.stx_ino == parent.stx_ino);
}

// mkfifo(path, mode): the fifo gets exactly `mode`, as mkfifo -m does, whatever the umask.
Napi::Value Mkfifo(const Napi::CallbackInfo& info) {
  std::string path = StringArg(info, 0, "path");
  mode_t mode = static_cast<mode_t>(IntegerArg(info, 1, "mode", 0, 07777));
  if (mkfifo(path.c_str(), mode) != 0) ThrowErrno(info.Env(), "mkfifo", errno);
  if (chmod(path.c_str(), mode) != 0) {
    int err = errno;
    unlink(path.c_str());
    ThrowErrno(info.Env(), "chmod", err);
  }
  return info.Env().Undefined();
}

}  // namespace

void InitMount(Napi::Env env, Napi::Object exports) {
  exports.Set("mount", Napi::Function::New(env, Mount, "mount"));
  exports.Set("umount", Napi::Function::New(env, Umount, "umount"));
  exports.Set("mountFs", Napi::Function::New(env, MountFs, "mountFs"));
  exports.Set("isMountPoint", Napi::Function::New(env, IsMountPoint, "isMountPoint"));
  exports.Set("mkfifo", Napi::Function::New(env, Mkfifo, "mkfifo"));
}

}  // namespace berth
