// The kqueue backend's system-call-free logic (mio/sys/kqueue/kevent_logic.h)
// checked on Linux with every kqueue OS's constants from the kevent(2) man
// pages (kevent_man_pages.h): the change lists mio's kqueue.rs submits, how
// EV_RECEIPT results fold into one error, and the decoding of returned
// events (API.md §5, column kqueue).
#include "mio/sys/kqueue/kevent_logic.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "testing/kqueue/kevent_man_pages.h"

namespace {

struct Os {
  const char *name;
  const mio_kq_consts *k;
};

void PrintTo(const Os &os, std::ostream *out) { *out << os.name; }

class KqueueLogic : public testing::TestWithParam<Os> {
 protected:
  const mio_kq_consts &k() const { return *GetParam().k; }

  struct kevent Event(int32_t filter, uint32_t flags, uint32_t fflags = 0,
                      intptr_t data = 0, mio_token token = 7) const {
    struct kevent e;
    memset(&e, 0, sizeof e);
    e.ident = 5;
    e.filter = filter;
    e.flags = flags;
    e.fflags = fflags;
    e.data = data;
    e.udata = (decltype(e.udata))(uintptr_t)token;
    return e;
  }

  // A receipt as kevent(2) fills it for EV_RECEIPT: EV_ERROR always set,
  // data 0 on success or the errno of the failed change.
  struct kevent Receipt(intptr_t err) const {
    return Event(k().filt_read, k().ev_error, 0, err);
  }
};

// What an event decodes to, in mio's accessor order.
struct Bits {
  bool readable, writable, error, read_closed, write_closed, aio, lio;
  bool operator==(const Bits &o) const {
    return memcmp(this, &o, sizeof o) == 0;
  }
};

std::ostream &operator<<(std::ostream &os, const Bits &b) {
  return os << "{r" << b.readable << " w" << b.writable << " err" << b.error
            << " rc" << b.read_closed << " wc" << b.write_closed << " aio"
            << b.aio << " lio" << b.lio << "}";
}

Bits Decode(const mio_kq_consts &k, const struct kevent &e) {
  return Bits{mio_kq_is_readable(&k, &e),     mio_kq_is_writable(&k, &e),
              mio_kq_is_error(&k, &e),        mio_kq_is_read_closed(&k, &e),
              mio_kq_is_write_closed(&k, &e), mio_kq_is_aio(&k, &e),
              mio_kq_is_lio(&k, &e)};
}

void ExpectChange(const mio_kq_consts &k, const struct kevent &c,
                  int32_t filter, uint32_t flags, mio_token token) {
  (void)k;
  EXPECT_EQ(c.ident, 5u);
  EXPECT_EQ((int64_t)c.filter, (int64_t)filter);
  EXPECT_EQ((uint32_t)c.flags, flags);
  EXPECT_EQ(c.fflags, 0u);
  EXPECT_EQ(c.data, 0);
  EXPECT_EQ(mio_kq_token(&c), token);
}

// ---- change lists (mio kqueue.rs register / reregister / deregister) ----

TEST_P(KqueueLogic, RegisterReadableAddsOnlyTheReadFilter) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  ASSERT_EQ(
      mio_kq_changes(&k(), MIO_KQ_REGISTER, 5, 42, MIO_INTEREST_READABLE, c),
      1u);
  // EV_ADD|EV_CLEAR|EV_RECEIPT = 0x61 on every BSD.
  ExpectChange(k(), c[0], k().filt_read, 0x61, 42);
}

TEST_P(KqueueLogic, RegisterWritableAddsOnlyTheWriteFilter) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  ASSERT_EQ(
      mio_kq_changes(&k(), MIO_KQ_REGISTER, 5, 42, MIO_INTEREST_WRITABLE, c),
      1u);
  ExpectChange(k(), c[0], k().filt_write, 0x61, 42);
}

TEST_P(KqueueLogic, RegisterBothAddsWriteThenRead) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  ASSERT_EQ(mio_kq_changes(&k(), MIO_KQ_REGISTER, 5, 42,
                           MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE, c),
            2u);
  ExpectChange(k(), c[0], k().filt_write, 0x61, 42);
  ExpectChange(k(), c[1], k().filt_read, 0x61, 42);
}

TEST_P(KqueueLogic, RegisterAioOnlySubmitsNoChange) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  EXPECT_EQ(mio_kq_changes(&k(), MIO_KQ_REGISTER, 5, 42, MIO_INTEREST_AIO, c),
            0u);
  EXPECT_EQ(mio_kq_changes(&k(), MIO_KQ_REGISTER, 5, 42, MIO_INTEREST_LIO, c),
            0u);
}

TEST_P(KqueueLogic, ReregisterAddsWantedAndDeletesTheOtherFilter) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  ASSERT_EQ(
      mio_kq_changes(&k(), MIO_KQ_REREGISTER, 5, 9, MIO_INTEREST_READABLE, c),
      2u);
  // EV_DELETE|EV_CLEAR|EV_RECEIPT = 0x62.
  ExpectChange(k(), c[0], k().filt_write, 0x62, 9);
  ExpectChange(k(), c[1], k().filt_read, 0x61, 9);
  ASSERT_EQ(
      mio_kq_changes(&k(), MIO_KQ_REREGISTER, 5, 9, MIO_INTEREST_WRITABLE, c),
      2u);
  ExpectChange(k(), c[0], k().filt_write, 0x61, 9);
  ExpectChange(k(), c[1], k().filt_read, 0x62, 9);
  ASSERT_EQ(mio_kq_changes(&k(), MIO_KQ_REREGISTER, 5, 9,
                           MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE, c),
            2u);
  ExpectChange(k(), c[0], k().filt_write, 0x61, 9);
  ExpectChange(k(), c[1], k().filt_read, 0x61, 9);
}

TEST_P(KqueueLogic, DeregisterDeletesBothFiltersWithReceipts) {
  struct kevent c[MIO_KQ_MAX_CHANGES];
  ASSERT_EQ(
      mio_kq_changes(&k(), MIO_KQ_DEREGISTER, 5, 9, MIO_INTEREST_READABLE, c),
      2u);
  // EV_DELETE|EV_RECEIPT = 0x42, udata 0.
  ExpectChange(k(), c[0], k().filt_write, 0x42, 0);
  ExpectChange(k(), c[1], k().filt_read, 0x42, 0);
}

TEST_P(KqueueLogic, WakerSetupAndTriggerUseEvfiltUser) {
  if (k().filt_user == MIO_KQ_NO_FILTER) {
    GTEST_SKIP() << GetParam().name << ": mio's waker is a pipe here";
  }
  struct kevent c;
  mio_kq_waker_change(&k(), 3, false, &c);
  EXPECT_EQ(c.ident, 0u);
  EXPECT_EQ((int64_t)c.filter, (int64_t)k().filt_user);
  EXPECT_EQ((uint32_t)c.flags, 0x61u);  // EV_ADD|EV_CLEAR|EV_RECEIPT
  EXPECT_EQ(c.fflags, 0u);
  EXPECT_EQ(mio_kq_token(&c), 3u);
  mio_kq_waker_change(&k(), 3, true, &c);
  EXPECT_EQ((uint32_t)c.flags, 0x41u);  // EV_ADD|EV_RECEIPT
  EXPECT_EQ(c.fflags, 0x01000000u);     // NOTE_TRIGGER
  EXPECT_EQ(mio_kq_token(&c), 3u);
}

// ---- receipts (mio kqueue.rs kevent_register + check_errors) ----

TEST_P(KqueueLogic, SuccessfulReceiptsCarryEvErrorWithDataZero) {
  struct kevent r[2] = {Receipt(0), Receipt(0)};
  for (mio_kq_op op :
       {MIO_KQ_REGISTER, MIO_KQ_REREGISTER, MIO_KQ_DEREGISTER, MIO_KQ_WAKER}) {
    EXPECT_EQ(mio_kq_result(&k(), op, 2, 0, r, 2), 0) << op;
  }
}

TEST_P(KqueueLogic, IgnoredReceiptErrorsFollowMio) {
  struct {
    mio_kq_op op;
    int err;
    int want;
  } rows[] = {
      {MIO_KQ_REGISTER, EPIPE, 0},  // old macOS, tokio-rs/mio#582
      {MIO_KQ_REGISTER, ENOENT, -ENOENT}, {MIO_KQ_REGISTER, EBADF, -EBADF},
      {MIO_KQ_REREGISTER, ENOENT, 0},  // the filter was not there
      {MIO_KQ_REREGISTER, EPIPE, 0},      {MIO_KQ_REREGISTER, EBADF, -EBADF},
      {MIO_KQ_DEREGISTER, ENOENT, 0},     {MIO_KQ_DEREGISTER, EPIPE, -EPIPE},
      {MIO_KQ_DEREGISTER, EBADF, -EBADF}, {MIO_KQ_WAKER, ENOENT, -ENOENT},
      {MIO_KQ_WAKER, EPIPE, -EPIPE},
  };
  for (const auto &row : rows) {
    struct kevent r[2] = {Receipt(0), Receipt(row.err)};
    EXPECT_EQ(mio_kq_result(&k(), row.op, 2, 0, r, 2), row.want)
        << "op " << row.op << " errno " << row.err;
  }
}

TEST_P(KqueueLogic, FirstReceiptErrorWins) {
  struct kevent r[2] = {Receipt(EBADF), Receipt(EINVAL)};
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REREGISTER, 2, 0, r, 2), -EBADF);
  struct kevent s[2] = {Receipt(ENOENT), Receipt(EINVAL)};
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REREGISTER, 2, 0, s, 2), -EINVAL);
}

TEST_P(KqueueLogic, DataWithoutEvErrorIsNotAnError) {
  struct kevent r = Event(k().filt_read, k().ev_add, 0, EBADF);
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REGISTER, 1, 0, &r, 1), 0);
}

TEST_P(KqueueLogic, FailedCallIsItsErrnoExceptEintr) {
  struct kevent r = Receipt(0);
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REGISTER, -1, EBADF, &r, 1), -EBADF);
  // FreeBSD kevent(2): on EINTR all changes have been applied.
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REGISTER, -1, EINTR, &r, 1), 0);
  struct kevent bad = Receipt(EBADF);
  EXPECT_EQ(mio_kq_result(&k(), MIO_KQ_REGISTER, -1, EINTR, &bad, 1), -EBADF);
}

// ---- decoding (mio kqueue.rs `event`; kevent(2) EV_EOF / fflags) ----

TEST_P(KqueueLogic, DecodingTable) {
  const mio_kq_consts &c = k();
  const uint32_t eof = c.ev_eof, clear = c.ev_clear;
  struct Row {
    const char *what;
    struct kevent e;
    Bits want;
  } rows[] = {
      {"read, bytes available",
       Event(c.filt_read, clear, 0, 12),
       {true, false, false, false, false, false, false}},
      {"read, peer shut down (EV_EOF)",
       Event(c.filt_read, clear | eof),
       {true, false, false, true, false, false, false}},
      {"read, EV_EOF with socket error in fflags",
       Event(c.filt_read, eof, ECONNRESET),
       {true, false, true, true, false, false, false}},
      {"write, space available",
       Event(c.filt_write, clear, 0, 4096),
       {false, true, false, false, false, false, false}},
      {"write, peer gone (EV_EOF)",
       Event(c.filt_write, clear | eof),
       {false, true, false, false, true, false, false}},
      {"write, EV_EOF with EPIPE in fflags",
       Event(c.filt_write, eof, EPIPE),
       {false, true, true, false, true, false, false}},
      {"EV_ERROR, errno in data",
       Event(c.filt_write, c.ev_error, 0, EBADF),
       {false, true, true, false, false, false, false}},
      {"fflags without EV_EOF",
       Event(c.filt_read, clear, 1),
       {true, false, false, false, false, false, false}},
  };
  for (const Row &row : rows) {
    EXPECT_EQ(Decode(c, row.e), row.want)
        << GetParam().name << ": " << row.what;
  }
}

TEST_P(KqueueLogic, WakerEventIsOnlyReadable) {
  if (k().filt_user == MIO_KQ_NO_FILTER) {
    GTEST_SKIP() << GetParam().name << ": mio's waker is a pipe here";
  }
  EXPECT_EQ(Decode(k(), Event(k().filt_user, k().ev_clear, 0, 0, 3)),
            (Bits{true, false, false, false, false, false, false}));
}

TEST_P(KqueueLogic, AioAndLioWhereMioDecodesThem) {
  std::string os = GetParam().name;
  // EVFILT_AIO is -3 on Apple, FreeBSD and OpenBSD, EVFILT_LIO -10 on
  // FreeBSD; mio decodes AIO on Apple/FreeBSD and LIO on FreeBSD only.
  bool has_aio = os == "apple" || os == "freebsd";
  bool has_lio = os == "freebsd";
  struct kevent aio = Event(-3, 0), lio = Event(-10, 0);
  EXPECT_EQ(mio_kq_is_aio(&k(), &aio), has_aio);
  EXPECT_EQ(mio_kq_is_lio(&k(), &lio), has_lio);
  EXPECT_FALSE(mio_kq_is_readable(&k(), &aio));
  EXPECT_FALSE(mio_kq_is_writable(&k(), &aio));
}

TEST_P(KqueueLogic, OtherFiltersDecodeToNothing) {
  // EVFILT_TIMER (-7 on Apple/FreeBSD/OpenBSD, 6 on NetBSD): not ours.
  int32_t timer = GetParam().k->filt_read == 0 ? 6 : -7;
  EXPECT_EQ(Decode(k(), Event(timer, k().ev_clear)),
            (Bits{false, false, false, false, false, false, false}));
}

TEST_P(KqueueLogic, TokenIsUdata) {
  struct kevent e = Event(k().filt_read, 0, 0, 0, 0);
  EXPECT_EQ(mio_kq_token(&e), 0u);
  e = Event(k().filt_read, 0, 0, 0, (mio_token)UINTPTR_MAX);
  EXPECT_EQ(mio_kq_token(&e), (mio_token)UINTPTR_MAX);
}

TEST_P(KqueueLogic, FormatNamesFilterAndFlags) {
  char buf[160];
  struct kevent e = Event(k().filt_read, k().ev_add | k().ev_eof, 0, 12, 7);
  size_t n = mio_kq_format(&k(), &e, buf, sizeof buf);
  EXPECT_STREQ(buf,
               "kevent { ident: 5, filter: EVFILT_READ, flags: EV_ADD | "
               "EV_EOF, fflags: 0x0, data: 12, udata: 7 }");
  EXPECT_EQ(n, strlen(buf));
  // A filter and a flag mio does not name print as numbers.
  e = Event(-7 /* EVFILT_TIMER */, 0x10 /* EV_ONESHOT */, 0, -1, 1);
  n = mio_kq_format(&k(), &e, buf, sizeof buf);
  EXPECT_STREQ(buf,
               "kevent { ident: 5, filter: -7, flags: 0x10, fflags: 0x0, "
               "data: -1, udata: 1 }");
  EXPECT_EQ(mio_kq_format(&k(), &e, nullptr, 0), n);  // length only
  EXPECT_EQ(mio_kq_format(&k(), nullptr, buf, sizeof buf), 0u);
}

INSTANTIATE_TEST_SUITE_P(ManPages, KqueueLogic,
                         testing::Values(Os{"apple", &kq_man_apple},
                                         Os{"freebsd", &kq_man_freebsd},
                                         Os{"netbsd", &kq_man_netbsd},
                                         Os{"openbsd", &kq_man_openbsd}),
                         [](const testing::TestParamInfo<Os> &info) {
                           return info.param.name;
                         });

// ---- timeouts (kevent takes a timespec: nanoseconds, nothing to round) ----

TEST(KqueueTimeout, InfiniteIsNullAndOthersAreExact) {
  struct timespec ts;
  EXPECT_FALSE(mio_kq_timespec(-1, &ts));
  ASSERT_TRUE(mio_kq_timespec(0, &ts));
  EXPECT_EQ(ts.tv_sec, 0);
  EXPECT_EQ(ts.tv_nsec, 0);
  ASSERT_TRUE(mio_kq_timespec(1, &ts));
  EXPECT_EQ(ts.tv_sec, 0);
  EXPECT_EQ(ts.tv_nsec, 1);
  ASSERT_TRUE(mio_kq_timespec(1500000000, &ts));
  EXPECT_EQ(ts.tv_sec, 1);
  EXPECT_EQ(ts.tv_nsec, 500000000);
  ASSERT_TRUE(mio_kq_timespec(INT64_MAX, &ts));
  EXPECT_EQ((int64_t)ts.tv_sec, INT64_MAX / 1000000000);
  EXPECT_EQ(ts.tv_nsec, INT64_MAX % 1000000000);
}

}  // namespace
