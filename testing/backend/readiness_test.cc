// Edge-triggered readiness (API.md §8) and the readiness kinds (§5) on
// loopback TCP: one event per edge, no repeat without new data, re-arming
// after would-block, read/write closed, error, priority.
#include <chrono>
#include <thread>

#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Readiness : public BackendTest {};
MIO_TEST_EVERY_BACKEND(Readiness);

constexpr mio_token kToken = 5;

// Sends `n` bytes from `from` and waits until `to` can read them.
void Send(const IoSource& from, const IoSource& to, size_t n) {
  std::string data(n, 'd');
  ASSERT_TRUE(SendAll(from.fd(), data.data(), data.size()));
  ASSERT_TRUE(WaitReadable(to.fd(), 5000));
}

TEST_P(Readiness, OneEventPerEdgeAndNoRepeatWithoutNewData) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), kToken,
                                  MIO_INTEREST_READABLE),
            0);
  Send(p.client, p.server, 100);
  std::vector<Seen> seen = PollUntilSeen({kToken});
  EXPECT_EQ(For(seen, kToken).size(), 1u);
  ExpectNoEvents();  // nothing read: the same readiness is not reported again
  char buf[10];
  ASSERT_EQ(p.server.Read(buf, sizeof buf), 10);  // partial: no would-block
  ExpectNoEvents();
}

// After a read hit would-block (do_io re-arms), new data is one new event;
// several rounds, so a backend that re-arms only once is caught too.
TEST_P(Readiness, ReadableAgainAfterWouldBlock) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), kToken,
                                  MIO_INTEREST_READABLE),
            0);
  for (int round = 0; round < 3; round++) {
    SCOPED_TRACE("round " + std::to_string(round));
    Send(p.client, p.server, 10);
    std::vector<Seen> seen = PollUntilSeen({kToken});
    ASSERT_EQ(For(seen, kToken).size(), 1u);
    EXPECT_EQ(DrainSource(p.server), 10);  // ends with would-block
    ExpectNoEvents();
  }
}

// Write until would-block; once the peer drains, writable comes back.
TEST_P(Readiness, WritableAgainAfterWouldBlock) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.client.source(), kToken,
                                  MIO_INTEREST_WRITABLE),
            0);
  std::vector<Seen> seen = PollUntilSeen({kToken});
  ASSERT_EQ(For(seen, kToken).size(), 1u);
  std::string chunk(64 * 1024, 'w');
  size_t written = 0;
  for (;;) {
    ptrdiff_t n = p.client.Write(chunk.data(), chunk.size());
    if (n == -MIO_EAGAIN) break;
    ASSERT_GT(n, 0) << mio_strerror(static_cast<int>(n));
    written += static_cast<size_t>(n);
    ASSERT_LT(written, size_t{256} << 20) << "never would-block";
  }
  ExpectNoEvents();
  std::string buf(64 * 1024, 0);
  for (size_t got = 0; got < written;) {
    ASSERT_TRUE(WaitReadable(p.server.fd(), 5000));
    ptrdiff_t n = RawRecv(p.server.fd(), &buf[0], buf.size());
    if (n == -MIO_EAGAIN) continue;
    ASSERT_GT(n, 0) << mio_strerror(static_cast<int>(n));
    got += static_cast<size_t>(n);
  }
  seen = PollUntilSeen({kToken});
  ASSERT_FALSE(For(seen, kToken).empty());
  EXPECT_TRUE(For(seen, kToken)[0].readiness & kWritable);
}

TEST_P(Readiness, PeerShutdownIsReadClosed) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), kToken,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  ASSERT_EQ(RawShutdownWrite(p.client.fd()), 0);
  std::vector<Seen> seen = PollUntilSeen({kToken});
  ASSERT_EQ(For(seen, kToken).size(), 1u);
  unsigned r = For(seen, kToken)[0].readiness;
  EXPECT_TRUE(r & kReadable) << ReadinessName(r);
  // read_closed where the backend has a half-close bit (not portable poll(2):
  // mio_test::kHalfClosed).
  EXPECT_EQ(r & mio_test::kHalfClosed, mio_test::kHalfClosed)
      << ReadinessName(r);
  EXPECT_FALSE(r & kWriteClosed) << ReadinessName(r);  // no false positive
  char c;
  EXPECT_EQ(p.server.Read(&c, 1), 0);  // EOF
}

// A reset by the peer closes both directions.
TEST_P(Readiness, PeerResetIsReadAndWriteClosed) {
  TcpPair p;
  ASSERT_EQ(
      mio_registry_register(registry(), p.server.source(), kToken,
                            MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
      0);
  std::vector<Seen> seen = PollUntilSeen({kToken});  // writable at once
  ASSERT_FALSE(For(seen, kToken).empty());
  struct linger lg = {1, 0};  // close sends RST
  ASSERT_EQ(setsockopt(p.client.fd(), SOL_SOCKET, SO_LINGER,
                       reinterpret_cast<const char*>(&lg), sizeof lg),
            0);
  ASSERT_EQ(p.client.Close(), 0);
  bool read_closed = false, write_closed = false;
  for (int i = 0; i < 10 && !(read_closed && write_closed); i++) {
    seen.clear();
    ASSERT_EQ(PollInto(500 * kNsPerMs, &seen), 0);
    for (const Seen& s : For(seen, kToken)) {
      read_closed |= (s.readiness & kReadClosed) != 0;
      write_closed |= (s.readiness & kWriteClosed) != 0;
    }
  }
  EXPECT_TRUE(read_closed);
  EXPECT_TRUE(write_closed);
}

// A refused connect reports an error.
TEST_P(Readiness, RefusedConnectIsError) {
  SockAddr closed;
  mio_raw_fd l = RawTcpListener(LoopbackV4(), &closed);
  ASSERT_NE(l, MIO_INVALID_RAW_FD);
  RawClose(l);  // nothing listens on `closed` now
  mio_tcp_stream s = MIO_OBJECT_INIT;
  int rc = mio_tcp_stream_connect(&s, closed.get(), closed.len);
  if (rc == -MIO_ECONNREFUSED) {
    GTEST_SKIP() << "the connect was refused synchronously: no event to see";
  }
  ASSERT_EQ(rc, 0) << mio_strerror(rc);
  ASSERT_EQ(
      mio_registry_register(registry(), mio_tcp_stream_source(&s), kToken,
                            MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
      0);
  bool error = false;
  // Windows retries a refused SYN for about 2 s; Linux answers at once.
  for (int i = 0; i < 10 && !error; i++) {
    std::vector<Seen> seen;
    ASSERT_EQ(PollInto(500 * kNsPerMs, &seen), 0);
    for (const Seen& e : For(seen, kToken)) {
      error |= (e.readiness & kError) != 0;
    }
  }
  EXPECT_TRUE(error);
  EXPECT_EQ(mio_tcp_stream_close(&s), 0);
}

// TCP urgent data (MSG_OOB) is priority where the interest exists.
TEST_P(Readiness, OutOfBandDataIsPriority) {
  if (!MIO_HAS_INTEREST_PRIORITY) {
    GTEST_SKIP() << "MIO_INTEREST_PRIORITY does not exist on this platform "
                    "(MIO_HAS_INTEREST_PRIORITY == 0, as mio)";
  }
  TcpPair p;
  ASSERT_EQ(
      mio_registry_register(registry(), p.server.source(), kToken,
                            MIO_INTEREST_READABLE | MIO_INTEREST_PRIORITY),
      0);
  ExpectNoEvents();
  ASSERT_EQ(send(p.client.fd(), "!", 1, MSG_OOB), 1);
  bool priority = false;
  for (int i = 0; i < 3 && !priority; i++) {
    std::vector<Seen> seen;
    ASSERT_EQ(PollInto(500 * kNsPerMs, &seen), 0);
    for (const Seen& e : For(seen, kToken)) {
      priority |= (e.readiness & kPriority) != 0;
    }
  }
  EXPECT_TRUE(priority);
}

}  // namespace
}  // namespace mio_test
