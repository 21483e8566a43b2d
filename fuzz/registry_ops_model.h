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

}  // namespace mio_fuzz

#endif  // MIO_FUZZ_REGISTRY_OPS_MODEL_H_
