// Port of mio's tests/interest.rs plus API.md §3 (validity, format contract).
#include <string>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

std::string Format(mio_interest i) {
  size_t n = mio_interest_format(i, nullptr, 0);
  std::string out(n + 1, '\0');
  EXPECT_EQ(mio_interest_format(i, &out[0], out.size()), n);
  out.resize(n);
  return out;
}

TEST(Interest, IsTests) {
  EXPECT_TRUE(mio_interest_is_readable(MIO_INTEREST_READABLE));
  EXPECT_FALSE(mio_interest_is_writable(MIO_INTEREST_READABLE));
  EXPECT_TRUE(mio_interest_is_writable(MIO_INTEREST_WRITABLE));
  EXPECT_FALSE(mio_interest_is_readable(MIO_INTEREST_WRITABLE));
  EXPECT_FALSE(mio_interest_is_aio(MIO_INTEREST_WRITABLE));
  EXPECT_FALSE(mio_interest_is_lio(MIO_INTEREST_WRITABLE));
  EXPECT_FALSE(mio_interest_is_priority(MIO_INTEREST_WRITABLE));
  EXPECT_TRUE(mio_interest_is_aio(MIO_INTEREST_AIO));
  EXPECT_FALSE(mio_interest_is_readable(MIO_INTEREST_AIO));
  EXPECT_TRUE(mio_interest_is_lio(MIO_INTEREST_LIO));
  EXPECT_FALSE(mio_interest_is_aio(MIO_INTEREST_LIO));
  EXPECT_TRUE(mio_interest_is_priority(MIO_INTEREST_PRIORITY));
  EXPECT_FALSE(mio_interest_is_readable(MIO_INTEREST_PRIORITY));
  EXPECT_FALSE(mio_interest_is_readable(MIO_INTEREST_NONE));
}

TEST(Interest, BitOrAndAdd) {
  mio_interest rw = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;
  EXPECT_TRUE(mio_interest_is_readable(rw));
  EXPECT_TRUE(mio_interest_is_writable(rw));
  mio_interest added =
      mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE);
  EXPECT_EQ(added, rw);
  EXPECT_TRUE(mio_interest_is_readable(added));
  EXPECT_TRUE(mio_interest_is_writable(added));
}

TEST(Interest, Remove) {
  mio_interest rw =
      mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE);
  EXPECT_EQ(mio_interest_remove(rw, MIO_INTEREST_WRITABLE),
            MIO_INTEREST_READABLE);
  EXPECT_EQ(mio_interest_remove(MIO_INTEREST_READABLE, MIO_INTEREST_READABLE),
            MIO_INTEREST_NONE);
  EXPECT_EQ(mio_interest_remove(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE),
            MIO_INTEREST_READABLE);
}

TEST(Interest, Format) {
  EXPECT_EQ(Format(MIO_INTEREST_READABLE), "READABLE");
  EXPECT_EQ(Format(MIO_INTEREST_WRITABLE), "WRITABLE");
  EXPECT_EQ(Format(MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
            "READABLE | WRITABLE");
  EXPECT_EQ(Format(MIO_INTEREST_AIO), "AIO");
  EXPECT_EQ(Format(MIO_INTEREST_LIO), "LIO");
  EXPECT_EQ(Format(MIO_INTEREST_PRIORITY), "PRIORITY");
  EXPECT_EQ(Format(MIO_INTEREST_ALL),
            "READABLE | WRITABLE | AIO | LIO | PRIORITY");
  EXPECT_EQ(Format(MIO_INTEREST_PRIORITY | MIO_INTEREST_READABLE),
            "READABLE | PRIORITY");
  EXPECT_EQ(Format(MIO_INTEREST_NONE), "");
  // Bits outside MIO_INTEREST_ALL are ignored.
  EXPECT_EQ(Format(static_cast<mio_interest>(0xE0)), "");
  EXPECT_EQ(Format(static_cast<mio_interest>(0xE2)), "WRITABLE");
}

TEST(Interest, FormatFollowsSnprintfContract) {
  const std::string want = "READABLE | WRITABLE";
  mio_interest rw = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;
  EXPECT_EQ(mio_interest_format(rw, nullptr, 0), want.size());
  for (size_t len = 1; len <= want.size() + 1; len++) {
    std::string buf(len + 4, '#');
    EXPECT_EQ(mio_interest_format(rw, &buf[0], len), want.size());
    EXPECT_EQ(std::string(buf.c_str()), want.substr(0, len - 1)) << len;
    EXPECT_EQ(buf.substr(len), "####") << "wrote past len " << len;
  }
  char c = '#';
  EXPECT_EQ(mio_interest_format(rw, &c, 0), want.size());
  EXPECT_EQ(c, '#');
  char empty[4] = "xyz";
  EXPECT_EQ(mio_interest_format(MIO_INTEREST_NONE, empty, sizeof empty), 0u);
  EXPECT_STREQ(empty, "");
}

TEST(Interest, Validity) {
  EXPECT_TRUE(mio_interest_is_valid(MIO_INTEREST_READABLE));
  EXPECT_TRUE(mio_interest_is_valid(MIO_INTEREST_WRITABLE));
  EXPECT_TRUE(
      mio_interest_is_valid(MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE));
  EXPECT_FALSE(mio_interest_is_valid(MIO_INTEREST_NONE));
  EXPECT_FALSE(mio_interest_is_valid(static_cast<mio_interest>(0x20)));
  EXPECT_FALSE(mio_interest_is_valid(static_cast<mio_interest>(0x21)));
  EXPECT_EQ(mio_interest_is_valid(MIO_INTEREST_AIO), MIO_HAS_INTEREST_AIO == 1);
  EXPECT_EQ(mio_interest_is_valid(MIO_INTEREST_LIO), MIO_HAS_INTEREST_LIO == 1);
  EXPECT_EQ(mio_interest_is_valid(MIO_INTEREST_PRIORITY),
            MIO_HAS_INTEREST_PRIORITY == 1);
  EXPECT_EQ(mio_interest_is_valid(MIO_INTEREST_ALL),
            MIO_HAS_INTEREST_AIO && MIO_HAS_INTEREST_LIO &&
                MIO_HAS_INTEREST_PRIORITY);
#if defined(__linux__)
  EXPECT_EQ(MIO_HAS_INTEREST_AIO, 0);
  EXPECT_EQ(MIO_HAS_INTEREST_LIO, 0);
  EXPECT_EQ(MIO_HAS_INTEREST_PRIORITY, 1);
#endif
}

// Invalid interests are rejected by the registry before any op is called.
using InterestRegistry = RecordingSourceTest;

TEST_F(InterestRegistry, InvalidInterestNeverReachesOps) {
  for (unsigned bits = 0; bits <= 0xFF; bits++) {
    mio_interest i = static_cast<mio_interest>(bits);
    if (mio_interest_is_valid(i)) continue;
    EXPECT_EQ(mio_registry_register(registry(), &src_.src, 1, i), -MIO_EINVAL)
        << bits;
    EXPECT_EQ(mio_registry_reregister(registry(), &src_.src, 1, i), -MIO_EINVAL)
        << bits;
  }
  EXPECT_TRUE(rec_.registrations.empty());
  EXPECT_TRUE(rec_.reregistrations.empty());
}

}  // namespace
}  // namespace mio_test
