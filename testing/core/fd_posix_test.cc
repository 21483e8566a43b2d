// POSIX halves of fd_test.cc: the descriptors behind a Poll and a Waker
// (/proc/self/fd), close-on-exec and the eventfd/pipe waker kind (API.md §6).
#include <dirent.h>
#include <stdlib.h>
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
#if defined(MIO_TEST_FORCE_WAKER_PIPE) || !MIO_TEST_LINUX_EXTENSIONS
  EXPECT_EQ(eventfds, 0);
  EXPECT_EQ(pipes, 2);
#else
  EXPECT_EQ(eventfds, 1);
  EXPECT_EQ(pipes, 0);
#endif
  mio_waker_free(w);
  mio_poll_free(poll);
}

}  // namespace
}  // namespace mio_test
