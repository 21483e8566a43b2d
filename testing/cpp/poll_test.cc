// mio/cpp/poll.hpp and events.hpp over real descriptors: Poll + Waker from
// another thread, timeouts, Events iteration, Registry views and clones.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <limits>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace {

using mio_cpp_test::CppPollTest;

TEST_F(CppPollTest, WakerWakesABlockedPollFromAnotherThread) {
  const mio::Token kWake(0xBEEF);
  auto waker = mio::Waker::create(poll().registry(), kWake);
  ASSERT_TRUE(waker.ok()) << waker.status();
  std::thread t([&] { ASSERT_TRUE(waker->wake().ok()); });
  ASSERT_TRUE(poll().poll(events()).ok());  // infinite: the wake ends it
  t.join();
  ASSERT_FALSE(events().empty());
  bool seen = false;
  for (mio::Event e : events()) {
    if (e.token() == kWake) seen = e.is_readable();
  }
  EXPECT_TRUE(seen) << events().ToString();
}

TEST_F(CppPollTest, SecondWakerIsAlreadyExists) {
  auto a = mio::Waker::create(poll().registry(), mio::Token(1));
  ASSERT_TRUE(a.ok());
  auto b = mio::Waker::create(poll().registry(), mio::Token(2));
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(mio::MioCode(b.status()), -MIO_EEXIST);
  // Freeing the first (by moving it out and destroying) frees the slot.
  { mio::Waker gone = *std::move(a); }
  EXPECT_TRUE(mio::Waker::create(poll().registry(), mio::Token(3)).ok());
}

TEST_F(CppPollTest, ZeroAndShortTimeoutsReturnOkWithNoEvents) {
  ASSERT_TRUE(poll().poll(events(), absl::ZeroDuration()).ok());
  EXPECT_TRUE(events().empty());
  ASSERT_TRUE(poll().poll(events(), absl::Milliseconds(1)).ok());
  EXPECT_TRUE(events().empty());
  // A negative timeout has already elapsed: it does not block either.
  ASSERT_TRUE(poll().poll(events(), -absl::Seconds(1)).ok());
  EXPECT_TRUE(events().empty());
}

TEST(TimeoutNs, ConvertsDurations) {
  using mio::internal::TimeoutNs;
  EXPECT_EQ(TimeoutNs(absl::InfiniteDuration()), MIO_TIMEOUT_INFINITE);
  EXPECT_EQ(TimeoutNs(absl::ZeroDuration()), 0);
  EXPECT_EQ(TimeoutNs(-absl::Nanoseconds(5)), 0);
  EXPECT_EQ(TimeoutNs(-absl::InfiniteDuration()), 0);
  EXPECT_EQ(TimeoutNs(absl::Milliseconds(250)), 250 * 1000 * 1000);
  // Sub-nanosecond parts round up, so a tiny timeout still waits.
  EXPECT_EQ(TimeoutNs(absl::Nanoseconds(1) / 4), 1);
  EXPECT_EQ(TimeoutNs(absl::Hours(24 * 365 * 1000)),
            std::numeric_limits<int64_t>::max());
}

TEST_F(CppPollTest, EventsIterationVisitsEveryEvent) {
  constexpr int kPairs = 5;
  int fds[kPairs][2];
  std::vector<mio::IoSource> sources;
  for (int i = 0; i < kPairs; i++) {
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                         fds[i]),
              0);
    auto src = mio::IoSource::adopt(fds[i][0]);
    ASSERT_TRUE(src.ok()) << src.status();
    sources.push_back(*std::move(src));
  }
  // Registered after the vector stopped growing: sources are not relocated
  // while registered here (move_test covers that case).
  for (int i = 0; i < kPairs; i++) {
    ASSERT_TRUE(poll()
                    .registry()
                    .register_(sources[i], mio::Token(100 + i),
                               mio::Interest::kReadable)
                    .ok());
    ASSERT_EQ(write(fds[i][1], "x", 1), 1);
  }
  std::map<mio_token, int> seen;
  for (int round = 0; round < 3 && seen.size() < kPairs; round++) {
    ASSERT_TRUE(poll().poll(events(), absl::Milliseconds(500)).ok());
    size_t n = 0;
    for (mio::Event e : events()) {
      EXPECT_TRUE(e.is_readable()) << e.ToString();
      EXPECT_EQ(e.raw(), events()[n].raw());
      seen[e.token().value]++;
      n++;
    }
    EXPECT_EQ(n, events().size());
    // Iterators: begin/end, post-increment, equality.
    auto it = events().begin();
    for (size_t i = 0; i < events().size(); i++) it++;
    EXPECT_TRUE(it == events().end());
  }
  ASSERT_EQ(seen.size(), static_cast<size_t>(kPairs));
  for (int i = 0; i < kPairs; i++) {
    EXPECT_EQ(seen.count(100 + i), 1u) << i;
    close(fds[i][1]);
  }
  EXPECT_NE(events().ToString(), "");
  events().clear();
  EXPECT_TRUE(events().empty());
  EXPECT_EQ(events().begin(), events().end());
  EXPECT_EQ(events().capacity(), 16u);
}

TEST(CppEvents, BadCapacityIsInvalidArgument) {
  auto ev = mio::Events::with_capacity(0);
  EXPECT_EQ(ev.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(mio::MioCode(ev.status()), -MIO_EINVAL);
}

TEST_F(CppPollTest, RegistryCloneRegistersForTheSamePoll) {
  auto clone = poll().registry().try_clone();
  ASSERT_TRUE(clone.ok()) << clone.status();
  int fds[2];
  ASSERT_EQ(
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds),
      0);
  auto src = mio::IoSource::adopt(fds[0]);
  ASSERT_TRUE(src.ok());
  mio::Registry reg = clone->registry();
  ASSERT_TRUE(
      reg.register_(*src, mio::Token(9), mio::Interest::kReadable).ok());
  // Registered once per Poll: the Poll's own registry sees it too.
  EXPECT_EQ(mio::MioCode(poll().registry().register_(*src, mio::Token(9),
                                                     mio::Interest::kReadable)),
            -MIO_EEXIST);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  ExpectEvents({{9, mio_test::kReadable}});
  ASSERT_TRUE(poll().registry().deregister(*src).ok());
  EXPECT_EQ(mio::MioCode(reg.deregister(*src)), -MIO_ENOENT);
  close(fds[1]);
}

TEST_F(CppPollTest, RegisterRejectsEmptyInterestAndClosedSources) {
  mio::TcpStream closed;
  EXPECT_EQ(mio::MioCode(poll().registry().register_(closed, mio::Token(1),
                                                     mio::Interest())),
            -MIO_EINVAL);
  EXPECT_EQ(mio::MioCode(poll().registry().register_(closed, mio::Token(1),
                                                     mio::Interest::kReadable)),
            -MIO_EBADF);
  EXPECT_EQ(mio::MioCode(poll().registry().register_(
                static_cast<mio_source*>(nullptr), mio::Token(1),
                mio::Interest::kReadable)),
            -MIO_EINVAL);
}

TEST_F(CppPollTest, BackendAndRawFd) {
  EXPECT_NE(poll().backend(), MIO_BACKEND_NONE);
  EXPECT_STREQ(poll().backend_name(), mio_backend_name(poll().backend()));
  auto fd = poll().as_raw_fd();
  auto reg_fd = poll().registry().as_raw_fd();
  if (poll().backend() == MIO_BACKEND_POLL) {
    EXPECT_EQ(mio::MioCode(fd.status()), -MIO_ENOTSUP);
    EXPECT_EQ(mio::MioCode(reg_fd.status()), -MIO_ENOTSUP);
  } else {
    ASSERT_TRUE(fd.ok()) << fd.status();
    ASSERT_TRUE(reg_fd.ok()) << reg_fd.status();
    EXPECT_EQ(*fd, *reg_fd);
  }
}

}  // namespace
