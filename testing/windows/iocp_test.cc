// The IOCP/AFD backend's own behaviour (Windows only): what the portable
// suites cannot see because the other backends have no such parts.
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

using IocpTest = PollTest;

TEST_F(IocpTest, BackendIsIocp) {
  EXPECT_EQ(mio_poll_backend(poll_), MIO_BACKEND_IOCP);
  EXPECT_STREQ(mio_backend_name(mio_poll_backend(poll_)), "iocp");
}

// The test harness's leak check is live on Windows: a socket shows up in the
// process handle count and goes away when closed.
TEST(IocpHarness, HandleCountSeesSockets) {
  int before = CountOpenFds();
  ASSERT_GT(before, 0);
  mio_raw_fd s = RawUdpSocket(LoopbackV4(), nullptr);
  ASSERT_NE(s, MIO_INVALID_RAW_FD);
  EXPECT_GT(CountOpenFds(), before);
  RawClose(s);
  EXPECT_EQ(CountOpenFds(), before);
}

// More sockets than one AFD handle serves (poll groups of 32): every one is
// reported, and after deregistering none is.
TEST_F(IocpTest, ManySocketsAcrossPollGroups) {
  constexpr int kN = 100;  // > 3 groups
  mio_events* big = nullptr;
  ASSERT_EQ(mio_events_new(&big, 256), 0);
  std::vector<std::unique_ptr<TcpPair>> pairs;
  for (int i = 0; i < kN; i++) {
    pairs.push_back(std::make_unique<TcpPair>());
    ASSERT_EQ(
        mio_registry_register(registry(), pairs[i]->server.source(),
                              static_cast<mio_token>(i), MIO_INTEREST_READABLE),
        0);
    ASSERT_EQ(pairs[i]->client.Write("x", 1), 1);
  }
  std::vector<bool> seen(kN, false);
  int count = 0;
  for (int attempt = 0; attempt < 50 && count < kN; attempt++) {
    ASSERT_EQ(mio_poll_poll(poll_, big, 100 * kNsPerMs), 0);
    for (size_t j = 0; j < mio_events_len(big); j++) {
      const mio_event* e = mio_events_get(big, j);
      mio_token t = mio_event_token(e);
      ASSERT_LT(t, static_cast<mio_token>(kN));
      EXPECT_TRUE(mio_event_is_readable(e));
      if (!seen[t]) count++;
      seen[t] = true;
    }
  }
  EXPECT_EQ(count, kN);
  for (int i = 0; i < kN; i++) {
    ASSERT_EQ(mio_registry_deregister(registry(), pairs[i]->server.source()),
              0);
    ASSERT_EQ(pairs[i]->client.Write("y", 1), 1);
  }
  ExpectNoEvents();
  mio_events_free(big);
}

// Timeouts are milliseconds rounded up and never end early (API.md §4, §6):
// sub-millisecond and fractional timeouts wait at least as long as asked.
TEST_F(IocpTest, TimeoutsNeverReturnEarly) {
  for (int64_t ns : {int64_t{1}, int64_t{999999}, int64_t{1500000},
                     int64_t{20 * kNsPerMs + 1}}) {
    int64_t start = NowNs();
    ASSERT_EQ(mio_poll_poll(poll_, events_, ns), 0);
    int64_t took = NowNs() - start;
    EXPECT_EQ(mio_events_len(events_), 0u);
    EXPECT_GE(took, ns) << "timeout " << ns << " ns returned early";
  }
}

// Wakes queued before a poll coalesce: one event, then none.
TEST_F(IocpTest, QueuedWakesCoalesce) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 9, &w), 0);
  for (int i = 0; i < 1000; i++) ASSERT_EQ(mio_waker_wake(w), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_EQ(mio_events_len(events_), 1u);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 9u);
  ExpectNoEvents();
  ASSERT_EQ(mio_waker_wake(w), 0);  // a later wake posts again
  ExpectEvents({{9, kReadable}});
  mio_waker_free(w);
}

// A wake queued by a freed waker and dequeued after a new waker exists is
// reported with the new waker's token, so the new waker's wake (coalesced
// into it) is not lost.
TEST_F(IocpTest, WakeQueuedByFreedWakerCountsForTheNewOne) {
  mio_waker* old_waker = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 1, &old_waker), 0);
  ASSERT_EQ(mio_waker_wake(old_waker), 0);
  mio_waker_free(old_waker);
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 2, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_GE(mio_events_len(events_), 1u);
  for (size_t i = 0; i < mio_events_len(events_); i++) {
    EXPECT_EQ(mio_event_token(mio_events_get(events_, i)), 2u);
  }
  mio_waker_free(w);
}

// Closing a registered source cancels its AFD poll (release_on_close): no
// event for it afterwards, even with the peer writing.
TEST_F(IocpTest, CloseWhileRegisteredGivesNoEvent) {
  TcpPair pair;
  ASSERT_EQ(mio_registry_register(registry(), pair.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();  // the AFD poll is now in flight
  EXPECT_EQ(pair.server.Close(), 0);
  pair.client.Write("z", 1);
  ExpectNoEvents();
}

// Interest grown while a poll is pending (Pending -> Cancelled -> Idle ->
// resubmitted): the new kind is reported by the next poll.
TEST_F(IocpTest, ReregisterWhilePendingAddsInterest) {
  TcpPair pair;
  ASSERT_EQ(mio_registry_register(registry(), pair.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();  // poll for READABLE pending
  ASSERT_EQ(
      mio_registry_reregister(registry(), pair.server.source(), 2,
                              MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
      0);
  ExpectEvents({{2, kWritable}});
}

// A registration made while another thread is blocked in an infinite poll
// takes effect for that poll (submitted at once, not at the next poll).
TEST_F(IocpTest, RegisterDuringBlockedPoll) {
  TcpPair pair;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(mio_registry_register(registry(), pair.client.source(), 4,
                                    MIO_INTEREST_WRITABLE),
              0);
  });
  ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
  t.join();
  ASSERT_GE(mio_events_len(events_), 1u);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 4u);
}

// A would-block read re-arms READABLE through the io_source path (§7.4):
// after draining, new data gives a new event.
TEST_F(IocpTest, WouldBlockRearmsReadable) {
  TcpPair pair;
  ASSERT_EQ(mio_registry_register(registry(), pair.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(pair.client.Write("ab", 2), 2);
  ExpectEvents({{1, kReadable}});
  char buf[8];
  EXPECT_EQ(pair.server.Read(buf, sizeof buf), 2);
  ExpectNoEvents();  // reported once: edge-triggered
  AssertWouldBlock(pair.server.Read(buf, sizeof buf));
  ASSERT_EQ(pair.client.Write("c", 1), 1);
  ExpectEvents({{1, kReadable}});
}

// Event details name the AFD bits.
TEST_F(IocpTest, FormatDetailsNamesAfdFlags) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 3, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_EQ(mio_events_len(events_), 1u);
  char buf[128];
  mio_event_format_details(mio_events_get(events_, 0), buf, sizeof buf);
  EXPECT_EQ(std::string(buf), "event { flags: AFD_POLL_RECEIVE, data: 3 }");
  mio_waker_free(w);
}

}  // namespace
}  // namespace mio_test
