/* kqueue selector (mio src/sys/unix/selector/kqueue.rs, waker/kqueue.rs).
 *
 * How it works: one kqueue, every filter EV_CLEAR (edge-triggered), token in
 * udata. select() hands the caller's event buffer straight to kevent(2): the
 * kqueue event representation *is* struct kevent (event_repr.h). Registry
 * calls submit their changes in one kevent(2) call with EV_RECEIPT, so the
 * kernel answers each change in place instead of delivering events, and
 * kevent_logic.c folds the receipts into one error as mio does.
 *
 * Nothing needs re-arming after would-block (rearm_fd == NULL) and closing a
 * descriptor drops its filters (release_on_close == false), as for epoll.
 * Registering a registered fd modifies it and deregistering an unknown one
 * succeeds (mio; API.md §7.2).
 *
 * Waker: on Apple and FreeBSD an EVFILT_USER event (ident 0) with the
 * waker's token, triggered with NOTE_TRIGGER (mio waker/kqueue.rs); on
 * NetBSD and OpenBSD the core's pipe waker (waker_* == NULL), as mio.
 *
 * Timeouts: kevent takes a timespec, so the wait is exact to the nanosecond
 * (mio_kq_timespec); nothing is rounded. Registry::try_clone needs nothing
 * here: the core shares this selector by reference. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "mio/core/error.h"
#include "mio/sys/kqueue/kevent_logic.h"
#include "mio/sys/kqueue/os.h"
#include "mio/sys/selector.h"

#if defined(__APPLE__) || defined(__FreeBSD__)
#define KQ__USER_WAKER 1
#else
#define KQ__USER_WAKER 0
#endif

/* NetBSD counts changes and events in size_t, the others in int. */
#if defined(__NetBSD__)
typedef size_t kq__count;
#else
typedef int kq__count;
#endif

struct mio_sys_selector {
  int kq;
  /* The waker's token: a trigger is EV_ADD again, which rewrites udata. */
  _Atomic mio_token waker_token;
};

static int kqueue__create(mio_sys_selector **out) {
  mio_sys_selector *s = malloc(sizeof *s);
  if (s == NULL) return -MIO_ENOMEM;
  atomic_init(&s->waker_token, 0);
  s->kq = kqueue();
  if (s->kq < 0 || fcntl(s->kq, F_SETFD, FD_CLOEXEC) != 0) {
    int rc = -errno;
    if (s->kq >= 0) close(s->kq);
    free(s);
    return rc;
  }
  *out = s;
  return 0;
}

static void kqueue__destroy(mio_sys_selector *s) {
  close(s->kq);
  free(s);
}

int mio_sys_kqueue_select(mio_sys_selector *s, struct mio_events *ev,
                          int64_t timeout_ns) {
  struct timespec ts;
  const struct timespec *timeout = mio_kq_timespec(timeout_ns, &ts) ? &ts : 0;
  int n = kevent(s->kq, NULL, 0, mio_sys_events_kevent(ev),
                 (kq__count)ev->mio_private_cap, timeout);
  if (n < 0) {
    ev->mio_private_len = 0;
    return -errno;
  }
  ev->mio_private_len = (size_t)n;
  return n;
}

/* Submits `n` changes with EV_RECEIPT, the receipts written over them, and
 * folds the result for `op` (mio's kevent_register). */
static int kqueue__submit(mio_sys_selector *s, mio_kq_op op,
                          struct kevent *changes, size_t n) {
  if (n == 0) return 0;
  int rc = kevent(s->kq, changes, (kq__count)n, changes, (kq__count)n, NULL);
  return mio_kq_result(&mio_kq_os, op, rc, rc < 0 ? errno : 0, changes, n);
}

static int kqueue__change(mio_sys_selector *s, mio_kq_op op, int fd,
                          mio_token token, mio_interest interest) {
  struct kevent changes[MIO_KQ_MAX_CHANGES];
  size_t n =
      mio_kq_changes(&mio_kq_os, op, (uintptr_t)fd, token, interest, changes);
  return kqueue__submit(s, op, changes, n);
}

static int kqueue__register(mio_sys_selector *s, int fd, mio_token token,
                            mio_interest interest) {
  return kqueue__change(s, MIO_KQ_REGISTER, fd, token, interest);
}

static int kqueue__reregister(mio_sys_selector *s, int fd, mio_token token,
                              mio_interest interest) {
  return kqueue__change(s, MIO_KQ_REREGISTER, fd, token, interest);
}

static int kqueue__deregister(mio_sys_selector *s, int fd) {
  return kqueue__change(s, MIO_KQ_DEREGISTER, fd, 0, MIO_INTEREST_NONE);
}

static int kqueue__raw_fd(const mio_sys_selector *s) { return s->kq; }

#if KQ__USER_WAKER
static int kqueue__waker_init(mio_sys_selector *s, mio_token token) {
  struct kevent change;
  atomic_store_explicit(&s->waker_token, token, memory_order_relaxed);
  mio_kq_waker_change(&mio_kq_os, token, false, &change);
  return kqueue__submit(s, MIO_KQ_WAKER, &change, 1);
}

/* Any thread: one kevent(2) call, no lock. */
static int kqueue__waker_wake(mio_sys_selector *s) {
  struct kevent change;
  mio_token token = atomic_load_explicit(&s->waker_token, memory_order_relaxed);
  mio_kq_waker_change(&mio_kq_os, token, true, &change);
  return kqueue__submit(s, MIO_KQ_WAKER, &change, 1);
}

/* Removes the user event so that a later waker starts clean. */
static void kqueue__waker_fini(mio_sys_selector *s) {
  struct kevent change;
  mio_kq_waker_change(&mio_kq_os, 0, false, &change);
  change.flags = mio_kq_os.ev_delete | mio_kq_os.ev_receipt;
  (void)kqueue__submit(s, MIO_KQ_WAKER, &change, 1);
}
#endif

const mio_sys_ops mio_sys_kqueue_ops = {
    .name = "kqueue",
    .backend = MIO_BACKEND_KQUEUE,
    .release_on_close = false,
    .fallback = NULL,
    .create = kqueue__create,
    .destroy = kqueue__destroy,
    .select = mio_sys_kqueue_select,
    .register_fd = kqueue__register,
    .reregister_fd = kqueue__reregister,
    .deregister_fd = kqueue__deregister,
    .rearm_fd = NULL,
    .raw_fd = kqueue__raw_fd,
#if KQ__USER_WAKER
    .waker_init = kqueue__waker_init,
    .waker_wake = kqueue__waker_wake,
    .waker_fini = kqueue__waker_fini,
#else
    .waker_init = NULL,
    .waker_wake = NULL,
    .waker_fini = NULL,
#endif
};
