// Unix-domain socket helpers for the POSIX net suites (see
// unix_test_util.h).
#include "testing/net/unix_test_util.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

namespace mio_net_test {

TempPath::TempPath(const char* name) {
  char tmpl[] = "/tmp/mio-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << strerror(errno);
    return;
  }
  dir_ = tmpl;
  path_ = dir_ + "/" + name;
}

TempPath::~TempPath() {
  if (dir_.empty()) return;
  unlink(path_.c_str());
  rmdir(dir_.c_str());
}

namespace {

int FailFd(int fd, const char* what) {
  int err = errno;
  ADD_FAILURE() << what << ": " << strerror(err);
  if (fd >= 0) close(fd);
  return -1;
}

bool FillUnixAddr(const char* path, sockaddr_un* a, socklen_t* len) {
  std::memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  size_t n = std::strlen(path);
  if (n >= sizeof a->sun_path) return false;
  std::memcpy(a->sun_path, path, n);
  *len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + n + 1);
  return true;
}

int UnixFlags(bool nonblocking) {
  return SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0);
}

}  // namespace

int RawUnixListener(const char* path, bool nonblocking) {
  sockaddr_un a;
  socklen_t len;
  if (!FillUnixAddr(path, &a, &len)) return FailFd(-1, "path too long");
  int fd = socket(AF_UNIX, SOCK_STREAM | UnixFlags(nonblocking), 0);
  if (fd < 0) return FailFd(-1, "socket");
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
    return FailFd(fd, "bind");
  }
  if (listen(fd, 128) != 0) return FailFd(fd, "listen");
  return fd;
}

int RawUnixConnect(const char* path, bool nonblocking) {
  sockaddr_un a;
  socklen_t len;
  if (!FillUnixAddr(path, &a, &len)) return FailFd(-1, "path too long");
  int fd = socket(AF_UNIX, SOCK_STREAM | UnixFlags(nonblocking), 0);
  if (fd < 0) return FailFd(-1, "socket");
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
    return FailFd(fd, "connect");
  }
  return fd;
}

int RawUnixDatagram(const char* path, bool nonblocking) {
  int fd = socket(AF_UNIX, SOCK_DGRAM | UnixFlags(nonblocking), 0);
  if (fd < 0) return FailFd(-1, "socket");
  if (path == nullptr) return fd;
  sockaddr_un a;
  socklen_t len;
  if (!FillUnixAddr(path, &a, &len)) return FailFd(fd, "path too long");
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
    return FailFd(fd, "bind");
  }
  return fd;
}

std::string UnixPathOf(const sockaddr_un& a, socklen_t len) {
  size_t off = offsetof(sockaddr_un, sun_path);
  if (a.sun_family != AF_UNIX || len <= off || a.sun_path[0] == '\0') {
    return "";
  }
  size_t max = static_cast<size_t>(len) - off;
  if (max > sizeof a.sun_path) max = sizeof a.sun_path;
  return std::string(a.sun_path, strnlen(a.sun_path, max));
}

}  // namespace mio_net_test
