// Concurrency rules of API.md §9-§10 under load (meant for --config=tsan as
// well): concurrent wakes, registry calls and clones while a poll runs.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

using Threads = PollTest;

// Many threads wake concurrently; the polling thread sees only waker events
// and at least one, and after the wakers stop a final drain leaves nothing.
TEST_F(Threads, ConcurrentWakes) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 42, &w), 0);
  constexpr int kThreads = 4;
  constexpr int kWakes = 500;
  std::atomic<int> running{kThreads};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++) {
    threads.emplace_back([&] {
      for (int j = 0; j < kWakes; j++) EXPECT_EQ(mio_waker_wake(w), 0);
      running--;
    });
  }
  size_t seen = 0;
  while (running.load() > 0) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
    for (size_t i = 0; i < mio_events_len(events_); i++) {
      const mio_event* e = mio_events_get(events_, i);
      EXPECT_EQ(mio_event_token(e), 42u);
      EXPECT_TRUE(mio_event_is_readable(e));
      seen++;
    }
  }
  for (auto& t : threads) t.join();
  // Collect any wake that landed after the last poll, then nothing is left.
  ASSERT_EQ(mio_poll_poll(poll_, events_, 0), 0);
  seen += mio_events_len(events_);
  EXPECT_GE(seen, 1u);
  EXPECT_LE(seen, size_t{kThreads * kWakes});
  ExpectNoEvents();
  mio_waker_free(w);
}

// Registry calls, clones and frees of clones from several threads while the
// owner thread keeps polling; each worker's own source ends registered and
// reports its token.
TEST_F(Threads, RegistryCallsAndClonesDuringPolls) {
  constexpr int kWorkers = 4;
  TcpPair pairs[kWorkers];
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; i++) {
    threads.emplace_back([&, i] {
      mio_source* src = pairs[i].client.source();
      mio_token token = static_cast<mio_token>(100 + i);
      for (int round = 0; round < 50; round++) {
        mio_registry* clone = nullptr;
        if (mio_registry_try_clone(registry(), &clone) != 0) {
          ADD_FAILURE() << "try_clone failed";
          break;
        }
        EXPECT_EQ(
            mio_registry_register(clone, src, token, MIO_INTEREST_READABLE), 0);
        EXPECT_EQ(mio_registry_reregister(registry(), src, token,
                                          MIO_INTEREST_WRITABLE),
                  0);
        EXPECT_EQ(mio_registry_deregister(clone, src), 0);
        mio_registry_free(clone);
      }
      EXPECT_EQ(
          mio_registry_register(registry(), src, token, MIO_INTEREST_WRITABLE),
          0);
      done++;
    });
  }
  while (done.load() < kWorkers) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 10 * kNsPerMs), 0);
  }
  for (auto& t : threads) t.join();
  // Every worker's final registration reports (possibly already consumed
  // above, so reregister to re-evaluate).
  std::vector<ExpectEvent> expected;
  for (int i = 0; i < kWorkers; i++) {
    mio_token token = static_cast<mio_token>(200 + i);
    ASSERT_EQ(mio_registry_reregister(registry(), pairs[i].client.source(),
                                      token, MIO_INTEREST_WRITABLE),
              0);
    expected.push_back({token, kWritable});
  }
  ExpectEvents(expected);
}

// A Poll can be created on one thread, polled on a second and freed on a
// third, with its clone used from a fourth.
TEST(ThreadsHandoff, PollMovesBetweenThreads) {
  mio_poll* poll = nullptr;
  mio_events* ev = nullptr;
  mio_registry* clone = nullptr;
  std::thread([&] {
    ASSERT_EQ(mio_poll_new(&poll), 0);
    ASSERT_EQ(mio_events_new(&ev, 4), 0);
    ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &clone), 0);
  }).join();
  ASSERT_NE(clone, nullptr);
  mio_waker* w = nullptr;
  std::thread([&] { ASSERT_EQ(mio_waker_new(clone, 7, &w), 0); }).join();
  ASSERT_NE(w, nullptr);
  std::thread([&] {
    ASSERT_EQ(mio_waker_wake(w), 0);
    ExpectEvents(poll, ev, {{7, kReadable}});
  }).join();
  std::thread([&] {
    mio_waker_free(w);
    mio_registry_free(clone);
    mio_events_free(ev);
    mio_poll_free(poll);
  }).join();
}

// §10: mio_poll_free excludes calls on the Poll and its borrowed registry
// only; clones and the waker may be in use on other threads meanwhile.
TEST(ThreadsHandoff, FreePollWhileCloneAndWakerAreInUse) {
  for (int round = 0; round < 20; round++) {
    mio_poll* poll = nullptr;
    ASSERT_EQ(mio_poll_new(&poll), 0);
    mio_registry* clone = nullptr;
    ASSERT_EQ(mio_registry_try_clone(mio_poll_registry(poll), &clone), 0);
    mio_waker* w = nullptr;
    ASSERT_EQ(mio_waker_new(clone, 1, &w), 0);
    TcpPair p;
    std::atomic<bool> stop{false};
    std::thread registrar([&] {
      while (!stop.load()) {
        int rc = mio_registry_register(clone, p.client.source(), 2,
                                       MIO_INTEREST_READABLE);
        EXPECT_LE(rc, 0);
        if (rc == 0) {
          EXPECT_LE(mio_registry_deregister(clone, p.client.source()), 0);
        }
      }
    });
    std::thread waker([&] {
      while (!stop.load()) EXPECT_LE(mio_waker_wake(w), 0);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    mio_poll_free(poll);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    stop = true;
    registrar.join();
    waker.join();
    mio_waker_free(w);
    mio_registry_free(clone);
  }
}

}  // namespace
}  // namespace mio_test
