#include "testing/util/test_util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mio_test {
namespace {

struct BitName {
  unsigned bit;
  const char* name;
};
constexpr BitName kBitNames[] = {
    {kReadable, "READABLE"},
    {kWritable, "WRITABLE"},
    {kError, "ERROR"},
    {kReadClosed, "READ_CLOSED"},
    {kWriteClosed, "WRITE_CLOSED"},
    {kPriority, "PRIORITY"},
    {kAio, "AIO"},
    {kLio, "LIO"},
};

// Formats through a snprintf-style function, growing to the reported size.
template <typename T, typename F>
std::string FormatWith(F fn, const T* value) {
  size_t n = fn(value, nullptr, 0);
  std::string out(n + 1, '\0');
  fn(value, &out[0], out.size());
  out.resize(n);
  return out;
}

}  // namespace

unsigned Readiness(const mio_event* e) {
  unsigned r = 0;
  if (mio_event_is_readable(e)) r |= kReadable;
  if (mio_event_is_writable(e)) r |= kWritable;
  if (mio_event_is_error(e)) r |= kError;
  if (mio_event_is_read_closed(e)) r |= kReadClosed;
  if (mio_event_is_write_closed(e)) r |= kWriteClosed;
  if (mio_event_is_priority(e)) r |= kPriority;
  if (mio_event_is_aio(e)) r |= kAio;
  if (mio_event_is_lio(e)) r |= kLio;
  return r;
}

std::string ReadinessName(unsigned readiness) {
  std::string out;
  for (const BitName& b : kBitNames) {
    if ((readiness & b.bit) == 0) continue;
    if (!out.empty()) out += " | ";
    out += b.name;
  }
  return out;
}

std::string FormatEvents(const mio_events* events) {
  return FormatWith(mio_events_format, events);
}

std::string FormatEvent(const mio_event* event) {
  return FormatWith(mio_event_format, event);
}

void ExpectEvents(mio_poll* poll, mio_events* events,
                  std::vector<ExpectEvent> expected) {
  std::string seen;
  for (int attempt = 0; attempt < 3 && !expected.empty(); attempt++) {
    int rc = mio_poll_poll(poll, events, 500 * kNsPerMs);
    if (rc != 0) {
      ADD_FAILURE() << "mio_poll_poll returned " << rc << " ("
                    << mio_strerror(rc) << ")";
      return;
    }
    seen += "  poll " + std::to_string(attempt) + ": " + FormatEvents(events) +
            "\n";
    for (size_t i = 0; i < mio_events_len(events); i++) {
      const mio_event* e = mio_events_get(events, i);
      unsigned got = Readiness(e);
      for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (it->token == mio_event_token(e) &&
            (got & it->readiness) == it->readiness) {
          expected.erase(it);
          break;
        }
      }
    }
  }
  if (expected.empty()) return;
  std::string missing;
  for (const ExpectEvent& e : expected) {
    missing += "  Token(" + std::to_string(e.token) + ") " +
               ReadinessName(e.readiness) + "\n";
  }
  ADD_FAILURE() << "missing events:\n" << missing << "events seen:\n" << seen;
}

void ExpectNoEvents(mio_poll* poll, mio_events* events) {
  int rc = mio_poll_poll(poll, events, 50 * kNsPerMs);
  EXPECT_EQ(rc, 0) << mio_strerror(rc);
  EXPECT_TRUE(mio_events_is_empty(events))
      << "unexpected events: " << FormatEvents(events);
}

void AssertWouldBlock(ptrdiff_t result) {
  EXPECT_EQ(result, -MIO_EAGAIN)
      << "expected -MIO_EAGAIN (would block), got " << result << " ("
      << mio_strerror(static_cast<int>(result)) << ")";
}

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

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void PollTest::SetUp() {
  ASSERT_EQ(mio_poll_new(&poll_), 0);
  ASSERT_EQ(mio_events_new(&events_, 16), 0);
}

void PollTest::TearDown() {
  mio_events_free(events_);
  mio_poll_free(poll_);
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

SockAddr LoopbackV4() {
  SockAddr a;
  std::memset(&a, 0, sizeof a);
  auto* in = reinterpret_cast<sockaddr_in*>(&a.storage);
  in->sin_family = AF_INET;
  in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.len = sizeof(sockaddr_in);
  return a;
}

SockAddr LoopbackV6() {
  SockAddr a;
  std::memset(&a, 0, sizeof a);
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  in6->sin6_family = AF_INET6;
  in6->sin6_addr = in6addr_loopback;
  a.len = sizeof(sockaddr_in6);
  return a;
}

uint16_t Port(const SockAddr& addr) {
  if (addr.family() == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&addr.storage)->sin_port);
  }
  if (addr.family() == AF_INET6) {
    return ntohs(
        reinterpret_cast<const sockaddr_in6*>(&addr.storage)->sin6_port);
  }
  return 0;
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

int RawAccept(int listener, bool nonblocking) {
  struct pollfd pfd = {listener, POLLIN, 0};
  if (poll(&pfd, 1, 5000) != 1) return Fail(-1, "poll for accept");
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

}  // namespace mio_test
