// Port of mio's tests/unix_listener.rs (API.md §11.5-§11.6, §14
// unix_listener.rs).
#include "mio/net/unix_listener.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "mio/net/addr.h"
#include "mio/net/unix_stream.h"
#include "testing/net/unix_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using UnixListener = Owned<mio_unix_listener, mio_unix_listener_close>;
using UnixStream = Owned<mio_unix_stream, mio_unix_stream_close>;

constexpr mio_token kToken1 = 0;
constexpr mio_token kToken2 = 1;

// mio's open_connections: one blocking connection kept until the barrier.
Thread OpenConnection(const std::string& path, Barrier* barrier) {
  return Thread([path, barrier] {
    Fd conn(RawUnixConnect(path.c_str()));
    barrier->Wait();
  });
}

class UnixListenerTest : public NetTest {
 protected:
  int Reg(UnixListener* l, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_unix_listener_source(l->get()), t,
                                 i);
  }

  // mio's smoke_test.
  void Smoke(UnixListener* listener, const TempPath& path) {
    int fd = mio_unix_listener_as_raw_fd(listener->get());
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));
    ASSERT_EQ(
        Reg(listener, kToken1, MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
        0);
    ExpectNoEvents();

    Barrier barrier(2);
    Thread peer = OpenConnection(path.str(), &barrier);
    ExpectEvents({{kToken1, kReadable}});

    UnixStream stream;
    ASSERT_EQ(mio_unix_listener_accept(listener->get(), stream.get(), nullptr,
                                       nullptr),
              0);
    char buf[64];
    AssertWouldBlock(mio_unix_stream_read(stream.get(), buf, sizeof buf));
    UnixStream none;
    AssertWouldBlock(mio_unix_listener_accept(listener->get(), none.get(),
                                              nullptr, nullptr));
    int err = -1;
    EXPECT_EQ(mio_unix_listener_take_error(listener->get(), &err), 0);
    EXPECT_EQ(err, 0);
    barrier.Wait();
  }
};

TEST_F(UnixListenerTest, SmokeBind) {
  TempPath path("unix_listener_smoke");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  Smoke(&l, path);
}

TEST_F(UnixListenerTest, SmokeBindAddr) {
  TempPath path("unix_listener_smoke_addr");
  sockaddr_un addr;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_addr_from_pathname(&addr, &len, path.c_str()), 0);
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind_addr(l.get(), &addr, len), 0);
  Smoke(&l, path);
}

TEST_F(UnixListenerTest, SmokeFromRawFd) {
  TempPath path("unix_listener_from_std");
  int fd = RawUnixListener(path.c_str(), /*nonblocking=*/false);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(mio_test::SetNonBlocking(fd));
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_from_raw_fd(l.get(), fd), 0);
  Smoke(&l, path);
}

// mio's unix_listener_local_addr: the accepted stream's local address is the
// bound path; the peer address is not a pathname.
TEST_F(UnixListenerTest, AcceptedLocalAddrIsBoundPathPeerIsUnnamed) {
  TempPath path("unix_listener_local_addr");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  ASSERT_EQ(Reg(&l, kToken1, MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE), 0);
  Barrier barrier(2);
  Thread peer = OpenConnection(path.str(), &barrier);
  ExpectEvents({{kToken1, kReadable}});

  UnixStream stream;
  sockaddr_un peer_addr;
  socklen_t peer_len = 0;
  ASSERT_EQ(
      mio_unix_listener_accept(l.get(), stream.get(), &peer_addr, &peer_len),
      0);
  sockaddr_un local;
  socklen_t local_len = 0;
  ASSERT_EQ(mio_unix_stream_local_addr(stream.get(), &local, &local_len), 0);
  EXPECT_EQ(UnixPathOf(local, local_len), path.str());
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&local, local_len, &p), path.str().size());
  EXPECT_NE(mio_unix_addr_kind_of(&peer_addr, peer_len),
            MIO_UNIX_ADDR_PATHNAME);
  EXPECT_EQ(mio_unix_addr_pathname(&peer_addr, peer_len, &p), 0u);

  // The listener's own address is the path too.
  ASSERT_EQ(mio_unix_listener_local_addr(l.get(), &local, &local_len), 0);
  EXPECT_EQ(UnixPathOf(local, local_len), path.str());
  barrier.Wait();
}

TEST_F(UnixListenerTest, RegisterGivesNoEvents) {
  TempPath path("unix_listener_register");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  ASSERT_EQ(Reg(&l, kToken1, MIO_INTEREST_READABLE), 0);
  ExpectNoEvents();
}

TEST_F(UnixListenerTest, ReregisterWritableToReadable) {
  TempPath path("unix_listener_reregister");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  ASSERT_EQ(Reg(&l, kToken1, MIO_INTEREST_WRITABLE), 0);
  Barrier barrier(2);
  Thread peer = OpenConnection(path.str(), &barrier);
  ExpectNoEvents();
  ASSERT_EQ(mio_registry_reregister(reg_, mio_unix_listener_source(l.get()),
                                    kToken2, MIO_INTEREST_READABLE),
            0);
  ExpectEvents({{kToken2, kReadable}});
  barrier.Wait();
}

TEST_F(UnixListenerTest, DeregisterGivesNoEventsButAcceptWorks) {
  TempPath path("unix_listener_deregister");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  ASSERT_EQ(Reg(&l, kToken1, MIO_INTEREST_READABLE), 0);
  Barrier barrier(2);
  Thread peer = OpenConnection(path.str(), &barrier);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_unix_listener_source(l.get())),
            0);
  ExpectNoEvents();
  UnixStream s;
  int rc = -MIO_EAGAIN;
  for (int i = 0; i < 100 && rc == -MIO_EAGAIN; i++) {
    rc = mio_unix_listener_accept(l.get(), s.get(), nullptr, nullptr);
    if (rc == -MIO_EAGAIN) usleep(10 * 1000);
  }
  EXPECT_EQ(rc, 0) << mio_strerror(rc);
  barrier.Wait();
}

TEST(UnixListener, RawFdRoundTripKeepsDescriptorAndAddress) {
  TempPath path("unix_listener_raw_fd");
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind(l.get(), path.c_str()), 0);
  mio_raw_fd fd1 = mio_unix_listener_as_raw_fd(l.get());
  mio_raw_fd fd2 = mio_unix_listener_into_raw_fd(l.get());
  EXPECT_EQ(fd1, fd2);
  UnixListener again;
  ASSERT_EQ(mio_unix_listener_from_raw_fd(again.get(), fd2), 0);
  EXPECT_EQ(mio_unix_listener_as_raw_fd(again.get()), fd1);
  sockaddr_un a;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_listener_local_addr(again.get(), &a, &len), 0);
  EXPECT_EQ(UnixPathOf(a, len), path.str());
}

// The library never unlinks the socket file: binding an existing path fails.
TEST(UnixListener, BindExistingPathFailsWithAddrInUse) {
  TempPath path("unix_listener_in_use");
  UnixListener l1, l2;
  ASSERT_EQ(mio_unix_listener_bind(l1.get(), path.c_str()), 0);
  EXPECT_EQ(mio_unix_listener_bind(l2.get(), path.c_str()), -MIO_EADDRINUSE);
  l1.Close();
  EXPECT_EQ(access(path.c_str(), F_OK), 0) << "close must not unlink the file";
  EXPECT_EQ(mio_unix_listener_bind(l2.get(), path.c_str()), -MIO_EADDRINUSE);
}

// Paths at and over sizeof(sun_path) (API.md §11.5): a path of
// sizeof(sun_path) - 1 bytes fits with its NUL; sizeof(sun_path) or more is
// -MIO_EINVAL with no descriptor created.
TEST(UnixListener, PathLengthLimits) {
  const size_t max = sizeof(static_cast<sockaddr_un*>(nullptr)->sun_path);
  TempPath dir("x");
  std::string base = dir.str().substr(0, dir.str().size() - 1);  // ".../"
  ASSERT_LT(base.size(), max - 1);
  std::string fits = base + std::string(max - 1 - base.size(), 'a');
  std::string at = base + std::string(max - base.size(), 'b');
  std::string over = at + "c";
  ASSERT_EQ(fits.size(), max - 1);
  ASSERT_EQ(at.size(), max);

  {
    UnixListener l;
    ASSERT_EQ(mio_unix_listener_bind(l.get(), fits.c_str()), 0);
    sockaddr_un a;
    socklen_t len = 0;
    ASSERT_EQ(mio_unix_listener_local_addr(l.get(), &a, &len), 0);
    EXPECT_EQ(UnixPathOf(a, len), fits);
    const char* p = nullptr;
    EXPECT_EQ(mio_unix_addr_pathname(&a, len, &p), fits.size());
    // A client can reach it through the longest path too.
    UnixStream c;
    EXPECT_EQ(mio_unix_stream_connect(c.get(), fits.c_str()), 0);
    unlink(fits.c_str());
  }
  int before = mio_test::CountOpenFds();
  for (const std::string& bad : {at, over}) {
    UnixListener l;
    EXPECT_EQ(mio_unix_listener_bind(l.get(), bad.c_str()), -MIO_EINVAL)
        << bad.size();
    EXPECT_EQ(mio_unix_listener_as_raw_fd(l.get()), MIO_INVALID_RAW_FD);
    UnixStream s;
    EXPECT_EQ(mio_unix_stream_connect(s.get(), bad.c_str()), -MIO_EINVAL);
    sockaddr_un a;
    socklen_t len = 0;
    EXPECT_EQ(mio_unix_addr_from_pathname(&a, &len, bad.c_str()), -MIO_EINVAL);
  }
  EXPECT_EQ(mio_test::CountOpenFds(), before);
}

#if MIO_TEST_ABSTRACT_UNIX_NAMES
// mio's unix_listener_abstract_namespace, extended as API.md §14: no events
// before a connect, readable after, and the peer is unnamed.
TEST_F(UnixListenerTest, AbstractNameRoundTripsAndAccepts) {
  std::string name = "mio-abstract-uds-" + std::to_string(getpid()) + "-" +
                     std::to_string(reinterpret_cast<uintptr_t>(this));
  sockaddr_un addr;
  socklen_t len = 0;
  ASSERT_EQ(
      mio_unix_addr_from_abstract_name(&addr, &len, name.data(), name.size()),
      0);
  UnixListener l;
  ASSERT_EQ(mio_unix_listener_bind_addr(l.get(), &addr, len), 0);
  sockaddr_un local;
  socklen_t local_len = 0;
  ASSERT_EQ(mio_unix_listener_local_addr(l.get(), &local, &local_len), 0);
  EXPECT_EQ(mio_unix_addr_kind_of(&local, local_len), MIO_UNIX_ADDR_ABSTRACT);
  const char* got = nullptr;
  size_t n = mio_unix_addr_abstract_name(&local, local_len, &got);
  EXPECT_EQ(std::string(got, n), name);

  ASSERT_EQ(Reg(&l, kToken1, MIO_INTEREST_READABLE), 0);
  ExpectNoEvents();
  UnixStream client;
  ASSERT_EQ(mio_unix_stream_connect_addr(client.get(), &addr, len), 0);
  ExpectEvents({{kToken1, kReadable}});
  UnixStream accepted;
  sockaddr_un peer;
  socklen_t peer_len = 0;
  ASSERT_EQ(mio_unix_listener_accept(l.get(), accepted.get(), &peer, &peer_len),
            0);
  EXPECT_EQ(mio_unix_addr_kind_of(&peer, peer_len), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(peer_len, static_cast<socklen_t>(offsetof(sockaddr_un, sun_path)));
}
#endif

}  // namespace
}  // namespace mio_net_test
