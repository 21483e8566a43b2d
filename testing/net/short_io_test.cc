// mio_poll_short_io_ends_drain (issue 15; contract in mio/core/poll.h and
// docs/readiness-model.md): on a backend that claims it, a short read or
// write on a stream socket ends the drain, so an event MUST follow new data,
// EOF, or freed send space without any read/write returning -MIO_EAGAIN.
// Each test fails if a claiming backend loses that edge; on a backend that
// does not claim it, the same sequence is finished the portable way (until
// -MIO_EAGAIN) and the event must follow too. tools/test runs this suite on
// every backend configuration (epoll, poll(2), io_uring).
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace {

using mio_test::ExpectEvents;
using mio_test::kReadable;
using mio_test::kWritable;

constexpr mio_token kToken = 7;
constexpr int kRounds = 50;

// A registered stream socket `s` and its raw peer, over TCP or a Unix
// socketpair.
class ShortIo : public ::testing::TestWithParam<bool /* tcp */> {
 protected:
  void SetUp() override {
    ASSERT_EQ(mio_poll_new(&poll_), 0);
    ASSERT_EQ(mio_events_new(&events_, 16), 0);
    claims_ = mio_poll_short_io_ends_drain(poll_);
    printf("backend %s: short_io_ends_drain %s\n",
           mio_backend_name(mio_poll_backend(poll_)),
           claims_ ? "true" : "false");
    if (GetParam()) {
      MakeTcp();
    } else {
      int sv[2];
      ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
      ASSERT_EQ(mio_unix_stream_from_raw_fd(&unix_, sv[0]), 0);
      peer_ = sv[1];
    }
  }
  void TearDown() override {
    mio_tcp_stream_close(&tcp_);
    mio_unix_stream_close(&unix_);
    if (peer_ >= 0) close(peer_);
    mio_events_free(events_);
    mio_poll_free(poll_);
  }

  void MakeTcp() {
    mio_test::SockAddr bound;
    mio_raw_fd l = mio_test::RawTcpListener(mio_test::LoopbackV4(), &bound);
    ASSERT_NE(l, MIO_INVALID_RAW_FD);
    mio_raw_fd c = mio_test::RawTcpConnect(bound, /*nonblocking=*/false);
    mio_raw_fd a = mio_test::RawAccept(l);
    mio_test::RawClose(l);
    ASSERT_NE(c, MIO_INVALID_RAW_FD);
    ASSERT_NE(a, MIO_INVALID_RAW_FD);
    ASSERT_EQ(mio_tcp_stream_from_raw_fd(&tcp_, a), 0);
    ASSERT_EQ(mio_tcp_stream_set_nodelay(&tcp_, true), 0);
    ASSERT_TRUE(mio_test::SetNonBlocking(c));
    int one = 1;
    ASSERT_EQ(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), 0);
    peer_ = c;
  }

  mio_source *source() {
    return GetParam() ? mio_tcp_stream_source(&tcp_)
                      : mio_unix_stream_source(&unix_);
  }
  ptrdiff_t Read(void *buf, size_t len) {
    return GetParam() ? mio_tcp_stream_read(&tcp_, buf, len)
                      : mio_unix_stream_read(&unix_, buf, len);
  }
  ptrdiff_t Write(const void *buf, size_t len) {
    return GetParam() ? mio_tcp_stream_write(&tcp_, buf, len)
                      : mio_unix_stream_write(&unix_, buf, len);
  }
  void Register(mio_interest interest) {
    ASSERT_EQ(mio_registry_register(mio_poll_registry(poll_), source(), kToken,
                                    interest),
              0);
  }
  void PeerSend(size_t n) {
    std::vector<char> data(n, 'x');
    ASSERT_EQ(send(peer_, data.data(), n, MSG_NOSIGNAL), (ssize_t)n);
  }
  // Reads what the peer sent; the read is short (the buffer is larger).
  // Where the backend does not claim the property, finishes the drain the
  // portable way.
  void ReadShort(size_t expect) {
    char buf[4096];
    ptrdiff_t n = Read(buf, sizeof buf);
    ASSERT_EQ(n, (ptrdiff_t)expect);
    if (!claims_) mio_test::AssertWouldBlock(Read(buf, sizeof buf));
  }
  // Empties the peer's receive side (blocking in small steps).
  void PeerDrain() {
    char buf[65536];
    while (recv(peer_, buf, sizeof buf, MSG_DONTWAIT) > 0) {
    }
  }

  mio_poll *poll_ = nullptr;
  mio_events *events_ = nullptr;
  mio_tcp_stream tcp_ = MIO_OBJECT_INIT;
  mio_unix_stream unix_ = MIO_OBJECT_INIT;
  int peer_ = -1;
  bool claims_ = false;
};

// mio_tcp_stream_read/mio_unix_stream_read: after a short read, the next
// arrival produces a readable event (no -MIO_EAGAIN seen in between).
TEST_P(ShortIo, ReadableEventAfterShortRead) {
  Register(MIO_INTEREST_READABLE);
  for (int round = 0; round < kRounds; round++) {
    PeerSend(10 + round);
    ExpectEvents(poll_, events_, {{kToken, kReadable}});
    ASSERT_NO_FATAL_FAILURE(ReadShort(10 + round));
  }
  PeerSend(3);
  ExpectEvents(poll_, events_, {{kToken, kReadable}});
  ASSERT_NO_FATAL_FAILURE(ReadShort(3));
}

// The end of stream after a short read is an event too (read returns 0).
TEST_P(ShortIo, ReadableEventForEofAfterShortRead) {
  Register(MIO_INTEREST_READABLE);
  PeerSend(5);
  ExpectEvents(poll_, events_, {{kToken, kReadable}});
  ASSERT_NO_FATAL_FAILURE(ReadShort(5));
  ASSERT_EQ(shutdown(peer_, SHUT_WR), 0);
  ExpectEvents(poll_, events_, {{kToken, kReadable}});
  char buf[16];
  EXPECT_EQ(Read(buf, sizeof buf), 0);
}

// mio_*_stream_write: after a write that takes less than offered (the send
// buffer filled up), the peer reading everything produces a writable event.
TEST_P(ShortIo, WritableEventAfterShortWrite) {
  Register(MIO_INTEREST_WRITABLE);
  ExpectEvents(poll_, events_, {{kToken, kWritable}});
  std::vector<char> big(1 << 20, 'y');
  for (int round = 0; round < 3; round++) {
    ptrdiff_t w;
    while ((w = Write(big.data(), big.size())) == (ptrdiff_t)big.size()) {
    }
    // Short (the send buffer filled mid-write) or, rarely, exactly full.
    ASSERT_TRUE(w >= 0 || w == -MIO_EAGAIN) << mio_strerror((int)w);
    if (w >= 0 && !claims_) {
      while ((w = Write(big.data(), big.size())) >= 0) {
      }
      mio_test::AssertWouldBlock(w);
    }
    PeerDrain();
    ExpectEvents(poll_, events_, {{kToken, kWritable}});
  }
}

INSTANTIATE_TEST_SUITE_P(StreamSockets, ShortIo, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool> &info) {
                           return info.param ? "Tcp" : "Unix";
                         });

// The claim is what poll.h's table says for each backend.
TEST(ShortIoClaim, MatchesBackend) {
  mio_poll *poll = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  switch (mio_poll_backend(poll)) {
    case MIO_BACKEND_EPOLL:
    case MIO_BACKEND_IO_URING:
    case MIO_BACKEND_KQUEUE:
      EXPECT_TRUE(mio_poll_short_io_ends_drain(poll));
      break;
    default:
      EXPECT_FALSE(mio_poll_short_io_ends_drain(poll));
  }
  EXPECT_FALSE(mio_poll_short_io_ends_drain(nullptr));
  mio_poll_free(poll);
}

}  // namespace
