// The shared registry operation model (registry_ops_model.h).
#include "fuzz/registry_ops_model.h"

#include <cstdlib>
#include <cstring>

#include "mio/core/error.h"
#include "mio/core/waker.h"

namespace mio_fuzz {
namespace {

#define EXPECT_RC MIO_FUZZ_EXPECT_RC

int NullRegister(mio_source *, const mio_registry *, mio_token, mio_interest) {
  std::abort();  // never called: NULL deregister_fn makes every call EINVAL
}

}  // namespace

int WantRegister(mio_interest interest, bool open, int poll) {
  if (!ValidInterest(interest)) return -MIO_EINVAL;
  if (!open) return -MIO_EBADF;
  if (poll >= 0) return -MIO_EEXIST;
  return 0;
}

int WantReregister(mio_interest interest, bool open, int poll, int id) {
  if (!ValidInterest(interest)) return -MIO_EINVAL;
  return WantDeregister(open, poll, id);
}

int WantDeregister(bool open, int poll, int id) {
  if (!open) return -MIO_EBADF;
  if (poll < 0) return -MIO_ENOENT;
  if (poll != id) return -MIO_EEXIST;
  return 0;
}

Allowed *LiveTokens::Find(mio_token t) {
  for (int i = 0; i < n; i++) {
    if (entries[i].token == t) return &entries[i];
  }
  return nullptr;
}

Allowed &LiveTokens::Add(mio_token t, mio_interest interest) {
  Allowed *a = Find(t);
  if (a == nullptr) {
    a = &entries[n++];
    a->token = t;
  }
  a->interest |= interest;
  a->owners++;
  return *a;
}

const char *EventText(const mio_event *e) {
  static char text[256];
  mio_event_format(e, text, sizeof text);
  return text;
}

int64_t PendingWakeTimeout(uint8_t sel) {
  static const int64_t kTimeouts[] = {1,       999,          1000000,
                                      1000001, 1000000000LL, INT64_MAX};
  return kTimeouts[(sel >> 2) % (sizeof kTimeouts / sizeof kTimeouts[0])];
}

Allowed &CheckEvent(LiveTokens &live, const mio_event *e, int pi,
                    const mio_poll *poll) {
  const mio_token t = mio_event_token(e);
  Allowed *a = live.Find(t);
  MIO_FUZZ_CHECK(a != nullptr,
                 "poll %d (%s): event for token %ju, which has no live "
                 "registration or waker: %s",
                 pi, mio_backend_name(mio_poll_backend(poll)),
                 static_cast<uintmax_t>(t), EventText(e));
  const mio_interest allowed = a->interest;
  MIO_FUZZ_CHECK(
      !mio_event_is_readable(e) ||
          (allowed & (MIO_INTEREST_READABLE | MIO_INTEREST_PRIORITY)) != 0,
      "readable outside interest 0x%x: %s", allowed, EventText(e));
  MIO_FUZZ_CHECK(
      !mio_event_is_writable(e) || (allowed & MIO_INTEREST_WRITABLE) != 0,
      "writable outside interest 0x%x: %s", allowed, EventText(e));
  MIO_FUZZ_CHECK(
      !mio_event_is_priority(e) || (allowed & MIO_INTEREST_PRIORITY) != 0,
      "priority outside interest 0x%x: %s", allowed, EventText(e));
  MIO_FUZZ_CHECK(!mio_event_is_aio(e) && !mio_event_is_lio(e), "aio/lio");
  if (mio_event_is_readable(e)) a->readable_seen = true;
  return *a;
}

void OpBadArgs(const BadArgsCtx &c, FuzzInput &in) {
  mio_source *src = mio_io_source_source(c.src);
  const mio_interest interest = PickInterest(in);
  static const mio_source_ops kPartialOps = {NullRegister, NullRegister,
                                             nullptr};
  mio_source no_ops = {nullptr};
  mio_source partial = {&kPartialOps};
  switch (in.U8() % 12) {
    case 0:
      EXPECT_RC(mio_registry_register(nullptr, src, 1, interest), -MIO_EINVAL,
                "register(NULL r)");
      break;
    case 1:
      EXPECT_RC(mio_registry_register(c.registry, nullptr, 1, interest),
                -MIO_EINVAL, "register(NULL src)");
      break;
    case 2:
      EXPECT_RC(mio_registry_reregister(c.registry, &no_ops, 1, interest),
                -MIO_EINVAL, "reregister(NULL ops)");
      break;
    case 3:
      EXPECT_RC(mio_registry_deregister(nullptr, src), -MIO_EINVAL,
                "deregister(NULL r)");
      EXPECT_RC(mio_registry_deregister(c.registry, &partial), -MIO_EINVAL,
                "deregister(NULL op)");
      break;
    case 4: {
      mio_waker *out = reinterpret_cast<mio_waker *>(&no_ops);
      EXPECT_RC(mio_waker_new(nullptr, 1, &out), -MIO_EINVAL,
                "waker_new(NULL r)");
      MIO_FUZZ_CHECK(out == nullptr, "waker out not NULL");
      EXPECT_RC(mio_waker_new(c.registry, 1, nullptr), -MIO_EINVAL,
                "waker_new(NULL out)");
      EXPECT_RC(mio_waker_wake(nullptr), -MIO_EINVAL, "wake(NULL)");
      break;
    }
    case 5: {
      mio_registry *out = reinterpret_cast<mio_registry *>(&no_ops);
      EXPECT_RC(mio_registry_try_clone(nullptr, &out), -MIO_EINVAL,
                "try_clone(NULL)");
      MIO_FUZZ_CHECK(out == nullptr, "clone out not NULL");
      EXPECT_RC(mio_registry_try_clone(c.registry, nullptr), -MIO_EINVAL,
                "try_clone(NULL out)");
      break;
    }
    case 6: {
      mio_events *ev = c.events[in.U8() % kNumEventBufs];
      EXPECT_RC(mio_poll_poll(c.poll, nullptr, 0), -MIO_EINVAL,
                "poll(NULL events)");
      EXPECT_RC(mio_poll_poll(nullptr, ev, 0), -MIO_EINVAL, "poll(NULL)");
      MIO_FUZZ_CHECK(mio_events_len(ev) == 0, "events not cleared");
      const int64_t bad = -2 - static_cast<int64_t>(in.U32());
      EXPECT_RC(mio_poll_poll(c.poll, ev, bad), -MIO_EINVAL, "poll(-2)");
      MIO_FUZZ_CHECK(mio_events_len(ev) == 0, "events not cleared");
      break;
    }
    case 7:
      // The borrowed registry: freeing it is a no-op.
      mio_registry_free(const_cast<mio_registry *>(mio_poll_registry(c.poll)));
      break;
    case 8:
      EXPECT_RC(mio_io_source_do_io(nullptr, c.io_fn, c.io_ctx), -MIO_EINVAL,
                "do_io(NULL)");
      EXPECT_RC(mio_io_source_do_io(c.src, nullptr, c.io_ctx), -MIO_EINVAL,
                "do_io(NULL fn)");
      MIO_FUZZ_CHECK(!*c.io_called, "fn called");
      break;
    case 9: {
      mio_io_source bad;
      std::memset(&bad, 0x5A, sizeof bad);
      EXPECT_RC(mio_io_source_init(&bad, -1 - in.U8()), -MIO_EBADF,
                "io_source_init(negative fd)");
      MIO_FUZZ_CHECK(mio_io_source_as_raw_fd(&bad) == MIO_INVALID_RAW_FD,
                     "failed init not closed");
      EXPECT_RC(mio_io_source_init(nullptr, 0), -MIO_EINVAL,
                "io_source_init(NULL)");
      break;
    }
    case 10:
      MIO_FUZZ_CHECK(mio_poll_registry(nullptr) == nullptr, "registry(NULL)");
      MIO_FUZZ_CHECK(mio_io_source_source(nullptr) == nullptr, "source(NULL)");
      EXPECT_RC(mio_registry_as_raw_fd(nullptr), -MIO_EINVAL, "raw_fd(NULL)");
      break;
    default:
      EXPECT_RC(mio_registry_register(c.registry, &partial, 1, 0), -MIO_EINVAL,
                "register(interest 0)");
      break;
  }
}

}  // namespace mio_fuzz
