// Port of mio's tests/tcp_stream.rs (API.md §11.3, §14 tcp_stream.rs).
#include "mio/net/tcp_stream.h"

#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

#include "gtest/gtest.h"
#include "mio/net/tcp_listener.h"
#include "testing/net/net_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kPriority;
using mio_test::kReadable;
using mio_test::kReadClosed;
using mio_test::kWritable;
using mio_test::kWriteClosed;
using TcpStream = Owned<mio_tcp_stream, mio_tcp_stream_close>;

constexpr char kData1[] = "Hello world!";
constexpr char kData2[] = "Hello mars!";
constexpr size_t kData1Len = sizeof kData1 - 1;
constexpr size_t kData2Len = sizeof kData2 - 1;

constexpr mio_token kId1 = 0;
constexpr mio_token kId2 = 1;
constexpr mio_interest kRW = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;

int Connect(TcpStream* s, const SockAddr& addr) {
  return mio_tcp_stream_connect(s->get(), addr.get(), addr.len);
}

class TcpStreamTest : public NetTest {
 protected:
  int Register(TcpStream* s, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_tcp_stream_source(s->get()), t, i);
  }

  // mio's smoke_test_tcp_stream; `connect` makes the stream to the echo
  // server's address.
  void Smoke(const SockAddr& bind_addr,
             const std::function<void(TcpStream*, const SockAddr&)>& connect) {
    TcpEchoServer server(bind_addr);
    const SockAddr& addr = server.address();
    TcpStream stream;
    connect(&stream, addr);
    ASSERT_NE(mio_tcp_stream_as_raw_fd(stream.get()), MIO_INVALID_RAW_FD);
    int fd = mio_tcp_stream_as_raw_fd(stream.get());
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));

    ASSERT_EQ(Register(&stream, kId1, kRW), 0);
    ExpectEvents({{kId1, kWritable}});

    char buf[16];
    AssertWouldBlock(mio_tcp_stream_peek(stream.get(), buf, sizeof buf));
    AssertWouldBlock(mio_tcp_stream_read(stream.get(), buf, sizeof buf));

    // peer_addr only after the writable event: the connect may be pending.
    sockaddr_storage got;
    socklen_t got_len = 0;
    ASSERT_EQ(mio_tcp_stream_peer_addr(stream.get(), &got, &got_len), 0);
    EXPECT_TRUE(SameAddr(got, addr.storage))
        << AddrString(got) << " vs " << AddrString(addr.storage);
    ASSERT_EQ(mio_tcp_stream_local_addr(stream.get(), &got, &got_len), 0);
    EXPECT_TRUE(IsLoopback(got)) << AddrString(got);

    ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
              static_cast<ptrdiff_t>(kData1Len));
    ExpectEvents({{kId1, kReadable}});

    ptrdiff_t n = mio_tcp_stream_peek(stream.get(), buf, sizeof buf);
    EXPECT_EQ(Str(buf, n), kData1);
    n = mio_tcp_stream_read(stream.get(), buf, sizeof buf);
    EXPECT_EQ(Str(buf, n), kData1);

    int err = -1;
    EXPECT_EQ(mio_tcp_stream_take_error(stream.get(), &err), 0);
    EXPECT_EQ(err, 0);
    AssertWouldBlock(mio_tcp_stream_read(stream.get(), buf, sizeof buf));

    mio_iovec out[2] = {{const_cast<char*>(kData1), kData1Len},
                        {const_cast<char*>(kData2), kData2Len}};
    ASSERT_EQ(mio_tcp_stream_writev(stream.get(), out, 2),
              static_cast<ptrdiff_t>(kData1Len + kData2Len));
    ExpectEvents({{kId1, kReadable}});

    // Both echoes may arrive in separate segments: scatter until complete.
    char buf1[kData1Len];
    char buf2[kData2Len + 1];
    std::memset(buf1, 1, sizeof buf1);
    std::memset(buf2, 2, sizeof buf2);
    mio_iovec in[2] = {{buf1, sizeof buf1}, {buf2, sizeof buf2}};
    n = mio_tcp_stream_readv(stream.get(), in, 2);
    ASSERT_EQ(n, static_cast<ptrdiff_t>(kData1Len + kData2Len));
    EXPECT_EQ(Str(buf1, kData1Len), kData1);
    EXPECT_EQ(Str(buf2, kData2Len), kData2);
    EXPECT_EQ(buf2[kData2Len], 2) << "byte past the data must be untouched";

    EXPECT_EQ(stream.Close(), 0);
    server.Join();
  }

  // Connects to a TcpNoopServer and waits for the writable event.
  void ConnectAndWaitWritable(TcpStream* stream, const SockAddr& addr,
                              mio_interest interest = MIO_INTEREST_WRITABLE) {
    ASSERT_EQ(Connect(stream, addr), 0);
    ASSERT_EQ(Register(stream, kId1, interest), 0);
    ExpectEvents({{kId1, kWritable}});
  }
};

TEST_F(TcpStreamTest, SmokeIpv4) {
  Smoke(mio_test::LoopbackV4(),
        [](TcpStream* s, const SockAddr& a) { ASSERT_EQ(Connect(s, a), 0); });
}

TEST_F(TcpStreamTest, SmokeIpv6) {
  Smoke(mio_test::LoopbackV6(),
        [](TcpStream* s, const SockAddr& a) { ASSERT_EQ(Connect(s, a), 0); });
}

TEST_F(TcpStreamTest, SmokeFromRawFdOfConnectedSocket) {
  Smoke(mio_test::LoopbackV4(), [](TcpStream* s, const SockAddr& a) {
    int fd = mio_test::RawTcpConnect(a, /*nonblocking=*/false);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(mio_test::SetNonBlocking(fd));
    ASSERT_EQ(mio_tcp_stream_from_raw_fd(s->get(), fd), 0);
  });
}

TEST_F(TcpStreamTest, SetGetTtlAfterConnected) {
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address());
  ASSERT_EQ(mio_tcp_stream_set_ttl(stream.get(), 10), 0);
  uint32_t ttl = 0;
  ASSERT_EQ(mio_tcp_stream_ttl(stream.get(), &ttl), 0);
  EXPECT_EQ(ttl, 10u);
  int err = -1;
  EXPECT_EQ(mio_tcp_stream_take_error(stream.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

TEST_F(TcpStreamTest, GetTtlWithoutPreviousSet) {
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address());
  uint32_t ttl = 0;
  EXPECT_EQ(mio_tcp_stream_ttl(stream.get(), &ttl), 0);
  EXPECT_GT(ttl, 0u);
  int err = -1;
  EXPECT_EQ(mio_tcp_stream_take_error(stream.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

TEST_F(TcpStreamTest, SetGetNodelayAfterConnected) {
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address());
  ASSERT_EQ(mio_tcp_stream_set_nodelay(stream.get(), true), 0);
  bool on = false;
  ASSERT_EQ(mio_tcp_stream_nodelay(stream.get(), &on), 0);
  EXPECT_TRUE(on);
  ASSERT_EQ(mio_tcp_stream_set_nodelay(stream.get(), false), 0);
  ASSERT_EQ(mio_tcp_stream_nodelay(stream.get(), &on), 0);
  EXPECT_FALSE(on);
  int err = -1;
  EXPECT_EQ(mio_tcp_stream_take_error(stream.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

TEST_F(TcpStreamTest, GetNodelayWithoutPreviousSet) {
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address());
  bool on = true;
  EXPECT_EQ(mio_tcp_stream_nodelay(stream.get(), &on), 0);
  EXPECT_FALSE(on) << "Nagle is on by default";
  int err = -1;
  EXPECT_EQ(mio_tcp_stream_take_error(stream.get(), &err), 0);
  EXPECT_EQ(err, 0);
  barrier.Wait();
}

TEST_F(TcpStreamTest, ShutdownRead) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData2, kData2Len),
            static_cast<ptrdiff_t>(kData2Len));
  ExpectEvents({{kId1, kReadable}});
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_READ), 0);
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
  char buf[20];
  EXPECT_EQ(mio_tcp_stream_read(stream.get(), buf, sizeof buf), 0);
#endif
  // Linux may still deliver the queued data after SHUT_RD (API.md §11.3).
  stream.Close();
  server.Join();
}

// §15.8: write after shutdown(WRITE) -> -MIO_EPIPE is binding.
TEST_F(TcpStreamTest, ShutdownWriteMakesWritesFailWithEpipe) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
            static_cast<ptrdiff_t>(kData1Len));
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_WRITE), 0);
  EXPECT_EQ(mio_tcp_stream_write(stream.get(), kData2, kData2Len), -MIO_EPIPE);

  // The echo still comes back: wait without relying on one specific event.
  char buf[20];
  // (Polls may return at once: after SHUT_WR the socket stays writable.)
  ptrdiff_t n = -MIO_EAGAIN;
  const int64_t deadline = mio_test::NowNs() + 5000 * mio_test::kNsPerMs;
  while (n == -MIO_EAGAIN && mio_test::NowNs() < deadline) {
    n = mio_tcp_stream_read(stream.get(), buf, sizeof buf);
    if (n == -MIO_EAGAIN) PollOnce(100);
  }
  EXPECT_EQ(Str(buf, n), kData1) << "read returned " << n;
  stream.Close();
  server.Join();
}

// mio ignores this test as flaky ("doesn't always receive an event after
// shutting down the write side"); kept disabled the same way (API.md §14).
TEST_F(TcpStreamTest, DISABLED_ShutdownWriteThenReadableEventFromEcho) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
            static_cast<ptrdiff_t>(kData1Len));
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_WRITE), 0);
  EXPECT_EQ(mio_tcp_stream_write(stream.get(), kData2, kData2Len), -MIO_EPIPE);
  ExpectEvents({{kId1, kReadable}});
  char buf[20];
  ptrdiff_t n = mio_tcp_stream_read(stream.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  stream.Close();
  server.Join();
}

TEST_F(TcpStreamTest, ShutdownBothMakesWritesFail) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
            static_cast<ptrdiff_t>(kData1Len));
  ExpectEvents({{kId1, kReadable}});
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_BOTH), 0);
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
  char buf[20];
  EXPECT_EQ(mio_tcp_stream_read(stream.get(), buf, sizeof buf), 0);
#endif
  EXPECT_EQ(mio_tcp_stream_write(stream.get(), kData2, kData2Len), -MIO_EPIPE);
  stream.Close();
  server.Join();
}

TEST(TcpStream, RawFdRoundTripKeepsDescriptorAndAddress) {
  TcpNoopServer server(nullptr, false);
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, server.address()), 0);
  sockaddr_storage address;
  socklen_t len = 0;
  ASSERT_EQ(mio_tcp_stream_local_addr(stream.get(), &address, &len), 0);

  mio_raw_fd fd1 = mio_tcp_stream_as_raw_fd(stream.get());
  mio_raw_fd fd2 = mio_tcp_stream_into_raw_fd(stream.get());
  EXPECT_EQ(fd1, fd2);
  EXPECT_EQ(mio_tcp_stream_as_raw_fd(stream.get()), MIO_INVALID_RAW_FD);

  TcpStream again;
  ASSERT_EQ(mio_tcp_stream_from_raw_fd(again.get(), fd2), 0);
  EXPECT_EQ(mio_tcp_stream_as_raw_fd(again.get()), fd1);
  sockaddr_storage got;
  ASSERT_EQ(mio_tcp_stream_local_addr(again.get(), &got, &len), 0);
  EXPECT_TRUE(SameAddr(got, address));
  again.Close();
  server.Join();
}

TEST_F(TcpStreamTest, RegisterReadableGivesNoEvents) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, server.address()), 0);
  ASSERT_EQ(Register(&stream, kId1, MIO_INTEREST_READABLE), 0);
  ExpectNoEvents();
  stream.Close();
  server.Join();
}

TEST_F(TcpStreamTest, ReregisterToWritableWithNewToken) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, server.address()), 0);
  ASSERT_EQ(Register(&stream, kId1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(mio_registry_reregister(reg_, mio_tcp_stream_source(stream.get()),
                                    kId2, MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kId2, kWritable}});
  sockaddr_storage got;
  socklen_t len = 0;
  ASSERT_EQ(mio_tcp_stream_peer_addr(stream.get(), &got, &len), 0);
  EXPECT_TRUE(SameAddr(got, server.address().storage));
  stream.Close();
  server.Join();
}

TEST_F(TcpStreamTest, NoEventsAfterDeregisterButIoWorks) {
  TcpEchoServer server(mio_test::LoopbackV4());
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, server.address()), 0);
  ASSERT_EQ(Register(&stream, kId1, kRW), 0);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_stream_source(stream.get())),
            0);
  ExpectNoEvents();

  // Connected by now (loopback); wait for it without events if needed.
  sockaddr_storage got;
  socklen_t len = 0;
  int rc = -MIO_ENOTCONN;
  for (int i = 0; i < 100 && rc != 0; i++) {
    rc = mio_tcp_stream_peer_addr(stream.get(), &got, &len);
    if (rc != 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(rc, 0);
  EXPECT_TRUE(SameAddr(got, server.address().storage));

  char buf[16];
  AssertWouldBlock(mio_tcp_stream_peek(stream.get(), buf, sizeof buf));
  AssertWouldBlock(mio_tcp_stream_read(stream.get(), buf, sizeof buf));
  EXPECT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
            static_cast<ptrdiff_t>(kData1Len));
  ExpectNoEvents();
  stream.Close();
  server.Join();
}

TEST_F(TcpStreamTest, OwnShutdownReadGivesReadClosed) {
#if defined(_WIN32)
  GTEST_SKIP() << "mio ignores tcp_shutdown_client_read_close_event on "
                  "Windows: AFD reports no event for an own shutdown(READ)";
#endif
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_READ), 0);
  ExpectEvents({{kId1, mio_test::kHalfClosed}});
  barrier.Wait();
}

TEST_F(TcpStreamTest, OwnShutdownWriteGivesWriteClosed) {
#if defined(__linux__) || defined(__ANDROID__) || defined(__illumos__) || \
    defined(_WIN32)
  GTEST_SKIP() << "mio ignores tcp_shutdown_client_write_close_event on "
                  "Linux, Android, illumos and Windows: no write_closed event "
                  "is reported for an own shutdown(WRITE)";
#endif
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_WRITE), 0);
  ExpectEvents({{kId1, kWriteClosed}});
  barrier.Wait();
}

TEST_F(TcpStreamTest, PeerShutdownWriteGivesReadClosed) {
  Barrier barrier(2);
  TcpNoopServer server(&barrier, /*shutdown_write=*/true);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  barrier.Wait();  // the peer shuts down its write half
  ExpectEvents({{kId1, mio_test::kHalfClosed}});
  barrier.Wait();
}

// mio's tcp_reset_close_event: the peer closes with unread data (RST).
TEST_F(TcpStreamTest, PeerResetGivesReadClosed) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, addr), 0);
  ASSERT_EQ(Register(&stream, kId1, kRW), 0);
  Fd server(mio_test::RawAccept(listener.get(), false));
  ExpectEvents({{kId1, kWritable}});
  ASSERT_EQ(mio_tcp_stream_write(stream.get(), kData1, kData1Len),
            static_cast<ptrdiff_t>(kData1Len));
  char b;
  AssertWouldBlock(mio_tcp_stream_read(stream.get(), &b, 1));
  server.Reset();
  ExpectEvents({{kId1, kReadClosed}});
  // Quiesce, as mio does.
  for (int i = 0; i < 20 && PollOnce(100) != 0; i++) {
  }
}

TEST_F(TcpStreamTest, OwnShutdownBothGivesWriteClosed) {
#if defined(__illumos__) || defined(_WIN32)
  GTEST_SKIP() << "mio ignores tcp_shutdown_client_both_close_event on "
                  "illumos and Windows";
#endif
  Barrier barrier(2);
  TcpNoopServer server(&barrier, false);
  TcpStream stream;
  ConnectAndWaitWritable(&stream, server.address(), kRW);
  ASSERT_EQ(mio_tcp_stream_shutdown(stream.get(), MIO_SHUTDOWN_BOTH), 0);
  ExpectEvents({{kId1, kWriteClosed}});
  barrier.Wait();
}

// mio's hup_event_on_disconnect.
TEST_F(TcpStreamTest, PeerCloseWithLingerZeroGivesReadable) {
  Owned<mio_tcp_listener, mio_tcp_listener_close> l;
  SockAddr bind_addr = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l.get(), bind_addr.get(), bind_addr.len), 0);
  SockAddr addr;
  ASSERT_EQ(mio_tcp_listener_local_addr(l.get(), &addr.storage, &addr.len), 0);
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(l.get()), 0,
                                  MIO_INTEREST_READABLE),
            0);
  TcpStream stream;
  ASSERT_EQ(Connect(&stream, addr), 0);
  ASSERT_EQ(Register(&stream, 1, kRW), 0);
  ExpectEvents({{0, kReadable}, {1, kWritable}});

  TcpStream accepted;
  ASSERT_EQ(mio_tcp_listener_accept(l.get(), accepted.get(), nullptr, nullptr),
            0);
  ASSERT_TRUE(SetLingerZero(mio_tcp_stream_as_raw_fd(accepted.get())));
  accepted.Close();
  ExpectEvents({{1, kReadable}});
}

#if defined(__linux__) || defined(__ANDROID__)
TEST_F(TcpStreamTest, OobDataGivesReadableAndPriority) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream client;
  ASSERT_EQ(Connect(&client, addr), 0);
  ASSERT_EQ(Register(&client, 0, MIO_INTEREST_READABLE | MIO_INTEREST_PRIORITY),
            0);
  Fd server(mio_test::RawAccept(listener.get(), false));
  ASSERT_EQ(send(server.get(), kData1, kData1Len, MSG_OOB),
            static_cast<ssize_t>(kData1Len));
  ExpectEvents({{0, kReadable | kPriority}});
}
#endif

// A successful peek leaves the data (and so the readiness) in place: the
// following read returns it without waiting for another event; a read that
// drains to EAGAIN re-arms and new data gives a new event.
TEST_F(TcpStreamTest, SuccessfulPeekKeepsDataReadable) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream client;
  ASSERT_EQ(Connect(&client, addr), 0);
  ASSERT_EQ(Register(&client, kId1, MIO_INTEREST_READABLE), 0);
  Fd server(mio_test::RawAccept(listener.get(), false));

  ASSERT_TRUE(WriteAll(server.get(), kData1, kData1Len));
  ExpectEvents({{kId1, kReadable}});
  char buf[32];
  ptrdiff_t n = mio_tcp_stream_peek(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  n = mio_tcp_stream_peek(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1) << "peek must not consume";
  n = mio_tcp_stream_read(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  AssertWouldBlock(mio_tcp_stream_read(client.get(), buf, sizeof buf));

  ASSERT_TRUE(WriteAll(server.get(), kData2, kData2Len));
  ExpectEvents({{kId1, kReadable}});
  n = mio_tcp_stream_read(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData2);
}

// A peek that returns EAGAIN re-arms readiness like a read (API.md §7.4).
TEST_F(TcpStreamTest, PeekWouldBlockRearmsReadiness) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream client;
  ASSERT_EQ(Connect(&client, addr), 0);
  ASSERT_EQ(Register(&client, kId1, MIO_INTEREST_READABLE), 0);
  Fd server(mio_test::RawAccept(listener.get(), false));

  ASSERT_TRUE(WriteAll(server.get(), kData1, kData1Len));
  ExpectEvents({{kId1, kReadable}});
  char buf[32];
  ptrdiff_t n = mio_tcp_stream_read(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  AssertWouldBlock(mio_tcp_stream_peek(client.get(), buf, sizeof buf));
  ExpectNoEvents();

  ASSERT_TRUE(WriteAll(server.get(), kData2, kData2Len));
  ExpectEvents({{kId1, kReadable}});
  n = mio_tcp_stream_peek(client.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData2);
}

// Zero-length I/O (API.md §11.3: a write of 0 bytes returns 0) and EOF.
TEST_F(TcpStreamTest, ZeroLengthWriteAndReadAtEof) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV6(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream client;
  ASSERT_EQ(Connect(&client, addr), 0);
  ASSERT_EQ(Register(&client, kId1, kRW), 0);
  Fd server(mio_test::RawAccept(listener.get(), false));
  ExpectEvents({{kId1, kWritable}});
  EXPECT_EQ(mio_tcp_stream_write(client.get(), kData1, 0), 0);
  server.Reset();
  ExpectEvents({{kId1, kReadable}});
  char buf[4];
  EXPECT_EQ(mio_tcp_stream_read(client.get(), buf, sizeof buf), 0);
}

}  // namespace
}  // namespace mio_net_test
