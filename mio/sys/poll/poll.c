/* poll(2) selector (mio src/sys/unix/selector/poll.rs, which credits the
 * `polling` crate): the portable fallback, --config=force_poll_poll.
 *
 * How it works:
 *  - One pollfd array. Slot 0 is the notifier (an fd waker: eventfd, or a
 *    pipe); slots 1.. are registrations, with parallel arrays for their token
 *    and registered poll mask, and an fd -> slot map for O(1) lookup.
 *  - Edge-triggered emulation: a slot's `events` is its *armed* mask. When
 *    poll(2) reports bits, the event is delivered and those bits are disarmed;
 *    an operation that hits would-block re-arms the registered mask through
 *    rearm_fd (API.md §7.4). After POLLHUP/POLLERR the slot is parked
 *    (negative fd, which poll(2) ignores) so a hung-up descriptor cannot spin
 *    the loop; reregister or rearm brings it back. POLLNVAL (closed without
 *    deregister) parks the slot without an event.
 *  - Locking: the poller holds `lock` across poll(2). Registry calls, rearm
 *    and the waker from other threads announce themselves in `waiting`, kick
 *    the notifier if a poll(2) is in flight, and take the lock once the poller
 *    lets go; the poller waits on `idle` until no one is waiting before it
 *    polls again. `waiting` and `polling` are seq_cst so that either the
 *    poller sees the waiter or the waiter sees the poll (Dekker): a kick is
 *    never lost. An interrupted poll returns no events; the core re-waits, so
 *    a registration made during a blocked poll takes effect for that poll.
 *  - The waker is built in (as in mio): wake sets `wake_pending` and kicks
 *    the notifier; the poller turns it into one readable event.
 * Cost is O(registrations) per poll, as with any poll(2) loop. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mio/core/error.h"
#include "mio/sys/event_repr.h"
#include "mio/sys/fd_waker.h"
#include "mio/sys/poll_mask.h"
#include "mio/sys/selector.h"
#include "mio/sys/timeout.h"

#define POLL__NOTIFIER_SLOT 0

/* Events are stored as poll(2) revents through the platform's
 * representation (mio/sys/event_repr.h: epoll bits on Linux, which coincide
 * with them; revents themselves on every other POSIX system). Only POSIX
 * names are used here; MIO_SYS_POLLRDHUP is 0 where the OS has no such bit. */

struct mio_sys_selector {
  pthread_mutex_t lock; /* guards everything below but the atomics */
  pthread_cond_t idle;  /* signalled when a waiter is done */
  atomic_int waiting;   /* threads wanting the lock from the poller */
  atomic_bool polling;  /* a poll(2) is in flight */
  atomic_bool wake_pending;
  mio_sys_fd_waker notifier;
  bool has_waker;
  mio_token waker_token;
  struct pollfd *fds; /* [0] notifier; [1, nfds) registrations */
  mio_token *tokens;  /* parallel to fds */
  short *masks;       /* registered poll mask, parallel to fds */
  size_t nfds, cap;
  size_t *slot_of_fd; /* fd -> slot, 0 = not registered */
  size_t slot_map_len;
};

/* ------------------------------------------------------------ lock protocol */

/* Enter as a non-poller thread: kick the poller out of poll(2) if needed. */
static void poll__enter(mio_sys_selector *s) {
  atomic_fetch_add(&s->waiting, 1);
  if (atomic_load(&s->polling)) mio_sys_fd_waker_wake(&s->notifier);
  pthread_mutex_lock(&s->lock);
}

static void poll__leave(mio_sys_selector *s) {
  atomic_fetch_sub(&s->waiting, 1);
  pthread_cond_broadcast(&s->idle);
  pthread_mutex_unlock(&s->lock);
}

/* Enter as the poller: let every announced waiter go first. Returns false if
 * a waiter arrived after `polling` was set (then skip the poll). */
static bool poll__enter_poller(mio_sys_selector *s) {
  pthread_mutex_lock(&s->lock);
  while (atomic_load(&s->waiting) > 0) pthread_cond_wait(&s->idle, &s->lock);
  atomic_store(&s->polling, true);
  return atomic_load(&s->waiting) == 0;
}

/* ---------------------------------------------------------------- the table */

static short poll__mask(mio_interest interest) {
  return (short)mio_sys_poll_mask(interest);
}

static size_t poll__slot(const mio_sys_selector *s, int fd) {
  return fd >= 0 && (size_t)fd < s->slot_map_len ? s->slot_of_fd[fd] : 0;
}

static int poll__grow_slots(mio_sys_selector *s) {
  size_t cap = s->cap * 2;
  struct pollfd *fds = realloc(s->fds, cap * sizeof *fds);
  if (fds != NULL) s->fds = fds;
  mio_token *tokens = realloc(s->tokens, cap * sizeof *tokens);
  if (tokens != NULL) s->tokens = tokens;
  short *masks = realloc(s->masks, cap * sizeof *masks);
  if (masks != NULL) s->masks = masks;
  if (fds == NULL || tokens == NULL || masks == NULL) return -MIO_ENOMEM;
  s->cap = cap;
  return 0;
}

static int poll__grow_map(mio_sys_selector *s, int fd) {
  size_t len = s->slot_map_len > 0 ? s->slot_map_len : 64;
  while (len <= (size_t)fd) len *= 2;
  size_t *map = realloc(s->slot_of_fd, len * sizeof *map);
  if (map == NULL) return -MIO_ENOMEM;
  memset(map + s->slot_map_len, 0, (len - s->slot_map_len) * sizeof *map);
  s->slot_of_fd = map;
  s->slot_map_len = len;
  return 0;
}

static void poll__arm(mio_sys_selector *s, size_t slot, int fd) {
  s->fds[slot].fd = fd;
  s->fds[slot].events = s->masks[slot];
}

/* Parked slots keep their fd, negated so poll(2) skips them (-1 for fd 0). */
static void poll__park(mio_sys_selector *s, size_t slot) {
  if (s->fds[slot].fd >= 0) s->fds[slot].fd = -s->fds[slot].fd - 1;
}

static int poll__add(mio_sys_selector *s, int fd, mio_token token,
                     mio_interest interest) {
  if (fd < 0 || fcntl(fd, F_GETFD) < 0) return -MIO_EBADF;
  if (fd == s->notifier.read_fd || fd == s->notifier.write_fd) {
    return -MIO_EINVAL; /* the selector's own descriptor */
  }
  if (poll__slot(s, fd) != 0) return -MIO_EEXIST;
  int rc = 0;
  if ((size_t)fd >= s->slot_map_len) rc = poll__grow_map(s, fd);
  if (rc == 0 && s->nfds == s->cap) rc = poll__grow_slots(s);
  if (rc != 0) return rc;
  size_t slot = s->nfds++;
  s->tokens[slot] = token;
  s->masks[slot] = poll__mask(interest);
  s->fds[slot].revents = 0;
  poll__arm(s, slot, fd);
  s->slot_of_fd[fd] = slot;
  return 0;
}

static int poll__modify(mio_sys_selector *s, int fd, mio_token token,
                        mio_interest interest) {
  size_t slot = poll__slot(s, fd);
  if (slot == 0) return -MIO_ENOENT;
  s->tokens[slot] = token;
  s->masks[slot] = poll__mask(interest);
  poll__arm(s, slot, fd);
  return 0;
}

/* Swap-remove: the last slot takes the freed one. */
static int poll__remove(mio_sys_selector *s, int fd) {
  size_t slot = poll__slot(s, fd);
  if (slot == 0) return -MIO_ENOENT;
  size_t last = --s->nfds;
  s->slot_of_fd[fd] = 0;
  if (slot != last) {
    s->fds[slot] = s->fds[last];
    s->tokens[slot] = s->tokens[last];
    s->masks[slot] = s->masks[last];
    int moved = s->fds[slot].fd >= 0 ? s->fds[slot].fd : -s->fds[slot].fd - 1;
    s->slot_of_fd[moved] = slot;
  }
  return 0;
}

/* ----------------------------------------------------------------- the ops */

static int poll__create(mio_sys_selector **out) {
  mio_sys_selector *s = calloc(1, sizeof *s);
  if (s == NULL) return -MIO_ENOMEM;
  s->cap = 16;
  s->fds = malloc(s->cap * sizeof *s->fds);
  s->tokens = malloc(s->cap * sizeof *s->tokens);
  s->masks = malloc(s->cap * sizeof *s->masks);
  int rc = -MIO_ENOMEM;
  if (s->fds != NULL && s->tokens != NULL && s->masks != NULL) {
    rc = mio_sys_fd_waker_open(&s->notifier);
  }
  if (rc != 0) {
    free(s->fds);
    free(s->tokens);
    free(s->masks);
    free(s);
    return rc;
  }
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->idle, NULL);
  s->fds[POLL__NOTIFIER_SLOT].fd = s->notifier.read_fd;
  s->fds[POLL__NOTIFIER_SLOT].events = POLLIN;
  s->nfds = 1;
  *out = s;
  return 0;
}

static void poll__destroy(mio_sys_selector *s) {
  mio_sys_fd_waker_close(&s->notifier);
  pthread_mutex_destroy(&s->lock);
  pthread_cond_destroy(&s->idle);
  free(s->fds);
  free(s->tokens);
  free(s->masks);
  free(s->slot_of_fd);
  free(s);
}

static int poll__timeout_ms(int64_t timeout_ns) {
  return (int)mio_sys_timeout_ms(timeout_ns, INT_MAX);
}

static void poll__emit(struct mio_events *ev, mio_token token, short bits) {
  mio_sys_event_set(&mio_sys_events_buf(ev)[ev->mio_private_len++], token,
                    (uint32_t)(uint16_t)bits);
}

static void poll__collect_notifier(mio_sys_selector *s, struct mio_events *ev) {
  if (s->fds[POLL__NOTIFIER_SLOT].revents == 0) return;
  mio_sys_fd_waker_drain(&s->notifier);
  if (atomic_exchange(&s->wake_pending, false) && s->has_waker) {
    poll__emit(ev, s->waker_token, POLLIN);
  }
}

/* Delivers ready slots (up to capacity) and disarms what was delivered;
 * slots not delivered stay armed and are reported by the next poll. */
static void poll__collect(mio_sys_selector *s, struct mio_events *ev) {
  for (size_t i = 1; i < s->nfds && ev->mio_private_len < ev->mio_private_cap;
       i++) {
    short r = s->fds[i].revents;
    if (r == 0) continue;
    s->fds[i].revents = 0;
    if (r & POLLNVAL) {
      poll__park(s, i);
      continue;
    }
    s->fds[i].events &= (short)~r;
    /* EOF is readable: report IN with RDHUP even when IN was disarmed, as
     * epoll does (the Linux representation decodes read-closed as IN+RDHUP). */
    if (r & MIO_SYS_POLLRDHUP) r |= POLLIN;
    poll__emit(ev, s->tokens[i], r);
    if (r & (POLLHUP | POLLERR)) poll__park(s, i);
  }
}

int mio_sys_poll_select(mio_sys_selector *s, struct mio_events *ev,
                        int64_t timeout_ns) {
  int n = 0;
  ev->mio_private_len = 0;
  if (poll__enter_poller(s)) {
    n = poll(s->fds, (nfds_t)s->nfds, poll__timeout_ms(timeout_ns));
  }
  int err = n < 0 ? -errno : 0;
  atomic_store(&s->polling, false);
  if (n > 0) {
    poll__collect_notifier(s, ev);
    poll__collect(s, ev);
  }
  pthread_mutex_unlock(&s->lock);
  return err != 0 ? err : (int)ev->mio_private_len;
}

static int poll__register(mio_sys_selector *s, int fd, mio_token token,
                          mio_interest interest) {
  poll__enter(s);
  int rc = poll__add(s, fd, token, interest);
  poll__leave(s);
  return rc;
}

static int poll__reregister(mio_sys_selector *s, int fd, mio_token token,
                            mio_interest interest) {
  poll__enter(s);
  int rc = poll__modify(s, fd, token, interest);
  poll__leave(s);
  return rc;
}

static int poll__deregister(mio_sys_selector *s, int fd) {
  poll__enter(s);
  int rc = poll__remove(s, fd);
  poll__leave(s);
  return rc;
}

/* Re-arms the registered mask; the token is already known to the table. */
static int poll__rearm(mio_sys_selector *s, int fd, mio_token token,
                       mio_interest interest) {
  (void)token;
  (void)interest;
  poll__enter(s);
  size_t slot = poll__slot(s, fd);
  if (slot != 0) poll__arm(s, slot, fd);
  poll__leave(s);
  return 0;
}

static int poll__raw_fd(const mio_sys_selector *s) {
  (void)s;
  return -MIO_ENOTSUP;
}

static int poll__waker_init(mio_sys_selector *s, mio_token token) {
  poll__enter(s);
  s->has_waker = true;
  s->waker_token = token;
  atomic_store(&s->wake_pending, false);
  poll__leave(s);
  return 0;
}

static int poll__waker_wake(mio_sys_selector *s) {
  atomic_store(&s->wake_pending, true);
  return mio_sys_fd_waker_wake(&s->notifier);
}

static void poll__waker_fini(mio_sys_selector *s) {
  poll__enter(s);
  s->has_waker = false;
  atomic_store(&s->wake_pending, false);
  poll__leave(s);
}

const mio_sys_ops mio_sys_poll_ops = {
    .name = "poll",
    .backend = MIO_BACKEND_POLL,
    .release_on_close = true,
    .fallback = NULL,
    .create = poll__create,
    .destroy = poll__destroy,
    .select = mio_sys_poll_select,
    .register_fd = poll__register,
    .reregister_fd = poll__reregister,
    .deregister_fd = poll__deregister,
    .rearm_fd = poll__rearm,
    .raw_fd = poll__raw_fd,
    .waker_init = poll__waker_init,
    .waker_wake = poll__waker_wake,
    .waker_fini = poll__waker_fini,
};
