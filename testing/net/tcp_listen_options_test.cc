// mio_tcp_listener_bind_with (issue 15): the listen backlog, SO_REUSEPORT and
// IPV6_V6ONLY chosen at bind time, read back from the kernel.
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace {

int IntOption(mio_raw_fd fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  EXPECT_EQ(getsockopt(fd, level, name, &v, &len), 0);
  return v;
}

TEST(TcpListenOptions, ZeroOptionsAreBindsDefaults) {
  mio_test::SockAddr a = mio_test::LoopbackV4();
  mio_tcp_listen_options opts = {};
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind_with(&l, a.get(), a.len, &opts), 0);
  mio_raw_fd fd = mio_tcp_listener_as_raw_fd(&l);
  EXPECT_EQ(IntOption(fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
  EXPECT_EQ(IntOption(fd, SOL_SOCKET, SO_REUSEADDR), 1);
  EXPECT_EQ(IntOption(fd, SOL_SOCKET, SO_REUSEPORT), 0);
  EXPECT_TRUE(mio_test::IsNonBlocking(fd));
  EXPECT_TRUE(mio_test::IsCloexec(fd));
  EXPECT_EQ(mio_tcp_listener_close(&l), 0);
}

// Two listeners share one port with reuseport; without it the second bind
// is -MIO_EADDRINUSE.
TEST(TcpListenOptions, ReusePortLetsTwoListenersShareAPort) {
  mio_test::SockAddr a = mio_test::LoopbackV4();
  mio_tcp_listen_options opts = {};
  opts.reuseport = true;
  mio_tcp_listener l1 = MIO_OBJECT_INIT, l2 = MIO_OBJECT_INIT,
                   l3 = MIO_OBJECT_INIT;
#if defined(MIO_PORTABLE_POSIX)
  // Strictly POSIX headers have no SO_REUSEPORT (an extension): the portable
  // build reports it unsupported, as documented, and leaves `l1` closed.
  EXPECT_EQ(mio_tcp_listener_bind_with(&l1, a.get(), a.len, &opts),
            -MIO_ENOTSUP);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(&l1), MIO_INVALID_RAW_FD);
  GTEST_SKIP() << "--config=posix: no SO_REUSEPORT, -MIO_ENOTSUP checked";
#endif
  ASSERT_EQ(mio_tcp_listener_bind_with(&l1, a.get(), a.len, &opts), 0);
  EXPECT_EQ(
      IntOption(mio_tcp_listener_as_raw_fd(&l1), SOL_SOCKET, SO_REUSEPORT), 1);
  sockaddr_storage bound;
  socklen_t blen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l1, &bound, &blen), 0);
  const sockaddr *b = reinterpret_cast<const sockaddr *>(&bound);
  EXPECT_EQ(mio_tcp_listener_bind_with(&l2, b, blen, &opts), 0);
  EXPECT_EQ(mio_tcp_listener_bind(&l3, b, blen), -MIO_EADDRINUSE);
  mio_tcp_listener_close(&l1);
  mio_tcp_listener_close(&l2);
}

// The backlog reaches listen(2): with backlog 1 the kernel queues at most
// backlog + 1 = 2 complete connections, so a third handshake does not
// complete (Linux drops its ACK) while nobody accepts.
TEST(TcpListenOptions, BacklogReachesListen) {
  mio_test::SockAddr a = mio_test::LoopbackV4();
  mio_tcp_listen_options opts = {};
  opts.backlog = 1;
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind_with(&l, a.get(), a.len, &opts), 0);
  sockaddr_storage bound;
  socklen_t blen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &bound, &blen), 0);
  mio_test::SockAddr target;
  memcpy(&target.storage, &bound, sizeof bound);
  target.len = blen;
  mio_raw_fd c[3];
  for (mio_raw_fd &fd : c) fd = mio_test::RawTcpConnect(target);
  // Accept everything that completed: exactly backlog + 1.
  int accepted = 0;
  for (int tries = 0; tries < 20; tries++) {
    mio_tcp_stream s = MIO_OBJECT_INIT;
    int r = mio_tcp_listener_accept(&l, &s, nullptr, nullptr);
    if (r == 0) {
      accepted++;
      mio_tcp_stream_close(&s);
      if (accepted == 2) break;
      continue;
    }
    ASSERT_EQ(r, -MIO_EAGAIN);
    mio_test::WaitReadable(mio_tcp_listener_as_raw_fd(&l), 100);
  }
  EXPECT_EQ(accepted, 2);
  for (mio_raw_fd fd : c) mio_test::RawClose(fd);
  mio_tcp_listener_close(&l);
}

// ::ffff:127.0.0.1, the IPv4 loopback as an IPv4-mapped IPv6 address.
mio_test::SockAddr MappedLoopback() {
  mio_test::SockAddr a = mio_test::LoopbackV6();
  sockaddr_in6 *in6 = reinterpret_cast<sockaddr_in6 *>(&a.storage);
  memset(&in6->sin6_addr, 0, sizeof in6->sin6_addr);
  in6->sin6_addr.s6_addr[10] = 0xff;
  in6->sin6_addr.s6_addr[11] = 0xff;
  in6->sin6_addr.s6_addr[12] = 127;
  in6->sin6_addr.s6_addr[15] = 1;
  return a;
}

// ON: an IPv6-only socket cannot bind an IPv4-mapped address (Linux:
// EINVAL) and a bind to ::1 reports IPV6_V6ONLY 1.
TEST(TcpListenOptions, V6OnlyOn) {
  mio_tcp_listen_options opts = {};
  opts.v6only = MIO_V6ONLY_ON;
  mio_test::SockAddr v6 = mio_test::LoopbackV6();
  mio_tcp_listener l = MIO_OBJECT_INIT;
  int r = mio_tcp_listener_bind_with(&l, v6.get(), v6.len, &opts);
  if (r == -MIO_EADDRNOTAVAIL || r == -MIO_EAFNOSUPPORT) {
    GTEST_SKIP() << "no IPv6 loopback here: " << mio_strerror(r);
  }
  ASSERT_EQ(r, 0) << mio_strerror(r);
  EXPECT_EQ(
      IntOption(mio_tcp_listener_as_raw_fd(&l), IPPROTO_IPV6, IPV6_V6ONLY), 1);
  mio_tcp_listener_close(&l);
  mio_test::SockAddr mapped = MappedLoopback();
  EXPECT_EQ(mio_tcp_listener_bind_with(&l, mapped.get(), mapped.len, &opts),
            -MIO_EINVAL);
}

// OFF: a dual-stack socket bound to ::ffff:127.0.0.1 accepts a plain IPv4
// connection to 127.0.0.1.
TEST(TcpListenOptions, V6OnlyOffServesIpv4) {
  mio_tcp_listen_options opts = {};
  opts.v6only = MIO_V6ONLY_OFF;
  mio_test::SockAddr mapped = MappedLoopback();
  mio_tcp_listener l = MIO_OBJECT_INIT;
  int r = mio_tcp_listener_bind_with(&l, mapped.get(), mapped.len, &opts);
  if (r == -MIO_EAFNOSUPPORT) GTEST_SKIP() << "no IPv6 here";
  ASSERT_EQ(r, 0) << mio_strerror(r);
  EXPECT_EQ(
      IntOption(mio_tcp_listener_as_raw_fd(&l), IPPROTO_IPV6, IPV6_V6ONLY), 0);
  sockaddr_storage bound;
  socklen_t blen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &bound, &blen), 0);
  mio_test::SockAddr v4 = mio_test::LoopbackV4();
  reinterpret_cast<sockaddr_in *>(&v4.storage)->sin_port =
      reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port;
  mio_raw_fd c = mio_test::RawTcpConnect(v4, /*nonblocking=*/false);
  ASSERT_NE(c, MIO_INVALID_RAW_FD);
  ASSERT_TRUE(mio_test::WaitReadable(mio_tcp_listener_as_raw_fd(&l), 5000));
  mio_tcp_stream s = MIO_OBJECT_INIT;
  EXPECT_EQ(mio_tcp_listener_accept(&l, &s, nullptr, nullptr), 0);
  mio_tcp_stream_close(&s);
  mio_test::RawClose(c);
  mio_tcp_listener_close(&l);
}

TEST(TcpListenOptions, NullOptionsIsBind) {
  mio_test::SockAddr a = mio_test::LoopbackV4();
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind_with(&l, a.get(), a.len, nullptr), 0);
  EXPECT_EQ(IntOption(mio_tcp_listener_as_raw_fd(&l), SOL_SOCKET, SO_REUSEADDR),
            1);
  mio_tcp_listener_close(&l);
}

}  // namespace
