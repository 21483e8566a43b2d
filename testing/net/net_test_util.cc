#include "testing/net/net_test_util.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

namespace mio_net_test {

void Fd::Reset(mio_raw_fd fd) {
  if (fd_ != MIO_INVALID_RAW_FD) mio_test::RawClose(fd_);
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
void EchoConnection(mio_raw_fd fd) {
  char buf[128];
  for (;;) {
    ptrdiff_t n = mio_test::RawRecv(fd, buf, sizeof buf);
    if (n == -MIO_EINTR) continue;
    if (n <= 0) return;  // EOF, or ECONNRESET after the peer's shutdown
    if (!WriteAll(fd, buf, static_cast<size_t>(n))) return;
  }
}

}  // namespace

TcpEchoServer::TcpEchoServer(const SockAddr& addr, int n) {
  listener_.Reset(mio_test::RawTcpListener(addr, &address_, false));
  mio_raw_fd lfd = listener_.get();
  if (lfd == MIO_INVALID_RAW_FD) return;
  thread_ = Thread([lfd, n] {
    for (int i = 0; i < n; i++) {
      Fd conn(mio_test::RawAccept(lfd, false));
      if (conn.get() == MIO_INVALID_RAW_FD) return;
      EchoConnection(conn.get());
    }
  });
}

TcpEchoServer::~TcpEchoServer() { thread_.Join(); }

TcpNoopServer::TcpNoopServer(Barrier* barrier, bool shutdown_write) {
  listener_.Reset(
      mio_test::RawTcpListener(mio_test::LoopbackV4(), &address_, false));
  mio_raw_fd lfd = listener_.get();
  if (lfd == MIO_INVALID_RAW_FD) return;
  thread_ = Thread([lfd, barrier, shutdown_write] {
    Fd conn(mio_test::RawAccept(lfd, false));
    if (conn.get() == MIO_INVALID_RAW_FD || barrier == nullptr) return;
    barrier->Wait();
    if (shutdown_write) {
      EXPECT_EQ(mio_test::RawShutdownWrite(conn.get()), 0);
      barrier->Wait();
    }
  });
}

TcpNoopServer::~TcpNoopServer() { thread_.Join(); }

bool SetLingerZero(mio_raw_fd fd) {
  struct linger l;
  l.l_onoff = 1;
  l.l_linger = 0;
  // char*: Winsock's setsockopt takes const char*, POSIX's const void*.
  return setsockopt(fd, SOL_SOCKET, SO_LINGER,
                    reinterpret_cast<const char*>(&l), sizeof l) == 0;
}

bool WriteAll(mio_raw_fd fd, const void* buf, size_t len) {
  const char* p = static_cast<const char*>(buf);
  const int64_t deadline = mio_test::NowNs() + 5000 * mio_test::kNsPerMs;
  while (len > 0) {
    ptrdiff_t n = mio_test::RawSend(fd, p, len);
    if (n == -MIO_EAGAIN) {
      // Full send buffer: give the peer time to read (bounded).
      if (mio_test::NowNs() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    if (n == -MIO_EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace mio_net_test
