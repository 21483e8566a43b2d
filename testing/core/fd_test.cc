// Descriptor hygiene and timing of Poll (API.md §4, §6, §14 C-only
// additions): close-on-exec, no leaks over many Polls, timeouts.
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

std::set<int> OpenFds() {
  std::set<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  int self = dirfd(dir);
  while (struct dirent* ent = readdir(dir)) {
    if (ent->d_name[0] == '.') continue;
    int fd = atoi(ent->d_name);
    if (fd != self) fds.insert(fd);
  }
  closedir(dir);
  return fds;
}

std::set<int> NewFds(const std::set<int>& before) {
  std::set<int> out;
  for (int fd : OpenFds()) {
    if (before.count(fd) == 0) out.insert(fd);
  }
  return out;
}

TEST(PollFds, EveryPollDescriptorIsCloexec) {
  std::set<int> before = OpenFds();
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  std::set<int> created = NewFds(before);
  EXPECT_FALSE(created.empty());
  for (int fd : created) EXPECT_TRUE(IsCloexec(fd)) << "fd " << fd;
  if (mio_poll_backend(poll) != MIO_BACKEND_POLL) {
    EXPECT_EQ(created.count(mio_poll_as_raw_fd(poll)), 1u);
  }
  mio_poll_free(poll);
}

TEST(PollFds, WakerDescriptorsAreCloexecAndNonBlocking) {
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  std::set<int> before = OpenFds();
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(mio_poll_registry(poll), 1, &w), 0);
  for (int fd : NewFds(before)) {
    EXPECT_TRUE(IsCloexec(fd)) << "fd " << fd;
    EXPECT_TRUE(IsNonBlocking(fd)) << "fd " << fd;
  }
  mio_waker_free(w);
  EXPECT_TRUE(NewFds(before).empty()) << "waker_free left descriptors open";
  mio_poll_free(poll);
}

// "anon_inode:[eventfd]", "pipe:[123]", ... for a descriptor.
std::string FdKind(int fd) {
  char path[64], target[256];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n < 0) return "";
  target[n] = '\0';
  return target;
}

// §6: the waker (or the poll(2) selector's notifier) is an eventfd, or a
// pipe with --config=pipe_waker.
TEST(PollFds, WakerKindFollowsBuildFlags) {
  std::set<int> before = OpenFds();
  mio_poll* poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(mio_poll_registry(poll), 1, &w), 0);
  int eventfds = 0, pipes = 0;
  for (int fd : NewFds(before)) {
    std::string kind = FdKind(fd);
    eventfds += kind == "anon_inode:[eventfd]";
    pipes += kind.rfind("pipe:", 0) == 0;
  }
#ifdef MIO_TEST_FORCE_WAKER_PIPE
  EXPECT_EQ(eventfds, 0);
  EXPECT_EQ(pipes, 2);
#else
  EXPECT_EQ(eventfds, 1);
  EXPECT_EQ(pipes, 0);
#endif
  mio_waker_free(w);
  mio_poll_free(poll);
}

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
