// Fuzzes the registration state machine of the core against a model.
//
// Each input decodes into up to kMaxSteps operations over a small pool of
// real descriptors (socketpairs, pipe read and write ends, eventfds), each
// wrapped in a mio_io_source, and two Polls whose backends (epoll, poll(2) or
// io_uring) the first byte picks: register / reregister / deregister with
// arbitrary tokens and interests, close or into_raw_fd without deregistering
// and re-create, I/O on both ends to create readiness, polls with a zero
// timeout, wakers, registry clones, freeing a Poll while clones, its waker and
// registered sources outlive it, and argument errors.
//
// The model predicts every return code (API.md §7.5 table; -MIO_EINVAL for a
// NULL argument or invalid interest, checked first; -MIO_EBADF for a closed
// object; -MIO_EEXIST for a second waker) and checks every polled event:
//  - its token belongs to a live registration on that Poll (or its waker), so
//    no event ever arrives for a deregistered or closed source;
//  - its readiness is within the registered interest (plus error/closed);
//  - a waker event needs a wake since the last one was consumed (API.md §9);
// and two liveness rules where they are unambiguous (unique token, capacity
// for every registration): a pending wake, and data sent to an armed
// READABLE socket (§8: armed since registration or since a would-block),
// must show up in the next poll.
// Any mismatch aborts with the reason.
//
// Speed (fuzz/README.md): the world outlives an input. Creating two Polls
// (an io_uring ring especially) and twelve descriptors per input, and listing
// /proc/self/fd twice, cost most of an execution, so the Polls are cached per
// backend and slot, and the descriptors are kept. Reset() at the end of every
// input brings both back to the state a fresh Setup() would create: every
// registration is removed (even slots deregistered, odd ones closed while
// registered, API.md §7.6), wakers, clones and orphans freed, descriptors
// that were closed, given away, lost their peer or changed kind recreated,
// and those that saw I/O drained. It then checks that the reuse is sound, so
// a failure still points at the input that caused it: a zero-timeout poll of
// every kept Poll reports nothing, and the descriptors open outside the ones
// the harness holds are as many as before the input (no leak).
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fuzz/fuzz_util.h"
#include "fuzz/registry_ops_model.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/interest.h"
#include "mio/core/poll.h"
#include "mio/core/poll_internal.h"
#include "mio/core/registry.h"
#include "mio/core/source.h"
#include "mio/core/waker.h"

namespace {

using mio_fuzz::Allowed;
using mio_fuzz::CheckEvent;
using mio_fuzz::Err;
using mio_fuzz::EventText;
using mio_fuzz::FreeOrphan;
using mio_fuzz::FuzzInput;
using mio_fuzz::kMaxOrphans;
using mio_fuzz::LiveTokens;
using mio_fuzz::OpenFdKind;
using mio_fuzz::Orphan;
using mio_fuzz::PendingWakeTimeout;
using mio_fuzz::PickInterest;
using mio_fuzz::PickToken;
using mio_fuzz::Registry;
using mio_fuzz::WantDeregister;
using mio_fuzz::WantRegister;

using mio_fuzz::kClones;
using mio_fuzz::kEventCaps;
using mio_fuzz::kMaxSteps;
using mio_fuzz::kNumEventBufs;
using mio_fuzz::kPolls;
using mio_fuzz::kSlots;
constexpr size_t kMaxIo = 1 << 16;

// What a slot's mio_io_source wraps, and what its peer descriptor is.
using Kind = mio_fuzz::FdKind;
using mio_fuzz::kEventfd;
using mio_fuzz::kPipeRead;
using mio_fuzz::kPipeWrite;
using mio_fuzz::kSocket;
constexpr int kNumKinds = mio_fuzz::kNumFdKinds;

struct Slot {
  Kind kind = kSocket;
  mio_io_source src = MIO_OBJECT_INIT;  // never moved while registered
  bool open = false;
  int peer = -1;
  // Registration (model): the id of the Poll (PollState::id, or an orphan's
  // id once that Poll was freed) or -1.
  int poll = -1;
  mio_token token = 0;
  mio_interest interest = 0;
  // Liveness: read readiness is armed (register, reregister, would-block)
  // and not yet consumed by a delivered readable event that may be ours.
  bool read_armed = false;
  // Sent by the peer and not read by us since (sockets only); data counts
  // only if sent after the last would-block (§8: edges, not levels), but
  // (re)register re-evaluates readiness, so there older data counts too.
  bool pending_data = false;
  // Reuse: I/O happened on either end since the last drain.
  bool dirty = false;
};

// How a Poll was asked for (NewPoll); the key of the Poll cache.
enum PollKind {
  kPollKindPoll,
  kPollKindEpoll,
  kPollKindIoUring,
  kNumPollKinds
};

struct PollState {
  mio_poll *poll = nullptr;
  int id = -1;  // a new id for every mio_poll_new
  PollKind kind = kPollKindPoll;
  bool epoll = false;
  int fds = 0;  // descriptors the Poll holds (measured by NewPoll)
  mio_registry *clones[kClones] = {};
  mio_waker *waker = nullptr;
  mio_token waker_token = 0;
  // A wake not yet reported for sure (liveness) / possibly (safety): they
  // differ after an event whose token the waker shares with a source.
  bool wake_pending = false;
  bool wake_maybe_pending = false;
};

struct World {
  Slot slots[kSlots];
  PollState polls[kPolls];
  Orphan orphans[kMaxOrphans];
};

mio_events *g_events[kNumEventBufs];
unsigned char g_io_buf[kMaxIo];

// Kept across inputs (see the file comment): the slots' descriptors, and idle
// Polls by kind and slot (no registrations, waker or clones).
World g_world;
PollState g_idle_polls[kNumPollKinds][kPolls];
int g_next_poll_id = 0;

// ------------------------------------------------------------------ helpers

#define EXPECT_RC MIO_FUZZ_EXPECT_RC

// ------------------------------------------------------------ slot lifetime

void ClosePeer(Slot &s) {
  if (s.peer >= 0) close(s.peer);
  s.peer = -1;
  s.pending_data = false;
}

void ForgetRegistration(Slot &s) {
  s.poll = -1;
  s.token = 0;
  s.interest = 0;
  s.read_armed = false;
}

// Closes the source without deregistering (API.md §7.6), or gives up its
// descriptor with into_raw_fd and closes that.
void CloseSource(Slot &s, bool into_raw) {
  if (into_raw) {
    const int fd = mio_io_source_into_raw_fd(&s.src);
    MIO_FUZZ_CHECK((fd >= 0) == s.open, "into_raw_fd gave %d, open %d", fd,
                   s.open);
    if (fd >= 0) close(fd);
  } else {
    EXPECT_RC(mio_io_source_close(&s.src), 0, "mio_io_source_close");
  }
  MIO_FUZZ_CHECK(mio_io_source_as_raw_fd(&s.src) == MIO_INVALID_RAW_FD,
                 "as_raw_fd after close");
  s.open = false;
  s.pending_data = false;
  ForgetRegistration(s);
}

void Create(Slot &s, Kind kind) {
  CloseSource(s, false);
  ClosePeer(s);
  int mine = -1;
  int peer = -1;
  const int rc = OpenFdKind(kind, &mine, &peer);
  MIO_FUZZ_CHECK(rc == 0, "creating descriptors: %s", Err(rc));
  EXPECT_RC(mio_io_source_init(&s.src, mine), 0, "mio_io_source_init");
  MIO_FUZZ_CHECK(mio_io_source_as_raw_fd(&s.src) == mine, "as_raw_fd");
  s.kind = kind;
  s.open = true;
  s.peer = peer;
  s.dirty = false;
}

// ----------------------------------------------------------------------- I/O

struct IoCtx {
  int fd;
  bool write;
  size_t len;
  bool called;
};

ptrdiff_t DoIo(void *arg) {
  IoCtx *c = static_cast<IoCtx *>(arg);
  c->called = true;
  const ssize_t n =
      c->write ? write(c->fd, g_io_buf, c->len) : read(c->fd, g_io_buf, c->len);
  return n >= 0 ? n : mio_last_error();
}

// I/O on our end through do_io (the path that re-arms after would-block).
void OpSourceIo(World &w, FuzzInput &in, bool write) {
  Slot &s = w.slots[in.U8() % kSlots];
  IoCtx c;
  c.fd = mio_io_source_as_raw_fd(&s.src);
  c.write = write;
  c.len = s.kind == kEventfd ? 8 : 1 + in.U16() % kMaxIo;
  c.called = false;
  if (s.kind == kEventfd && write) {
    uint64_t v = in.U8();  // 0 is a no-op add; never overflows
    std::memcpy(g_io_buf, &v, sizeof v);
  }
  s.dirty = true;
  const ptrdiff_t rc = mio_io_source_do_io(&s.src, DoIo, &c);
  if (!s.open) {
    MIO_FUZZ_CHECK(rc == -MIO_EBADF && !c.called,
                   "do_io on a closed source: %td, called %d", rc, c.called);
    return;
  }
  MIO_FUZZ_CHECK(c.called, "do_io did not call fn");
  if (!write || rc == -MIO_EAGAIN) s.pending_data = false;
  if (rc == -MIO_EAGAIN && s.poll >= 0) s.read_armed = true;
}

// The other end: makes our end readable (socket, pipe read end, eventfd) or
// writable (pipe write end, draining it).
void OpPeerPoke(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  const size_t len = 1 + in.U16() % kMaxIo;
  ssize_t n = -1;
  s.dirty = true;
  switch (s.kind) {
    case kSocket:
      if (s.peer >= 0) {
        n = send(s.peer, g_io_buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      if (n > 0 && s.open) s.pending_data = true;
      break;
    case kPipeRead:
      if (s.peer >= 0) n = write(s.peer, g_io_buf, len);
      break;
    case kPipeWrite:
      if (s.peer >= 0) n = read(s.peer, g_io_buf, len);
      break;
    default:
      if (s.open) {
        const uint64_t one = 1;
        n = write(mio_io_source_as_raw_fd(&s.src), &one, sizeof one);
      }
      break;
  }
  (void)n;  // EAGAIN, EPIPE: fine, the point is readiness
}

// Drains what our end wrote (socket) so it becomes writable again.
void OpPeerDrain(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  if (s.peer < 0 || s.kind == kPipeRead) return;
  s.dirty = true;
  const ssize_t n = read(s.peer, g_io_buf, 1 + in.U16() % kMaxIo);
  (void)n;
}

// ------------------------------------------------------------------ polling

// Hooks of the shared OpPoll (registry_ops_model.h).
mio_events *EventBuffer(World &, uint8_t sel) {
  return g_events[sel % kNumEventBufs];
}
// libFuzzer's timers (SIGALRM) can interrupt even a zero-timeout poll:
// -MIO_EINTR, not retried, with no events and nothing consumed (API.md §4).
bool PollMayBeInterrupted(const World &) { return true; }
// Only data sent to a socket is tracked as a read edge (OpPeerPoke).
bool TracksReadEdges(const Slot &s) { return s.kind == kSocket; }
const char *ReadEdgeText(const Slot &) { return "data sent to a socket"; }

// ---------------------------------------------------------------- registry

// Clones into an empty clone slot, or frees an occupied one.
void OpClone(World &w, FuzzInput &in) {
  PollState &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  mio_registry *&c = p.clones[in.U8() % kClones];
  if (c != nullptr) {
    mio_registry_free(c);
    c = nullptr;
    return;
  }
  EXPECT_RC(mio_registry_try_clone(r, &c), 0, "try_clone");
  MIO_FUZZ_CHECK(c != nullptr, "clone NULL");
  if (p.epoll) {
    MIO_FUZZ_CHECK(mio_registry_as_raw_fd(c) == mio_poll_as_raw_fd(p.poll),
                   "clone raw fd");
  } else {
    EXPECT_RC(mio_registry_as_raw_fd(c), -MIO_ENOTSUP, "poll(2) raw fd");
  }
}

// Argument errors (registry_ops_model.h), with this target's do_io.
void OpBadArgs(World &w, FuzzInput &in) {
  PollState &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  Slot &s = w.slots[in.U8() % kSlots];
  IoCtx io = {mio_io_source_as_raw_fd(&s.src), false, 1, false};
  mio_fuzz::OpBadArgs({p.poll, r, &s.src, g_events, DoIo, &io, &io.called}, in);
}

// ------------------------------------------------------------------ driver

// `epoll` selects the edge-triggered kernel backends: io_uring when asked
// (the core falls back to epoll where the kernel refuses it), else epoll.
// Their observable contract is the same (API.md §6), so is the model's.
PollKind KindOf(bool epoll, bool io_uring) {
  return !epoll ? kPollKindPoll : io_uring ? kPollKindIoUring : kPollKindEpoll;
}

// A fresh Poll of `kind` in `p`, with the number of descriptors it holds.
void NewPoll(PollState &p, PollKind kind) {
  const int fds_before = mio_fuzz::CountLowOpenFds();
  p = PollState();
  p.kind = kind;
  p.epoll = kind != kPollKindPoll;
  p.id = g_next_poll_id++;
  const mio_sys_ops *ops = kind == kPollKindPoll    ? &mio_sys_poll_ops
                           : kind == kPollKindEpoll ? &mio_sys_epoll_ops
                                                    : &mio_sys_io_uring_ops;
  EXPECT_RC(mio_poll_new_with_ops(&p.poll, ops), 0, "poll_new");
  const mio_backend b = mio_poll_backend(p.poll);
  MIO_FUZZ_CHECK(kind == kPollKindPoll ? b == MIO_BACKEND_POLL
                 : kind == kPollKindEpoll
                     ? b == MIO_BACKEND_EPOLL
                     : b == MIO_BACKEND_IO_URING || b == MIO_BACKEND_EPOLL,
                 "backend %d", static_cast<int>(b));
  p.fds = mio_fuzz::CountLowOpenFds() - fds_before;
}

// mio_poll_free with clones, a waker and registered sources still around;
// they become an orphan, and the slot gets a fresh Poll.
void OpRecreatePoll(World &w, FuzzInput &in) {
  PollState &p = w.polls[in.U8() % kPolls];
  const uint8_t backend = in.U8();
  Orphan &o = w.orphans[in.U8() % kMaxOrphans];
  FreeOrphan(o);
  o.id = p.id;
  o.waker = p.waker;
  for (int c = 0; c < kClones; c++) o.clones[c] = p.clones[c];
  mio_poll_free(p.poll);
  NewPoll(p, KindOf((backend & 1) == 0, (backend & 2) != 0));
}

// Calls through what outlived its Poll: 0 or an OS error, never a crash; the
// §7.5 table still holds (the orphan's id is the association identity).
void OpOrphan(World &w, FuzzInput &in) {
  Orphan &o = w.orphans[in.U8() % kMaxOrphans];
  mio_registry *r = o.clones[in.U8() % kClones];
  Slot &s = w.slots[in.U8() % kSlots];
  switch (in.U8() % 3) {
    case 0:
      if (o.waker != nullptr) {
        const int rc = mio_waker_wake(o.waker);
        MIO_FUZZ_CHECK(rc <= 0, "orphan wake %d", rc);
      }
      return;
    case 1: {
      if (r == nullptr) return;
      const mio_token token = PickToken(in);
      const mio_interest interest = PickInterest(in);
      const int want = WantRegister(interest, s.open, s.poll);
      const int rc = mio_registry_register(r, mio_io_source_source(&s.src),
                                           token, interest);
      if (want != 0) EXPECT_RC(rc, want, "register through an orphan");
      MIO_FUZZ_CHECK(rc <= 0, "orphan register %d", rc);
      if (rc != 0) return;
      s.poll = o.id;
      s.token = token;
      s.interest = interest;
      s.read_armed = false;  // nobody can poll it
      return;
    }
    default: {
      if (r == nullptr) return;
      const int want = WantDeregister(s.open, s.poll, o.id);
      const int rc = mio_registry_deregister(r, mio_io_source_source(&s.src));
      if (want != 0) EXPECT_RC(rc, want, "deregister through an orphan");
      MIO_FUZZ_CHECK(rc <= 0, "orphan deregister %d", rc);
      if (want == 0) ForgetRegistration(s);  // even if the OS call failed
      return;
    }
  }
}

// --------------------------------------------------------------- lifecycle

// The kind Setup gives slot `i`.
Kind SlotKind(int i) { return Kind(i % kNumKinds); }

// Reads `fd` until it would block (a closed or invalid fd ends it too).
void DrainFd(int fd) {
  while (fd >= 0 && read(fd, g_io_buf, kMaxIo) > 0) {
  }
}

// Back to what Create(s, kind) gives: an open, unregistered source with its
// peer and no data in either direction. Reuses the descriptors when they
// are still of that kind and paired, draining them if they saw I/O.
void RestoreSlot(Slot &s, Kind kind) {
  const bool paired = kind == kEventfd || s.peer >= 0;
  if (!s.open || s.kind != kind || !paired) {
    Create(s, kind);
    return;
  }
  ForgetRegistration(s);
  s.pending_data = false;
  if (!s.dirty) return;
  const int mine = mio_io_source_as_raw_fd(&s.src);
  if (kind != kPipeWrite) DrainFd(mine);   // socket, pipe read end, eventfd
  if (kind != kPipeRead) DrainFd(s.peer);  // socket peer, pipe read end
  s.dirty = false;
}

// Descriptors the harness holds between inputs: the slots' and those of the
// idle Polls.
int HeldFds(const World &w) {
  int n = 0;
  for (const Slot &s : w.slots) n += (s.open ? 1 : 0) + (s.peer >= 0 ? 1 : 0);
  for (const auto &by_slot : g_idle_polls) {
    for (const PollState &p : by_slot) n += p.poll != nullptr ? p.fds : 0;
  }
  return n;
}

// The Polls for this input come from the idle cache (created on first use):
// the first byte picks each one's backend, as when they were created here.
void Setup(World &w, FuzzInput &in) {
  const uint8_t backends = in.U8();
  for (int i = 0; i < kPolls; i++) {
    const PollKind kind =
        KindOf(((backends >> i) & 1) == 0, ((backends >> (i + 2)) & 1) != 0);
    PollState &idle = g_idle_polls[kind][i];
    if (idle.poll == nullptr) NewPoll(idle, kind);
    w.polls[i] = idle;
    idle = PollState();
  }
}

// A kept Poll with nothing registered and no waker reports nothing.
void CheckIdle(const PollState &p, int index) {
  mio_events *ev = g_events[kNumEventBufs - 1];
  int rc;
  do {
    rc = mio_poll_poll(p.poll, ev, 0);
  } while (rc == -MIO_EINTR);
  EXPECT_RC(rc, 0, "poll of an idle Poll");
  MIO_FUZZ_CHECK(mio_events_len(ev) == 0,
                 "poll %d (%s): %zu events after every registration, the "
                 "waker and the clones were removed, first %s",
                 index, mio_backend_name(mio_poll_backend(p.poll)),
                 mio_events_len(ev), EventText(mio_events_get(ev, 0)));
}

// Ends an input: removes every registration (half the sources deregistered,
// the rest closed while registered, also those whose Poll is gone), frees
// wakers, clones and orphans, returns the Polls to the idle cache and the
// slots to their Setup state.
void Reset(World &w) {
  for (PollState &p : w.polls) {
    mio_waker_free(p.waker);
    p.waker = nullptr;
    for (mio_registry *&c : p.clones) {
      mio_registry_free(c);
      c = nullptr;
    }
  }
  for (Orphan &o : w.orphans) FreeOrphan(o);
  for (int i = 0; i < kSlots; i++) {
    Slot &s = w.slots[i];
    if (s.poll < 0) continue;
    const PollState *owner = nullptr;
    for (const PollState &p : w.polls) {
      if (s.poll == p.id) owner = &p;
    }
    if (owner != nullptr && i % 2 == 0) {
      EXPECT_RC(mio_registry_deregister(mio_poll_registry(owner->poll),
                                        mio_io_source_source(&s.src)),
                0, "final deregister");
      ForgetRegistration(s);
    } else {
      CloseSource(s, false);
    }
  }
  for (int i = 0; i < kPolls; i++) {
    PollState &p = w.polls[i];
    CheckIdle(p, i);
    p.wake_pending = false;
    p.wake_maybe_pending = false;
    PollState &idle = g_idle_polls[p.kind][i];
    if (idle.poll == nullptr) {
      idle = p;
    } else {
      mio_poll_free(p.poll);  // a recreated Poll of a kind already idle
    }
    p = PollState();
  }
  for (int i = 0; i < kSlots; i++) RestoreSlot(w.slots[i], SlotKind(i));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  // Writing to a pipe whose read end is closed is part of the game.
  signal(SIGPIPE, SIG_IGN);
  for (size_t i = 0; i < kNumEventBufs; i++) {
    MIO_FUZZ_CHECK(mio_events_new(&g_events[i], kEventCaps[i]) == 0,
                   "events_new");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  World &w = g_world;
  static bool slots_ready = false;
  if (!slots_ready) {
    for (int i = 0; i < kSlots; i++) RestoreSlot(w.slots[i], SlotKind(i));
    slots_ready = true;
  }
  // Descriptors not held by the harness: unchanged by an input.
  const int others_before = mio_fuzz::CountLowOpenFds() - HeldFds(w);
  FuzzInput in(data, size);
  Setup(w, in);
  for (int step = 0; step < kMaxSteps && !in.empty(); step++)
    mio_fuzz::Step(w, in);
  Reset(w);
  const int others_after = mio_fuzz::CountLowOpenFds() - HeldFds(w);
  MIO_FUZZ_CHECK(others_before == others_after,
                 "descriptor leak: %d before, %d after (besides the %d the "
                 "harness holds)",
                 others_before, others_after, HeldFds(w));
  return 0;
}
