// Port of mio's tests/waker.rs plus the pinned rules of API.md §9.
#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_token kToken = 10;

class Waker : public PollTest {
 protected:
  void SetUp() override {
    PollTest::SetUp();
    ASSERT_EQ(mio_waker_new(registry(), kToken, &waker_), 0);
  }
  void TearDown() override {
    mio_waker_free(waker_);
    PollTest::TearDown();
  }
  // mio's expect_waker_event: a 100 ms poll returns >= 1 event, all of them
  // the waker's readable events.
  void ExpectWakerEvent() {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
    ASSERT_FALSE(mio_events_is_empty(events_));
    for (size_t i = 0; i < mio_events_len(events_); i++) {
      const mio_event* e = mio_events_get(events_, i);
      EXPECT_EQ(mio_event_token(e), kToken) << FormatEvents(events_);
      EXPECT_TRUE(mio_event_is_readable(e)) << FormatEvents(events_);
    }
  }

  mio_waker* waker_ = nullptr;
};

TEST_F(Waker, WakeGivesReadableEventWithToken) {
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  ExpectWakerEvent();
}

// §5: waker events have only readable set.
TEST_F(Waker, WakerEventHasOnlyReadable) {
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_GE(mio_events_len(events_), 1u);
  EXPECT_EQ(Readiness(mio_events_get(events_, 0)), kReadable)
      << FormatEvents(events_);
}

TEST_F(Waker, MultipleWakeupsSameThread) {
  for (int i = 0; i < 3; i++) ASSERT_EQ(mio_waker_wake(waker_), 0);
  ExpectWakerEvent();
}

// §9: a consumed wake-up is not reported by the next poll.
TEST_F(Waker, ConsumedWakeupIsNotReportedAgain) {
  for (int i = 0; i < 3; i++) ASSERT_EQ(mio_waker_wake(waker_), 0);
  ExpectWakerEvent();
  ExpectNoEvents();
}

TEST_F(Waker, WakeupFromDifferentThread) {
  std::thread t([&] { EXPECT_EQ(mio_waker_wake(waker_), 0); });
  t.join();
  ExpectWakerEvent();
  ExpectNoEvents();
}

TEST_F(Waker, WakeWakesBlockedPoll) {
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(mio_waker_wake(waker_), 0);
  });
  ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
  t.join();
  ASSERT_GE(mio_events_len(events_), 1u);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), kToken);
}

// Many wakes without a poll must not fail or block (a pipe waker fills up
// after ~64 Ki wakes); one poll then drains them all.
TEST_F(Waker, ManyWakesWithoutPollingNeitherFailNorBlock) {
  for (int i = 0; i < 100000; i++) {
    int rc = mio_waker_wake(waker_);
    ASSERT_EQ(rc, 0) << "wake " << i << ": " << mio_strerror(rc);
  }
  ExpectWakerEvent();
  ExpectNoEvents();
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  ExpectWakerEvent();
}

// A wake-up is delivered with sources registered too, and the events of
// both kinds are kept apart.
TEST_F(Waker, WakeAmongSourceEvents) {
  TcpPair pair;
  ASSERT_EQ(mio_registry_register(registry(), pair.client.source(), 1,
                                  MIO_INTEREST_WRITABLE),
            0);
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  ExpectEvents({{1, kWritable}, {kToken, kReadable}});
  EXPECT_EQ(pair.client.Close(), 0);
}

TEST_F(Waker, MultipleWakeupsDifferentThreads) {
  std::atomic<bool> go{false};
  std::thread t1([&] { EXPECT_EQ(mio_waker_wake(waker_), 0); });
  std::thread t2([&] {
    while (!go.load()) std::this_thread::yield();
    EXPECT_EQ(mio_waker_wake(waker_), 0);
  });
  t1.join();
  ExpectWakerEvent();  // from thread 1
  go = true;
  t2.join();
  ExpectWakerEvent();  // from thread 2
  ExpectNoEvents();
}

TEST_F(Waker, SecondWakerOnSamePollIsEexist) {
  mio_waker* w2 = nullptr;
  EXPECT_EQ(mio_waker_new(registry(), kToken + 1, &w2), -MIO_EEXIST);
  EXPECT_EQ(w2, nullptr);
}

TEST(WakerClones, SecondWakerViaTwoClonesIsEexist) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  mio_registry *r1 = nullptr, *r2 = nullptr;
  ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &r1), 0);
  ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &r2), 0);
  mio_waker *w1 = nullptr, *w2 = nullptr;
  ASSERT_EQ(mio_waker_new(r1, 10, &w1), 0);
  EXPECT_EQ(mio_waker_new(r2, 11, &w2), -MIO_EEXIST);
  EXPECT_EQ(mio_waker_new(mio_poll_registry(poll), 12, &w2), -MIO_EEXIST);
  mio_waker_free(w1);
  // §9 [pinned]: after free a new waker may be created, through any handle.
  ASSERT_EQ(mio_waker_new(r2, 11, &w2), 0);
  mio_waker_free(w2);
  mio_registry_free(r1);
  mio_registry_free(r2);
  mio_poll_free(poll);
}

using WakerLifetime = PollTest;

TEST_F(WakerLifetime, NewWakerAllowedAfterFree) {
  for (mio_token token = 1; token <= 3; token++) {
    mio_waker* w = nullptr;
    ASSERT_EQ(mio_waker_new(registry(), token, &w), 0);
    ASSERT_EQ(mio_waker_wake(w), 0);
    ExpectEvents({{token, kReadable}});
    mio_waker_free(w);
  }
}

TEST(WakerOutlivingPoll, WakeIsMemorySafe) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(mio_poll_registry(poll), 1, &w), 0);
  mio_poll_free(poll);
  int rc = mio_waker_wake(w);
  EXPECT_LE(rc, 0);  // 0 or an OS error, no crash
  mio_waker_free(w);
}

using WakerArgs = PollTest;

TEST_F(WakerArgs, NullArguments) {
  const mio_poll* poll = poll_;
  mio_waker* w = reinterpret_cast<mio_waker*>(1);
  EXPECT_EQ(mio_waker_new(nullptr, 1, &w), -MIO_EINVAL);
  EXPECT_EQ(w, nullptr);
  EXPECT_EQ(mio_waker_new(mio_poll_registry(poll), 1, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_waker_wake(nullptr), -MIO_EINVAL);
  mio_waker_free(nullptr);
  // The failed calls did not take the Poll's waker slot.
  ASSERT_EQ(mio_waker_new(mio_poll_registry(poll), 1, &w), 0);
  mio_waker_free(w);
}

}  // namespace
}  // namespace mio_test
