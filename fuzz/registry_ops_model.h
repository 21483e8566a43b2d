// The part of the registry operation model that registry_ops (in-memory
// selector) and registry_ops_kernel (real backends) share: the world's sizes,
// the API.md §7.5 table of expected return codes, the check of one polled
// event against the live registrations, and the argument-error operation.
// Each target keeps its own slots and Polls (what a source is, how readiness
// is made) and decodes the same input bytes in the same order, so both
// corpora keep their meaning.
#ifndef MIO_FUZZ_REGISTRY_OPS_MODEL_H_
#define MIO_FUZZ_REGISTRY_OPS_MODEL_H_

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/interest.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/core/token.h"
#include "mio/core/waker.h"

namespace mio_fuzz {

constexpr int kSlots = 6;
constexpr int kPolls = 2;
constexpr int kClones = 2;
constexpr int kMaxSteps = 256;
constexpr size_t kEventCaps[] = {1, 2, 4, 64};
constexpr size_t kNumEventBufs = sizeof kEventCaps / sizeof kEventCaps[0];

// API.md §7.5: what register / reregister / deregister of a source must
// return, from the model's view of it (`open`; `poll`: the id of the Poll it
// is registered with, or -1) and the id of the Poll the call goes to.
int WantRegister(mio_interest interest, bool open, int poll);
int WantReregister(mio_interest interest, bool open, int poll, int id);
int WantDeregister(bool open, int poll, int id);

struct Allowed {
  mio_token token = 0;
  mio_interest interest = 0;   // union over registrations with the token
  int owners = 0;              // registrations (and waker) with the token
  bool readable_seen = false;  // a readable event with the token was polled
};

// The live tokens of one Poll: at most one per slot plus the waker, so a
// small array searched linearly (no allocation per poll).
struct LiveTokens {
  Allowed entries[kSlots + 1];
  int n = 0;

  Allowed *Find(mio_token t);
  Allowed &Add(mio_token t, mio_interest interest);
};

// The text of an event, for failure messages only (formatting every polled
// event would cost more than the poll).
const char *EventText(const mio_event *e);

// A positive timeout, only used when a wake is pending (so the poll returns
// at once): the timed paths of every backend and the core's deadline
// arithmetic, up to the overflow clamp, without ever blocking the fuzzer.
int64_t PendingWakeTimeout(uint8_t sel);

// Checks event `e` polled from Poll number `pi`: its token has a live
// registration or the waker, and its readiness is within their interest.
// Records a readable event; returns the token's entry.
Allowed &CheckEvent(LiveTokens &live, const mio_event *e, int pi,
                    const mio_poll *poll);

// What the argument-error operation works on: a Poll, a registry handle of
// it, a slot's source, the event buffers, and the target's do_io function
// with its context (`*called` says whether it ran; it must not).
struct BadArgsCtx {
  mio_poll *poll;
  const mio_registry *registry;
  mio_io_source *src;
  mio_events *const *events;  // kNumEventBufs of them
  mio_io_fn io_fn;
  void *io_ctx;
  const bool *io_called;
};

// Argument errors: -MIO_EINVAL with no side effect (API.md §2.1, §4). Reads
// the interest and the case from `in`, then what the case needs.
void OpBadArgs(const BadArgsCtx &c, FuzzInput &in);

// What survives mio_poll_free (API.md §4, §15.4): registry clones and the
// waker keep the selector alive; sources registered with it keep `id`.
struct Orphan {
  int id = -1;
  mio_registry *clones[kClones] = {};
  mio_waker *waker = nullptr;
};

constexpr size_t kMaxOrphans = 2;

inline void FreeOrphan(Orphan &o) {
  mio_waker_free(o.waker);
  for (mio_registry *&c : o.clones) mio_registry_free(c);
  o = Orphan();
}

// A registry handle of `p` the input picks: the Poll's own or a clone.
template <typename PollState>
const mio_registry *Registry(PollState &p, FuzzInput &in) {
  const uint8_t h = in.U8() % (kClones + 1);
  if (h > 0 && p.clones[h - 1] != nullptr) return p.clones[h - 1];
  return mio_poll_registry(p.poll);
}

// The operations whose model is the same on every selector, over the
// target's World: polls[kPolls] (poll, id, waker, waker_token, wake_pending,
// wake_maybe_pending) and slots[kSlots] (src, open, poll, token, interest,
// read_armed), with the target's ForgetRegistration(slot) found by
// argument-dependent lookup.

template <typename World>
void OpRegister(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  auto &s = w.slots[in.U8() % kSlots];
  const mio_token token = PickToken(in);
  const mio_interest interest = PickInterest(in);
  const int want = WantRegister(interest, s.open, s.poll);
  const int rc =
      mio_registry_register(r, mio_io_source_source(&s.src), token, interest);
  MIO_FUZZ_EXPECT_RC(rc, want, "register");
  if (rc != 0) return;
  s.poll = p.id;
  s.token = token;
  s.interest = interest;
  s.read_armed = true;
}

template <typename World>
void OpReregister(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  auto &s = w.slots[in.U8() % kSlots];
  const mio_token token = PickToken(in);
  const mio_interest interest = PickInterest(in);
  const int want = WantReregister(interest, s.open, s.poll, p.id);
  const int rc =
      mio_registry_reregister(r, mio_io_source_source(&s.src), token, interest);
  MIO_FUZZ_EXPECT_RC(rc, want, "reregister");
  if (rc != 0) return;
  s.token = token;
  s.interest = interest;
  s.read_armed = true;
}

template <typename World>
void OpDeregister(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  auto &s = w.slots[in.U8() % kSlots];
  const int want = WantDeregister(s.open, s.poll, p.id);
  const int rc = mio_registry_deregister(r, mio_io_source_source(&s.src));
  MIO_FUZZ_EXPECT_RC(rc, want, "deregister");
  if (rc == 0) ForgetRegistration(s);
}

template <typename World>
void OpWakerNew(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  const mio_token token = PickToken(in);
  mio_waker *waker = reinterpret_cast<mio_waker *>(&w);  // must be overwritten
  const int rc = mio_waker_new(r, token, &waker);
  if (p.waker != nullptr) {
    MIO_FUZZ_EXPECT_RC(rc, -MIO_EEXIST, "second waker_new");
    MIO_FUZZ_CHECK(waker == nullptr, "*out not NULL after failure");
    return;
  }
  MIO_FUZZ_EXPECT_RC(rc, 0, "waker_new");
  MIO_FUZZ_CHECK(waker != nullptr, "waker NULL");
  p.waker = waker;
  p.waker_token = token;
  p.wake_pending = false;
  p.wake_maybe_pending = false;
}

template <typename World>
void OpWakerWake(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  if (p.waker == nullptr) return;
  MIO_FUZZ_EXPECT_RC(mio_waker_wake(p.waker), 0, "wake");
  p.wake_pending = true;
  p.wake_maybe_pending = true;
}

template <typename World>
void OpWakerFree(World &w, FuzzInput &in) {
  auto &p = w.polls[in.U8() % kPolls];
  mio_waker_free(p.waker);
  p.waker = nullptr;
  p.wake_pending = false;
  p.wake_maybe_pending = false;
}

// Polls one Poll and checks every event (CheckEvent), the waker's and, where
// the model is unambiguous (unique token, capacity for every registration),
// liveness: a pending wake, and new read readiness of an armed READABLE
// source. The target's hooks, found by argument-dependent lookup:
// EventBuffer(w, sel) (the event buffer a selector byte picks),
// PollMayBeInterrupted(w) (whether -MIO_EINTR is a valid result: with no
// events and nothing consumed, API.md §4), TracksReadEdges(slot) (whether
// slot.pending_data is exact for the slot's kind) and ReadEdgeText(slot)
// (what made that readiness, for the message).
template <typename World>
void OpPoll(World &w, FuzzInput &in) {
  const int pi = in.U8() % kPolls;
  auto &p = w.polls[pi];
  const uint8_t buf_sel = in.U8();
  mio_events *ev = EventBuffer(w, buf_sel);
  LiveTokens live;
  for (const auto &s : w.slots) {
    if (s.poll == p.id) live.Add(s.token, s.interest);
  }
  if (p.waker != nullptr) live.Add(p.waker_token, MIO_INTEREST_READABLE);
  int registrations = 0;
  for (int i = 0; i < live.n; i++) registrations += live.entries[i].owners;
  const bool room = mio_events_capacity(ev) >= size_t(registrations);

  bool armed_before[kSlots];
  for (int i = 0; i < kSlots; i++) armed_before[i] = w.slots[i].read_armed;
  const bool wake_before = p.wake_pending;

  // The high bit of the buffer selector asks for a timed poll (no extra
  // input byte, so the corpus keeps its meaning).
  const bool timed = (buf_sel & 0x80) != 0 && p.waker != nullptr &&
                     p.wake_pending && live.Find(p.waker_token)->owners == 1;
  const int64_t timeout = timed ? PendingWakeTimeout(buf_sel) : 0;
  const int rc = mio_poll_poll(p.poll, ev, timeout);
  if (rc == -MIO_EINTR && PollMayBeInterrupted(w)) {
    MIO_FUZZ_CHECK(mio_events_len(ev) == 0, "events after EINTR");
    return;
  }
  MIO_FUZZ_EXPECT_RC(rc, 0, "poll");
  MIO_FUZZ_CHECK(mio_events_len(ev) <= mio_events_capacity(ev), "len > cap");

  for (size_t i = 0; i < mio_events_len(ev); i++) {
    const mio_event *e = mio_events_get(ev, i);
    const mio_token t = mio_event_token(e);
    Allowed *a = &CheckEvent(live, e, pi, p.poll);
    if (p.waker == nullptr || t != p.waker_token) continue;
    p.wake_pending = false;
    if (a->owners != 1) continue;  // maybe a source's event
    MIO_FUZZ_CHECK(p.wake_maybe_pending,
                   "poll %d (%s): waker event without a wake since the last "
                   "one: %s",
                   pi, mio_backend_name(mio_poll_backend(p.poll)),
                   EventText(e));
    p.wake_maybe_pending = false;
  }
  // A readable event may have consumed the readiness of every source that
  // shares its token.
  for (auto &s : w.slots) {
    if (s.poll == p.id && live.Find(s.token)->readable_seen) {
      s.read_armed = false;
    }
  }

  // Liveness, only where the model is unambiguous.
  if (!room) return;
  if (p.waker != nullptr && wake_before && p.wake_pending &&
      live.Find(p.waker_token)->owners == 1) {
    MIO_FUZZ_CHECK(false, "poll %d (%s): woken waker (token %ju) not reported",
                   pi, mio_backend_name(mio_poll_backend(p.poll)),
                   static_cast<uintmax_t>(p.waker_token));
  }
  for (const auto &s : w.slots) {
    if (s.poll != p.id) continue;
    const Allowed *a = live.Find(s.token);
    if (a->owners != 1) continue;
    if (TracksReadEdges(s) && s.pending_data && armed_before[&s - w.slots] &&
        (s.interest & MIO_INTEREST_READABLE) != 0) {
      MIO_FUZZ_CHECK(a->readable_seen,
                     "poll %d (%s): new read readiness of an armed READABLE "
                     "source (token %ju) not reported (%s)",
                     pi, mio_backend_name(mio_poll_backend(p.poll)),
                     static_cast<uintmax_t>(s.token), ReadEdgeText(s));
    }
  }
}

// Decodes one operation from `in` and runs it on `w`. The operations are
// the target's own: functions of its World found by argument-dependent
// lookup in the World's namespace (OpRegister, OpReregister, OpDeregister,
// CloseSource, Create, OpPeerPoke, OpPeerDrain, ClosePeer, OpSourceIo,
// OpPoll, OpWakerNew, OpWakerWake, OpWakerFree, OpClone, OpRecreatePoll,
// OpOrphan, OpBadArgs), so both targets read the same bytes the same way.
template <typename World>
void Step(World &w, FuzzInput &in) {
  switch (in.U8() % 16) {
    case 0:
    case 1:
      OpRegister(w, in);
      break;
    case 2:
      OpReregister(w, in);
      break;
    case 3:
      OpDeregister(w, in);
      break;
    case 4: {
      auto &s = w.slots[in.U8() % kSlots];
      CloseSource(s, in.U8() & 1);
      break;
    }
    case 5: {
      auto &s = w.slots[in.U8() % kSlots];
      Create(s, FdKind(in.U8() % kNumFdKinds));
      break;
    }
    case 6:
      OpPeerPoke(w, in);
      break;
    case 7:
      OpPeerDrain(w, in);
      break;
    case 8:
      ClosePeer(w.slots[in.U8() % kSlots]);
      break;
    case 9:
      OpSourceIo(w, in, false);
      break;
    case 10:
      OpSourceIo(w, in, true);
      break;
    case 11:
    case 12:
      OpPoll(w, in);
      break;
    case 13: {
      const uint8_t op = in.U8() % 3;
      if (op == 0) OpWakerNew(w, in);
      if (op == 1) OpWakerWake(w, in);
      if (op == 2) OpWakerFree(w, in);
      break;
    }
    case 14:
      OpClone(w, in);
      break;
    default: {
      const uint8_t op = in.U8() % 8;
      if (op == 0) {
        OpRecreatePoll(w, in);
      } else if (op < 3) {
        OpOrphan(w, in);
      } else {
        OpBadArgs(w, in);
      }
      break;
    }
  }
}

}  // namespace mio_fuzz

#endif  // MIO_FUZZ_REGISTRY_OPS_MODEL_H_
