// Port of mio's tests/unix_datagram.rs (API.md §11.6, §14 unix_datagram.rs).
#include "mio/net/unix_datagram.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "mio/net/addr.h"
#include "testing/net/unix_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using mio_test::kReadClosed;
using mio_test::kWritable;
using mio_test::kWriteClosed;
using UnixDatagram = Owned<mio_unix_datagram, mio_unix_datagram_close>;

constexpr char kData1[] = "Hello same host!";
constexpr char kData2[] = "Why hello mio!";
constexpr size_t kData1Len = sizeof kData1 - 1;
constexpr size_t kData2Len = sizeof kData2 - 1;
constexpr mio_token kToken1 = 0;
constexpr mio_token kToken2 = 1;
constexpr mio_interest kRW = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;

std::string LocalPath(const UnixDatagram& d) {
  sockaddr_un a;
  socklen_t len = 0;
  EXPECT_EQ(mio_unix_datagram_local_addr(d.get(), &a, &len), 0);
  return UnixPathOf(a, len);
}

std::string PeerPath(const UnixDatagram& d) {
  sockaddr_un a;
  socklen_t len = 0;
  EXPECT_EQ(mio_unix_datagram_peer_addr(d.get(), &a, &len), 0);
  return UnixPathOf(a, len);
}

void ExpectNoError(const UnixDatagram& d) {
  int err = -1;
  EXPECT_EQ(mio_unix_datagram_take_error(d.get(), &err), 0);
  EXPECT_EQ(err, 0);
}

void ExpectNonBlockingCloexec(const UnixDatagram& d) {
  int fd = mio_unix_datagram_as_raw_fd(d.get());
  EXPECT_TRUE(mio_test::IsNonBlocking(fd));
  EXPECT_TRUE(mio_test::IsCloexec(fd));
}

// Wraps a raw datagram socket (made non-blocking here, as mio's from_std).
void FromRaw(UnixDatagram* d, int fd) {
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(mio_test::SetNonBlocking(fd));
  ASSERT_EQ(mio_unix_datagram_from_raw_fd(d->get(), fd), 0);
}

class UnixDatagramTest : public NetTest {
 protected:
  int Reg(UnixDatagram* d, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_unix_datagram_source(d->get()), t,
                                 i);
  }

  // mio's smoke_test_unconnected.
  void SmokeUnconnected(UnixDatagram* d1, UnixDatagram* d2) {
    ExpectNonBlockingCloexec(*d1);
    ExpectNonBlockingCloexec(*d2);
    std::string path1 = LocalPath(*d1), path2 = LocalPath(*d2);
    ASSERT_FALSE(path1.empty());
    ASSERT_FALSE(path2.empty());
    ASSERT_EQ(Reg(d1, kToken1, kRW), 0);
    ASSERT_EQ(Reg(d2, kToken2, kRW), 0);
    ExpectEvents({{kToken1, kWritable}, {kToken2, kWritable}});

    char buf[64];
    AssertWouldBlock(mio_unix_datagram_recv_from(d1->get(), buf, sizeof buf,
                                                 nullptr, nullptr));
    AssertWouldBlock(mio_unix_datagram_recv_from(d2->get(), buf, sizeof buf,
                                                 nullptr, nullptr));
    ASSERT_EQ(
        mio_unix_datagram_send_to(d1->get(), kData1, kData1Len, path2.c_str()),
        (ptrdiff_t)kData1Len);
    ASSERT_EQ(
        mio_unix_datagram_send_to(d2->get(), kData2, kData2Len, path1.c_str()),
        (ptrdiff_t)kData2Len);
    ExpectEvents({{kToken1, kReadable}, {kToken2, kReadable}});

    sockaddr_un from;
    socklen_t from_len = 0;
    ptrdiff_t n = mio_unix_datagram_recv_from(d1->get(), buf, sizeof buf, &from,
                                              &from_len);
    EXPECT_EQ(Str(buf, n), kData2);
    EXPECT_EQ(UnixPathOf(from, from_len), path2);
    n = mio_unix_datagram_recv_from(d2->get(), buf, sizeof buf, &from,
                                    &from_len);
    EXPECT_EQ(Str(buf, n), kData1);
    EXPECT_EQ(UnixPathOf(from, from_len), path1);
    ExpectNoError(*d1);
    ExpectNoError(*d2);
  }

  // mio's smoke_test_connected.
  void SmokeConnected(UnixDatagram* d1, UnixDatagram* d2) {
    ExpectNonBlockingCloexec(*d1);
    ExpectNonBlockingCloexec(*d2);
    EXPECT_EQ(LocalPath(*d1), PeerPath(*d2));
    EXPECT_EQ(LocalPath(*d2), PeerPath(*d1));
    ASSERT_EQ(Reg(d1, kToken1, kRW), 0);
    ASSERT_EQ(Reg(d2, kToken2, kRW), 0);
    ExpectEvents({{kToken1, kWritable}, {kToken2, kWritable}});

    char buf[64];
    AssertWouldBlock(mio_unix_datagram_recv(d1->get(), buf, sizeof buf));
    AssertWouldBlock(mio_unix_datagram_recv(d2->get(), buf, sizeof buf));
    ASSERT_EQ(mio_unix_datagram_send(d1->get(), kData1, kData1Len),
              (ptrdiff_t)kData1Len);
    ASSERT_EQ(mio_unix_datagram_send(d2->get(), kData2, kData2Len),
              (ptrdiff_t)kData2Len);
    ExpectEvents({{kToken1, kReadable}, {kToken2, kReadable}});
    ptrdiff_t n = mio_unix_datagram_recv(d1->get(), buf, sizeof buf);
    EXPECT_EQ(Str(buf, n), kData2);
    n = mio_unix_datagram_recv(d2->get(), buf, sizeof buf);
    EXPECT_EQ(Str(buf, n), kData1);
    ExpectNoError(*d1);
    ExpectNoError(*d2);
  }
};

TEST_F(UnixDatagramTest, SmokeUnconnected) {
  TempPath p1("unix_datagram_smoke_unconnected1");
  TempPath p2("unix_datagram_smoke_unconnected2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  SmokeUnconnected(&d1, &d2);
}

TEST_F(UnixDatagramTest, SmokeConnected) {
  TempPath p1("unix_datagram_smoke_connected1");
  TempPath p2("unix_datagram_smoke_connected2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d1.get(), p2.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d2.get(), p1.c_str()), 0);
  SmokeConnected(&d1, &d2);
}

TEST_F(UnixDatagramTest, SmokeUnconnectedFromRawFd) {
  TempPath p1("unix_datagram_smoke_unconnected_from_std1");
  TempPath p2("unix_datagram_smoke_unconnected_from_std2");
  UnixDatagram d1, d2;
  FromRaw(&d1, RawUnixDatagram(p1.c_str()));
  FromRaw(&d2, RawUnixDatagram(p2.c_str()));
  SmokeUnconnected(&d1, &d2);
}

TEST_F(UnixDatagramTest, SmokeConnectedFromRawFd) {
  TempPath p1("unix_datagram_smoke_connected_from_std1");
  TempPath p2("unix_datagram_smoke_connected_from_std2");
  UnixDatagram d1, d2;
  FromRaw(&d1, RawUnixDatagram(p1.c_str()));
  FromRaw(&d2, RawUnixDatagram(p2.c_str()));
  ASSERT_EQ(mio_unix_datagram_connect(d1.get(), p2.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d2.get(), p1.c_str()), 0);
  SmokeConnected(&d1, &d2);
}

TEST(UnixDatagram, ConnectToOwnPathWorks) {
  TempPath p1("unix_datagram_connect1");
  TempPath p2("unix_datagram_connect2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  EXPECT_EQ(mio_unix_datagram_connect(d1.get(), LocalPath(d1).c_str()), 0);
  EXPECT_EQ(mio_unix_datagram_connect(d2.get(), LocalPath(d2).c_str()), 0);
  // Talking to itself.
  ASSERT_EQ(mio_unix_datagram_send(d1.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  char buf[64];
  ptrdiff_t n = mio_unix_datagram_recv(d1.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
}

TEST_F(UnixDatagramTest, PairExchange) {
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_pair(d1.get(), d2.get()), 0);
  ExpectNonBlockingCloexec(d1);
  ExpectNonBlockingCloexec(d2);
  ASSERT_EQ(Reg(&d1, kToken1, kRW), 0);
  ASSERT_EQ(Reg(&d2, kToken2, kRW), 0);
  ExpectEvents({{kToken1, kWritable}, {kToken2, kWritable}});
  char buf[64];
  AssertWouldBlock(mio_unix_datagram_recv(d1.get(), buf, sizeof buf));
  AssertWouldBlock(mio_unix_datagram_recv(d2.get(), buf, sizeof buf));
  ASSERT_EQ(mio_unix_datagram_send(d1.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  ASSERT_EQ(mio_unix_datagram_send(d2.get(), kData2, kData2Len),
            (ptrdiff_t)kData2Len);
  ExpectEvents({{kToken1, kReadable}, {kToken2, kReadable}});
  ptrdiff_t n = mio_unix_datagram_recv(d1.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData2);
  n = mio_unix_datagram_recv(d2.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  ExpectNoError(d1);
  ExpectNoError(d2);
}

TEST_F(UnixDatagramTest, ShutdownReadThenWrite) {
  TempPath p1("unix_datagram_shutdown1");
  TempPath p2("unix_datagram_shutdown2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  ASSERT_EQ(Reg(&d1, kToken1, kRW), 0);
  ASSERT_EQ(Reg(&d2, kToken2, kRW), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d1.get(), p2.c_str()), 0);
  ExpectEvents({{kToken1, kWritable}});
  ASSERT_EQ(mio_unix_datagram_send(d1.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  ExpectEvents({{kToken2, kReadable}});

  ASSERT_EQ(mio_unix_datagram_shutdown(d1.get(), MIO_SHUTDOWN_READ), 0);
  ExpectEvents({{kToken1, mio_test::kHalfClosed}});
  ASSERT_EQ(mio_unix_datagram_shutdown(d1.get(), MIO_SHUTDOWN_WRITE), 0);
  ExpectEvents({{kToken1, kWriteClosed}});
  EXPECT_EQ(mio_unix_datagram_send(d1.get(), kData2, kData2Len), -MIO_EPIPE);
  ExpectNoError(d1);
}

TEST_F(UnixDatagramTest, RegisterReadableGivesNoEvents) {
  TempPath p("unix_datagram_register");
  UnixDatagram d;
  ASSERT_EQ(mio_unix_datagram_bind(d.get(), p.c_str()), 0);
  ASSERT_EQ(Reg(&d, kToken1, MIO_INTEREST_READABLE), 0);
  ExpectNoEvents();
}

TEST_F(UnixDatagramTest, ReregisterReadableToWritable) {
  TempPath p1("unix_datagram_reregister1");
  TempPath p2("unix_datagram_reregister2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(Reg(&d1, kToken1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d2.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_registry_reregister(reg_, mio_unix_datagram_source(d1.get()),
                                    kToken2, MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kToken2, kWritable}});
}

TEST_F(UnixDatagramTest, DeregisterGivesNoEvents) {
  TempPath p1("unix_datagram_deregister1");
  TempPath p2("unix_datagram_deregister2");
  UnixDatagram d1, d2;
  ASSERT_EQ(mio_unix_datagram_bind(d1.get(), p1.c_str()), 0);
  ASSERT_EQ(Reg(&d1, kToken1, MIO_INTEREST_WRITABLE), 0);
  ASSERT_EQ(mio_unix_datagram_bind(d2.get(), p2.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_connect(d2.get(), p1.c_str()), 0);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_unix_datagram_source(d1.get())),
            0);
  ExpectNoEvents();
}

TEST(UnixDatagram, UnboundIsUnnamedAndSendWithoutPeerFails) {
  UnixDatagram d;
  ASSERT_EQ(mio_unix_datagram_unbound(d.get()), 0);
  ExpectNonBlockingCloexec(d);
  sockaddr_un a;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_datagram_local_addr(d.get(), &a, &len), 0);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_LT(mio_unix_datagram_send(d.get(), kData1, kData1Len), 0)
      << "send on an unconnected socket returns the OS error";
}

TEST(UnixDatagram, RawFdRoundTripKeepsDescriptorAndAddress) {
  TempPath p("unix_datagram_raw_fd");
  UnixDatagram d;
  ASSERT_EQ(mio_unix_datagram_bind(d.get(), p.c_str()), 0);
  mio_raw_fd fd1 = mio_unix_datagram_as_raw_fd(d.get());
  mio_raw_fd fd2 = mio_unix_datagram_into_raw_fd(d.get());
  EXPECT_EQ(fd1, fd2);
  UnixDatagram again;
  ASSERT_EQ(mio_unix_datagram_from_raw_fd(again.get(), fd2), 0);
  EXPECT_EQ(mio_unix_datagram_as_raw_fd(again.get()), fd1);
  EXPECT_EQ(LocalPath(again), p.str());
}

// Paths at and over sizeof(sun_path) are rejected before any syscall.
TEST(UnixDatagram, PathLengthLimits) {
  const size_t max = sizeof(static_cast<sockaddr_un*>(nullptr)->sun_path);
  TempPath dir("x");
  std::string base = dir.str().substr(0, dir.str().size() - 1);
  std::string fits = base + std::string(max - 1 - base.size(), 'a');
  std::string at = base + std::string(max - base.size(), 'b');
  UnixDatagram d;
  ASSERT_EQ(mio_unix_datagram_bind(d.get(), fits.c_str()), 0);
  EXPECT_EQ(LocalPath(d), fits);
  UnixDatagram sender;
  ASSERT_EQ(mio_unix_datagram_unbound(sender.get()), 0);
  EXPECT_EQ(mio_unix_datagram_send_to(sender.get(), "x", 1, fits.c_str()), 1);
  EXPECT_EQ(mio_unix_datagram_send_to(sender.get(), "x", 1, at.c_str()),
            -MIO_EINVAL);
  EXPECT_EQ(mio_unix_datagram_connect(sender.get(), at.c_str()), -MIO_EINVAL);
  UnixDatagram bad;
  EXPECT_EQ(mio_unix_datagram_bind(bad.get(), at.c_str()), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_datagram_as_raw_fd(bad.get()), MIO_INVALID_RAW_FD);
  unlink(fits.c_str());
}

}  // namespace
}  // namespace mio_net_test
