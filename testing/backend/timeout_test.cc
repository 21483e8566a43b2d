// Timeouts (selector.h select; API.md §4, §6): a positive timeout is
// rounded UP to the backend's granularity, so a short poll with nothing
// ready is one wait (two at most), never a spin; an internal wake-up during
// an infinite or huge timeout is waited out, never an early empty return.
//
// These cases count the backend's select calls (CountSelects) rather than
// measure wall time: a poll(2) backend that rounds 1.5 ms down to 1 ms waits
// once and then spins on poll(0) for the remaining 0.5 ms.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "mio/sys/os.h"
#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Timeouts : public BackendTest {};
MIO_TEST_EVERY_BACKEND(Timeouts);

TEST_P(Timeouts, ShortTimeoutIsOneOrTwoWaitsNotASpin) {
  CountSelects();
  TcpPair idle;
  ASSERT_EQ(mio_registry_register(registry(), idle.server.source(), 1,
                                  MIO_INTEREST_READABLE),
            0);
  for (int64_t timeout :
       {int64_t{1}, int64_t{500} * 1000, int64_t{999} * 1000,
        int64_t{1500} * 1000, int64_t{2500} * 1000, 20 * kNsPerMs}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout) + " ns");
    int before = selects().returned.load();
    int64_t start = mio_sys_monotonic_ns();
    std::vector<Seen> seen;
    EXPECT_EQ(PollInto(timeout, &seen), 0);
    int64_t elapsed = mio_sys_monotonic_ns() - start;
    int waits = selects().returned.load() - before;
    EXPECT_TRUE(seen.empty());
    EXPECT_GE(elapsed, timeout);
    EXPECT_GE(waits, 1);
    EXPECT_LE(waits, 2) << "select called " << waits << " times in " << elapsed
                        << " ns: the timeout was rounded down";
  }
}

TEST_P(Timeouts, ZeroTimeoutIsOneNonBlockingSelect) {
  CountSelects();
  std::vector<Seen> seen;
  EXPECT_EQ(PollInto(0, &seen), 0);
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(selects().returned.load(), 1);
}

// A registration from another thread while the poll blocks: the poll
// returns exactly that one event, never early and empty (the poll(2)
// backend's registration wakes its select, which the core must wait out).
// A waker woken after 10 s ends a poll that would otherwise hang; the
// expectations then fail.
TEST_P(Timeouts, RegistrationDuringABlockedPollIsItsOnlyEvent) {
  CountSelects();
  OwnedWaker watchdog;
  constexpr mio_token kWatchdog = 99, kLate = 7;
  ASSERT_EQ(mio_waker_new(registry(), kWatchdog, &watchdog.w), 0);
  for (int64_t timeout : {MIO_TIMEOUT_INFINITE, INT64_MAX, INT64_MAX - 1,
                          int64_t{3600} * 1000 * kNsPerMs}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout) + " ns");
    TcpPair late;
    ASSERT_TRUE(SendAll(late.client.fd(), "r", 1));
    ASSERT_TRUE(WaitReadable(late.server.fd(), 5000));
    int before = selects().entered.load();
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::thread t([&] {
      AwaitSelectEntered(before);
      EXPECT_EQ(mio_registry_register(registry(), late.server.source(), kLate,
                                      MIO_INTEREST_READABLE),
                0);
      std::unique_lock<std::mutex> lock(mu);
      if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; })) {
        mio_waker_wake(watchdog.w);
      }
    });
    std::vector<Seen> seen;
    int rc = PollInto(timeout, &seen);
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
    }
    cv.notify_all();
    t.join();
    EXPECT_EQ(rc, 0) << mio_strerror(rc);
    EXPECT_EQ(seen.size(), 1u) << "an early empty return, or extra events";
    if (seen.empty()) continue;  // the next timeout still runs
    EXPECT_EQ(seen[0].token, kLate);
    EXPECT_TRUE(seen[0].readiness & kReadable);
  }
}

}  // namespace
}  // namespace mio_test
