// mio/cpp/status.hpp and interest.hpp: every MIO_E* code maps to the absl
// code abseil gives its errno, with the code's name in the message; Token and
// Interest are usable in constant expressions.
#include <errno.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"

namespace {

using absl::StatusCode;

struct CodeCase {
  int code;
  const char* name;
  StatusCode absl_code;
};

// Written out by hand (not read from kErrorCodeNames), so a change in the
// mapping shows up here.
const CodeCase kCodes[] = {
    {MIO_EAGAIN, "MIO_EAGAIN", StatusCode::kUnavailable},
    {MIO_EINTR, "MIO_EINTR", StatusCode::kUnavailable},
    {MIO_EINVAL, "MIO_EINVAL", StatusCode::kInvalidArgument},
    {MIO_EEXIST, "MIO_EEXIST", StatusCode::kAlreadyExists},
    {MIO_ENOENT, "MIO_ENOENT", StatusCode::kNotFound},
    {MIO_ENOMEM, "MIO_ENOMEM", StatusCode::kResourceExhausted},
    {MIO_EBADF, "MIO_EBADF", StatusCode::kFailedPrecondition},
    {MIO_EALREADY, "MIO_EALREADY", StatusCode::kAlreadyExists},
    {MIO_EINPROGRESS, "MIO_EINPROGRESS", StatusCode::kUnavailable},
    {MIO_ENOTCONN, "MIO_ENOTCONN", StatusCode::kFailedPrecondition},
    {MIO_EISCONN, "MIO_EISCONN", StatusCode::kFailedPrecondition},
    {MIO_ECONNREFUSED, "MIO_ECONNREFUSED", StatusCode::kUnavailable},
    {MIO_ECONNRESET, "MIO_ECONNRESET", StatusCode::kUnavailable},
    {MIO_ECONNABORTED, "MIO_ECONNABORTED", StatusCode::kUnavailable},
    {MIO_EPIPE, "MIO_EPIPE", StatusCode::kFailedPrecondition},
    {MIO_EADDRINUSE, "MIO_EADDRINUSE", StatusCode::kFailedPrecondition},
    {MIO_EADDRNOTAVAIL, "MIO_EADDRNOTAVAIL", StatusCode::kFailedPrecondition},
    {MIO_EAFNOSUPPORT, "MIO_EAFNOSUPPORT", StatusCode::kUnimplemented},
    {MIO_EDESTADDRREQ, "MIO_EDESTADDRREQ", StatusCode::kInvalidArgument},
    {MIO_EMSGSIZE, "MIO_EMSGSIZE", StatusCode::kInvalidArgument},
    {MIO_ENOBUFS, "MIO_ENOBUFS", StatusCode::kResourceExhausted},
    {MIO_ENOPROTOOPT, "MIO_ENOPROTOOPT", StatusCode::kInvalidArgument},
    {MIO_ENOTSOCK, "MIO_ENOTSOCK", StatusCode::kInvalidArgument},
    {MIO_ENOTSUP, "MIO_ENOTSUP", StatusCode::kUnimplemented},
    {MIO_ETIMEDOUT, "MIO_ETIMEDOUT", StatusCode::kDeadlineExceeded},
    {MIO_EHOSTUNREACH, "MIO_EHOSTUNREACH", StatusCode::kUnavailable},
    {MIO_ENETUNREACH, "MIO_ENETUNREACH", StatusCode::kUnavailable},
    {MIO_EACCES, "MIO_EACCES", StatusCode::kPermissionDenied},
    {MIO_EPERM, "MIO_EPERM", StatusCode::kPermissionDenied},
    {MIO_EMFILE, "MIO_EMFILE", StatusCode::kResourceExhausted},
    {MIO_ENFILE, "MIO_ENFILE", StatusCode::kResourceExhausted},
    {MIO_ENOSYS, "MIO_ENOSYS", StatusCode::kUnimplemented},
    {MIO_ENAMETOOLONG, "MIO_ENAMETOOLONG", StatusCode::kInvalidArgument},
    {MIO_ECANCELED, "MIO_ECANCELED", StatusCode::kCancelled},
    {MIO_EIO, "MIO_EIO", StatusCode::kUnknown},
};

TEST(ErrorStatus, EveryMioCodeMapsToItsAbslCodeAndName) {
  for (const CodeCase& c : kCodes) {
    SCOPED_TRACE(c.name);
    const absl::Status s = mio::ErrorStatus(-c.code, "mio_test_op");
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), c.absl_code) << s;
    EXPECT_TRUE(absl::StartsWith(s.message(), std::string(c.name) + ": ")) << s;
    EXPECT_TRUE(absl::StrContains(s.message(), mio_strerror(c.code))) << s;
    EXPECT_EQ(mio::MioCode(s), -c.code);
    EXPECT_STREQ(mio::ErrorName(-c.code), c.name);
    EXPECT_STREQ(mio::ErrorName(c.code), c.name);
    EXPECT_EQ(mio::IsWouldBlock(s), c.code == MIO_EAGAIN);
    EXPECT_EQ(mio::ErrorStatusCode(-c.code), c.absl_code);
  }
}

TEST(ErrorStatus, OnlyThreeCodesDifferFromAbseilsErrnoMapping) {
  for (const CodeCase& c : kCodes) {
    const bool overridden = c.code == MIO_EINPROGRESS ||
                            c.code == MIO_EMSGSIZE ||
                            c.code == MIO_EADDRNOTAVAIL;
    EXPECT_EQ(c.absl_code == absl::ErrnoToStatusCode(c.code), !overridden)
        << c.name;
  }
}

TEST(ErrorStatus, TableCoversEveryCodeOnce) {
  // Every kErrorCodeNames entry is tested above, except the aliases that
  // share a value with a primary name (EWOULDBLOCK; EOPNOTSUPP on Linux).
  for (const mio::ErrorCodeName& e : mio::kErrorCodeNames) {
    bool tested = false;
    for (const CodeCase& c : kCodes) tested |= c.code == e.code;
    EXPECT_TRUE(tested) << e.name;
  }
  EXPECT_STREQ(mio::ErrorName(MIO_EWOULDBLOCK), "MIO_EAGAIN");
  EXPECT_EQ(sizeof kCodes / sizeof kCodes[0] + 2,
            sizeof mio::kErrorCodeNames / sizeof mio::kErrorCodeNames[0]);
}

TEST(ErrorStatus, MessageNamesTheCFunction) {
  const absl::Status s = mio::ErrorStatus(-MIO_EADDRINUSE, "mio_x_bind");
  EXPECT_EQ(s.message(), std::string("MIO_EADDRINUSE: ") +
                             mio_strerror(MIO_EADDRINUSE) + " (mio_x_bind)");
  EXPECT_EQ(mio::ErrorStatus(-MIO_EINVAL, nullptr).message(),
            std::string("MIO_EINVAL: ") + mio_strerror(MIO_EINVAL));
}

TEST(ErrorStatus, WouldBlockIsOneSharedStatus) {
  const absl::Status a = mio::ErrorStatus(-MIO_EAGAIN, "mio_a");
  const absl::Status b = mio::ErrorStatus(-MIO_EAGAIN, "mio_b");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.message(),
            std::string("MIO_EAGAIN: ") + mio_strerror(MIO_EAGAIN));
  // Same storage: the message is shared, not rebuilt.
  EXPECT_EQ(a.message().data(), b.message().data());
  EXPECT_TRUE(mio::IsWouldBlock(a));
}

TEST(ErrorStatus, UnnamedErrnoKeepsItsNumber) {
  const absl::Status s = mio::ErrorStatus(-ENOTDIR, "op");
  EXPECT_EQ(s.code(), absl::ErrnoToStatusCode(ENOTDIR));
  EXPECT_TRUE(
      absl::StartsWith(s.message(), "errno " + std::to_string(ENOTDIR) + ": "))
      << s;
  EXPECT_EQ(mio::MioCode(s), -ENOTDIR);
  EXPECT_EQ(mio::ErrorName(ENOTDIR), nullptr);
}

TEST(ErrorStatus, ForeignStatusesHaveNoMioCode) {
  EXPECT_EQ(mio::MioCode(absl::OkStatus()), 0);
  EXPECT_EQ(mio::MioCode(absl::UnavailableError("MIO_EAGAINX: no")), 0);
  EXPECT_EQ(mio::MioCode(absl::UnavailableError("try again")), 0);
  EXPECT_EQ(mio::MioCode(absl::InternalError("errno x: y")), 0);
  EXPECT_FALSE(mio::IsWouldBlock(absl::OkStatus()));
  EXPECT_FALSE(mio::IsWouldBlock(absl::UnavailableError("")));
}

// Compile-time checks: Token, Interest and ErrorName are constexpr.
static_assert(mio::Token(7) == mio::Token(7), "");
static_assert(mio::Token(7) != mio::Token(8), "");
static_assert((mio::Interest::kReadable | mio::Interest::kWritable).bits() ==
                  (MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
              "");
static_assert((mio::Interest::kReadable | mio::Interest::kWritable)
                      .remove(mio::Interest::kReadable) ==
                  mio::Interest::kWritable,
              "");
static_assert(mio::Interest::kReadable.remove(mio::Interest::kReadable).empty(),
              "");
static_assert(mio::Interest::kPriority.is_priority(), "");
static_assert(!mio::Interest::kPriority.is_readable(), "");
static_assert(mio::ErrorName(-MIO_EPIPE)[4] == 'E', "");
static_assert(mio::ErrorName(0) == nullptr, "");

TEST(Interest, OperatorsAndFormatting) {
  mio::Interest i = mio::Interest::kReadable;
  i |= mio::Interest::kWritable;
  EXPECT_TRUE(i.is_readable());
  EXPECT_TRUE(i.is_writable());
  EXPECT_FALSE(i.is_aio());
  EXPECT_FALSE(i.is_lio());
  EXPECT_EQ(i.ToString(), "READABLE | WRITABLE");
  EXPECT_EQ(mio::Interest().ToString(), "");
  EXPECT_TRUE(i.is_valid());
  EXPECT_FALSE(mio::Interest().is_valid());
  EXPECT_EQ(mio::Interest::kPriority.is_valid(), MIO_HAS_INTEREST_PRIORITY);
  EXPECT_EQ(mio::Interest::kAio.is_valid(), MIO_HAS_INTEREST_AIO);
}

}  // namespace
