// Port of mio's tests/regressions.rs (issues 776 and 1205; 1403 needs Unix
// datagrams and lives with the net suites) and poll.rs's
// drop_cancels_interest_and_shuts_down, which is the same scenario as 776.
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_token kId1 = 1;
constexpr mio_token kWakeToken = 10;

// Registers a connecting stream R|W, waits for its first event, checks that
// read is -MIO_EAGAIN, then closes it; the peer thread must see EOF (read 0)
// within 5 s rather than hang.
void ConnectReadWouldBlockThenCloseGivesPeerEof() {
  SockAddr addr;
  mio_raw_fd lfd = RawTcpListener(LoopbackV4(), &addr, /*nonblocking=*/false);
  ASSERT_NE(lfd, MIO_INVALID_RAW_FD);
  ptrdiff_t peer_read = -2;
  std::thread peer([&] {
    mio_raw_fd s = RawAccept(lfd, /*nonblocking=*/false);
    if (s == MIO_INVALID_RAW_FD) return;
    char buf[16];
    if (WaitReadable(s, 5000)) peer_read = RawRecv(s, buf, sizeof buf);
    RawClose(s);
  });

  mio_poll* p = nullptr;
  mio_events* ev = nullptr;
  // A lambda so that a failed ASSERT still reaches the join below.
  [&] {
    ASSERT_EQ(mio_poll_new(&p), 0);
    ASSERT_EQ(mio_events_new(&ev, 16), 0);
    IoSource stream(RawTcpConnect(addr));
    ASSERT_EQ(mio_registry_register(mio_poll_registry(p), stream.source(), kId1,
                                    mio_interest_add(MIO_INTEREST_READABLE,
                                                     MIO_INTEREST_WRITABLE)),
              0);
    bool connected = false;
    for (int i = 0; i < 50 && !connected; i++) {
      ASSERT_EQ(mio_poll_poll(p, ev, 5000 * kNsPerMs), 0);
      for (size_t j = 0; j < mio_events_len(ev); j++) {
        connected |= mio_event_token(mio_events_get(ev, j)) == kId1;
      }
    }
    ASSERT_TRUE(connected);
    char buf[1024];
    AssertWouldBlock(stream.Read(buf, sizeof buf));
    EXPECT_EQ(stream.Close(), 0);
  }();
  peer.join();
  RawClose(lfd);
  EXPECT_EQ(peer_read, 0) << "peer did not see EOF";
  mio_events_free(ev);
  mio_poll_free(p);
}

TEST(Regressions, Issue776) { ConnectReadWouldBlockThenCloseGivesPeerEof(); }

TEST(Poll, DropCancelsInterestAndShutsDown) {
  ConnectReadWouldBlockThenCloseGivesPeerEof();
}

// A deregistered listener with a pending connection must not be reported:
// the infinite poll returns exactly the waker's event.
TEST(Regressions, Issue1205) {
  mio_poll* p = nullptr;
  mio_events* ev = nullptr;
  ASSERT_EQ(mio_poll_new(&p), 0);
  ASSERT_EQ(mio_events_new(&ev, 16), 0);
  const mio_registry* r = mio_poll_registry(p);
  mio_waker* waker = nullptr;
  ASSERT_EQ(mio_waker_new(r, kWakeToken, &waker), 0);

  TcpListener l;
  ASSERT_EQ(
      mio_registry_register(r, l.io.source(), kId1, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(mio_poll_poll(p, ev, 0), 0);
  EXPECT_EQ(mio_events_len(ev), 0u) << FormatEvents(ev);

  IoSource stream(RawTcpConnect(l.addr));
  ASSERT_EQ(mio_registry_deregister(r, l.io.source()), 0);

  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(mio_waker_wake(waker), 0);
  });
  ASSERT_EQ(mio_poll_poll(p, ev, MIO_TIMEOUT_INFINITE), 0);
  t.join();
  ASSERT_EQ(mio_events_len(ev), 1u) << FormatEvents(ev);
  const mio_event* e = mio_events_get(ev, 0);
  EXPECT_TRUE(mio_event_is_readable(e));
  EXPECT_EQ(mio_event_token(e), kWakeToken);

  mio_waker_free(waker);
  mio_events_free(ev);
  mio_poll_free(p);
}

}  // namespace
}  // namespace mio_test
