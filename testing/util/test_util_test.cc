// The helpers themselves: failures are reported, descriptors counted.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

using TestUtil = PollTest;

TEST_F(TestUtil, ExpectEventsPassesOnWakerEvent) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 3, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  ExpectEvents({{3, kReadable}});
  mio_waker_free(w);
}

TEST_F(TestUtil, ExpectEventsNamesMissingEvents) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 3, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  // Token 3 is seen but not writable; token 4 never appears.
  EXPECT_NONFATAL_FAILURE(
      mio_test::ExpectEvents(poll_, events_, {{3, kWritable}, {4, kReadable}}),
      "Token(4) READABLE");
  mio_waker_free(w);
}

TEST_F(TestUtil, ExpectNoEventsReportsEvents) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 5, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  EXPECT_NONFATAL_FAILURE(mio_test::ExpectNoEvents(poll_, events_),
                          "Event { token: Token(5), readable: true");
  mio_waker_free(w);
}

TEST(TestUtilFds, CountOpenFdsSeesNewDescriptors) {
  int before = CountOpenFds();
  ASSERT_GT(before, 0);
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
  EXPECT_EQ(CountOpenFds(), before + 2);
  EXPECT_TRUE(IsCloexec(fds[0]));
  EXPECT_FALSE(IsNonBlocking(fds[0]));
  EXPECT_TRUE(SetNonBlocking(fds[0]));
  EXPECT_TRUE(IsNonBlocking(fds[0]));
  close(fds[0]);
  close(fds[1]);
  EXPECT_EQ(CountOpenFds(), before);
  EXPECT_FALSE(IsCloexec(fds[0]));
  EXPECT_FALSE(IsNonBlocking(fds[0]));
}

TEST(TestUtilAddr, LoopbackAddresses) {
  SockAddr v4 = LoopbackV4();
  EXPECT_EQ(v4.family(), AF_INET);
  EXPECT_EQ(v4.len, sizeof(sockaddr_in));
  EXPECT_EQ(Port(v4), 0);
  SockAddr v6 = LoopbackV6();
  EXPECT_EQ(v6.family(), AF_INET6);
  EXPECT_EQ(v6.len, sizeof(sockaddr_in6));
  SockAddr bound;
  int l = RawTcpListener(v4, &bound);
  ASSERT_GE(l, 0);
  EXPECT_NE(Port(bound), 0);
  EXPECT_TRUE(IsNonBlocking(l));
  EXPECT_TRUE(IsCloexec(l));
  int c = RawTcpConnect(bound, /*nonblocking=*/false);
  ASSERT_GE(c, 0);
  int s = RawAccept(l);
  EXPECT_GE(s, 0);
  EXPECT_TRUE(IsNonBlocking(s));
  close(s);
  close(c);
  close(l);
}

TEST(TestUtilNames, ReadinessName) {
  EXPECT_EQ(ReadinessName(0), "");
  EXPECT_EQ(ReadinessName(kReadable | kWriteClosed), "READABLE | WRITE_CLOSED");
}

}  // namespace
}  // namespace mio_test
