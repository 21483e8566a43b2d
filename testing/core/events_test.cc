// Port of mio's tests/events.rs plus API.md §5 (Events, Event accessors and
// the exact Event/Events format text).
#include <cstdint>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_token kWakerToken = 10;

std::string EventText(const char* token, bool readable, bool writable) {
  return std::string("Event { token: Token(") + token +
         "), readable: " + (readable ? "true" : "false") +
         ", writable: " + (writable ? "true" : "false") +
         ", error: false, read_closed: false, write_closed: false, "
         "priority: false, aio: false, lio: false }";
}

TEST(Events, NewHasCapacityAndIsEmpty) {
  mio_events* ev = nullptr;
  ASSERT_EQ(mio_events_new(&ev, 16), 0);
  EXPECT_EQ(mio_events_capacity(ev), 16u);
  EXPECT_TRUE(mio_events_is_empty(ev));
  EXPECT_EQ(mio_events_len(ev), 0u);
  EXPECT_EQ(mio_events_get(ev, 0), nullptr);
  mio_events_free(ev);
}

TEST(Events, CapacityLimits) {
  mio_events* ev = reinterpret_cast<mio_events*>(1);
  EXPECT_EQ(mio_events_new(&ev, 0), -MIO_EINVAL);
  EXPECT_EQ(ev, nullptr);
  ev = reinterpret_cast<mio_events*>(1);
  EXPECT_EQ(mio_events_new(&ev, MIO_EVENTS_CAPACITY_MAX + 1), -MIO_EINVAL);
  EXPECT_EQ(ev, nullptr);
  EXPECT_EQ(mio_events_new(&ev, SIZE_MAX), -MIO_EINVAL);
  EXPECT_EQ(mio_events_new(nullptr, 16), -MIO_EINVAL);
  ASSERT_EQ(mio_events_new(&ev, 1), 0);
  EXPECT_EQ(mio_events_capacity(ev), 1u);
  mio_events_free(ev);
  ASSERT_EQ(mio_events_new(&ev, MIO_EVENTS_CAPACITY_MAX), 0);
  EXPECT_EQ(mio_events_capacity(ev), MIO_EVENTS_CAPACITY_MAX);
  mio_events_free(ev);
}

TEST(Events, NullAccessors) {
  EXPECT_EQ(mio_events_capacity(nullptr), 0u);
  EXPECT_EQ(mio_events_len(nullptr), 0u);
  EXPECT_FALSE(mio_events_is_empty(nullptr));  // §15.2
  EXPECT_EQ(mio_events_get(nullptr, 0), nullptr);
  mio_events_clear(nullptr);
  mio_events_free(nullptr);
  EXPECT_EQ(mio_event_token(nullptr), 0u);
  EXPECT_EQ(Readiness(nullptr), 0u);
  char buf[8] = "xxxxxxx";
  EXPECT_EQ(mio_event_format(nullptr, buf, sizeof buf), 0u);
  EXPECT_STREQ(buf, "");
}

class EventsWithWaker : public PollTest {
 protected:
  void SetUp() override {
    PollTest::SetUp();
    ASSERT_EQ(mio_waker_new(registry(), kWakerToken, &waker_), 0);
  }
  void TearDown() override {
    mio_waker_free(waker_);
    PollTest::TearDown();
  }
  // Wakes and polls until the waker event is in events_.
  void PollWakerEvent() {
    ASSERT_EQ(mio_waker_wake(waker_), 0);
    ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
    ASSERT_EQ(mio_events_len(events_), 1u) << FormatEvents(events_);
  }
  mio_waker* waker_ = nullptr;
};

TEST_F(EventsWithWaker, WakeThenPollThenClear) {
  ASSERT_EQ(mio_waker_wake(waker_), 0);
  ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
  EXPECT_FALSE(mio_events_is_empty(events_));
  EXPECT_LE(mio_events_len(events_), mio_events_capacity(events_));
  for (size_t i = 0; i < mio_events_len(events_); i++) {
    const mio_event* e = mio_events_get(events_, i);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(mio_event_token(e), kWakerToken);
    EXPECT_TRUE(mio_event_is_readable(e));
  }
  EXPECT_EQ(mio_events_get(events_, mio_events_len(events_)), nullptr);
  mio_events_clear(events_);
  EXPECT_TRUE(mio_events_is_empty(events_));
  EXPECT_EQ(mio_events_len(events_), 0u);
  EXPECT_EQ(mio_events_get(events_, 0), nullptr);
  EXPECT_EQ(mio_events_capacity(events_), 16u);
}

// On Linux the accessors are inline in the headers (event.h); each is still
// an exported symbol. Calls through pointers reach the library's copies,
// which must agree with the inlined ones, NULL included.
TEST_F(EventsWithWaker, ExportedAccessorsAgreeWithInlineOnes) {
  PollWakerEvent();
  const mio_event* e = mio_events_get(events_, 0);
  ASSERT_NE(e, nullptr);
  using EventsLenFn = size_t (*)(const mio_events*);
  using EventsGetFn = const mio_event* (*)(const mio_events*, size_t);
  using TokenFn = mio_token (*)(const mio_event*);
  using FlagFn = bool (*)(const mio_event*);
  volatile EventsLenFn len_fn = &mio_events_len;
  volatile EventsGetFn get_fn = &mio_events_get;
  volatile TokenFn token_fn = &mio_event_token;
  EXPECT_EQ(len_fn(events_), mio_events_len(events_));
  EXPECT_EQ(len_fn(nullptr), 0u);
  EXPECT_EQ(get_fn(events_, 0), e);
  EXPECT_EQ(get_fn(events_, 1), nullptr);
  EXPECT_EQ(get_fn(nullptr, 0), nullptr);
  EXPECT_EQ(token_fn(e), kWakerToken);
  EXPECT_EQ(token_fn(nullptr), 0u);
  const struct {
    FlagFn exported;
    bool inlined;
  } flags[] = {
      {&mio_event_is_readable, mio_event_is_readable(e)},
      {&mio_event_is_writable, mio_event_is_writable(e)},
      {&mio_event_is_error, mio_event_is_error(e)},
      {&mio_event_is_read_closed, mio_event_is_read_closed(e)},
      {&mio_event_is_write_closed, mio_event_is_write_closed(e)},
      {&mio_event_is_priority, mio_event_is_priority(e)},
      {&mio_event_is_aio, mio_event_is_aio(e)},
      {&mio_event_is_lio, mio_event_is_lio(e)},
  };
  for (const auto& f : flags) {
    volatile FlagFn fn = f.exported;
    EXPECT_EQ(fn(e), f.inlined);
    EXPECT_FALSE(fn(nullptr));
  }
  EXPECT_TRUE(flags[0].inlined);  // a waker event is readable, nothing else
}

TEST_F(EventsWithWaker, EventFormatIsRustDebugText) {
  PollWakerEvent();
  const mio_event* e = mio_events_get(events_, 0);
  std::string want = EventText("10", true, false);
  char buf[512];
  EXPECT_EQ(mio_event_format(e, buf, sizeof buf), want.size());
  EXPECT_EQ(std::string(buf), want);
  EXPECT_EQ(FormatEvents(events_), "[" + want + "]");
}

TEST_F(EventsWithWaker, EventFormatFollowsSnprintfContract) {
  PollWakerEvent();
  const mio_event* e = mio_events_get(events_, 0);
  std::string want = EventText("10", true, false);
  EXPECT_EQ(mio_event_format(e, nullptr, 0), want.size());
  for (size_t len :
       {size_t{1}, size_t{2}, size_t{10}, want.size(), want.size() + 1}) {
    std::string buf(len + 4, '#');
    EXPECT_EQ(mio_event_format(e, &buf[0], len), want.size()) << len;
    std::string expect = want.substr(0, len - 1);
    EXPECT_EQ(std::string(buf.c_str()), expect) << "len " << len;
    EXPECT_EQ(buf.substr(len), "####") << "wrote past len " << len;
  }
  // len 0 writes nothing even with a buffer.
  char one = '#';
  EXPECT_EQ(mio_event_format(e, &one, 0), want.size());
  EXPECT_EQ(one, '#');
}

TEST_F(EventsWithWaker, EventsFormatFollowsSnprintfContract) {
  PollWakerEvent();
  std::string want = "[" + EventText("10", true, false) + "]";
  EXPECT_EQ(mio_events_format(events_, nullptr, 0), want.size());
  for (size_t len :
       {size_t{1}, size_t{2}, size_t{50}, want.size(), want.size() + 1}) {
    std::string buf(len + 4, '#');
    EXPECT_EQ(mio_events_format(events_, &buf[0], len), want.size()) << len;
    EXPECT_EQ(std::string(buf.c_str()), want.substr(0, len - 1)) << len;
    EXPECT_EQ(buf.substr(len), "####") << "wrote past len " << len;
  }
}

TEST_F(EventsWithWaker, EmptyEventsFormat) {
  EXPECT_EQ(FormatEvents(events_), "[]");
  char buf[2];
  EXPECT_EQ(mio_events_format(events_, buf, sizeof buf), 2u);
  EXPECT_STREQ(buf, "[");
}

TEST_F(EventsWithWaker, EventFormatDetailsFollowsSnprintfContract) {
  PollWakerEvent();
  const mio_event* e = mio_events_get(events_, 0);
  size_t n = mio_event_format_details(e, nullptr, 0);
  EXPECT_GT(n, 0u);
  std::string full(n + 1, '\0');
  EXPECT_EQ(mio_event_format_details(e, &full[0], full.size()), n);
  EXPECT_EQ(std::strlen(full.c_str()), n);
  char small[4] = {'#', '#', '#', '#'};
  EXPECT_EQ(mio_event_format_details(e, small, 3), n);
  EXPECT_EQ(small[2], '\0');
  EXPECT_EQ(small[3], '#');
  EXPECT_EQ(std::string(small, 2), full.substr(0, 2));
}

using EventsPoll = PollTest;

// Two events joined by ", ", tokens printed in decimal (incl. UINTPTR_MAX).
TEST_F(EventsPoll, FormatSeveralEventsAndLargeToken) {
  mio_waker* w = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), UINTPTR_MAX, &w), 0);
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.client.source(), 7,
                                  MIO_INTEREST_WRITABLE),
            0);
  ASSERT_EQ(mio_waker_wake(w), 0);
  // Collect both events (they may arrive in separate polls).
  std::string waker_text, stream_text;
  for (int i = 0; i < 3 && (waker_text.empty() || stream_text.empty()); i++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    if (mio_events_len(events_) == 2) {
      EXPECT_EQ(FormatEvents(events_),
                "[" + FormatEvent(mio_events_get(events_, 0)) + ", " +
                    FormatEvent(mio_events_get(events_, 1)) + "]");
    }
    for (size_t j = 0; j < mio_events_len(events_); j++) {
      const mio_event* e = mio_events_get(events_, j);
      if (mio_event_token(e) == UINTPTR_MAX) waker_text = FormatEvent(e);
      if (mio_event_token(e) == 7) stream_text = FormatEvent(e);
    }
  }
  char max_token[32];
  snprintf(max_token, sizeof max_token, "%ju",
           static_cast<uintmax_t>(UINTPTR_MAX));
  EXPECT_EQ(waker_text, EventText(max_token, true, false));
  // A connected socket registered WRITABLE only: just writable.
  EXPECT_EQ(stream_text, EventText("7", false, true));
  mio_waker_free(w);
}

// The cursor visits exactly the events mio_events_get returns, in the same
// order, then NULL for good; the exported copies (reached through pointers)
// walk the same way as the inlined ones. Three real sources, so the cursor
// steps over more than one event.
TEST_F(EventsPoll, IteratorVisitsTheEventsGetReturns) {
  TcpPair pairs[3];
  for (mio_token t = 0; t < 3; t++) {
    ASSERT_EQ(mio_registry_register(registry(), pairs[t].client.source(),
                                    10 + t, MIO_INTEREST_WRITABLE),
              0);
  }
  size_t seen = 0;
  using InitFn = void (*)(mio_events_iter*, const mio_events*);
  using NextFn = const mio_event* (*)(mio_events_iter*);
  volatile InitFn init_fn = &mio_events_iter_init;
  volatile NextFn next_fn = &mio_events_iter_next;
  for (int i = 0; i < 6 && seen < 3; i++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    mio_events_iter inlined, exported;
    mio_events_iter_init(&inlined, events_);
    init_fn(&exported, events_);
    size_t n = mio_events_len(events_);
    for (size_t j = 0; j < n; j++) {
      const mio_event* e = mio_events_iter_next(&inlined);
      ASSERT_EQ(e, mio_events_get(events_, j));
      EXPECT_EQ(next_fn(&exported), e);
      mio_token t = mio_event_token(e);
      EXPECT_TRUE(t >= 10 && t < 13) << t;
      EXPECT_TRUE(mio_event_is_writable(e));
    }
    EXPECT_EQ(mio_events_iter_next(&inlined), nullptr);
    EXPECT_EQ(mio_events_iter_next(&inlined), nullptr);
    EXPECT_EQ(next_fn(&exported), nullptr);
    seen += n;
  }
  EXPECT_EQ(seen, 3u);
  // After clear the buffer has nothing to visit.
  mio_events_clear(events_);
  mio_events_iter it;
  mio_events_iter_init(&it, events_);
  EXPECT_EQ(mio_events_iter_next(&it), nullptr);
}

TEST_F(EventsPoll, CapacityBoundsEventsPerPoll) {
  mio_events_free(events_);
  ASSERT_EQ(mio_events_new(&events_, 1), 0);
  TcpPair a, b;
  ASSERT_EQ(mio_registry_register(registry(), a.client.source(), 1,
                                  MIO_INTEREST_WRITABLE),
            0);
  ASSERT_EQ(mio_registry_register(registry(), b.client.source(), 2,
                                  MIO_INTEREST_WRITABLE),
            0);
  // One event per poll; the other stays queued for the next call.
  bool seen1 = false, seen2 = false;
  for (int i = 0; i < 4 && !(seen1 && seen2); i++) {
    ASSERT_EQ(mio_poll_poll(poll_, events_, 500 * kNsPerMs), 0);
    ASSERT_LE(mio_events_len(events_), 1u);
    if (mio_events_len(events_) == 1) {
      mio_token t = mio_event_token(mio_events_get(events_, 0));
      seen1 |= t == 1;
      seen2 |= t == 2;
    }
  }
  EXPECT_TRUE(seen1 && seen2);
}

// An events object is independent of any Poll.
TEST(Events, SameEventsWithTwoPolls) {
  mio_poll *p1 = nullptr, *p2 = nullptr;
  mio_events* ev = nullptr;
  ASSERT_EQ(mio_poll_new(&p1), 0);
  ASSERT_EQ(mio_poll_new(&p2), 0);
  ASSERT_EQ(mio_events_new(&ev, 4), 0);
  mio_waker *w1 = nullptr, *w2 = nullptr;
  ASSERT_EQ(mio_waker_new(mio_poll_registry(p1), 1, &w1), 0);
  ASSERT_EQ(mio_waker_new(mio_poll_registry(p2), 2, &w2), 0);
  ASSERT_EQ(mio_waker_wake(w1), 0);
  ASSERT_EQ(mio_waker_wake(w2), 0);
  ExpectEvents(p1, ev, {{1, kReadable}});
  ExpectEvents(p2, ev, {{2, kReadable}});
  mio_waker_free(w1);
  mio_waker_free(w2);
  mio_events_free(ev);
  mio_poll_free(p1);
  mio_poll_free(p2);
}

// mio's events.rs: a custom source wrapping a TCP stream registers (§7.2).
struct Conn {
  mio_source src;  // first: recovered by a cast in the ops
  IoSource* sock;
};
Conn* ConnOf(mio_source* s) { return reinterpret_cast<Conn*>(s); }
int ConnRegister(mio_source* s, const mio_registry* r, mio_token t,
                 mio_interest i) {
  return mio_registry_register(r, ConnOf(s)->sock->source(), t, i);
}
int ConnReregister(mio_source* s, const mio_registry* r, mio_token t,
                   mio_interest i) {
  return mio_registry_reregister(r, ConnOf(s)->sock->source(), t, i);
}
int ConnDeregister(mio_source* s, const mio_registry* r) {
  return mio_registry_deregister(r, ConnOf(s)->sock->source());
}
const mio_source_ops kConnOps = {ConnRegister, ConnReregister, ConnDeregister};

TEST_F(EventsWithWaker, CustomSourceWrappingTcpStreamRegisters) {
  TcpPair p;
  Conn c = {{&kConnOps}, &p.client};
  ASSERT_EQ(mio_registry_register(registry(), &c.src, 3, MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{3, kWritable}});
  ASSERT_EQ(
      mio_registry_reregister(registry(), &c.src, 4, MIO_INTEREST_READABLE), 0);
  ASSERT_EQ(p.server.Write("x", 1), 1);
  ExpectEvents({{4, kReadable}});
  ASSERT_EQ(mio_registry_deregister(registry(), &c.src), 0);
  // The wrapped stream's association state is the library's (§7.5).
  EXPECT_EQ(mio_registry_deregister(registry(), &c.src), -MIO_ENOENT);
}

}  // namespace
}  // namespace mio_test
