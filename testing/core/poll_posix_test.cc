// POSIX halves of poll_test.cc (mio's tests/poll.rs): a signal interrupts
// a poll with -MIO_EINTR, and the selector descriptor (mio_poll_as_raw_fd,
// mio_registry_as_raw_fd, which do not exist on Windows, as mio's AsRawFd
// for Poll and Registry is unix-only).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

using Poll = PollTest;

void NoopHandler(int) {}

// §4: a signal interrupts the poll with -MIO_EINTR (not retried) and the
// events are empty.
TEST_F(Poll, SignalInterruptsPollWithEintr) {
  struct sigaction sa = {}, old = {};
  sa.sa_handler = NoopHandler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 9, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  // Fill events_ first so "empty on error" is observable.
  ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
  ASSERT_FALSE(mio_events_is_empty(events_));

  pthread_t self = pthread_self();
  std::atomic<bool> polled{false};
  std::thread t([&] {
    // Keep signalling until the poll has returned (the first signal may
    // arrive before the poll blocks).
    while (!polled.load()) {
      pthread_kill(self, SIGUSR1);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  int rc = mio_poll_poll(poll_, events_, 5000 * kNsPerMs);
  polled = true;
  t.join();
  EXPECT_EQ(rc, -MIO_EINTR) << mio_strerror(rc);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
  mio_waker_free(w);
  sigaction(SIGUSR1, &old, nullptr);
}

TEST(PollBackend, BackendMatchesBuildAndRawFd) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  mio_backend b = mio_poll_backend(poll);
  const mio_registry* r = mio_poll_registry(poll);
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(r, &clone), 0);
  if (b == MIO_BACKEND_POLL) {
    EXPECT_EQ(mio_poll_as_raw_fd(poll), -MIO_ENOTSUP);
    EXPECT_EQ(mio_registry_as_raw_fd(r), -MIO_ENOTSUP);
    EXPECT_EQ(mio_registry_as_raw_fd(clone), -MIO_ENOTSUP);
  } else {
    EXPECT_TRUE(b == MIO_BACKEND_EPOLL || b == MIO_BACKEND_IO_URING ||
                b == MIO_BACKEND_KQUEUE)
        << mio_backend_name(b);
    int fd = mio_poll_as_raw_fd(poll);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(IsCloexec(fd));
    EXPECT_EQ(mio_registry_as_raw_fd(r), fd);
    EXPECT_EQ(mio_registry_as_raw_fd(clone), fd);
  }
#if defined(MIO_TEST_BUILD_BACKEND_POLL)
  EXPECT_EQ(b, MIO_BACKEND_POLL);
#elif defined(MIO_TEST_BUILD_BACKEND_EPOLL) || \
    (defined(MIO_TEST_BUILD_BACKEND_OS_DEFAULT) && defined(__linux__))
  EXPECT_EQ(b, MIO_BACKEND_EPOLL);
#elif defined(MIO_TEST_BUILD_BACKEND_KQUEUE) || \
    defined(MIO_TEST_BUILD_BACKEND_OS_DEFAULT)
  EXPECT_EQ(b, MIO_BACKEND_KQUEUE);  // macOS, iOS, the BSDs
  EXPECT_STREQ(mio_backend_name(b), "kqueue");
#endif
  EXPECT_EQ(mio_poll_backend(nullptr), MIO_BACKEND_NONE);
  EXPECT_EQ(mio_poll_as_raw_fd(nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_registry_as_raw_fd(nullptr), -MIO_EINVAL);
  mio_registry_free(clone);
  mio_poll_free(poll);
}

}  // namespace
}  // namespace mio_test
