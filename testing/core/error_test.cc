// Error conventions and platform types (API.md §2.1, §2.2), on every
// platform; the POSIX-only halves are in error_posix_test.cc, the Windows
// ones in error_windows_test.cc.
#include <climits>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/core/error_codes.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

struct Code {
  int mio;
  const char* name;
};
#define MIO_TEST_CODE(x) {MIO_##x, #x},
const Code kCodes[] = {MIO_TEST_ERROR_CODES(MIO_TEST_CODE)};
#undef MIO_TEST_CODE

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

TEST(Platform, TypesAndConstants) {
  EXPECT_TRUE((std::is_same<mio_token, uintptr_t>::value));
  EXPECT_TRUE((std::is_same<mio_interest, uint8_t>::value));
  EXPECT_EQ(MIO_OBJECT_SIZE, 64);
  EXPECT_EQ(MIO_TIMEOUT_INFINITE, int64_t{-1});
  EXPECT_STREQ(MIO_UPSTREAM_VERSION, "1.2.2");
  EXPECT_EQ(MIO_C_VERSION_MAJOR, 0);
  EXPECT_GE(MIO_C_VERSION_MINOR, 0);
  EXPECT_GE(MIO_C_VERSION_PATCH, 0);
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
