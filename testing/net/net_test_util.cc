#include "testing/net/net_test_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>

namespace mio_net_test {

void Fd::Reset(int fd) {
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

size_t NetTest::PollOnce(int64_t timeout_ms) {
  int rc = mio_poll_poll(poll_, events_, timeout_ms * mio_test::kNsPerMs);
  EXPECT_EQ(rc, 0) << mio_strerror(rc);
  return mio_events_len(events_);
}

bool NetTest::WaitFor(mio_token token, unsigned readiness) {
  // Deadline, not a poll count: polls may return at once with other events.
  const int64_t deadline = mio_test::NowNs() + 5000 * mio_test::kNsPerMs;
  while (mio_test::NowNs() < deadline) {
    PollOnce(100);
    for (size_t j = 0; j < mio_events_len(events_); j++) {
      const mio_event* e = mio_events_get(events_, j);
      if (mio_event_token(e) == token &&
          (mio_test::Readiness(e) & readiness) == readiness) {
        return true;
      }
    }
  }
  return false;
}

bool Barrier::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t gen = generation_;
  if (--left_ == 0) {
    generation_++;
    left_ = n_;
    cv_.notify_all();
    return true;
  }
  return cv_.wait_for(lock, std::chrono::seconds(10),
                      [&] { return generation_ != gen; });
}

std::string AddrString(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (a.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) +
           "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "<family " + std::to_string(a.ss_family) + ">";
}

bool SameAddr(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET) {
    const auto* x = reinterpret_cast<const sockaddr_in*>(&a);
    const auto* y = reinterpret_cast<const sockaddr_in*>(&b);
    return x->sin_port == y->sin_port &&
           x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  if (a.ss_family == AF_INET6) {
    const auto* x = reinterpret_cast<const sockaddr_in6*>(&a);
    const auto* y = reinterpret_cast<const sockaddr_in6*>(&b);
    return x->sin6_port == y->sin6_port &&
           std::memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
  }
  return false;
}

bool IsLoopback(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  if (a.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
    return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
  }
  return false;
}

SockAddr ToSockAddr(const sockaddr_storage& a, socklen_t len) {
  SockAddr s;
  std::memset(&s, 0, sizeof s);
  s.storage = a;
  s.len = len;
  return s;
}

SockAddr Loopback(int family) {
  return family == AF_INET6 ? mio_test::LoopbackV6() : mio_test::LoopbackV4();
}

namespace {

// Echoes one connection until EOF, reset or error.
void EchoConnection(int fd) {
  char buf[128];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EOF, or ECONNRESET after the peer's shutdown
    if (!WriteAll(fd, buf, static_cast<size_t>(n))) return;
  }
}

}  // namespace

TcpEchoServer::TcpEchoServer(const SockAddr& addr, int n) {
  listener_.Reset(mio_test::RawTcpListener(addr, &address_, false));
  int lfd = listener_.get();
  if (lfd < 0) return;
  thread_ = Thread([lfd, n] {
    for (int i = 0; i < n; i++) {
      Fd conn(mio_test::RawAccept(lfd, false));
      if (conn.get() < 0) return;
      EchoConnection(conn.get());
    }
  });
}

TcpEchoServer::~TcpEchoServer() { thread_.Join(); }

TcpNoopServer::TcpNoopServer(Barrier* barrier, bool shutdown_write) {
  listener_.Reset(
      mio_test::RawTcpListener(mio_test::LoopbackV4(), &address_, false));
  int lfd = listener_.get();
  if (lfd < 0) return;
  thread_ = Thread([lfd, barrier, shutdown_write] {
    Fd conn(mio_test::RawAccept(lfd, false));
    if (conn.get() < 0 || barrier == nullptr) return;
    barrier->Wait();
    if (shutdown_write) {
      EXPECT_EQ(shutdown(conn.get(), SHUT_WR), 0) << strerror(errno);
      barrier->Wait();
    }
  });
}

TcpNoopServer::~TcpNoopServer() { thread_.Join(); }

bool SetLingerZero(int fd) {
  struct linger l;
  l.l_onoff = 1;
  l.l_linger = 0;
  return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) == 0;
}

bool WriteAll(int fd, const void* buf, size_t len) {
  const char* p = static_cast<const char*>(buf);
  while (len > 0) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = write(fd, p, len);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd pfd = {fd, POLLOUT, 0};
      if (poll(&pfd, 1, 5000) != 1) return false;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

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
