#include "fd_passing.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "args.h"
#include "errors.h"

namespace berth {

namespace {

// The kernel refuses more than SCM_MAX_FD (253) fds in one message.
constexpr int64_t kMaxFdsPerMessage = 253;
constexpr int64_t kMaxDataPerMessage = 16 * 1024 * 1024;

// Control buffers are allocated as size_t words so that cmsghdr is correctly aligned.
std::vector<size_t> ControlBuffer(size_t fdCount) {
  if (fdCount == 0) return {};
  size_t bytes = CMSG_SPACE(fdCount * sizeof(int));
  return std::vector<size_t>((bytes + sizeof(size_t) - 1) / sizeof(size_t), 0);
}

// trySendFds(fd, data, fds): bytes sent (the fds travel with the first of them), or -1 when
// the socket buffer is full. A partial send means the caller sends the rest without fds.
Napi::Value TrySendFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int socket = FdArg(info, 0, "fd");
  if (info.Length() < 3 || !info[1].IsBuffer() || !info[2].IsArray()) {
    throw Napi::TypeError::New(env, "trySendFds(fd, data: Buffer, fds: number[])");
  }
  Napi::Buffer<uint8_t> data = info[1].As<Napi::Buffer<uint8_t>>();
  Napi::Array fdArray = info[2].As<Napi::Array>();
  if (fdArray.Length() > kMaxFdsPerMessage) throw Napi::RangeError::New(env, "at most 253 fds per message");
  std::vector<int> fds;
  for (uint32_t i = 0; i < fdArray.Length(); i++) {
    Napi::Value value = fdArray.Get(i);
    if (!value.IsNumber()) throw Napi::TypeError::New(env, "fds must be numbers");
    fds.push_back(value.As<Napi::Number>().Int32Value());
  }
  if (!fds.empty() && data.Length() == 0) {
    throw Napi::RangeError::New(env, "fds need at least one byte of data to travel on a stream socket");
  }

  iovec iov = {data.Data(), data.Length()};
  msghdr message;
  std::memset(&message, 0, sizeof(message));
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  std::vector<size_t> control = ControlBuffer(fds.size());
  if (!fds.empty()) {
    message.msg_control = control.data();
    message.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
    std::memcpy(CMSG_DATA(header), fds.data(), fds.size() * sizeof(int));
  }

  ssize_t sent;
  do {
    // MSG_NOSIGNAL: a closed peer gives EPIPE instead of killing the process with SIGPIPE.
    sent = sendmsg(socket, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
  } while (sent == -1 && errno == EINTR);
  if (sent == -1) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Napi::Number::New(env, -1);
    ThrowErrno(env, "sendmsg", errno);
  }
  return Napi::Number::New(env, static_cast<double>(sent));
}

void CloseAll(const std::vector<int>& fds) {
  for (int fd : fds) close(fd);
}

// tryRecvFds(fd, maxData, maxFds): {data, fds, fdsTruncated}, or null when nothing is queued.
// Received fds are close-on-exec. data.length === 0 with no fds means the peer closed.
Napi::Value TryRecvFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int socket = FdArg(info, 0, "fd");
  size_t maxData = static_cast<size_t>(IntegerArg(info, 1, "maxData", 1, kMaxDataPerMessage));
  size_t maxFds = static_cast<size_t>(IntegerArg(info, 2, "maxFds", 0, kMaxFdsPerMessage));

  std::vector<uint8_t> data(maxData);
  iovec iov = {data.data(), data.size()};
  msghdr message;
  std::memset(&message, 0, sizeof(message));
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  std::vector<size_t> control = ControlBuffer(maxFds);
  if (maxFds > 0) {
    message.msg_control = control.data();
    message.msg_controllen = CMSG_SPACE(maxFds * sizeof(int));
  }

  ssize_t received;
  do {
    received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
  } while (received == -1 && errno == EINTR);
  if (received == -1) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return env.Null();
    ThrowErrno(env, "recvmsg", errno);
  }

  std::vector<int> fds;
  const uint8_t* controlEnd = reinterpret_cast<const uint8_t*>(message.msg_control) + message.msg_controllen;
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
    if (header->cmsg_len < CMSG_LEN(0)) continue;
    size_t payload = header->cmsg_len - CMSG_LEN(0);
    const uint8_t* first = CMSG_DATA(header);
    // Never trust cmsg_len beyond the buffer we handed to the kernel.
    if (payload > static_cast<size_t>(controlEnd - first)) payload = static_cast<size_t>(controlEnd - first);
    for (size_t offset = 0; offset + sizeof(int) <= payload; offset += sizeof(int)) {
      int fd;
      std::memcpy(&fd, first + offset, sizeof(int));
      fds.push_back(fd);
    }
  }

  try {
    Napi::Object result = Napi::Object::New(env);
    result.Set("data", Napi::Buffer<uint8_t>::Copy(env, data.data(), static_cast<size_t>(received)));
    Napi::Array fdArray = Napi::Array::New(env, fds.size());
    for (uint32_t i = 0; i < fds.size(); i++) fdArray.Set(i, Napi::Number::New(env, fds[i]));
    result.Set("fds", fdArray);
    // CMSG_SPACE rounding can leave room for more fds than asked; the caller treats both as truncation.
    result.Set("fdsTruncated", Napi::Boolean::New(env, (message.msg_flags & MSG_CTRUNC) != 0));
    return result;
  } catch (...) {
    CloseAll(fds);
    throw;
  }
}

}  // namespace

void InitFdPassing(Napi::Env env, Napi::Object exports) {
  exports.Set("trySendFds", Napi::Function::New(env, TrySendFds, "trySendFds"));
  exports.Set("tryRecvFds", Napi::Function::New(env, TryRecvFds, "tryRecvFds"));
}

}  // namespace berth
