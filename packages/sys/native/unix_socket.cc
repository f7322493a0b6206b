#include "unix_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

// Fills a sockaddr_un for a filesystem path; sun_path must hold the path and its NUL.
socklen_t UnixAddress(Napi::Env env, const std::string& path, sockaddr_un* address) {
  std::memset(address, 0, sizeof(*address));
  address->sun_family = AF_UNIX;
  if (path.empty() || path.find('\0') != std::string::npos) ThrowErrno(env, "sockaddr_un", EINVAL);
  if (path.size() >= sizeof(address->sun_path)) ThrowErrno(env, "sockaddr_un", ENAMETOOLONG);
  std::memcpy(address->sun_path, path.data(), path.size());
  return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
}

Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) ThrowErrno(info.Env(), "socketpair", errno);
  Napi::Array pair = Napi::Array::New(info.Env(), 2);
  pair.Set(0U, Napi::Number::New(info.Env(), fds[0]));
  pair.Set(1U, Napi::Number::New(info.Env(), fds[1]));
  return pair;
}

// A unix connect waits only while the listener's backlog is full, so it is done synchronously.
Napi::Value UnixConnect(const Napi::CallbackInfo& info) {
  sockaddr_un address;
  socklen_t length = UnixAddress(info.Env(), StringArg(info, 0, "path"), &address);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) ThrowErrno(info.Env(), "socket", errno);
  int rc;
  do {
    rc = connect(fd, reinterpret_cast<sockaddr*>(&address), length);
  } while (rc == -1 && errno == EINTR);
  if (rc == -1) CloseAndThrowErrno(info.Env(), fd, "connect", errno);
  return Napi::Number::New(info.Env(), fd);
}

// The listening socket is non-blocking so that accept after a readiness event never stalls the loop.
Napi::Value UnixListen(const Napi::CallbackInfo& info) {
  sockaddr_un address;
  socklen_t length = UnixAddress(info.Env(), StringArg(info, 0, "path"), &address);
  int backlog = static_cast<int>(IntegerArg(info, 1, "backlog", 1, INT_MAX));
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd == -1) ThrowErrno(info.Env(), "socket", errno);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) CloseAndThrowErrno(info.Env(), fd, "bind", errno);
  if (listen(fd, backlog) != 0) CloseAndThrowErrno(info.Env(), fd, "listen", errno);
  return Napi::Number::New(info.Env(), fd);
}

// tryAccept(fd): a connected close-on-exec fd, or null when no connection is pending.
Napi::Value TryAccept(const Napi::CallbackInfo& info) {
  int listener = FdArg(info, 0, "fd");
  // A blocking listener (not made by unixListen) would stall in accept4 if nothing is pending.
  pollfd ready = {listener, POLLIN, 0};
  int polled;
  do {
    polled = poll(&ready, 1, 0);
  } while (polled == -1 && errno == EINTR);
  if (polled == -1) ThrowErrno(info.Env(), "poll", errno);
  if (ready.revents & POLLNVAL) ThrowErrno(info.Env(), "accept4", EBADF);
  if (polled == 0) return info.Env().Null();
  int fd;
  do {
    fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd == -1 && errno == EINTR);
  if (fd == -1) {
    // ECONNABORTED: the peer gave up before we accepted; wait for the next one.
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED) return info.Env().Null();
    ThrowErrno(info.Env(), "accept4", errno);
  }
  return Napi::Number::New(info.Env(), fd);
}

}  // namespace

void InitUnixSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("socketpair", Napi::Function::New(env, SocketPair, "socketpair"));
  exports.Set("unixConnect", Napi::Function::New(env, UnixConnect, "unixConnect"));
  exports.Set("unixListen", Napi::Function::New(env, UnixListen, "unixListen"));
  exports.Set("tryAccept", Napi::Function::New(env, TryAccept, "tryAccept"));
}

}  // namespace berth
