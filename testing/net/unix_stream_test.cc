// Port of mio's tests/unix_stream.rs (API.md §11.6, §14 unix_stream.rs,
// §15.8).
#include "mio/net/unix_stream.h"

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "mio/net/addr.h"
#include "mio/net/unix_listener.h"
#include "testing/net/unix_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using mio_test::kReadClosed;
using mio_test::kWritable;
using mio_test::kWriteClosed;
using UnixStream = Owned<mio_unix_stream, mio_unix_stream_close>;

constexpr char kData1[] = "Hello same host!";
constexpr char kData2[] = "Why hello mio!";
constexpr size_t kData1Len = sizeof kData1 - 1;
constexpr size_t kData2Len = sizeof kData2 - 1;
constexpr mio_token kToken1 = 0;
constexpr mio_token kToken2 = 1;
constexpr mio_interest kRW = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;

// mio's new_echo_listener: a blocking Unix listener whose thread accepts one
// connection and echoes until EOF or reset.
class UnixEchoServer {
 public:
  explicit UnixEchoServer(const char* name) : path_(name) {
    listener_.Reset(RawUnixListener(path_.c_str()));
    int lfd = listener_.get();
    if (lfd < 0) return;
    thread_ = Thread([lfd] {
      Fd conn(mio_test::RawAccept(lfd, false));
      if (conn.get() < 0) return;
      char buf[64];
      for (;;) {
        ssize_t n = read(conn.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // EOF or ECONNRESET
        if (!WriteAll(conn.get(), buf, static_cast<size_t>(n))) return;
      }
    });
  }
  const char* path() const { return path_.c_str(); }
  void Join() { thread_.Join(); }

 private:
  TempPath path_;
  Fd listener_;
  Thread thread_;
};

class UnixStreamTest : public NetTest {
 protected:
  int Reg(UnixStream* s, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_unix_stream_source(s->get()), t, i);
  }

  // mio's smoke_test.
  void Smoke(const std::function<void(UnixStream*, const char*)>& connect,
             const char* name) {
    UnixEchoServer server(name);
    UnixStream stream;
    connect(&stream, server.path());
    int fd = mio_unix_stream_as_raw_fd(stream.get());
    ASSERT_NE(fd, MIO_INVALID_RAW_FD);
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));
    ASSERT_EQ(Reg(&stream, kToken1, kRW), 0);
    ExpectEvents({{kToken1, kWritable}});

    char buf[64];
    AssertWouldBlock(mio_unix_stream_read(stream.get(), buf, sizeof buf));
    ASSERT_EQ(mio_unix_stream_write(stream.get(), kData1, kData1Len),
              (ptrdiff_t)kData1Len);
    ExpectEvents({{kToken1, kReadable}});
    ptrdiff_t n = mio_unix_stream_read(stream.get(), buf, sizeof buf);
    EXPECT_EQ(Str(buf, n), kData1);
    int err = -1;
    EXPECT_EQ(mio_unix_stream_take_error(stream.get(), &err), 0);
    EXPECT_EQ(err, 0);
    AssertWouldBlock(mio_unix_stream_read(stream.get(), buf, sizeof buf));

    mio_iovec out[2] = {{const_cast<char*>(kData1), kData1Len},
                        {const_cast<char*>(kData2), kData2Len}};
    ASSERT_EQ(mio_unix_stream_writev(stream.get(), out, 2),
              (ptrdiff_t)(kData1Len + kData2Len));
    ExpectEvents({{kToken1, kReadable}});
    char buf1[kData1Len];
    char buf2[kData2Len + 1];
    std::memset(buf1, 1, sizeof buf1);
    std::memset(buf2, 2, sizeof buf2);
    mio_iovec in[2] = {{buf1, sizeof buf1}, {buf2, sizeof buf2}};
    n = mio_unix_stream_readv(stream.get(), in, 2);
    ASSERT_EQ(n, (ptrdiff_t)(kData1Len + kData2Len));
    EXPECT_EQ(Str(buf1, kData1Len), kData1);
    EXPECT_EQ(Str(buf2, kData2Len), kData2);
    EXPECT_EQ(buf2[kData2Len], 2) << "byte past the data must be untouched";
    stream.Close();
    server.Join();
  }

  // Connects to an echo server, registers R|W and exchanges DATA1 once.
  void ConnectAndEcho(UnixStream* stream, const UnixEchoServer& server) {
    ASSERT_EQ(mio_unix_stream_connect(stream->get(), server.path()), 0);
    ASSERT_EQ(Reg(stream, kToken1, kRW), 0);
    ExpectEvents({{kToken1, kWritable}});
    ASSERT_EQ(mio_unix_stream_write(stream->get(), kData1, kData1Len),
              (ptrdiff_t)kData1Len);
    ExpectEvents({{kToken1, kReadable}});
  }
};

TEST_F(UnixStreamTest, SmokeConnect) {
  Smoke(
      [](UnixStream* s, const char* path) {
        ASSERT_EQ(mio_unix_stream_connect(s->get(), path), 0);
      },
      "unix_stream_smoke");
}

TEST_F(UnixStreamTest, SmokeConnectAddr) {
  Smoke(
      [](UnixStream* s, const char* path) {
        sockaddr_un a;
        socklen_t len = 0;
        ASSERT_EQ(mio_unix_addr_from_pathname(&a, &len, path), 0);
        ASSERT_EQ(mio_unix_stream_connect_addr(s->get(), &a, len), 0);
      },
      "unix_stream_connect_addr");
}

TEST_F(UnixStreamTest, SmokeFromRawFd) {
  Smoke(
      [](UnixStream* s, const char* path) {
        int fd = RawUnixConnect(path, /*nonblocking=*/false);
        ASSERT_GE(fd, 0);
        ASSERT_TRUE(mio_test::SetNonBlocking(fd));
        ASSERT_EQ(mio_unix_stream_from_raw_fd(s->get(), fd), 0);
      },
      "unix_stream_from_std");
}

// mio's unix_stream_connect: writable, then readable once the peer closes.
TEST_F(UnixStreamTest, ConnectWritableThenReadableWhenPeerCloses) {
  TempPath path("unix_stream_connect");
  Fd listener(RawUnixListener(path.c_str()));
  ASSERT_GE(listener.get(), 0);
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), path.c_str()), 0);
  Barrier barrier(2);
  int lfd = listener.get();
  Thread peer([lfd, &barrier] {
    Fd s(mio_test::RawAccept(lfd, false));
    barrier.Wait();
  });
  ASSERT_EQ(Reg(&stream, kToken1, kRW), 0);
  ExpectEvents({{kToken1, kWritable}});
  barrier.Wait();
  ExpectEvents({{kToken1, kReadable}});
}

TEST_F(UnixStreamTest, PairExchangesDataBothWays) {
  UnixStream s1, s2;
  ASSERT_EQ(mio_unix_stream_pair(s1.get(), s2.get()), 0);
  for (UnixStream* s : {&s1, &s2}) {
    int fd = mio_unix_stream_as_raw_fd(s->get());
    EXPECT_TRUE(mio_test::IsNonBlocking(fd));
    EXPECT_TRUE(mio_test::IsCloexec(fd));
  }
  ASSERT_EQ(Reg(&s1, kToken1, kRW), 0);
  ASSERT_EQ(Reg(&s2, kToken2, kRW), 0);
  ExpectEvents({{kToken1, kWritable}});

  char buf[64];
  AssertWouldBlock(mio_unix_stream_read(s1.get(), buf, sizeof buf));
  ASSERT_EQ(mio_unix_stream_write(s1.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  ptrdiff_t n = mio_unix_stream_read(s2.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  AssertWouldBlock(mio_unix_stream_read(s2.get(), buf, sizeof buf));
  ASSERT_EQ(mio_unix_stream_write(s2.get(), kData2, kData2Len),
            (ptrdiff_t)kData2Len);
  n = mio_unix_stream_read(s1.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData2);
  AssertWouldBlock(mio_unix_stream_read(s2.get(), buf, sizeof buf));
}

TEST(UnixStream, PeerAddrIsListenerPathLocalAddrIsUnnamed) {
  UnixEchoServer server("unix_stream_peer_addr");
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), server.path()), 0);
  sockaddr_un a;
  socklen_t len = 0;
  ASSERT_EQ(mio_unix_stream_peer_addr(stream.get(), &a, &len), 0);
  EXPECT_EQ(UnixPathOf(a, len), server.path());
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_PATHNAME);
  ASSERT_EQ(mio_unix_stream_local_addr(stream.get(), &a, &len), 0);
  EXPECT_EQ(mio_unix_addr_kind_of(&a, len), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(len, static_cast<socklen_t>(offsetof(sockaddr_un, sun_path)));
  stream.Close();
  server.Join();
}

TEST_F(UnixStreamTest, ShutdownReadGivesReadClosed) {
  UnixEchoServer server("unix_stream_shutdown_read");
  UnixStream stream;
  ConnectAndEcho(&stream, server);
  // Drain to would-block first (API.md §8): without a read-closed bit
  // (portable poll(2)) the next event needs readable interest re-armed.
  char echo[64];
  EXPECT_EQ(mio_unix_stream_read(stream.get(), echo, sizeof echo),
            (ptrdiff_t)kData1Len);
  mio_test::AssertWouldBlock(
      mio_unix_stream_read(stream.get(), echo, sizeof echo));
  ASSERT_EQ(mio_unix_stream_shutdown(stream.get(), MIO_SHUTDOWN_READ), 0);
  ExpectEvents({{kToken1, mio_test::kHalfClosed}});
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
  char buf[64];
  EXPECT_EQ(mio_unix_stream_read(stream.get(), buf, sizeof buf), 0);
#endif
  stream.Close();
  server.Join();
}

TEST_F(UnixStreamTest, ShutdownWriteMakesWritesFailWithEpipe) {
  UnixEchoServer server("unix_stream_shutdown_write");
  UnixStream stream;
  ConnectAndEcho(&stream, server);
  ASSERT_EQ(mio_unix_stream_shutdown(stream.get(), MIO_SHUTDOWN_WRITE), 0);
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
  // §15.8: only BSD/macOS report WRITE_CLOSED for an own shutdown(WRITE).
  ExpectEvents({{kToken1, kWriteClosed}});
#endif
  EXPECT_EQ(mio_unix_stream_write(stream.get(), kData2, kData2Len), -MIO_EPIPE);
  char buf[64];
  ptrdiff_t n = mio_unix_stream_read(stream.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  stream.Close();
  server.Join();
}

TEST_F(UnixStreamTest, ShutdownBothGivesWriteClosedAndEpipe) {
  UnixEchoServer server("unix_stream_shutdown_both");
  UnixStream stream;
  ConnectAndEcho(&stream, server);
  ASSERT_EQ(mio_unix_stream_shutdown(stream.get(), MIO_SHUTDOWN_BOTH), 0);
  ExpectEvents({{kToken1, kWriteClosed}});
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
  char buf[64];
  EXPECT_EQ(mio_unix_stream_read(stream.get(), buf, sizeof buf), 0);
#endif
  EXPECT_EQ(mio_unix_stream_write(stream.get(), kData2, kData2Len), -MIO_EPIPE);
  stream.Close();
  server.Join();
}

// mio's unix_stream_shutdown_listener_write.
TEST_F(UnixStreamTest, PeerShutdownWriteGivesReadClosed) {
  TempPath path("unix_stream_shutdown_listener_write");
  Fd listener(RawUnixListener(path.c_str()));
  ASSERT_GE(listener.get(), 0);
  Barrier barrier(2);
  int lfd = listener.get();
  Thread peer([lfd, &barrier] {
    Fd s(mio_test::RawAccept(lfd, false));
    barrier.Wait();
    EXPECT_EQ(shutdown(s.get(), SHUT_WR), 0);
    barrier.Wait();
  });
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), path.c_str()), 0);
  ASSERT_EQ(Reg(&stream, kToken1, kRW), 0);
  ExpectEvents({{kToken1, kWritable}});
  barrier.Wait();
  ExpectEvents({{kToken1, mio_test::kHalfClosed}});
  barrier.Wait();
}

TEST_F(UnixStreamTest, RegisterReadableGivesNoEvents) {
  UnixEchoServer server("unix_stream_register");
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), server.path()), 0);
  ASSERT_EQ(Reg(&stream, kToken1, MIO_INTEREST_READABLE), 0);
  ExpectNoEvents();
  stream.Close();
  server.Join();
}

TEST_F(UnixStreamTest, ReregisterReadableToWritable) {
  UnixEchoServer server("unix_stream_reregister");
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), server.path()), 0);
  ASSERT_EQ(Reg(&stream, kToken1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(mio_registry_reregister(reg_, mio_unix_stream_source(stream.get()),
                                    kToken2, MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kToken2, kWritable}});
  stream.Close();
  server.Join();
}

TEST_F(UnixStreamTest, DeregisterGivesNoEvents) {
  UnixEchoServer server("unix_stream_deregister");
  UnixStream stream;
  ASSERT_EQ(mio_unix_stream_connect(stream.get(), server.path()), 0);
  ASSERT_EQ(Reg(&stream, kToken1, MIO_INTEREST_WRITABLE), 0);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_unix_stream_source(stream.get())),
            0);
  ExpectNoEvents();
  stream.Close();
  server.Join();
}

TEST(UnixStream, RawFdRoundTrip) {
  UnixStream a, b;
  ASSERT_EQ(mio_unix_stream_pair(a.get(), b.get()), 0);
  mio_raw_fd fd1 = mio_unix_stream_as_raw_fd(a.get());
  mio_raw_fd fd2 = mio_unix_stream_into_raw_fd(a.get());
  EXPECT_EQ(fd1, fd2);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(a.get()), MIO_INVALID_RAW_FD);
  UnixStream again;
  ASSERT_EQ(mio_unix_stream_from_raw_fd(again.get(), fd2), 0);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(again.get()), fd1);
  EXPECT_EQ(mio_unix_stream_write(again.get(), "x", 1), 1);
  char c = 0;
  EXPECT_EQ(mio_unix_stream_read(b.get(), &c, 1), 1);
  EXPECT_EQ(c, 'x');
}

// Connecting to a path nobody listens on fails synchronously.
TEST(UnixStream, ConnectToMissingPathFails) {
  TempPath path("unix_stream_missing");
  UnixStream s;
  int rc = mio_unix_stream_connect(s.get(), path.c_str());
  EXPECT_EQ(rc, -MIO_ENOENT) << mio_strerror(rc);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(s.get()), MIO_INVALID_RAW_FD);
}

// Data written before the writer closes is still read, then EOF.
TEST_F(UnixStreamTest, DataWrittenBeforeCloseIsNotLost) {
  UnixStream a, b;
  ASSERT_EQ(mio_unix_stream_pair(a.get(), b.get()), 0);
  ASSERT_EQ(Reg(&b, kToken2, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(mio_unix_stream_write(a.get(), kData1, kData1Len),
            (ptrdiff_t)kData1Len);
  a.Close();
  ExpectEvents({{kToken2, kReadable}});
  char buf[64];
  ptrdiff_t n = mio_unix_stream_read(b.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), kData1);
  EXPECT_EQ(mio_unix_stream_read(b.get(), buf, sizeof buf), 0);
}

}  // namespace
}  // namespace mio_net_test
