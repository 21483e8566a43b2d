// The waker on every backend (API.md §9; selector.h waker_*): built in
// (poll(2), io_uring, IOCP) or the core's fd waker (epoll).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Waker : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    ASSERT_EQ(mio_waker_new(registry(), kWakerToken, &waker_), 0);
  }
  void TearDown() override {
    mio_waker_free(waker_);
    BackendTest::TearDown();
  }
  static constexpr mio_token kWakerToken = 42;
  mio_waker* waker_ = nullptr;
};
MIO_TEST_EVERY_BACKEND(Waker);

// A waker event is readable and nothing else.
void ExpectWakerEvent(const Seen& e) {
  EXPECT_EQ(e.readiness, kReadable) << ReadinessName(e.readiness);
}

TEST_P(Waker, WakeBeforePollIsReportedOnce) {
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  std::vector<Seen> seen = PollUntilSeen({kWakerToken});
  ASSERT_EQ(For(seen, kWakerToken).size(), 1u);
  ExpectWakerEvent(For(seen, kWakerToken)[0]);
  ExpectNoEvents();  // consumed: not reported by the next poll
}

// N wakes before a poll give between 1 and N events, then none.
TEST_P(Waker, WakesBeforeAPollCoalesce) {
  constexpr size_t kWakes = 5;
  for (size_t i = 0; i < kWakes; i++) ASSERT_EQ(mio_waker_wake(waker_), 0);
  std::vector<Seen> seen = PollUntilSeen({kWakerToken});
  std::vector<Seen> wakes = For(seen, kWakerToken);
  EXPECT_GE(wakes.size(), 1u);
  EXPECT_LE(wakes.size(), kWakes);
  for (const Seen& e : wakes) ExpectWakerEvent(e);
  ExpectNoEvents();
}

// A wake from another thread ends a blocked infinite poll with its event
// and no other. If it never arrives, a registered socket made readable
// after 10 s ends the poll instead (and the expectations fail).
TEST_P(Waker, WakeFromAnotherThreadEndsAnInfinitePoll) {
  mio_waker_free(waker_);  // it belongs to the Poll CountSelects replaces
  waker_ = nullptr;
  CountSelects();
  ASSERT_EQ(mio_waker_new(registry(), kWakerToken, &waker_), 0);
  TcpPair guard;
  constexpr mio_token kGuard = 7;
  ASSERT_EQ(mio_registry_register(registry(), guard.server.source(), kGuard,
                                  MIO_INTEREST_READABLE),
            0);
  for (int round = 0; round < 3; round++) {
    SCOPED_TRACE("round " + std::to_string(round));
    int before = selects().entered.load();
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::thread t([&] {
      AwaitSelectEntered(before);
      EXPECT_EQ(mio_waker_wake(waker_), 0);
      std::unique_lock<std::mutex> lock(mu);
      if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; })) {
        SendAll(guard.client.fd(), "g", 1);
      }
    });
    std::vector<Seen> seen;
    int rc = PollInto(MIO_TIMEOUT_INFINITE, &seen);
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
    }
    cv.notify_all();
    t.join();
    EXPECT_EQ(rc, 0) << mio_strerror(rc);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].token, kWakerToken);
    ExpectWakerEvent(seen[0]);
  }
}

}  // namespace
}  // namespace mio_test
