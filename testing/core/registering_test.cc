// Port of mio's tests/registering.rs (API.md §4, §7.5, §14 registering.rs).
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_token kServer = 0;
constexpr mio_token kClient = 1;

using Registering = PollTest;

// mio's register_deregister: accept and write on the server's event, switch
// the client from READABLE to WRITABLE on its event, deregister both on the
// writable event; afterwards nothing is reported.
TEST_F(Registering, AcceptReregisterDeregisterStateMachine) {
  TcpListener server;
  ASSERT_EQ(mio_registry_register(registry(), server.io.source(), kServer,
                                  MIO_INTEREST_READABLE),
            0);
  IoSource client(RawTcpConnect(server.addr));
  ASSERT_EQ(mio_registry_register(registry(), client.source(), kClient,
                                  MIO_INTEREST_READABLE),
            0);
  int state = 0;
  for (int round = 0; round < 50 && state != 2; round++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 5000 * kNsPerMs), 0);
    ASSERT_FALSE(mio_events_is_empty(events_))
        << "timed out in state " << state;
    const mio_event* e = mio_events_get(events_, 0);
    mio_token token = mio_event_token(e);
    if (mio_event_is_readable(e)) {
      if (token == kServer) {
        ptrdiff_t fd = server.io.Accept();
        ASSERT_GE(fd, 0) << mio_strerror(static_cast<int>(fd));
        ptrdiff_t n = RawSend(static_cast<mio_raw_fd>(fd), "foobar", 6);
        EXPECT_TRUE(n == 6 || n == -MIO_EAGAIN);
        RawClose(static_cast<mio_raw_fd>(fd));
      } else {
        ASSERT_EQ(token, kClient);
        ASSERT_EQ(state, 0);
        state = 1;
        ASSERT_EQ(mio_registry_reregister(registry(), client.source(), kClient,
                                          MIO_INTEREST_WRITABLE),
                  0);
      }
    }
    if (mio_event_is_writable(e)) {
      ASSERT_EQ(token, kClient);
      ASSERT_EQ(state, 1);
      state = 2;
      ASSERT_EQ(mio_registry_deregister(registry(), client.source()), 0);
      ASSERT_EQ(mio_registry_deregister(registry(), server.io.source()), 0);
    }
  }
  ASSERT_EQ(state, 2);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
}

TEST_F(Registering, ReregisterDifferentInterestWithoutPoll) {
  TcpListener l;
  ASSERT_EQ(mio_registry_register(registry(), l.io.source(), 0,
                                  MIO_INTEREST_READABLE),
            0);
  IoSource s1(RawTcpConnect(l.addr));
  ASSERT_EQ(
      mio_registry_register(registry(), s1.source(), 2, MIO_INTEREST_READABLE),
      0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(mio_registry_reregister(registry(), l.io.source(), 0,
                                    MIO_INTEREST_WRITABLE),
            0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 200 * kNsPerMs), 0);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
}

// §7.5 is pinned for all build modes (mio checks it in debug builds only).
TEST_F(Registering, TcpRegisterWithSecondPollIsEexist) {
  mio_interest rw =
      mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE);
  mio_poll* poll2 = nullptr;
  ASSERT_EQ(mio_poll_new(&poll2), 0);
  const mio_registry* r2 = mio_poll_registry(poll2);

  TcpListener l;
  ASSERT_EQ(mio_registry_register(registry(), l.io.source(), 0, rw), 0);
  EXPECT_EQ(mio_registry_register(r2, l.io.source(), 0, rw), -MIO_EEXIST);

  IoSource stream(RawTcpConnect(l.addr));
  ASSERT_EQ(mio_registry_register(registry(), stream.source(), 1, rw), 0);
  EXPECT_EQ(mio_registry_register(r2, stream.source(), 1, rw), -MIO_EEXIST);
  mio_poll_free(poll2);
}

TEST_F(Registering, UdpRegisterWithSecondPollIsEexist) {
  mio_interest rw =
      mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE);
  mio_poll* poll2 = nullptr;
  ASSERT_EQ(mio_poll_new(&poll2), 0);
  IoSource udp(RawUdpSocket(LoopbackV4(), nullptr));
  ASSERT_EQ(mio_registry_register(registry(), udp.source(), 0, rw), 0);
  EXPECT_EQ(
      mio_registry_register(mio_poll_registry(poll2), udp.source(), 0, rw),
      -MIO_EEXIST);
  mio_poll_free(poll2);
}

TEST_F(Registering, RegisteringAfterDeregistering) {
  TcpListener server;
  ASSERT_EQ(mio_registry_register(registry(), server.io.source(), kServer,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_deregister(registry(), server.io.source()), 0);
  ASSERT_EQ(mio_registry_register(registry(), server.io.source(), kServer,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
}

}  // namespace
}  // namespace mio_test
