// Shared helpers for mio-c GoogleTest suites (port of mio's tests/util).
//
// Event expectations follow mio: ExpectEvents polls up to 3 times for 500 ms
// and tolerates extra events; ExpectNoEvents does one 50 ms poll. Readiness
// bits name the mio_event_is_* accessors; an expected event matches an event
// with the same token that has at least those bits set.
#ifndef MIO_TESTING_UTIL_TEST_UTIL_H_
#define MIO_TESTING_UTIL_TEST_UTIL_H_

#include <stddef.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"

// The socket API the suites call directly (inet_pton, TCP_NODELAY, ...);
// mio/net/addr.h already brings the core socket headers of each platform.
#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/tcp.h>
#endif

namespace mio_test {

// Readiness bits for ExpectEvent (one per mio_event_is_* accessor).
inline constexpr unsigned kReadable = 1u << 0;
inline constexpr unsigned kWritable = 1u << 1;
inline constexpr unsigned kError = 1u << 2;
inline constexpr unsigned kReadClosed = 1u << 3;
inline constexpr unsigned kWriteClosed = 1u << 4;
inline constexpr unsigned kPriority = 1u << 5;
inline constexpr unsigned kAio = 1u << 6;
inline constexpr unsigned kLio = 1u << 7;

// What the build under test offers, for the suites that branch on it (one
// place, so a new OS or build configuration is one edit here).
//
// kLinuxExtensions: the Linux layer (abstract Unix names, eventfd wakers,
// POLLRDHUP); false on every other OS and in the portable POSIX build of
// Linux (--config=posix, which defines MIO_PORTABLE_POSIX).
// MIO_TEST_ABSTRACT_UNIX_NAMES is the same fact for #if around whole tests.
#if (defined(__linux__) || defined(__ANDROID__)) && !defined(MIO_PORTABLE_POSIX)
#define MIO_TEST_LINUX_EXTENSIONS 1
#else
#define MIO_TEST_LINUX_EXTENSIONS 0
#endif
#define MIO_TEST_ABSTRACT_UNIX_NAMES MIO_TEST_LINUX_EXTENSIONS
inline constexpr bool kLinuxExtensions = MIO_TEST_LINUX_EXTENSIONS != 0;
inline constexpr bool kAbstractUnixNames = kLinuxExtensions;

// What a half-close (the peer's shutdown(WRITE), an own shutdown(READ))
// reports while the socket stays open: read_closed where the backend has a
// bit for it (EPOLLRDHUP, POLLRDHUP, kqueue's EV_EOF, AFD's DISCONNECT);
// only readable with portable poll(2), which has none (mio's poll selector
// alike; API.md §5: read_closed may be a false negative).
#if defined(MIO_PORTABLE_POSIX)
inline constexpr unsigned kHalfClosed = kReadable;
#else
inline constexpr unsigned kHalfClosed = kReadClosed;
#endif

struct ExpectEvent {
  mio_token token;
  unsigned readiness;  // k* bits that must all be set
};

// The k* bits set on `e` (0 for NULL).
unsigned Readiness(const mio_event* e);
// "READABLE | WRITABLE"-style names of k* bits ("" for 0).
std::string ReadinessName(unsigned readiness);
// mio_events_format / mio_event_format as std::string.
std::string FormatEvents(const mio_events* events);
std::string FormatEvent(const mio_event* event);

// Polls up to 3 times (500 ms each) until every expected event has been seen;
// extra events are allowed. Adds a gtest failure naming the missing ones and
// printing every poll's mio_events_format output.
void ExpectEvents(mio_poll* poll, mio_events* events,
                  std::vector<ExpectEvent> expected);

// One 50 ms poll must return 0 with no events (failure prints them).
void ExpectNoEvents(mio_poll* poll, mio_events* events);

// Adds a failure unless `result` is -MIO_EAGAIN.
void AssertWouldBlock(ptrdiff_t result);

// O_NONBLOCK / FD_CLOEXEC set on `fd` (false if fcntl fails).
// Windows: IsCloexec is "not inheritable" (GetHandleInformation). Windows
// cannot query FIONBIO, so IsNonBlocking probes: with nothing readable
// (WSAPoll, no wait) a 1-byte MSG_PEEK recv (accept for a listener) must
// fail with WSAEWOULDBLOCK
// (a blocking socket would block there: the test then times out, it never
// passes). Any other outcome (data pending, not connected) is false.
bool IsNonBlocking(mio_raw_fd fd);
bool IsCloexec(mio_raw_fd fd);

// Number of open descriptors in this process (POSIX: entries of
// /proc/self/fd, excluding the directory descriptor used to count them;
// Windows: this process's File and IoCompletion handles, i.e. sockets, AFD
// handles and ports, from the system handle table); -1 on error.
int CountOpenFds();

// Creates the handles Windows and Wine allocate lazily once per process or
// thread and keep (Wine's ws2_32 caches a per-thread event for blocking
// socket calls; the first thread start allocates some), so the leak check
// does not blame the first test that happens to trigger them. No-op on
// POSIX. Called by test_main before the first test.
void WarmUpLazyHandles();

// A loopback socket address with port 0 and its length.
struct SockAddr {
  sockaddr_storage storage;
  socklen_t len;
  const sockaddr* get() const {
    return reinterpret_cast<const sockaddr*>(&storage);
  }
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};
SockAddr LoopbackV4();  // 127.0.0.1:0
SockAddr LoopbackV6();  // [::1]:0
// Port of a sockaddr_in/sockaddr_in6 (host order).
uint16_t Port(const SockAddr& addr);

// Raw (non-mio) sockets for core tests and from_raw_fd tests. All are
// SOCK_CLOEXEC (Windows: not inheritable); `nonblocking` adds SOCK_NONBLOCK
// (Windows: FIONBIO). They return the descriptor / SOCKET, or
// MIO_INVALID_RAW_FD after adding a gtest failure.
//
// Listener bound to `addr` (port 0 allowed), listen(128); `*bound` (optional)
// receives the actual address.
mio_raw_fd RawTcpListener(const SockAddr& addr, SockAddr* bound,
                          bool nonblocking = true);
// Connects to `addr`; a non-blocking connect may still be in progress.
mio_raw_fd RawTcpConnect(const SockAddr& addr, bool nonblocking = true);
// Waits up to `timeout_ms` for `fd` to be readable (a connection pending on a
// listener, data or EOF on a stream): poll(2), WSAPoll on Windows.
bool WaitReadable(mio_raw_fd fd, int timeout_ms);
// Blocking-waits (up to 5 s) for a connection on `listener` and accepts it.
mio_raw_fd RawAccept(mio_raw_fd listener, bool nonblocking = true);
// UDP socket bound to `addr`.
mio_raw_fd RawUdpSocket(const SockAddr& addr, SockAddr* bound,
                        bool nonblocking = true);

// Sets O_NONBLOCK (Windows: FIONBIO); false on failure.
bool SetNonBlocking(mio_raw_fd fd, bool on = true);

// Plain close(2) / closesocket: 0 or -1.
int RawClose(mio_raw_fd fd);
// shutdown(SHUT_WR) / shutdown(SD_SEND): 0 or -1.
int RawShutdownWrite(mio_raw_fd fd);
// recv (read(2) for non-sockets) / send (MSG_NOSIGNAL; write(2) for
// non-sockets) / a non-blocking accept of a non-blocking, close-on-exec
// socket: the count or descriptor, or mio_last_error(). For mio_io_fn
// callbacks.
ptrdiff_t RawRecv(mio_raw_fd fd, void* buf, size_t len);
ptrdiff_t RawSend(mio_raw_fd fd, const void* buf, size_t len);
ptrdiff_t RawAcceptNow(mio_raw_fd listener);

// True when the test runs under Wine (ntdll exports wine_get_version), for
// the few places where Wine's Winsock differs from Windows'. Always false
// on POSIX.
bool RunningUnderWine();

// CLOCK_MONOTONIC in nanoseconds.
int64_t NowNs();
inline constexpr int64_t kNsPerMs = 1000 * 1000;

// Fixture owning a Poll and a 16-event buffer (mio's init_with_poll).
class PollTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  const mio_registry* registry() const { return mio_poll_registry(poll_); }
  void ExpectEvents(std::vector<ExpectEvent> expected) {
    mio_test::ExpectEvents(poll_, events_, std::move(expected));
  }
  void ExpectNoEvents() { mio_test::ExpectNoEvents(poll_, events_); }

  mio_poll* poll_ = nullptr;
  mio_events* events_ = nullptr;
};

}  // namespace mio_test

#endif  // MIO_TESTING_UTIL_TEST_UTIL_H_
