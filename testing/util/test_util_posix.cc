// POSIX halves of test_util.h: descriptor flags and counts, raw sockets.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "gtest/gtest.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_test {

bool IsNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && (flags & O_NONBLOCK) != 0;
}

bool IsCloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  return flags >= 0 && (flags & FD_CLOEXEC) != 0;
}

bool SetNonBlocking(int fd, bool on) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return false;
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  return fcntl(fd, F_SETFL, flags) == 0;
}
int CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int count = 0;
  while (struct dirent* ent = readdir(dir)) {
    if (ent->d_name[0] != '.') count++;
  }
  closedir(dir);
  return count - 1;  // the DIR's own descriptor
}

namespace {

int SockFlags(bool nonblocking) {
  return SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0);
}

bool GetName(int fd, SockAddr* out) {
  if (out == nullptr) return true;
  std::memset(out, 0, sizeof *out);
  out->len = sizeof out->storage;
  return getsockname(fd, out->get(), &out->len) == 0;
}

int Fail(int fd, const char* what) {
  int err = errno;
  ADD_FAILURE() << what << ": " << strerror(err);
  if (fd >= 0) close(fd);
  return -1;
}

}  // namespace

int RawTcpListener(const SockAddr& addr, SockAddr* bound, bool nonblocking) {
  int fd = socket(addr.family(), SOCK_STREAM | SockFlags(nonblocking), 0);
  if (fd < 0) return Fail(-1, "socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, addr.get(), addr.len) != 0) return Fail(fd, "bind");
  if (listen(fd, 128) != 0) return Fail(fd, "listen");
  if (!GetName(fd, bound)) return Fail(fd, "getsockname");
  return fd;
}

int RawTcpConnect(const SockAddr& addr, bool nonblocking) {
  int fd = socket(addr.family(), SOCK_STREAM | SockFlags(nonblocking), 0);
  if (fd < 0) return Fail(-1, "socket");
  if (connect(fd, addr.get(), addr.len) != 0 && errno != EINPROGRESS) {
    return Fail(fd, "connect");
  }
  return fd;
}

bool WaitReadable(int fd, int timeout_ms) {
  struct pollfd pfd = {fd, POLLIN, 0};
  return poll(&pfd, 1, timeout_ms) == 1;
}

int RawAccept(int listener, bool nonblocking) {
  if (!WaitReadable(listener, 5000)) return Fail(-1, "poll for accept");
  int fd = accept4(listener, nullptr, nullptr, SockFlags(nonblocking));
  if (fd < 0) return Fail(-1, "accept4");
  return fd;
}

int RawUdpSocket(const SockAddr& addr, SockAddr* bound, bool nonblocking) {
  int fd = socket(addr.family(), SOCK_DGRAM | SockFlags(nonblocking), 0);
  if (fd < 0) return Fail(-1, "socket");
  if (bind(fd, addr.get(), addr.len) != 0) return Fail(fd, "bind");
  if (!GetName(fd, bound)) return Fail(fd, "getsockname");
  return fd;
}

bool RunningUnderWine() { return false; }

void WarmUpLazyHandles() {}

int RawClose(mio_raw_fd fd) { return close(fd); }

int RawShutdownWrite(mio_raw_fd fd) { return shutdown(fd, SHUT_WR); }

ptrdiff_t RawRecv(mio_raw_fd fd, void* buf, size_t len) {
  ssize_t n = recv(fd, buf, len, 0);
  if (n < 0 && errno == ENOTSOCK) n = read(fd, buf, len);
  return n < 0 ? mio_last_error() : n;
}

ptrdiff_t RawSend(mio_raw_fd fd, const void* buf, size_t len) {
  ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
  if (n < 0 && errno == ENOTSOCK) n = write(fd, buf, len);
  return n < 0 ? mio_last_error() : n;
}

ptrdiff_t RawAcceptNow(mio_raw_fd listener) {
  int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  return fd < 0 ? mio_last_error() : fd;
}

}  // namespace mio_test
