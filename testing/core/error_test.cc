// Error conventions and platform types (API.md §2.1, §2.2).
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <climits>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

struct Code {
  int mio;
  int os;
  const char* name;
};
#define MIO_TEST_CODE(x) \
  { MIO_##x, x, #x }
const Code kCodes[] = {
    MIO_TEST_CODE(EAGAIN),        MIO_TEST_CODE(EINTR),
    MIO_TEST_CODE(EINVAL),        MIO_TEST_CODE(EEXIST),
    MIO_TEST_CODE(ENOENT),        MIO_TEST_CODE(ENOMEM),
    MIO_TEST_CODE(EBADF),         MIO_TEST_CODE(EALREADY),
    MIO_TEST_CODE(EINPROGRESS),   MIO_TEST_CODE(ENOTCONN),
    MIO_TEST_CODE(EISCONN),       MIO_TEST_CODE(ECONNREFUSED),
    MIO_TEST_CODE(ECONNRESET),    MIO_TEST_CODE(ECONNABORTED),
    MIO_TEST_CODE(EPIPE),         MIO_TEST_CODE(EADDRINUSE),
    MIO_TEST_CODE(EADDRNOTAVAIL), MIO_TEST_CODE(EAFNOSUPPORT),
    MIO_TEST_CODE(EDESTADDRREQ),  MIO_TEST_CODE(EMSGSIZE),
    MIO_TEST_CODE(ENOBUFS),       MIO_TEST_CODE(ENOPROTOOPT),
    MIO_TEST_CODE(ENOTSOCK),      MIO_TEST_CODE(ENOTSUP),
    MIO_TEST_CODE(EOPNOTSUPP),    MIO_TEST_CODE(ETIMEDOUT),
    MIO_TEST_CODE(EHOSTUNREACH),  MIO_TEST_CODE(ENETUNREACH),
    MIO_TEST_CODE(EACCES),        MIO_TEST_CODE(EPERM),
    MIO_TEST_CODE(EMFILE),        MIO_TEST_CODE(ENFILE),
    MIO_TEST_CODE(ENOSYS),        MIO_TEST_CODE(ENAMETOOLONG),
    MIO_TEST_CODE(ECANCELED),     MIO_TEST_CODE(EIO),
};
#undef MIO_TEST_CODE

TEST(Errors, PosixCodesEqualErrno) {
  for (const Code& c : kCodes) EXPECT_EQ(c.mio, c.os) << c.name;
  EXPECT_EQ(MIO_EWOULDBLOCK, MIO_EAGAIN);
}

TEST(Errors, StrerrorKnownCodesBothSigns) {
  for (const Code& c : kCodes) {
    const char* pos = mio_strerror(c.mio);
    const char* neg = mio_strerror(-c.mio);
    ASSERT_NE(pos, nullptr) << c.name;
    ASSERT_NE(neg, nullptr) << c.name;
    EXPECT_STREQ(pos, neg) << c.name;
    EXPECT_GT(std::strlen(pos), 0u) << c.name;
    EXPECT_STRNE(pos, "Unknown error") << c.name;
    EXPECT_STRNE(pos, "Success") << c.name;
  }
}

TEST(Errors, StrerrorSuccessAndUnknown) {
  EXPECT_STREQ(mio_strerror(0), "Success");
  for (int code : {99999, -99999, INT_MAX, INT_MIN, INT_MIN + 1}) {
    const char* s = mio_strerror(code);
    ASSERT_NE(s, nullptr) << code;
    EXPECT_STREQ(s, "Unknown error") << code;
  }
}

TEST(Errors, WouldBlock) {
  EXPECT_TRUE(mio_would_block(-MIO_EAGAIN));
  EXPECT_TRUE(mio_would_block(-MIO_EWOULDBLOCK));
  EXPECT_FALSE(mio_would_block(MIO_EAGAIN));
  EXPECT_FALSE(mio_would_block(0));
  EXPECT_FALSE(mio_would_block(-MIO_EINTR));
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

TEST(Platform, TypesAndConstants) {
  EXPECT_EQ(MIO_INVALID_RAW_FD, -1);
  EXPECT_TRUE((std::is_same<mio_raw_fd, int>::value));
  EXPECT_TRUE((std::is_same<mio_token, uintptr_t>::value));
  EXPECT_TRUE((std::is_same<mio_interest, uint8_t>::value));
  EXPECT_EQ(MIO_OBJECT_SIZE, 64);
  EXPECT_EQ(MIO_TIMEOUT_INFINITE, int64_t{-1});
  EXPECT_STREQ(MIO_UPSTREAM_VERSION, "1.2.2");
  EXPECT_EQ(MIO_C_VERSION_MAJOR, 0);
  EXPECT_GE(MIO_C_VERSION_MINOR, 0);
  EXPECT_GE(MIO_C_VERSION_PATCH, 0);
}

// POSIX: mio_iovec has the layout of struct iovec.
TEST(Platform, IovecLayoutMatchesStructIovec) {
  EXPECT_EQ(sizeof(mio_iovec), sizeof(struct iovec));
  EXPECT_EQ(offsetof(mio_iovec, iov_base), offsetof(struct iovec, iov_base));
  EXPECT_EQ(offsetof(mio_iovec, iov_len), offsetof(struct iovec, iov_len));
}

// MIO_OBJECT_INIT zero-initializes the whole private storage.
TEST(Platform, ObjectInitIsAllZero) {
  alignas(mio_io_source) unsigned char raw[sizeof(mio_io_source)];
  std::memset(raw, 0xFF, sizeof raw);
  auto* s = new (raw) mio_io_source(MIO_OBJECT_INIT);
  for (unsigned char b : raw) ASSERT_EQ(b, 0);
  EXPECT_EQ(mio_io_source_close(s), 0);
}

}  // namespace
}  // namespace mio_test
