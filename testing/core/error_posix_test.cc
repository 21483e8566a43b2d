// POSIX halves of error_test.cc: MIO_Exxx == errno, mio_last_error over
// errno, int descriptors and struct iovec (API.md §2.1, §2.2).
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstddef>
#include <type_traits>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/core/error_codes.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

TEST(Errors, PosixCodesEqualErrno) {
#define MIO_TEST_CODE(x) EXPECT_EQ(MIO_##x, x) << #x;
  MIO_TEST_ERROR_CODES(MIO_TEST_CODE)
#undef MIO_TEST_CODE
  EXPECT_EQ(MIO_EWOULDBLOCK, MIO_EAGAIN);
}

ptrdiff_t FailingRead(void*) {
  char c;
  if (read(-1, &c, 1) < 0) return mio_last_error();
  return 0;
}

TEST(Errors, LastErrorIsNegativeErrno) {
  errno = EPIPE;
  EXPECT_EQ(mio_last_error(), -MIO_EPIPE);
  errno = EAGAIN;
  EXPECT_EQ(mio_last_error(), -MIO_EAGAIN);
  // As used inside a do_io callback.
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
  close(fds[1]);
  IoSource s(fds[0]);
  EXPECT_EQ(mio_io_source_do_io(s.get(), FailingRead, nullptr), -MIO_EBADF);
}

// POSIX: a raw descriptor is an int and -1 is invalid.
TEST(Platform, RawFdIsIntDescriptor) {
  EXPECT_EQ(MIO_INVALID_RAW_FD, -1);
  EXPECT_TRUE((std::is_same<mio_raw_fd, int>::value));
}

// POSIX: mio_iovec has the layout of struct iovec.
TEST(Platform, IovecLayoutMatchesStructIovec) {
  EXPECT_EQ(sizeof(mio_iovec), sizeof(struct iovec));
  EXPECT_EQ(offsetof(mio_iovec, iov_base), offsetof(struct iovec, iov_base));
  EXPECT_EQ(offsetof(mio_iovec, iov_len), offsetof(struct iovec, iov_len));
}

}  // namespace
}  // namespace mio_test
