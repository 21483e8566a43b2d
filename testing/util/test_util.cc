#include "testing/util/test_util.h"

#include <chrono>
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
int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void PollTest::SetUp() {
  ASSERT_EQ(mio_poll_new(&poll_), 0);
  ASSERT_EQ(mio_events_new(&events_, 16), 0);
}

void PollTest::TearDown() {
  mio_events_free(events_);
  mio_poll_free(poll_);
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

}  // namespace mio_test
