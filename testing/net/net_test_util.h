// Helpers shared by the testing/net suites (ports of mio's tests/*.rs for
// the net types and pipes). Event expectations, descriptor checks and raw
// IP sockets come from testing/util/test_util.h; this adds what the net
// suites need on top: owning wrappers that close mio value objects, a Poll
// fixture, peer threads (echo servers, barriers), raw Unix sockets and
// temporary socket paths.
#ifndef MIO_TESTING_NET_NET_TEST_UTIL_H_
#define MIO_TESTING_NET_NET_TEST_UTIL_H_

#include <stddef.h>

#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "testing/util/test_util.h"

namespace mio_net_test {

using mio_test::ExpectEvent;
using mio_test::SockAddr;

// Owns one mio value object (zero == closed) and closes it on destruction.
template <typename T, int (*CloseFn)(T*)>
class Owned {
 public:
  Owned() { std::memset(&obj_, 0, sizeof obj_); }
  ~Owned() { CloseFn(&obj_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() { return &obj_; }
  const T* get() const { return &obj_; }
  int Close() { return CloseFn(&obj_); }

 private:
  T obj_;
};

// Owns a raw descriptor.
class Fd {
 public:
  explicit Fd(mio_raw_fd fd = MIO_INVALID_RAW_FD) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  mio_raw_fd get() const { return fd_; }
  mio_raw_fd Release() {
    mio_raw_fd fd = fd_;
    fd_ = MIO_INVALID_RAW_FD;
    return fd;
  }
  void Reset(mio_raw_fd fd = MIO_INVALID_RAW_FD);

 private:
  mio_raw_fd fd_;
};

// mio_test::PollTest (Poll + events, ExpectEvents/ExpectNoEvents) plus the
// borrowed registry and two polling helpers the net suites use.
class NetTest : public mio_test::PollTest {
 protected:
  void SetUp() override {
    mio_test::PollTest::SetUp();
    reg_ = registry();
  }
  // One poll with `timeout_ms`; returns the number of events.
  size_t PollOnce(int64_t timeout_ms);
  // Polls (up to 5 s) until an event for `token` with all of `readiness` is
  // seen; false on timeout.
  bool WaitFor(mio_token token, unsigned readiness);

  const mio_registry* reg_ = nullptr;
};

// std::barrier for C++17, with a timeout so a failed test cannot hang its
// peer thread forever (Wait returns false after 10 s).
class Barrier {
 public:
  explicit Barrier(int n) : n_(n), left_(n) {}
  bool Wait();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  const int n_;
  int left_;
  uint64_t generation_ = 0;
};

// A thread joined on destruction.
class Thread {
 public:
  Thread() = default;
  explicit Thread(std::function<void()> fn) : t_(std::move(fn)) {}
  ~Thread() { Join(); }
  Thread(Thread&&) = default;
  Thread& operator=(Thread&& other) {
    Join();
    t_ = std::move(other.t_);
    return *this;
  }
  void Join() {
    if (t_.joinable()) t_.join();
  }

 private:
  std::thread t_;
};

// Address helpers (IP). Equality compares family, port and address.
std::string AddrString(const sockaddr_storage& a);
bool SameAddr(const sockaddr_storage& a, const sockaddr_storage& b);
bool IsLoopback(const sockaddr_storage& a);
SockAddr ToSockAddr(const sockaddr_storage& a, socklen_t len);
// A loopback address of the given family (AF_INET or AF_INET6), port 0.
SockAddr Loopback(int family);

// mio's echo_listener: a blocking listener on `addr` (port 0) whose thread
// accepts `n` connections one after the other and echoes each until EOF or
// reset. `address()` is the bound address.
class TcpEchoServer {
 public:
  explicit TcpEchoServer(const SockAddr& addr, int n = 1);
  ~TcpEchoServer();
  const SockAddr& address() const { return address_; }
  void Join() { thread_.Join(); }

 private:
  Fd listener_;
  SockAddr address_;
  Thread thread_;
};

// mio's start_listener: accepts one connection, then (if `barrier`) waits on
// it; with `shutdown_write` shuts the write half and waits again; closes.
class TcpNoopServer {
 public:
  TcpNoopServer(Barrier* barrier, bool shutdown_write);
  ~TcpNoopServer();
  const SockAddr& address() const { return address_; }
  void Join() { thread_.Join(); }

 private:
  Fd listener_;
  SockAddr address_;
  Thread thread_;
};

// Sets SO_LINGER {on, 0} so close() sends RST.
bool SetLingerZero(mio_raw_fd fd);

// Writes all of `buf` to a blocking or non-blocking raw socket (retrying
// would-block for up to 5 s).
bool WriteAll(mio_raw_fd fd, const void* buf, size_t len);

// Byte buffers as strings for readable EXPECT_EQ output.
inline std::string Str(const void* p, ptrdiff_t n) {
  return n < 0 ? std::string() : std::string(static_cast<const char*>(p), n);
}

}  // namespace mio_net_test

#endif  // MIO_TESTING_NET_NET_TEST_UTIL_H_
