// POSIX halves of registry_test.cc: an OS registration failure (epoll_ctl
// or the poll(2) backend's check on a closed descriptor, epoll on a regular
// file) leaves the object unregistered (API.md §7.5 row 1).
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;

using Registry = PollTest;

// An OS registration failure leaves the object unregistered (§7.5 row 1).
// The descriptor is closed behind the io_source's back so both epoll_ctl and
// the poll(2) backend's check fail with EBADF.
TEST_F(Registry, OsRegistrationErrorLeavesObjectUnregistered) {
  int fds[2];
  ASSERT_EQ(
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds),
      0);
  close(fds[1]);
  IoSource s(fds[0]);
  ASSERT_EQ(close(fds[0]), 0);
  EXPECT_EQ(mio_registry_register(registry(), s.source(), 1, kR), -MIO_EBADF);
  EXPECT_EQ(mio_registry_reregister(registry(), s.source(), 1, kR),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), s.source()), -MIO_ENOENT);
  EXPECT_EQ(mio_registry_register(registry(), s.source(), 1, kR), -MIO_EBADF)
      << "a failed register must not leave the object registered";
  // Release without closing the (already closed) descriptor again.
  EXPECT_EQ(mio_io_source_into_raw_fd(s.get()), fds[0]);
}

// epoll refuses regular files (EPERM); the object then stays unregistered.
TEST_F(Registry, EpollRegularFileErrorLeavesObjectUnregistered) {
  if (mio_poll_backend(poll_) != MIO_BACKEND_EPOLL) {
    GTEST_SKIP() << "only epoll refuses regular files; backend is "
                 << mio_backend_name(mio_poll_backend(poll_));
  }
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  IoSource s(fd);
  EXPECT_EQ(mio_registry_register(registry(), s.source(), 1, kR), -MIO_EPERM);
  EXPECT_EQ(mio_registry_deregister(registry(), s.source()), -MIO_ENOENT);
}

}  // namespace
}  // namespace mio_test
