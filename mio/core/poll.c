/* Poll and Registry (mio src/poll.rs), over the backend seam
 * mio/sys/selector.h.
 *
 * A Poll owns one reference to a shared mio_selector and embeds its borrowed
 * registry; clones, the waker and registered built-in sources hold their own
 * references (selector_ref.h). mio_poll_poll turns the backend's "may return
 * early" select into the contract's "never returns 0 with no events before
 * the timeout": it re-waits for the remainder on a monotonic clock. */
#include "mio/core/poll.h"

#include <stdlib.h>

#include "mio/core/error.h"
#include "mio/core/io_source_internal.h"
#include "mio/core/poll_internal.h"
#include "mio/core/selector_ref.h"
#include "mio/core/source.h"
#include "mio/sys/event_repr.h"
#include "mio/sys/os.h"

struct mio_poll {
  mio_registry registry; /* borrowed: owned == false */
  /* registry.selector->sys when the selector runs the build's default
   * backend, else NULL: what the hot path loads before calling that
   * backend's select by name (one load instead of three). */
  mio_sys_selector *default_sys;
  /* default_sys when the default backend's select also returns 0 only once
   * the whole timeout elapsed (poll__zero_means_elapsed), else NULL: then
   * mio_poll_poll is a tail call of mio_sys_default_poll, with no clock for
   * any timeout (issue 15). */
  mio_sys_selector *direct_sys;
  bool zero_means_elapsed; /* as above, for any backend */
};

void mio_selector_ref(mio_selector *s) {
  atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

void mio_selector_unref(mio_selector *s) {
  if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1) {
    return;
  }
  s->ops->destroy(s->sys);
  free(s);
}

/* epoll_wait (and epoll_pwait2) returns 0 only when its timeout expired: the
 * timeout is rounded up to whole ms (waited in INT_MAX ms chunks beyond
 * that), the kernel's timer never fires early, a signal gives EINTR and the
 * waker is an ordinary registered event. The
 * poll(2) and io_uring selectors wake up internally (registration changes,
 * re-arming) and filter those wake-ups out, so their 0 may come early. */
static bool poll__zero_means_elapsed(mio_backend backend) {
  return backend == MIO_BACKEND_EPOLL;
}

int mio_poll_new_with_ops(mio_poll **out, const mio_sys_ops *ops) {
  if (out == NULL) return -MIO_EINVAL;
  *out = NULL;
  if (ops == NULL) return -MIO_EINVAL;
  mio_poll *p = malloc(sizeof *p);
  mio_selector *s = malloc(sizeof *s);
  if (p == NULL || s == NULL) {
    free(p);
    free(s);
    return -MIO_ENOMEM;
  }
  int rc = ops->create(&s->sys);
  while (rc == -MIO_ENOSYS && ops->fallback != NULL) {
    ops = ops->fallback;
    rc = ops->create(&s->sys);
  }
  if (rc != 0) {
    free(p);
    free(s);
    return rc;
  }
  atomic_init(&s->refs, 1);
  atomic_init(&s->waker_live, false);
  s->ops = ops;
  p->registry.selector = s;
  p->registry.owned = false;
  p->default_sys = ops == mio_sys_default_ops() ? s->sys : NULL;
  p->zero_means_elapsed = poll__zero_means_elapsed(ops->backend);
  p->direct_sys = p->zero_means_elapsed ? p->default_sys : NULL;
  *out = p;
  return 0;
}

int mio_poll_new(mio_poll **out) {
  return mio_poll_new_with_ops(out, mio_sys_default_ops());
}

void mio_poll_free(mio_poll *poll) {
  if (poll == NULL) return;
  mio_selector_unref(poll->registry.selector);
  free(poll);
}

const mio_registry *mio_poll_registry(const mio_poll *poll) {
  return poll != NULL ? &poll->registry : NULL;
}

mio_backend mio_poll_backend(const mio_poll *poll) {
  return poll != NULL ? poll->registry.selector->ops->backend
                      : MIO_BACKEND_NONE;
}

/* Backends whose notification fires on every arrival and every freeing of
 * send space (poll.h): epoll's EPOLLET wakes on each sk_data_ready and
 * sk_write_space, io_uring's multishot poll posts a completion on every
 * wake-up, kqueue's EV_CLEAR on each change. poll(2) and IOCP re-arm only
 * on -MIO_EAGAIN. */
bool mio_poll_short_io_ends_drain(const mio_poll *poll) {
  if (poll == NULL) return false;
  switch (poll->registry.selector->ops->backend) {
    case MIO_BACKEND_EPOLL:
    case MIO_BACKEND_IO_URING:
    case MIO_BACKEND_KQUEUE:
      return true;
    default:
      return false;
  }
}

/* Saturating: a huge timeout is as good as infinite, never an overflow. */
static int64_t poll__deadline(int64_t timeout_ns) {
  int64_t now = mio_sys_monotonic_ns();
  return timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns;
}

/* One backend select: the number of events, or -errno. The default backend
 * is called by name: with LTO (--config=bench) its select inlines here
 * instead of an indirect call. */
static inline int poll__select(const mio_poll *p, mio_events *events,
                               int64_t timeout_ns) {
  mio_sys_selector *sys = p->default_sys;
  if (sys != NULL) return mio_sys_default_select(sys, events, timeout_ns);
  mio_selector *s = p->registry.selector;
  return s->ops->select(s->sys, events, timeout_ns);
}

/* A positive timeout on a backend whose 0 may come early: re-waits for the
 * remainder on a monotonic clock. Out of line, off the epoll hot path. */
__attribute__((noinline)) static int poll__poll_timed(const mio_poll *p,
                                                      mio_events *events,
                                                      int64_t timeout_ns) {
  int64_t deadline = poll__deadline(timeout_ns);
  int64_t remaining = timeout_ns;
  for (;;) {
    int rc = poll__select(p, events, remaining);
    if (rc != 0) return rc < 0 ? rc : 0;
    int64_t now = mio_sys_monotonic_ns();
    if (now >= deadline) return 0;
    remaining = deadline - now;
  }
}

__attribute__((cold, noinline)) static int poll__invalid(mio_events *events) {
  if (events != NULL) events->mio_private_len = 0;
  return -MIO_EINVAL;
}

/* A select that returned no events (rc == 0) or an error (rc < 0). Timeout
 * -1: an early return without events waits again until an event or an error.
 * Timeout 0, an error, or a positive timeout on a backend whose 0 means the
 * timeout elapsed: that is the answer. Out of line: the hot path, a select
 * with events, needs no registers for this. */
__attribute__((noinline)) static int poll__no_events(const mio_poll *p,
                                                     mio_events *events,
                                                     int64_t timeout_ns,
                                                     int rc) {
  if (rc < 0 || timeout_ns == 0) return rc;
  if (timeout_ns > 0) return 0; /* only reached when zero_means_elapsed */
  do {
    rc = poll__select(p, events, MIO_TIMEOUT_INFINITE);
  } while (rc == 0);
  return rc < 0 ? rc : 0;
}

/* Every Poll whose backend has no mio_sys_default_poll fast path. */
__attribute__((noinline)) static int poll__poll_any(mio_poll *poll,
                                                    mio_events *events,
                                                    int64_t timeout_ns) {
  if (timeout_ns > 0 && !poll->zero_means_elapsed) {
    return poll__poll_timed(poll, events, timeout_ns);
  }
  int rc = poll__select(poll, events, timeout_ns);
  if (MIO_LIKELY(rc > 0)) return 0;
  return poll__no_events(poll, events, timeout_ns, rc);
}

/* `inline` (still the external definition: poll.h declares it without) marks
 * it for the inliner: with LTO (--config=bench) an event loop's call then
 * inlines even when the loop calls it from more than one place.
 *
 * The default backend epoll: checks and one tail call, no stack frame, no
 * clock for any timeout. Otherwise -1 or 0 (and any timeout on epoll) is one
 * select and no clock; only a positive timeout on a backend that may wake
 * early reads the clock (poll__poll_timed). */
inline int mio_poll_poll(mio_poll *poll, mio_events *events,
                         int64_t timeout_ns) {
  /* Three separate tests: each compiles to one compare and branch. */
  if (MIO_UNLIKELY(events == NULL)) return poll__invalid(events);
  if (MIO_UNLIKELY(poll == NULL)) return poll__invalid(events);
  if (MIO_UNLIKELY(timeout_ns < MIO_TIMEOUT_INFINITE)) {
    return poll__invalid(events);
  }
  mio_sys_selector *direct = poll->direct_sys;
  if (MIO_LIKELY(direct != NULL)) {
    return mio_sys_default_poll(direct, events, timeout_ns);
  }
  return poll__poll_any(poll, events, timeout_ns);
}

/* ------------------------------------------------------------------ registry
 */

static int registry__check(const mio_registry *r, const mio_source *src) {
  return r == NULL || src == NULL || src->ops == NULL ? -MIO_EINVAL : 0;
}

int mio_registry_register(const mio_registry *r, mio_source *src,
                          mio_token token, mio_interest interest) {
  if (registry__check(r, src) != 0 || src->ops->register_fn == NULL ||
      !mio_interest_is_valid(interest)) {
    return -MIO_EINVAL;
  }
  return src->ops->register_fn(src, r, token, interest);
}

int mio_registry_reregister(const mio_registry *r, mio_source *src,
                            mio_token token, mio_interest interest) {
  if (registry__check(r, src) != 0 || src->ops->reregister_fn == NULL ||
      !mio_interest_is_valid(interest)) {
    return -MIO_EINVAL;
  }
  return src->ops->reregister_fn(src, r, token, interest);
}

int mio_registry_deregister(const mio_registry *r, mio_source *src) {
  if (registry__check(r, src) != 0 || src->ops->deregister_fn == NULL) {
    return -MIO_EINVAL;
  }
  return src->ops->deregister_fn(src, r);
}

int mio_registry_try_clone(const mio_registry *r, mio_registry **out) {
  if (out == NULL) return -MIO_EINVAL;
  *out = NULL;
  if (r == NULL) return -MIO_EINVAL;
  mio_registry *clone = malloc(sizeof *clone);
  if (clone == NULL) return -MIO_ENOMEM;
  mio_selector_ref(r->selector);
  clone->selector = r->selector;
  clone->owned = true;
  *out = clone;
  return 0;
}

void mio_registry_free(mio_registry *r) {
  /* The borrowed registry lives inside its Poll: freeing it is a no-op. */
  if (r == NULL || !r->owned) return;
  mio_selector_unref(r->selector);
  free(r);
}
