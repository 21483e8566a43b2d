// Descriptor hygiene and timing of Poll (API.md §4, §6, §14 C-only
// additions): no leaks over many Polls, timeouts. Which descriptors a Poll
// and a Waker open (close-on-exec, eventfd or pipe) is POSIX-only:
// fd_posix_test.cc.
#include <cstdint>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

TEST(PollFds, ManyPollsLeakNoDescriptor) {
  int before = CountOpenFds();
  ASSERT_GE(before, 0);
  for (int i = 0; i < 2000; i++) {
    mio_poll* poll = nullptr;
    mio_events* ev = nullptr;
    ASSERT_EQ(mio_poll_new(&poll), 0) << "iteration " << i;
    ASSERT_EQ(mio_events_new(&ev, 4), 0);
    ASSERT_EQ(mio_poll_poll(poll, ev, 0), 0);
    mio_events_free(ev);
    mio_poll_free(poll);
  }
  EXPECT_EQ(CountOpenFds(), before);
}

// Clones and wakers keep the selector alive; freeing all of them in any
// order releases every descriptor.
TEST(PollFds, PollClonesAndWakerReleaseEverything) {
  int before = CountOpenFds();
  for (int order = 0; order < 3; order++) {
    mio_poll* poll = nullptr;
    ASSERT_EQ(mio_poll_new(&poll), 0);
    mio_registry* clone = nullptr;
    ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &clone), 0);
    mio_waker* w = nullptr;
    ASSERT_EQ(mio_waker_new(clone, 1, &w), 0);
    switch (order) {
      case 0:
        mio_waker_free(w);
        mio_registry_free(clone);
        mio_poll_free(poll);
        break;
      case 1:
        mio_poll_free(poll);
        mio_registry_free(clone);
        mio_waker_free(w);
        break;
      default:
        mio_registry_free(clone);
        mio_poll_free(poll);
        mio_waker_free(w);
        break;
    }
    EXPECT_EQ(CountOpenFds(), before) << "order " << order;
  }
}

using PollTimeout = PollTest;

TEST_F(PollTimeout, NothingRegisteredWaitsTheFullTimeout) {
  int64_t start = NowNs();
  EXPECT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  int64_t elapsed = NowNs() - start;
  EXPECT_GE(elapsed, 100 * kNsPerMs);
  EXPECT_EQ(mio_events_len(events_), 0u);
  EXPECT_TRUE(mio_events_is_empty(events_));
}

// > 0 is rounded up: a sub-millisecond timeout still waits at least that long.
TEST_F(PollTimeout, SubMillisecondTimeoutIsRoundedUp) {
  for (int64_t timeout : {int64_t{1}, int64_t{999}, int64_t{1500000}}) {
    int64_t start = NowNs();
    EXPECT_EQ(mio_poll_poll(poll_, events_, timeout), 0);
    EXPECT_GE(NowNs() - start, timeout) << timeout;
    EXPECT_TRUE(mio_events_is_empty(events_));
  }
}

// Over one second: the backend splits the timeout into seconds and
// nanoseconds. Regression (i386): epoll_pwait2 was given libc's timespec,
// whose 32-bit time_t made every timed poll fail with -MIO_EINVAL.
TEST_F(PollTimeout, TimeoutOverOneSecondWaitsAtLeastThatLong) {
  const int64_t timeout = 1000 * kNsPerMs + 1;
  int64_t start = NowNs();
  EXPECT_EQ(mio_poll_poll(poll_, events_, timeout), 0);
  EXPECT_GE(NowNs() - start, timeout);
  EXPECT_TRUE(mio_events_is_empty(events_));
}

TEST_F(PollTimeout, NegativeTimeoutsOtherThanInfiniteAreEinval) {
  for (int64_t t : {int64_t{-2}, int64_t{-1000000}, INT64_MIN}) {
    EXPECT_EQ(mio_poll_poll(poll_, events_, t), -MIO_EINVAL) << t;
    EXPECT_TRUE(mio_events_is_empty(events_));
  }
}

using PollArgs = PollTest;

TEST_F(PollArgs, NullArguments) {
  EXPECT_EQ(mio_poll_new(nullptr), -MIO_EINVAL);
  mio_poll_free(nullptr);
  EXPECT_EQ(mio_poll_poll(nullptr, events_, 0), -MIO_EINVAL);
  EXPECT_EQ(mio_poll_poll(poll_, nullptr, 0), -MIO_EINVAL);
}

}  // namespace
}  // namespace mio_test
