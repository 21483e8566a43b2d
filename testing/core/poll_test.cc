// Port of mio's tests/poll.rs (API.md §4, §10, §14 poll.rs) over loopback
// sockets wrapped in mio_io_source, on every platform. Signals and the
// selector descriptor are POSIX-only: poll_posix_test.cc.
#include <errno.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_token kId1 = 1;
constexpr mio_token kId2 = 2;
constexpr mio_token kId3 = 3;

using Poll = PollTest;

TEST_F(Poll, RunOnceWithNothingReturnsZero) {
  EXPECT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  EXPECT_TRUE(mio_events_is_empty(events_));
}

TEST_F(Poll, ClosedListenerGivesNoEvent) {
  TcpListener l;
  ASSERT_EQ(mio_registry_register(
                registry(), l.io.source(), kId1,
                mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE)),
            0);
  ASSERT_EQ(l.io.Close(), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 100 * kNsPerMs), 0);
  for (size_t i = 0; i < mio_events_len(events_); i++) {
    EXPECT_NE(mio_event_token(mio_events_get(events_, i)), kId1)
        << FormatEvents(events_);
  }
}

TEST_F(Poll, ZeroTimeoutStillPollsEvents) {
  TcpListener l;
  IoSource streams[3];
  for (int n = 0; n < 3; n++) {
    streams[n].Reset(RawTcpConnect(l.addr));
    ASSERT_EQ(
        mio_registry_register(registry(), streams[n].source(),
                              static_cast<mio_token>(n), MIO_INTEREST_WRITABLE),
        0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(mio_poll_poll(poll_, events_, 0), 0);
  EXPECT_FALSE(mio_events_is_empty(events_));
}

TEST_F(Poll, ReadinessIsReregisteredAfterWouldBlock) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(p.client.Write("hello", 5), 5);
  ExpectEvents({{kId1, kReadable}});
  char buf[16];
  ASSERT_EQ(p.server.Read(buf, 5), 5);
  AssertWouldBlock(p.server.Read(buf, sizeof buf));
  ExpectNoEvents();
  ASSERT_EQ(p.client.Write("world", 5), 5);
  ExpectEvents({{kId1, kReadable}});
  EXPECT_EQ(p.server.Read(buf, sizeof buf), 5);
}

TEST_F(Poll, DoubleRegisterIsEexist) {
  TcpListener l;
  ASSERT_EQ(mio_registry_register(registry(), l.io.source(), 0,
                                  MIO_INTEREST_READABLE),
            0);
  EXPECT_EQ(mio_registry_register(registry(), l.io.source(), 1,
                                  MIO_INTEREST_READABLE),
            -MIO_EEXIST);
}

TEST_F(Poll, ReregisterOrDeregisterWithoutRegisterIsEnoent) {
  TcpListener l;
  EXPECT_EQ(mio_registry_reregister(registry(), l.io.source(), kId1,
                                    MIO_INTEREST_READABLE),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), l.io.source()), -MIO_ENOENT);
}

// reregister replaces token and interest completely; repeated reregisters
// are fine.
TEST_F(Poll, ReregisterInterestTokenUsage) {
  SockAddr bound;
  IoSource udp(RawUdpSocket(LoopbackV4(), &bound));
  ASSERT_EQ(mio_registry_register(registry(), udp.source(), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_reregister(registry(), udp.source(), kId1,
                                    MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_reregister(registry(), udp.source(), kId2,
                                    MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kId2, kWritable}});
}

// mio's poll_ok_after_cancelling_pending_ops.
TEST_F(Poll, PollOkAfterReregisterAndRegisterFromThread) {
  TcpListener l;
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(registry(), &clone), 0);
  ASSERT_EQ(
      mio_registry_register(clone, l.io.source(), kId1, MIO_INTEREST_READABLE),
      0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 0), 0);
  ASSERT_EQ(mio_registry_reregister(clone, l.io.source(), kId2,
                                    MIO_INTEREST_READABLE),
            0);
  IoSource stream;
  std::atomic<int> stage{0};
  std::thread t([&] {
    stream.Reset(RawTcpConnect(l.addr));
    stage = 1;
    while (stage.load() < 2) std::this_thread::yield();
    EXPECT_EQ(mio_registry_register(clone, stream.source(), kId3,
                                    MIO_INTEREST_WRITABLE),
              0);
    stage = 3;
  });
  ExpectEvents({{kId2, kReadable}});
  ptrdiff_t accepted = l.io.Accept();
  EXPECT_GE(accepted, 0) << mio_strerror(static_cast<int>(accepted));
  if (accepted >= 0) RawClose(static_cast<mio_raw_fd>(accepted));
  while (stage.load() < 1) std::this_thread::yield();
  stage = 2;
  while (stage.load() < 3) std::this_thread::yield();
  ExpectEvents({{kId3, kWritable}});
  t.join();
  mio_registry_free(clone);
}

using PollCustomSource = RecordingSourceTest;

// An OS error with no MIO_E* name, as a custom source might pass through:
// errno EHWPOISON on Linux, EAUTH on macOS and the BSDs, an unmapped Win32
// code (ERROR_FILE_CORRUPT, 1392) on Windows (mio/core/error.h).
#ifdef _WIN32
constexpr int kUnusualOsCode = -(MIO_EWIN32_BASE + 1392);
#elif defined(__linux__)
constexpr int kUnusualOsCode = -EHWPOISON;
#else
constexpr int kUnusualOsCode = -EAUTH;
#endif

TEST_F(PollCustomSource, EachOpCalledOnceWithTokenAndInterest) {
  const mio_registry* r = registry();
  OpRecord& rec = rec_;
  RecordingSource& s = src_;

  ASSERT_EQ(mio_registry_register(r, &s.src, 0, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(rec.registrations.size(), 1u);
  EXPECT_EQ(rec.registrations[0].first, 0u);
  EXPECT_EQ(rec.registrations[0].second, MIO_INTEREST_READABLE);
  EXPECT_TRUE(rec.reregistrations.empty());
  EXPECT_EQ(rec.deregister_count, 0);
  EXPECT_EQ(rec.last_registry, r);

  mio_interest rw =
      mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE);
  ASSERT_EQ(mio_registry_reregister(r, &s.src, UINTPTR_MAX, rw), 0);
  EXPECT_EQ(rec.registrations.size(), 1u);
  ASSERT_EQ(rec.reregistrations.size(), 1u);
  EXPECT_EQ(rec.reregistrations[0].first, UINTPTR_MAX);
  EXPECT_EQ(rec.reregistrations[0].second, rw);
  EXPECT_EQ(rec.deregister_count, 0);

  ASSERT_EQ(mio_registry_deregister(r, &s.src), 0);
  EXPECT_EQ(rec.registrations.size(), 1u);
  EXPECT_EQ(rec.reregistrations.size(), 1u);
  EXPECT_EQ(rec.deregister_count, 1);
}

TEST_F(PollCustomSource, OpErrorsAreReturnedUnchanged) {
  const mio_registry* r = registry();
  OpRecord& rec = rec_;
  RecordingSource& s = src_;
  // A mio code, an unusual OS code and an arbitrary negative value.
  for (int code : {-MIO_ECONNRESET, kUnusualOsCode, -12345}) {
    rec.result = code;
    EXPECT_EQ(mio_registry_register(r, &s.src, 0, MIO_INTEREST_READABLE), code);
    EXPECT_EQ(mio_registry_reregister(r, &s.src, 0, MIO_INTEREST_READABLE),
              code);
    EXPECT_EQ(mio_registry_deregister(r, &s.src), code);
  }
  EXPECT_EQ(rec.registrations.size(), 3u);
  EXPECT_EQ(rec.reregistrations.size(), 3u);
  EXPECT_EQ(rec.deregister_count, 3);
}

// --- threads (§10) -------------------------------------------------------

TEST(PollThreads, PollAndEventsUsableFromAnotherThread) {
  mio_poll* poll = nullptr;
  mio_events* events = nullptr;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  ASSERT_EQ(mio_events_new(&events, 8), 0);
  TcpPair p;
  ASSERT_EQ(mio_registry_register(mio_poll_registry(poll), p.client.source(),
                                  kId1, MIO_INTEREST_WRITABLE),
            0);
  std::thread t([&] { ExpectEvents(poll, events, {{kId1, kWritable}}); });
  t.join();
  // Read the events filled by the other thread from this one.
  EXPECT_FALSE(mio_events_is_empty(events));
  std::thread t2([&] {
    mio_events_free(events);
    mio_poll_free(poll);
  });
  t2.join();
}

// mio's registry_behind_arc.
TEST_F(Poll, RegistryCloneSharedByThreadsDuringPoll) {
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(registry(), &clone), 0);
  TcpListener l;
  IoSource stream;
  std::thread t1([&] {
    EXPECT_EQ(
        mio_registry_register(clone, l.io.source(), 0, MIO_INTEREST_READABLE),
        0);
  });
  std::thread t2([&] {
    stream.Reset(RawTcpConnect(l.addr));
    EXPECT_EQ(mio_registry_register(clone, stream.source(), 1,
                                    mio_interest_add(MIO_INTEREST_READABLE,
                                                     MIO_INTEREST_WRITABLE)),
              0);
  });
  ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
  EXPECT_GE(mio_events_len(events_), 1u);
  t1.join();
  t2.join();
  mio_registry_free(clone);
}

// register, deregister, register, reregister: ends registered with `fin`.
void RegistryOpsFlow(const mio_registry* r, mio_source* src, mio_token token,
                     mio_interest init, mio_interest fin) {
  EXPECT_EQ(mio_registry_register(r, src, token, init), 0);
  EXPECT_EQ(mio_registry_deregister(r, src), 0);
  EXPECT_EQ(mio_registry_register(r, src, token, init), 0);
  EXPECT_EQ(mio_registry_reregister(r, src, token, fin), 0);
}

TEST_F(Poll, RegistryOperationsAreThreadSafe) {
  mio_registry* clone = nullptr;
  ASSERT_EQ(mio_registry_try_clone(registry(), &clone), 0);
  TcpListener l;
  SockAddr udp_addr;
  IoSource udp(RawUdpSocket(LoopbackV4(), &udp_addr));
  IoSource stream;
  std::thread t1([&] {
    RegistryOpsFlow(clone, l.io.source(), kId1, MIO_INTEREST_READABLE,
                    MIO_INTEREST_READABLE);
  });
  std::thread t2([&] {
    RegistryOpsFlow(
        clone, udp.source(), kId2, MIO_INTEREST_WRITABLE,
        mio_interest_add(MIO_INTEREST_WRITABLE, MIO_INTEREST_READABLE));
  });
  std::thread t3([&] {
    stream.Reset(RawTcpConnect(l.addr));
    RegistryOpsFlow(
        clone, stream.source(), kId3, MIO_INTEREST_READABLE,
        mio_interest_add(MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE));
  });
  t1.join();
  t2.join();
  t3.join();
  ExpectEvents({{kId1, kReadable}, {kId2, kWritable}, {kId3, kWritable}});
  mio_registry_free(clone);
}

// A registration made during a blocked poll takes effect for that poll.
TEST_F(Poll, RegisterFromThreadDuringBlockedPollGivesOneEvent) {
  TcpPair p;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(mio_registry_register(registry(), p.client.source(), kId1,
                                    MIO_INTEREST_WRITABLE),
              0);
  });
  int64_t start = NowNs();
  ASSERT_EQ(mio_poll_poll(poll_, events_, 5000 * kNsPerMs), 0);
  int64_t elapsed = NowNs() - start;
  t.join();
  ASSERT_EQ(mio_events_len(events_), 1u) << FormatEvents(events_);
  const mio_event* e = mio_events_get(events_, 0);
  EXPECT_EQ(mio_event_token(e), kId1);
  EXPECT_TRUE(mio_event_is_writable(e));
  EXPECT_LT(elapsed, 4000 * kNsPerMs) << "the poll was not woken early";
}

TEST_F(Poll, PollClearsEventsFirst) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 10, &w), 0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
  ASSERT_FALSE(mio_events_is_empty(events_));
  ASSERT_EQ(mio_poll_poll(poll_, events_, 0), 0);
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
  mio_waker_free(w);
}

// §4: a READABLE-only registration never reports writable, even when the
// socket is writable and has data.
TEST_F(Poll, ReadableOnlyRegistrationNeverReportsWritable) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), kId1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  ASSERT_EQ(p.client.Write("x", 1), 1);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
  ASSERT_GE(mio_events_len(events_), 1u);
  for (size_t i = 0; i < mio_events_len(events_); i++) {
    const mio_event* e = mio_events_get(events_, i);
    EXPECT_EQ(mio_event_token(e), kId1);
    EXPECT_FALSE(mio_event_is_writable(e)) << FormatEvents(events_);
  }
}

// §4/§8: reregister re-evaluates readiness, so a consumed edge is reported
// again; a plain second poll does not report it.
TEST_F(Poll, ReregisterReportsCurrentReadinessAgain) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.client.source(), kId1,
                                  MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kId1, kWritable}});
  ExpectNoEvents();
  ASSERT_EQ(mio_registry_reregister(registry(), p.client.source(), kId2,
                                    MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{kId2, kWritable}});
}

// §4: internal wake-ups (a registration from another thread during a
// blocked poll) never make the poll return 0 with no events early.
TEST_F(Poll, InternalWakeupsDoNotEndTimeoutEarly) {
  TcpPair p;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(mio_registry_register(registry(), p.server.source(), kId1,
                                    MIO_INTEREST_READABLE),
              0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(mio_registry_reregister(registry(), p.server.source(), kId2,
                                      MIO_INTEREST_READABLE),
              0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(mio_registry_deregister(registry(), p.server.source()), 0);
  });
  int64_t start = NowNs();
  ASSERT_EQ(mio_poll_poll(poll_, events_, 300 * kNsPerMs), 0);
  int64_t elapsed = NowNs() - start;
  t.join();
  EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
  EXPECT_GE(elapsed, 300 * kNsPerMs);
}

// Huge timeouts are valid (> 0) and must not overflow into a short wait or
// an error; a waker ends them.
TEST_F(Poll, HugeTimeoutsWaitUntilWoken) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 9, &w), 0);
  for (int64_t timeout : {INT64_MAX, int64_t{3000000} * kNsPerMs,
                          int64_t{INT32_MAX} * kNsPerMs + 1}) {
    std::thread t([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      EXPECT_EQ(mio_waker_wake(w), 0);
    });
    int64_t start = NowNs();
    ASSERT_EQ(mio_poll_poll(poll_, events_, timeout), 0) << timeout;
    int64_t elapsed = NowNs() - start;
    t.join();
    EXPECT_GE(elapsed, 50 * kNsPerMs) << "returned early for " << timeout;
    ASSERT_EQ(mio_events_len(events_), 1u) << FormatEvents(events_);
    EXPECT_EQ(mio_event_token(mio_events_get(events_, 0)), 9u);
  }
  mio_waker_free(w);
}

TEST(PollBackend, BackendNames) {
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_EPOLL), "epoll");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_KQUEUE), "kqueue");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_EVENT_PORTS), "event_ports");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_POLL), "poll");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_IOCP), "iocp");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_IO_URING), "io_uring");
  EXPECT_STREQ(mio_backend_name(MIO_BACKEND_NONE), "none");
  EXPECT_STREQ(mio_backend_name(static_cast<mio_backend>(99)), "none");
}

}  // namespace
}  // namespace mio_test
