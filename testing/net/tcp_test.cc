// Port of mio's tests/tcp.rs (API.md §11.2-§11.3, §14 tcp.rs). Tests that
// mio runs on IPv4 only are run for IPv6 too where the behaviour is the same.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "testing/net/net_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using mio_test::AssertWouldBlock;
using mio_test::kReadable;
using mio_test::kReadClosed;
using mio_test::kWritable;
using mio_test::kWriteClosed;
using TcpListener = Owned<mio_tcp_listener, mio_tcp_listener_close>;
using TcpStream = Owned<mio_tcp_stream, mio_tcp_stream_close>;

constexpr size_t k16MiB = 16 * 1024 * 1024;
constexpr mio_interest kRW = MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE;

class TcpTest : public NetTest {
 protected:
  int Reg(TcpStream* s, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_tcp_stream_source(s->get()), t, i);
  }
  int Reg(TcpListener* l, mio_token t, mio_interest i) {
    return mio_registry_register(reg_, mio_tcp_listener_source(l->get()), t, i);
  }
  // Binds `l` to loopback of `family`, returning the bound address.
  SockAddr Bind(TcpListener* l, int family = AF_INET) {
    SockAddr a = Loopback(family);
    EXPECT_EQ(mio_tcp_listener_bind(l->get(), a.get(), a.len), 0);
    SockAddr bound;
    std::memset(&bound, 0, sizeof bound);
    EXPECT_EQ(mio_tcp_listener_local_addr(l->get(), &bound.storage, &bound.len),
              0);
    return bound;
  }
  // mio's `while events.is_empty() { poll(None) }`, bounded to 10 s.
  void PollUntilAny() {
    for (int i = 0; i < 10 && PollOnce(1000) == 0; i++) {
    }
  }
  // Polls (infinite timeout, as mio; bounded here to 10 s) until an event
  // for `token` arrives; returns its readiness bits (0 on timeout).
  unsigned NextEventFor(mio_token token) {
    const int64_t deadline = mio_test::NowNs() + 10000 * mio_test::kNsPerMs;
    while (mio_test::NowNs() < deadline) {
      PollOnce(100);
      for (size_t j = 0; j < mio_events_len(events_); j++) {
        const mio_event* e = mio_events_get(events_, j);
        if (mio_event_token(e) == token) return mio_test::Readiness(e);
      }
    }
    ADD_FAILURE() << "no event for token " << token << " within 10 s";
    return 0;
  }
};

class TcpFamilyTest : public TcpTest,
                      public ::testing::WithParamInterface<int> {};

INSTANTIATE_TEST_SUITE_P(Families, TcpFamilyTest,
                         ::testing::Values(AF_INET, AF_INET6),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == AF_INET ? "Ipv4" : "Ipv6";
                         });

// mio's accept: one readable event, one accept, then would-block.
TEST_P(TcpFamilyTest, AcceptGivesOneReadableEventThenWouldBlock) {
  TcpListener l;
  SockAddr addr = Bind(&l, GetParam());
  Thread peer([addr] { Fd c(mio_test::RawTcpConnect(addr, false)); });
  ASSERT_EQ(Reg(&l, 1, MIO_INTEREST_READABLE), 0);
  unsigned r = NextEventFor(1);
  EXPECT_TRUE(r & kReadable);
  TcpStream s;
  EXPECT_EQ(mio_tcp_listener_accept(l.get(), s.get(), nullptr, nullptr), 0);
  peer.Join();
  TcpStream none;
  AssertWouldBlock(
      mio_tcp_listener_accept(l.get(), none.get(), nullptr, nullptr));
}

// mio's connect: writable first, readable once the peer closes.
TEST_P(TcpFamilyTest, ConnectWritableFirstThenReadableWhenPeerCloses) {
  Fd listener(mio_test::RawTcpListener(Loopback(GetParam()), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  Barrier close_it(2), closed(2);
  mio_raw_fd lfd = listener.get();
  Thread peer([lfd, &close_it, &closed] {
    Fd s(mio_test::RawAccept(lfd, false));
    close_it.Wait();
    s.Reset();
    closed.Wait();
  });
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 1, kRW), 0);
  EXPECT_TRUE(NextEventFor(1) & kWritable);
  close_it.Wait();
  closed.Wait();
  EXPECT_TRUE(NextEventFor(1) & kReadable);
}

// mio's read: 16 MiB arrive while the reader drains to EAGAIN on each event.
TEST_P(TcpFamilyTest, Read16MiBDrainedAcrossEvents) {
  Fd listener(mio_test::RawTcpListener(Loopback(GetParam()), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  mio_raw_fd lfd = listener.get();
  Thread writer([lfd] {
    Fd s(mio_test::RawAccept(lfd, false));
    std::vector<unsigned char> b(1024);
    for (size_t sent = 0; sent < k16MiB; sent += b.size()) {
      for (size_t i = 0; i < b.size(); i++) b[i] = (sent + i) % 251;
      if (!WriteAll(s.get(), b.data(), b.size())) return;
    }
  });
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 1, MIO_INTEREST_READABLE), 0);

  size_t amt = 0;
  int polls = 0;
  bool in_order = true;
  unsigned char b[1024];
  while (amt < k16MiB && polls < 20000) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 5000 * mio_test::kNsPerMs), 0);
    ASSERT_GT(mio_events_len(events_), 0u) << "stalled after " << amt;
    polls++;
    for (;;) {
      ptrdiff_t n = mio_tcp_stream_read(s.get(), b, sizeof b);
      if (n == -MIO_EAGAIN) break;
      ASSERT_GT(n, 0) << mio_strerror(static_cast<int>(n)) << " at " << amt;
      for (ptrdiff_t i = 0; i < n; i++) {
        in_order &= b[i] == (amt + i) % 251;
      }
      amt += static_cast<size_t>(n);
      if (amt >= k16MiB) break;
    }
  }
  EXPECT_EQ(amt, k16MiB);
  EXPECT_TRUE(in_order) << "data arrived corrupted or out of order";
}

// mio's peek: peek on every event before draining.
TEST_F(TcpTest, Peek16MiBBeforeReads) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  mio_raw_fd lfd = listener.get();
  Thread writer([lfd] {
    Fd s(mio_test::RawAccept(lfd, false));
    std::vector<char> b(1024, 0);
    for (size_t sent = 0; sent < k16MiB; sent += b.size()) {
      if (!WriteAll(s.get(), b.data(), b.size())) return;
    }
  });
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 1, MIO_INTEREST_READABLE), 0);
  size_t amt = 0;
  char b[1024];
  while (amt < k16MiB) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 5000 * mio_test::kNsPerMs), 0);
    ASSERT_GT(mio_events_len(events_), 0u) << "stalled after " << amt;
    ptrdiff_t p = mio_tcp_stream_peek(s.get(), b, sizeof b);
    if (p == -MIO_EAGAIN) continue;
    ASSERT_GT(p, 0) << mio_strerror(static_cast<int>(p));
    for (;;) {
      ptrdiff_t n = mio_tcp_stream_read(s.get(), b, sizeof b);
      if (n == -MIO_EAGAIN) break;
      ASSERT_GT(n, 0);
      amt += static_cast<size_t>(n);
      if (amt >= k16MiB) break;
    }
  }
  EXPECT_EQ(amt, k16MiB);
}

// mio's write: 16 MiB written by draining writable events.
TEST_P(TcpFamilyTest, Write16MiBDrainedAcrossWritableEvents) {
  Fd listener(mio_test::RawTcpListener(Loopback(GetParam()), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  mio_raw_fd lfd = listener.get();
  std::atomic<size_t> received{0};
  Thread reader([lfd, &received] {
    Fd s(mio_test::RawAccept(lfd, false));
    char b[1024];
    size_t amt = 0;
    while (amt < k16MiB) {
      ptrdiff_t n = mio_test::RawRecv(s.get(), b, sizeof b);
      if (n <= 0) break;
      amt += static_cast<size_t>(n);
    }
    received = amt;
  });
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 1, MIO_INTEREST_WRITABLE), 0);
  size_t amt = 0;
  char b[1024] = {0};
  while (amt < k16MiB) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 5000 * mio_test::kNsPerMs), 0);
    ASSERT_GT(mio_events_len(events_), 0u) << "stalled after " << amt;
    for (;;) {
      size_t want = std::min(sizeof b, k16MiB - amt);
      ptrdiff_t n = mio_tcp_stream_write(s.get(), b, want);
      if (n == -MIO_EAGAIN) break;
      ASSERT_GT(n, 0) << mio_strerror(static_cast<int>(n));
      amt += static_cast<size_t>(n);
      if (amt >= k16MiB) break;
    }
  }
  reader.Join();
  EXPECT_EQ(received.load(), k16MiB);
}

TEST_F(TcpTest, ConnectThenCloseGivesNoEventForClosedStream) {
  TcpListener l;
  SockAddr addr = Bind(&l);
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&l, 1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(Reg(&s, 2, MIO_INTEREST_READABLE), 0);
  bool done = false;
  bool accepted = false;
  for (int i = 0; i < 100 && !done; i++) {
    PollOnce(100);
    for (size_t j = 0; j < mio_events_len(events_); j++) {
      mio_token t = mio_event_token(mio_events_get(events_, j));
      EXPECT_NE(t, 3u) << "event for a closed stream";
      if (t == 1 && !accepted) {
        TcpStream a;
        ASSERT_EQ(mio_tcp_listener_accept(l.get(), a.get(), nullptr, nullptr),
                  0);
        ASSERT_EQ(Reg(&a, 3, kRW), 0);
        accepted = true;
        // `a` is closed here while registered.
      } else if (t == 2) {
        done = true;
      }
    }
  }
  EXPECT_TRUE(done) << "the client never saw the server close";
  // Nothing for token 3 afterwards either.
  PollOnce(100);
  for (size_t j = 0; j < mio_events_len(events_); j++) {
    EXPECT_NE(mio_event_token(mio_events_get(events_, j)), 3u);
  }
}

TEST_F(TcpTest, ListenThenCloseGivesNoEvent) {
  TcpListener l;
  Bind(&l);
  ASSERT_EQ(Reg(&l, 1, MIO_INTEREST_READABLE), 0);
  l.Close();
  PollOnce(100);
  for (size_t j = 0; j < mio_events_len(events_); j++) {
    EXPECT_NE(mio_event_token(mio_events_get(events_, j)), 1u)
        << "readiness reported for a closed listener";
  }
}

TEST(Tcp, BindTwiceFails) {
  TcpListener l1, l2;
  SockAddr a = mio_test::LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(l1.get(), a.get(), a.len), 0);
  SockAddr bound;
  ASSERT_EQ(mio_tcp_listener_local_addr(l1.get(), &bound.storage, &bound.len),
            0);
  EXPECT_LT(mio_tcp_listener_bind(l2.get(), bound.get(), bound.len), 0);
}

TEST_F(TcpTest, MultipleWritesImmediateSuccess) {
  constexpr int kN = 16;
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  mio_raw_fd lfd = listener.get();
  std::atomic<bool> all_ones{true};
  std::atomic<size_t> got{0};
  Thread reader([lfd, &all_ones, &got] {
    Fd s(mio_test::RawAccept(lfd, false));
    char b[1024];
    size_t amt = 0;
    while (amt < 1024 * kN) {
      ptrdiff_t n = mio_test::RawRecv(s.get(), b, sizeof b);
      if (n <= 0) break;
      for (ptrdiff_t i = 0; i < n; i++) all_ones = all_ones && b[i] == 1;
      amt += static_cast<size_t>(n);
    }
    got = amt;
  });
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 1, MIO_INTEREST_WRITABLE), 0);
  ASSERT_TRUE(WaitFor(1, kWritable));
  char ones[1024];
  std::memset(ones, 1, sizeof ones);
  for (int i = 0; i < kN; i++) {
    EXPECT_EQ(mio_tcp_stream_write(s.get(), ones, sizeof ones),
              static_cast<ptrdiff_t>(sizeof ones));
  }
  reader.Join();
  EXPECT_EQ(got.load(), 1024u * kN);
  EXPECT_TRUE(all_ones.load());
}

// mio's connection_reset_by_peer: the client (from a raw fd) closes with
// SO_LINGER 0; the accepted side sees readable, and read is 0 or an error.
TEST_F(TcpTest, ConnectionResetByPeer) {
  TcpListener l;
  SockAddr addr = Bind(&l);
  mio_raw_fd raw = mio_test::RawTcpConnect(addr, /*nonblocking=*/false);
  ASSERT_NE(raw, MIO_INVALID_RAW_FD);
  ASSERT_TRUE(SetLingerZero(raw));
  ASSERT_TRUE(mio_test::SetNonBlocking(raw));
  TcpStream client;
  ASSERT_EQ(mio_tcp_stream_from_raw_fd(client.get(), raw), 0);
  ASSERT_EQ(Reg(&l, 0, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(Reg(&client, 1, kRW), 0);

  TcpStream server;
  int rc = -MIO_EAGAIN;
  for (int i = 0; i < 100 && rc == -MIO_EAGAIN; i++) {
    if (!(NextEventFor(0) & kReadable)) continue;
    rc = mio_tcp_listener_accept(l.get(), server.get(), nullptr, nullptr);
  }
  ASSERT_EQ(rc, 0) << mio_strerror(rc);

  client.Close();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(Reg(&server, 3, MIO_INTEREST_READABLE), 0);
  EXPECT_TRUE(NextEventFor(3) & kReadable);
  char buf[16];
  ptrdiff_t n = mio_tcp_stream_read(server.get(), buf, sizeof buf);
  EXPECT_LE(n, 0) << "expected EOF or an error after a reset";
}

// mio's connect_error: a connect to a port nobody listens on.
TEST_F(TcpTest, ConnectToUnusedPortReportsError) {
  // A port that was just free: bind a listener, note its port, close it.
  SockAddr addr;
  {
    TcpListener tmp;
    addr = Bind(&tmp);
  }
  TcpStream s;
  int rc = mio_tcp_stream_connect(s.get(), addr.get(), addr.len);
  if (rc == -MIO_ECONNREFUSED) {
    // Synchronous failure is allowed (API.md §11.3); the object is closed.
    EXPECT_EQ(mio_tcp_stream_as_raw_fd(s.get()), MIO_INVALID_RAW_FD);
    return;
  }
  ASSERT_EQ(rc, 0) << mio_strerror(rc);
  ASSERT_EQ(Reg(&s, 0, MIO_INTEREST_WRITABLE), 0);
  unsigned r = NextEventFor(0);
  EXPECT_TRUE(r & kWritable) << mio_test::ReadinessName(r);
#if !defined(__sun) && !defined(__CYGWIN__)
  EXPECT_TRUE(r & kWriteClosed) << mio_test::ReadinessName(r);
#endif
  int err = 0;
  ASSERT_EQ(mio_tcp_stream_take_error(s.get(), &err), 0);
  EXPECT_EQ(err, -MIO_ECONNREFUSED) << mio_strerror(err);
  ExpectNoEvents();
}

// mio's write_error: writes after the peer closed end in an error (the
// process must not die of SIGPIPE).
TEST_F(TcpTest, WriteAfterPeerClosedFailsWithoutSigpipe) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&s, 0, kRW), 0);
  ASSERT_TRUE(WaitFor(0, kWritable));
  { Fd conn(mio_test::RawAccept(listener.get(), false)); }
  char buf[1024] = {0};
  ptrdiff_t n = 0;
  for (int i = 0; i < 100000; i++) {
    n = mio_tcp_stream_write(s.get(), buf, sizeof buf);
    if (n == -MIO_EAGAIN) {
      ASSERT_TRUE(WaitFor(0, kWritable));
    } else if (n < 0) {
      break;
    }
  }
  EXPECT_TRUE(n == -MIO_EPIPE || n == -MIO_ECONNRESET)
      << n << " " << mio_strerror(static_cast<int>(n));
}

// mio's write_shutdown: no closed flags until the peer shuts down its write
// half; then readable with read_closed.
TEST_F(TcpTest, PeerShutdownWriteGivesReadableWithReadClosed) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  TcpStream client;
  ASSERT_EQ(mio_tcp_stream_connect(client.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&client, 0, kRW), 0);
  Fd server(mio_test::RawAccept(listener.get(), false));

  unsigned r = NextEventFor(0);
  EXPECT_TRUE(r & kWritable);
  EXPECT_FALSE(r & (kReadClosed | kWriteClosed)) << mio_test::ReadinessName(r);
  EXPECT_EQ(PollOnce(100), 0u) << mio_test::FormatEvents(events_);

  ASSERT_EQ(mio_test::RawShutdownWrite(server.get()), 0);
  r = NextEventFor(0);
  EXPECT_TRUE(r & kReadable) << mio_test::ReadinessName(r);
  // read_closed is reported where the backend sees HUP/RDHUP (epoll and
  // poll(2) on Linux, kqueue EV_EOF; not portable poll(2): kHalfClosed).
  EXPECT_EQ(r & mio_test::kHalfClosed, mio_test::kHalfClosed)
      << mio_test::ReadinessName(r);
}

// mio's local_addr_ready: addresses are available inside event handlers.
TEST_F(TcpTest, LocalAndPeerAddrValidInHandlers) {
  constexpr mio_token kListen = 0, kClient = 1, kServer = 2;
  TcpListener l;
  SockAddr addr = Bind(&l);
  ASSERT_EQ(Reg(&l, kListen, MIO_INTEREST_READABLE), 0);
  TcpStream client;
  ASSERT_EQ(mio_tcp_stream_connect(client.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&client, kClient, MIO_INTEREST_READABLE), 0);
  TcpStream accepted;
  bool done = false;
  sockaddr_storage a;
  socklen_t alen;
  for (int i = 0; i < 100 && !done; i++) {
    PollOnce(100);
    for (size_t j = 0; j < mio_events_len(events_); j++) {
      switch (mio_event_token(mio_events_get(events_, j))) {
        case kListen:
          ASSERT_EQ(mio_tcp_listener_accept(l.get(), accepted.get(), nullptr,
                                            nullptr),
                    0);
          ASSERT_EQ(Reg(&accepted, kServer, MIO_INTEREST_WRITABLE), 0);
          break;
        case kServer:
          EXPECT_EQ(mio_tcp_stream_peer_addr(accepted.get(), &a, &alen), 0);
          EXPECT_EQ(mio_tcp_stream_local_addr(accepted.get(), &a, &alen), 0);
          EXPECT_EQ(mio_tcp_stream_write(accepted.get(), "\1\2\3", 3), 3);
          accepted.Close();
          break;
        case kClient:
          EXPECT_EQ(mio_tcp_stream_peer_addr(client.get(), &a, &alen), 0);
          EXPECT_EQ(mio_tcp_stream_local_addr(client.get(), &a, &alen), 0);
          done = true;
          break;
        default:
          ADD_FAILURE() << "unexpected token";
      }
    }
  }
  EXPECT_TRUE(done);
}

// mio's write_then_drop / write_then_deregister: data written before the
// writer is closed (or deregistered) is still delivered.
class TcpWriteThenTest : public TcpTest,
                         public ::testing::WithParamInterface<bool> {};

INSTANTIATE_TEST_SUITE_P(CloseOrDeregister, TcpWriteThenTest,
                         ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Close" : "Deregister";
                         });

TEST_P(TcpWriteThenTest, DataWrittenBeforeIsNotLost) {
  const bool close_writer = GetParam();
  TcpListener a;
  SockAddr addr = Bind(&a);
  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&a, 1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(Reg(&s, 3, MIO_INTEREST_READABLE), 0);

  PollUntilAny();
  ASSERT_EQ(mio_events_len(events_), 1u) << mio_test::FormatEvents(events_);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 1u);

  TcpStream s2;
  ASSERT_EQ(mio_tcp_listener_accept(a.get(), s2.get(), nullptr, nullptr), 0);
  ASSERT_EQ(Reg(&s2, 2, MIO_INTEREST_WRITABLE), 0);
  PollUntilAny();
  ASSERT_EQ(mio_events_len(events_), 1u) << mio_test::FormatEvents(events_);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 2u);

  ASSERT_EQ(mio_tcp_stream_write(s2.get(), "\1\2\3\4", 4), 4);
  if (close_writer) {
    s2.Close();
  } else {
    ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_stream_source(s2.get())),
              0);
  }
  ASSERT_EQ(mio_registry_reregister(reg_, mio_tcp_stream_source(s.get()), 3,
                                    MIO_INTEREST_READABLE),
            0);
  PollUntilAny();
  ASSERT_EQ(mio_events_len(events_), 1u) << mio_test::FormatEvents(events_);
  EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 3u);
  char buf[10];
  ptrdiff_t n = mio_tcp_stream_read(s.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), std::string("\1\2\3\4"));
}

// mio's tcp_no_events_after_deregister.
TEST_F(TcpTest, NoEventsAfterDeregisteringAllButDataFlows) {
  TcpListener l;
  SockAddr addr = Bind(&l);
  TcpStream stream;
  ASSERT_EQ(mio_tcp_stream_connect(stream.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(Reg(&l, 1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(Reg(&stream, 3, MIO_INTEREST_READABLE), 0);
  ExpectEvents({{1, kReadable}});

  TcpStream stream2;
  sockaddr_storage peer;
  socklen_t peer_len;
  ASSERT_EQ(mio_tcp_listener_accept(l.get(), stream2.get(), &peer, &peer_len),
            0);
  EXPECT_TRUE(IsLoopback(peer));
  sockaddr_storage got;
  socklen_t got_len;
  ASSERT_EQ(mio_tcp_stream_peer_addr(stream2.get(), &got, &got_len), 0);
  EXPECT_TRUE(SameAddr(got, peer));
  ASSERT_EQ(mio_tcp_stream_local_addr(stream2.get(), &got, &got_len), 0);
  EXPECT_TRUE(SameAddr(got, addr.storage));

  ASSERT_EQ(Reg(&stream2, 2, MIO_INTEREST_WRITABLE), 0);
  ExpectEvents({{2, kWritable}});
  ASSERT_EQ(mio_tcp_stream_write(stream2.get(), "\1\2\3\4", 4), 4);
  ExpectEvents({{3, kReadable}});

  ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_listener_source(l.get())), 0);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_stream_source(stream.get())),
            0);
  ASSERT_EQ(mio_registry_deregister(reg_, mio_tcp_stream_source(stream2.get())),
            0);
  ExpectNoEvents();

  char buf[10];
  ptrdiff_t n = mio_tcp_stream_read(stream.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), std::string("\1\2\3\4"));
  ASSERT_EQ(mio_tcp_stream_write(stream2.get(), "\1\2\3\4", 4), 4);
  ExpectNoEvents();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  n = mio_tcp_stream_read(stream.get(), buf, sizeof buf);
  EXPECT_EQ(Str(buf, n), std::string("\1\2\3\4"));
  ExpectNoEvents();
}

}  // namespace
}  // namespace mio_net_test
