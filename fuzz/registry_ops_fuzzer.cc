// Fuzzes the core's registration bookkeeping at memory speed against a model.
//
// The operation language, the model and the corpus format are those of
// registry_ops_kernel (registry_ops_kernel_fuzzer.cc): up to kMaxSteps
// operations over six sources and two Polls (register / reregister /
// deregister with arbitrary tokens and interests, close or into_raw_fd while
// registered, readiness on either end, polls, wakers, registry clones, freed
// Polls whose clones, waker and sources outlive them, argument errors). The
// difference is below the core: the Polls run on the in-memory selector of
// fake_selector.h (mio_poll_new_with_ops), edge-triggered like epoll or
// disarming like poll(2) as the first byte says, and readiness is injected
// instead of produced by I/O. An execution makes no system call except
// closing a source's descriptor (mio_io_source_close closes it for real) and
// dup()ing a pre-opened /dev/null descriptor to make the next one, so it runs
// at memory speed; registry_ops_kernel keeps the same inputs on the real
// backends (kernel delivery, the eventfd waker, descriptor leaks).
//
// Checked, besides every return code (API.md §7.5 table, §2.1 argument
// errors, exact also through the clones of a freed Poll) and every polled
// event (token of a live registration or the waker, readiness within
// interest, a waker event only after a wake, and liveness of a pending wake
// and of new readable readiness on an armed registration):
//  - after every operation, the selector holds exactly the registrations the
//    model says (one per registered source, none for a closed or
//    deregistered one, also for sources of a freed Poll), and the core never
//    asked it for a registration it does not have or already has
//    (mio_fuzz_fake_refusals);
//  - a closed source's descriptor is really closed;
//  - at the end of an input, with every registration, waker, clone and Poll
//    freed, no selector is left alive (the core's reference counts).
#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fuzz/fake_selector.h"
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

// What a slot's source stands for, which decides what readiness its end and
// its peer's actions produce (the descriptor itself is /dev/null).
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
  int fd = -1;  // the descriptor, while open, or one to reuse (into_raw_fd)
  bool peer = false;
  // Registration (model): the id of the Poll (PollState::id, or an orphan's
  // id once that Poll was freed) or -1.
  int poll = -1;
  mio_token token = 0;
  mio_interest interest = 0;
  // Liveness: read readiness is armed (register, reregister, would-block)
  // and not yet consumed by a delivered readable event that may be ours.
  bool read_armed = false;
  // Readable readiness rose since the last would-block (an edge).
  bool pending_data = false;
};

struct PollState {
  mio_poll *poll = nullptr;
  int id = -1;  // a new id for every mio_poll_new
  bool edge = false;
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
World g_world;
int g_next_poll_id = 0;
// Idle Polls by selector (edge, level) and slot, kept across inputs: with
// nothing registered, no waker and no clones they are as good as new, and
// creating them per input cost more allocator work than a whole input.
PollState g_idle_polls[2][kPolls];
int g_dev_null = -1;  // dup()ed for every new source descriptor

// ------------------------------------------------------------------ helpers

#define EXPECT_RC MIO_FUZZ_EXPECT_RC

// Readiness of a slot's descriptor (EPOLL* bits, as the fake stores it).
uint32_t Ready(const Slot &s) { return s.open ? mio_fuzz_fake_ready(s.fd) : 0; }

void SetReady(Slot &s, uint32_t bits) {
  if (!s.open) return;
  if ((bits & EPOLLIN) != 0 && (Ready(s) & EPOLLIN) == 0) {
    s.pending_data = true;
  }
  mio_fuzz_fake_set_ready(s.fd, bits);
}

// ------------------------------------------------------------ slot lifetime

// The peer goes away: hang-up readiness on our end.
void ClosePeer(Slot &s) {
  if (!s.peer) return;
  s.peer = false;
  switch (s.kind) {
    case kSocket:
      SetReady(s, Ready(s) | EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLHUP);
      break;
    case kPipeRead:
      SetReady(s, Ready(s) | EPOLLHUP);
      break;
    case kPipeWrite:
      SetReady(s, Ready(s) | EPOLLOUT | EPOLLERR);
      break;
    default:
      break;
  }
}

void ForgetRegistration(Slot &s) {
  s.poll = -1;
  s.token = 0;
  s.interest = 0;
  s.read_armed = false;
}

// Closes the source without deregistering (API.md §7.6), or gives up its
// descriptor with into_raw_fd. The "kernel" (the fake) then drops what it
// held for the descriptor: a real close, or the number reused for the next
// source as if closed and reopened.
void CloseSource(Slot &s, bool into_raw) {
  if (into_raw) {
    const int fd = mio_io_source_into_raw_fd(&s.src);
    MIO_FUZZ_CHECK(fd == (s.open ? s.fd : -1), "into_raw_fd gave %d, want %d",
                   fd, s.open ? s.fd : -1);
  } else {
    EXPECT_RC(mio_io_source_close(&s.src), 0, "mio_io_source_close");
    if (s.open) {
      MIO_FUZZ_CHECK(fcntl(s.fd, F_GETFD) == -1 && errno == EBADF,
                     "descriptor %d still open after mio_io_source_close",
                     s.fd);
    }
  }
  MIO_FUZZ_CHECK(mio_io_source_as_raw_fd(&s.src) == MIO_INVALID_RAW_FD,
                 "as_raw_fd after close");
  if (s.open) mio_fuzz_fake_fd_closed(s.fd);
  if (s.open && !into_raw) s.fd = -1;
  s.open = false;
  s.pending_data = false;
  ForgetRegistration(s);
}

// A new source of `kind` with its peer; a pipe's write end and a socket start
// writable, as the kernel's do.
void Create(Slot &s, Kind kind) {
  CloseSource(s, true);
  if (s.fd < 0) s.fd = dup(g_dev_null);
  MIO_FUZZ_CHECK(s.fd >= 0 && s.fd < MIO_FUZZ_FAKE_MAX_FD, "dup: %d (%s)", s.fd,
                 std::strerror(errno));
  EXPECT_RC(mio_io_source_init(&s.src, s.fd), 0, "mio_io_source_init");
  MIO_FUZZ_CHECK(mio_io_source_as_raw_fd(&s.src) == s.fd, "as_raw_fd");
  s.kind = kind;
  s.open = true;
  s.peer = kind != kEventfd;
  s.pending_data = false;
  mio_fuzz_fake_set_ready(
      s.fd, kind == kSocket || kind == kPipeWrite || kind == kEventfd
                ? uint32_t{EPOLLOUT}
                : 0);
}

// ----------------------------------------------------------------------- I/O

// What the I/O function of do_io does: succeed while the direction is
// ready, and consume that readiness when the input says so; fail with
// would-block once it is gone.
struct IoCtx {
  Slot *slot;
  bool write;
  bool consume;
  bool called;
};

ptrdiff_t DoIo(void *arg) {
  IoCtx *c = static_cast<IoCtx *>(arg);
  c->called = true;
  const uint32_t bit = c->write ? EPOLLOUT : EPOLLIN;
  const uint32_t ready = Ready(*c->slot);
  if ((ready & bit) == 0) return -MIO_EAGAIN;
  if (c->consume) SetReady(*c->slot, ready & ~bit);
  return 1;
}

// I/O on our end through do_io (the path that re-arms after would-block).
void OpSourceIo(World &w, FuzzInput &in, bool write) {
  Slot &s = w.slots[in.U8() % kSlots];
  IoCtx c = {&s, write, (in.U16() & 1) != 0, false};
  const ptrdiff_t rc = mio_io_source_do_io(&s.src, DoIo, &c);
  if (!s.open) {
    MIO_FUZZ_CHECK(rc == -MIO_EBADF && !c.called,
                   "do_io on a closed source: %td, called %d", rc, c.called);
    return;
  }
  MIO_FUZZ_CHECK(c.called, "do_io did not call fn");
  MIO_FUZZ_CHECK(rc == 1 || rc == -MIO_EAGAIN, "do_io: %td", rc);
  if (!write || rc == -MIO_EAGAIN) s.pending_data = false;
  if (rc == -MIO_EAGAIN && s.poll >= 0) s.read_armed = true;
}

// The other end: makes our end readable (socket, pipe read end, eventfd) or
// writable (pipe write end, drained by its reader).
void OpPeerPoke(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  (void)in.U16();  // the length, in the kernel variant
  if (s.kind == kPipeWrite) {
    if (s.peer) SetReady(s, Ready(s) | EPOLLOUT);
  } else if (s.peer || s.kind == kEventfd) {
    SetReady(s, Ready(s) | EPOLLIN);
  }
}

// The peer drains what our end wrote (socket): writable again.
void OpPeerDrain(World &w, FuzzInput &in) {
  Slot &s = w.slots[in.U8() % kSlots];
  if (!s.peer || s.kind == kPipeRead) return;
  (void)in.U16();
  SetReady(s, Ready(s) | EPOLLOUT);
}

// ------------------------------------------------------------------ polling

// Hooks of the shared OpPoll (registry_ops_model.h).
mio_events *EventBuffer(World &, uint8_t sel) {
  return g_events[sel % kNumEventBufs];
}
// The fake selector never fails a poll.
bool PollMayBeInterrupted(const World &) { return false; }
// Injected readiness marks every rising read edge (SetReady).
bool TracksReadEdges(const Slot &) { return true; }
const char *ReadEdgeText(const Slot &) { return "injected"; }

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
  EXPECT_RC(mio_registry_as_raw_fd(c), -MIO_ENOTSUP, "fake raw fd");
}

// Argument errors (registry_ops_model.h), with this target's do_io.
void OpBadArgs(World &w, FuzzInput &in) {
  PollState &p = w.polls[in.U8() % kPolls];
  const mio_registry *r = Registry(p, in);
  Slot &s = w.slots[in.U8() % kSlots];
  IoCtx io = {&s, false, false, false};
  mio_fuzz::OpBadArgs({p.poll, r, &s.src, g_events, DoIo, &io, &io.called}, in);
}

// ------------------------------------------------------------------ driver

// A fresh Poll on the fake selector: edge-triggered (epoll-like) or
// disarming (poll(2)-like).
void NewPoll(PollState &p, bool edge) {
  p = PollState();
  p.edge = edge;
  p.id = g_next_poll_id++;
  EXPECT_RC(mio_poll_new_with_ops(&p.poll, edge ? &mio_fuzz_fake_edge_ops
                                                : &mio_fuzz_fake_level_ops),
            0, "poll_new");
  MIO_FUZZ_CHECK(
      mio_poll_backend(p.poll) == (edge ? MIO_BACKEND_EPOLL : MIO_BACKEND_POLL),
      "backend");
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
  NewPoll(p, (backend & 1) == 0);
}

// Calls through what outlived its Poll: the §7.5 table still holds (the
// orphan's id is the association identity), and the selector is alive, so
// every call succeeds when the table says so.
void OpOrphan(World &w, FuzzInput &in) {
  Orphan &o = w.orphans[in.U8() % kMaxOrphans];
  mio_registry *r = o.clones[in.U8() % kClones];
  Slot &s = w.slots[in.U8() % kSlots];
  switch (in.U8() % 3) {
    case 0:
      if (o.waker != nullptr) {
        EXPECT_RC(mio_waker_wake(o.waker), 0, "orphan wake");
      }
      return;
    case 1: {
      if (r == nullptr) return;
      const mio_token token = PickToken(in);
      const mio_interest interest = PickInterest(in);
      const int want = WantRegister(interest, s.open, s.poll);
      const int rc = mio_registry_register(r, mio_io_source_source(&s.src),
                                           token, interest);
      EXPECT_RC(rc, want, "register through an orphan");
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
      EXPECT_RC(rc, want, "deregister through an orphan");
      if (rc == 0) ForgetRegistration(s);
      return;
    }
  }
}

// --------------------------------------------------------------- lifecycle

// The kind a slot starts an input with.
Kind SlotKind(int i) { return Kind(i % kNumKinds); }

// The first byte picks each Poll's selector, as registry_ops_kernel picks
// epoll/io_uring (bit clear) or poll(2) (bit set); the Polls come from the
// idle cache (created on first use).
void Setup(World &w, FuzzInput &in) {
  const uint8_t backends = in.U8();
  for (int i = 0; i < kPolls; i++) {
    const bool edge = ((backends >> i) & 1) == 0;
    PollState &idle = g_idle_polls[edge][i];
    if (idle.poll == nullptr) NewPoll(idle, edge);
    w.polls[i] = idle;
    idle = PollState();
  }
  for (int i = 0; i < kSlots; i++) Create(w.slots[i], SlotKind(i));
}

// The selectors hold exactly the registrations of the model, and the core
// never asked them for one they lack or already had.
void CheckSelectors(const World &w, long refusals_before) {
  MIO_FUZZ_CHECK(mio_fuzz_fake_refusals() == refusals_before,
                 "the core made %ld register/reregister/deregister calls the "
                 "selector refused",
                 mio_fuzz_fake_refusals() - refusals_before);
  for (int i = 0; i < kSlots; i++) {
    const Slot &s = w.slots[i];
    if (!s.open) continue;
    const int want = s.poll >= 0 ? 1 : 0;
    MIO_FUZZ_CHECK(mio_fuzz_fake_registrations(s.fd) == want,
                   "slot %d (fd %d): %d selector registrations, model %d", i,
                   s.fd, mio_fuzz_fake_registrations(s.fd), want);
  }
}

// Ends an input: removes every registration (half the sources deregistered,
// the rest closed while registered, also those whose Poll is gone), frees
// wakers, clones and orphans, returns the Polls to the idle cache, and checks
// that the selectors alive are exactly the idle Polls', with nothing
// registered (the core's reference counts and deregistration).
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
      CloseSource(s, i % 4 == 1);
    }
  }
  for (int i = 0; i < kPolls; i++) {
    PollState &p = w.polls[i];
    PollState &idle = g_idle_polls[p.edge][i];
    p.wake_pending = false;
    p.wake_maybe_pending = false;
    if (idle.poll == nullptr) {
      idle = p;
    } else {
      mio_poll_free(p.poll);  // a recreated Poll of a kind already idle
    }
    p = PollState();
  }
  int idle = 0;
  for (const auto &by_slot : g_idle_polls) {
    for (const PollState &p : by_slot) idle += p.poll != nullptr ? 1 : 0;
  }
  MIO_FUZZ_CHECK(mio_fuzz_fake_live_selectors() == idle,
                 "%d selectors alive for %d idle Polls after every waker, "
                 "clone, orphan and registration was freed",
                 mio_fuzz_fake_live_selectors(), idle);
  MIO_FUZZ_CHECK(mio_fuzz_fake_total_registrations() == 0,
                 "%d registrations left in the idle selectors",
                 mio_fuzz_fake_total_registrations());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  g_dev_null = open("/dev/null", O_RDWR | O_CLOEXEC);
  MIO_FUZZ_CHECK(g_dev_null >= 0, "/dev/null: %s", std::strerror(errno));
  for (size_t i = 0; i < kNumEventBufs; i++) {
    MIO_FUZZ_CHECK(mio_events_new(&g_events[i], kEventCaps[i]) == 0,
                   "events_new");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  World &w = g_world;
  const long refusals = mio_fuzz_fake_refusals();
  FuzzInput in(data, size);
  Setup(w, in);
  for (int step = 0; step < kMaxSteps && !in.empty(); step++) {
    mio_fuzz::Step(w, in);
    CheckSelectors(w, refusals);
  }
  Reset(w);
  CheckSelectors(w, refusals);
  return 0;
}
