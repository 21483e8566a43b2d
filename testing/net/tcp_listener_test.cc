// Port of mio's tests/tcp_listener.rs (API.md §11.2, §14 tcp_listener.rs).
#include "mio/net/tcp_listener.h"

#include <chrono>
#include <functional>
#include <thread>

#include "gtest/gtest.h"
#include "mio/net/tcp_stream.h"
#include "testing/net/net_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using TcpListener = Owned<mio_tcp_listener, mio_tcp_listener_close>;
using TcpStream = Owned<mio_tcp_stream, mio_tcp_stream_close>;

constexpr mio_token kId1 = 0;
constexpr mio_token kId2 = 1;

// mio's start_connections: `n` blocking connections to `addr`, each kept open
// until the barrier is passed.
Thread StartConnections(const SockAddr& addr, int n, Barrier* barrier) {
  return Thread([addr, n, barrier] {
    for (int i = 0; i < n; i++) {
      Fd conn(mio_test::RawTcpConnect(addr, false));
      barrier->Wait();
    }
  });
}

SockAddr LocalAddr(const mio_tcp_listener* l) {
  SockAddr a;
  std::memset(&a, 0, sizeof a);
  EXPECT_EQ(mio_tcp_listener_local_addr(l, &a.storage, &a.len), 0);
  return a;
}

// Accepts one connection and checks the peer and local addresses as mio does.
void AcceptOne(const mio_tcp_listener* l, const SockAddr& listen_addr) {
  TcpStream stream;
  sockaddr_storage peer;
  socklen_t peer_len = 0;
  ASSERT_EQ(mio_tcp_listener_accept(l, stream.get(), &peer, &peer_len), 0);
  EXPECT_TRUE(IsLoopback(peer)) << AddrString(peer);
  sockaddr_storage got;
  socklen_t got_len = 0;
  ASSERT_EQ(mio_tcp_stream_peer_addr(stream.get(), &got, &got_len), 0);
  EXPECT_TRUE(SameAddr(got, peer))
      << AddrString(got) << " vs " << AddrString(peer);
  EXPECT_EQ(got_len, peer_len);
  ASSERT_EQ(mio_tcp_stream_local_addr(stream.get(), &got, &got_len), 0);
  EXPECT_TRUE(SameAddr(got, listen_addr.storage))
      << AddrString(got) << " vs " << AddrString(listen_addr.storage);
}

class TcpListenerTest : public NetTest {
 protected:
  // mio's smoke_test_tcp_listener; `listener` is already bound.
  void Smoke(TcpListener* listener) {
    SockAddr address = LocalAddr(listener->get());
    int fd = mio_tcp_listener_as_raw_fd(listener->get());
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));

    ASSERT_EQ(
        mio_registry_register(reg_, mio_tcp_listener_source(listener->get()),
                              kId1, MIO_INTEREST_READABLE),
        0);
    Barrier barrier(2);
    Thread peer = StartConnections(address, 1, &barrier);
    ExpectEvents({{kId1, kReadable}});

    TcpStream stream;
    sockaddr_storage peer_addr;
    socklen_t peer_len = 0;
    ASSERT_EQ(mio_tcp_listener_accept(listener->get(), stream.get(), &peer_addr,
                                      &peer_len),
              0);
    EXPECT_TRUE(IsLoopback(peer_addr)) << AddrString(peer_addr);
    sockaddr_storage got;
    socklen_t got_len = 0;
    ASSERT_EQ(mio_tcp_stream_peer_addr(stream.get(), &got, &got_len), 0);
    EXPECT_TRUE(SameAddr(got, peer_addr));
    ASSERT_EQ(mio_tcp_stream_local_addr(stream.get(), &got, &got_len), 0);
    EXPECT_TRUE(SameAddr(got, address.storage));

    char buf[20];
    AssertWouldBlock(mio_tcp_stream_read(stream.get(), buf, sizeof buf));
    TcpStream none;
    AssertWouldBlock(
        mio_tcp_listener_accept(listener->get(), none.get(), nullptr, nullptr));
    int err = -1;
    EXPECT_EQ(mio_tcp_listener_take_error(listener->get(), &err), 0);
    EXPECT_EQ(err, 0);
    barrier.Wait();
  }
};

TEST_F(TcpListenerTest, SmokeIpv4) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  Smoke(&l);
}

TEST_F(TcpListenerTest, SmokeIpv6) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV6();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  Smoke(&l);
}

TEST_F(TcpListenerTest, SmokeFromRawFd) {
  // A blocking std-style listener made non-blocking by the caller.
  int fd = mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(mio_test::SetNonBlocking(fd));
  TcpListener l;
  ASSERT_EQ(mio_tcp_listener_from_raw_fd(l.get(), fd), 0);
  Smoke(&l);
}

TEST(TcpListener, SetGetTtl) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(mio_tcp_listener_set_ttl(l.get(), 10), 0);
  uint32_t ttl = 0;
  ASSERT_EQ(mio_tcp_listener_ttl(l.get(), &ttl), 0);
  EXPECT_EQ(ttl, 10u);
  int err = -1;
  EXPECT_EQ(mio_tcp_listener_take_error(l.get(), &err), 0);
  EXPECT_EQ(err, 0);
}

TEST(TcpListener, GetTtlWithoutPreviousSet) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  uint32_t ttl = 0;
  EXPECT_EQ(mio_tcp_listener_ttl(l.get(), &ttl), 0);
  EXPECT_GT(ttl, 0u);
  int err = -1;
  EXPECT_EQ(mio_tcp_listener_take_error(l.get(), &err), 0);
  EXPECT_EQ(err, 0);
}

TEST(TcpListener, RawFdRoundTripKeepsDescriptorAndAddress) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  SockAddr address = LocalAddr(l.get());

  mio_raw_fd fd1 = mio_tcp_listener_as_raw_fd(l.get());
  mio_raw_fd fd2 = mio_tcp_listener_into_raw_fd(l.get());
  EXPECT_EQ(fd1, fd2);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(l.get()), MIO_INVALID_RAW_FD);

  TcpListener l2;
  ASSERT_EQ(mio_tcp_listener_from_raw_fd(l2.get(), fd2), 0);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(l2.get()), fd1);
  SockAddr again = LocalAddr(l2.get());
  EXPECT_TRUE(SameAddr(again.storage, address.storage));
}

TEST(TcpListener, BindToLiveListenerAddressFails) {
  TcpListener l1, l2;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l1.get(), addr.get(), addr.len), 0);
  SockAddr bound = LocalAddr(l1.get());
  EXPECT_EQ(mio_tcp_listener_bind(l2.get(), bound.get(), bound.len),
            -MIO_EADDRINUSE);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(l2.get()), MIO_INVALID_RAW_FD);
}

TEST_F(TcpListenerTest, RegisterGivesNoEvents) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
}

TEST_F(TcpListenerTest, ReregisterToNewTokenGivesEventsForIt) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  SockAddr address = LocalAddr(l.get());
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_reregister(reg_, mio_tcp_listener_source(l.get()),
                                    kId2, MIO_INTEREST_READABLE),
            0);
  Barrier barrier(2);
  Thread peer = StartConnections(address, 1, &barrier);
  ExpectEvents({{kId2, kReadable}});
  AcceptOne(l.get(), address);
  TcpStream none;
  AssertWouldBlock(
      mio_tcp_listener_accept(l.get(), none.get(), nullptr, nullptr));
  int err = -1;
  EXPECT_EQ(mio_tcp_listener_take_error(l.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

TEST_F(TcpListenerTest, NoEventsAfterDeregisterButAcceptWorks) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  SockAddr address = LocalAddr(l.get());
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  Barrier barrier(2);
  Thread peer = StartConnections(address, 1, &barrier);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_listener_source(l.get())), 0);
  ExpectNoEvents();

  // The connection is still accepted (the connect may still be in flight).
  TcpStream stream;
  sockaddr_storage peer_addr;
  socklen_t peer_len = 0;
  int rc = -MIO_EAGAIN;
  for (int i = 0; i < 100 && rc == -MIO_EAGAIN; i++) {
    rc = mio_tcp_listener_accept(l.get(), stream.get(), &peer_addr, &peer_len);
    if (rc == -MIO_EAGAIN)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(rc, 0) << mio_strerror(rc);
  EXPECT_TRUE(IsLoopback(peer_addr));
  sockaddr_storage local;
  socklen_t local_len = 0;
  ASSERT_EQ(mio_tcp_stream_local_addr(stream.get(), &local, &local_len), 0);
  EXPECT_TRUE(SameAddr(local, address.storage));
  TcpStream none;
  AssertWouldBlock(
      mio_tcp_listener_accept(l.get(), none.get(), nullptr, nullptr));
  int err = -1;
  EXPECT_EQ(mio_tcp_listener_take_error(l.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

// mio's tcp_listener_two_streams: the registration keeps producing events
// after a successful accept drained the queue.
TEST_F(TcpListenerTest, TwoStreamsAcceptedAcrossEvents) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  SockAddr address = LocalAddr(l.get());

  Barrier barrier(3);
  Thread peer1 = StartConnections(address, 1, &barrier);
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectEvents({{kId1, kReadable}});
  AcceptOne(l.get(), address);
  TcpStream none;
  AssertWouldBlock(
      mio_tcp_listener_accept(l.get(), none.get(), nullptr, nullptr));

  Thread peer2 = StartConnections(address, 1, &barrier);
  ExpectEvents({{kId1, kReadable}});
  AcceptOne(l.get(), address);
  ExpectNoEvents();
  barrier.Wait();
}

// Accepted streams are non-blocking, close-on-exec and unregistered
// (API.md §11.2, §11.7).
TEST_F(TcpListenerTest, AcceptedStreamIsNonBlockingAndCloexec) {
  TcpListener l;
  SockAddr addr = mio_test::LoopbackV6();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), addr.get(), addr.len), 0);
  SockAddr address = LocalAddr(l.get());
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  Fd client(mio_test::RawTcpConnect(address, false));
  ExpectEvents({{kId1, kReadable}});
  TcpStream s;
  ASSERT_EQ(mio_tcp_listener_accept(l.get(), s.get(), nullptr, nullptr), 0);
  int fd = mio_tcp_stream_as_raw_fd(s.get());
  EXPECT_TRUE(mio_test::IsNonBlocking(fd));
  EXPECT_TRUE(mio_test::IsCloexec(fd));
  // Unregistered: reregister reports -MIO_ENOENT (§7.5).
  EXPECT_EQ(mio_registry_reregister(reg_, mio_tcp_stream_source(s.get()), kId2,
                                    MIO_INTEREST_READABLE),
            -MIO_ENOENT);
}

}  // namespace
}  // namespace mio_net_test
