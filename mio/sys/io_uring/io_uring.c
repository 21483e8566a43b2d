/* io_uring selector (opt-in, beyond mio): --config=io_uring.
 *
 * How it works:
 *  - Readiness comes from multishot IORING_OP_POLL_ADD requests, one per
 *    registered descriptor. A multishot poll posts a completion when armed on
 *    a ready file and then on every wake-up matching its mask, which is the
 *    edge-triggered contract of epoll; completions carry poll(2) masks, whose
 *    bits equal the EPOLL* bits on Linux, so events are stored unchanged.
 *    When the kernel ends a multishot (no IORING_CQE_F_MORE, e.g. after CQ
 *    overflow) the poll is re-armed while the registration is still live.
 *  - user_data = generation << 32 | fd. Each registration change bumps the
 *    fd's generation, so completions already queued for an old registration
 *    (or the -ECANCELED that ends a removed poll) are recognised and dropped:
 *    a deregistered token is never reported by a later poll (API.md §4).
 *  - Registry calls from any thread take `lock`, update the fd table, queue
 *    their SQEs and submit them at once (io_uring_enter), so a poll blocked in
 *    another thread sees them. The poller only holds `lock` while it reaps.
 *  - An armed poll request pins the file, so closing a registered descriptor
 *    must remove the poll first: release_on_close (API.md §7.6).
 *  - Waits use IORING_ENTER_EXT_ARG with a nanosecond timespec. -EINTR from
 *    the wait is io_uring task work, not necessarily a signal, so it counts
 *    as an early wake-up: signals do not interrupt a poll on this backend.
 * Rings are mapped by hand with raw syscalls: the C core depends on libc
 * only. If the kernel refuses io_uring (ENOSYS, EPERM from seccomp, EINVAL) or
 * lacks EXT_ARG/NODROP, create reports -ENOSYS and the core uses epoll. */
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mio/core/error.h"
#include "mio/sys/fd_waker.h"
#include "mio/sys/poll_mask.h"
#include "mio/sys/selector.h"

/* SQ size; the CQ gets twice as many. Bursts that outgrow the CQ wait in
 * the kernel's overflow list (IORING_FEAT_NODROP), which reap flushes. */
#define URING__ENTRIES 256
/* user_data values: registrations use gen << 32 | fd with gen < 2^31;
 * the waker's poll uses URING__WAKER | waker generation (bit 63 set), so a
 * completion of a freed waker's poll is told apart from its successor's. */
#define URING__INTERNAL UINT64_MAX /* user_data of POLL_REMOVE requests */
#define URING__WAKER ((uint64_t)1 << 63)

typedef struct uring__reg {
  mio_token token;
  uint32_t gen;
  uint32_t mask;
  uint32_t batch; /* the reap that last emitted an event for it ... */
  uint32_t slot;  /* ... and that event's index, to merge later completions */
  bool live;
} uring__reg;

struct mio_sys_selector {
  int ring_fd;
  pthread_mutex_t lock; /* guards the SQ and the fd table */
  /* Submission queue (shared with the kernel). */
  unsigned *sq_head, *sq_tail, *sq_mask, *sq_array, *sq_flags, sq_entries;
  struct io_uring_sqe *sqes;
  /* Completion queue (shared with the kernel; reaped by the poller only). */
  unsigned *cq_head, *cq_tail, *cq_mask;
  struct io_uring_cqe *cqes;
  void *sq_ring, *cq_ring;
  size_t sq_ring_len, cq_ring_len, sqes_len;
  uring__reg *regs; /* indexed by fd */
  size_t regs_len;
  uint32_t batch; /* reap counter; 0 is never used, so zeroed regs differ */
  /* Built-in waker: an fd waker behind a one-shot poll that is drained
   * before it is re-armed, so a consumed wake-up never fires again (a
   * multishot poll re-armed on a still-readable eventfd would). */
  mio_sys_fd_waker waker;
  mio_token waker_token;
  uint32_t waker_gen; /* bumped by init and fini */
  bool has_waker;
};

static int uring__enter(int fd, unsigned submit, unsigned min_complete,
                        unsigned flags, void *arg, size_t argsz) {
  long r =
      syscall(SYS_io_uring_enter, fd, submit, min_complete, flags, arg, argsz);
  return r < 0 ? -errno : (int)r;
}

/* ------------------------------------------------------------ ring set-up */

static void uring__unmap(mio_sys_selector *s) {
  if (s->sqes != NULL) munmap(s->sqes, s->sqes_len);
  if (s->cq_ring != NULL && s->cq_ring != s->sq_ring) {
    munmap(s->cq_ring, s->cq_ring_len);
  }
  if (s->sq_ring != NULL) munmap(s->sq_ring, s->sq_ring_len);
}

static void *uring__map(int fd, size_t len, off_t offset) {
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                 fd, offset);
  return p == MAP_FAILED ? NULL : p;
}

static int uring__map_rings(mio_sys_selector *s,
                            const struct io_uring_params *p) {
  s->sq_ring_len = p->sq_off.array + p->sq_entries * sizeof(unsigned);
  s->cq_ring_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
  bool single = (p->features & IORING_FEAT_SINGLE_MMAP) != 0;
  if (single && s->cq_ring_len > s->sq_ring_len) {
    s->sq_ring_len = s->cq_ring_len;
  }
  s->sq_ring = uring__map(s->ring_fd, s->sq_ring_len, IORING_OFF_SQ_RING);
  s->cq_ring = single
                   ? s->sq_ring
                   : uring__map(s->ring_fd, s->cq_ring_len, IORING_OFF_CQ_RING);
  s->sqes_len = p->sq_entries * sizeof(struct io_uring_sqe);
  s->sqes = uring__map(s->ring_fd, s->sqes_len, IORING_OFF_SQES);
  if (s->sq_ring == NULL || s->cq_ring == NULL || s->sqes == NULL) {
    return -errno;
  }
  char *sq = s->sq_ring, *cq = s->cq_ring;
  s->sq_head = (unsigned *)(void *)(sq + p->sq_off.head);
  s->sq_tail = (unsigned *)(void *)(sq + p->sq_off.tail);
  s->sq_mask = (unsigned *)(void *)(sq + p->sq_off.ring_mask);
  s->sq_array = (unsigned *)(void *)(sq + p->sq_off.array);
  s->sq_flags = (unsigned *)(void *)(sq + p->sq_off.flags);
  s->sq_entries = p->sq_entries;
  s->cq_head = (unsigned *)(void *)(cq + p->cq_off.head);
  s->cq_tail = (unsigned *)(void *)(cq + p->cq_off.tail);
  s->cq_mask = (unsigned *)(void *)(cq + p->cq_off.ring_mask);
  s->cqes = (struct io_uring_cqe *)(void *)(cq + p->cq_off.cqes);
  return 0;
}

/* Any reason the kernel cannot run us becomes -ENOSYS (fallback to epoll). */
static int uring__setup(mio_sys_selector *s) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  long fd = syscall(SYS_io_uring_setup, URING__ENTRIES, &p);
  if (fd < 0) {
    /* Out of descriptors is the caller's problem; anything else (ENOSYS,
     * EPERM from seccomp or io_uring_disabled, EINVAL, ENOMEM from the
     * kernel's io_uring accounting) means "use epoll instead". */
    int e = errno;
    return e == EMFILE || e == ENFILE ? -e : -ENOSYS;
  }
  s->ring_fd = (int)fd;
  const unsigned need = IORING_FEAT_EXT_ARG | IORING_FEAT_NODROP;
  if ((p.features & need) != need) return -ENOSYS;
  if (fcntl(s->ring_fd, F_SETFD, FD_CLOEXEC) != 0) return -errno;
  return uring__map_rings(s, &p);
}

static void uring__destroy(mio_sys_selector *s) {
  uring__unmap(s);
  if (s->ring_fd >= 0) close(s->ring_fd);
  pthread_mutex_destroy(&s->lock);
  free(s->regs);
  free(s);
}

static int uring__create(mio_sys_selector **out) {
  mio_sys_selector *s = calloc(1, sizeof *s);
  if (s == NULL) return -MIO_ENOMEM;
  s->ring_fd = -1;
  s->waker.read_fd = s->waker.write_fd = -1;
  pthread_mutex_init(&s->lock, NULL);
  int rc = uring__setup(s);
  if (rc != 0) {
    uring__destroy(s);
    return rc;
  }
  *out = s;
  return 0;
}

/* ------------------------------------------------------- submission (locked)
 */

/* The next free SQE. Every change is submitted right away, so the queue
 * drains on each io_uring_enter; if it is full anyway, submit it first. */
static struct io_uring_sqe *uring__sqe(mio_sys_selector *s) {
  unsigned tail = *s->sq_tail;
  unsigned head = __atomic_load_n(s->sq_head, __ATOMIC_ACQUIRE);
  if (tail - head == s->sq_entries) {
    uring__enter(s->ring_fd, tail - head, 0, 0, NULL, 0);
  }
  unsigned idx = tail & *s->sq_mask;
  struct io_uring_sqe *sqe = &s->sqes[idx];
  memset(sqe, 0, sizeof *sqe);
  s->sq_array[idx] = idx;
  __atomic_store_n(s->sq_tail, tail + 1, __ATOMIC_RELEASE);
  return sqe;
}

static uint64_t uring__user_data(int fd, uint32_t gen) {
  return (uint64_t)gen << 32 | (uint32_t)fd;
}

static void uring__queue_poll(mio_sys_selector *s, int fd) {
  struct io_uring_sqe *sqe = uring__sqe(s);
  sqe->opcode = IORING_OP_POLL_ADD;
  sqe->fd = fd;
  sqe->poll32_events = s->regs[fd].mask;
  sqe->len = IORING_POLL_ADD_MULTI;
  sqe->user_data = uring__user_data(fd, s->regs[fd].gen);
}

static void uring__queue_remove(mio_sys_selector *s, uint64_t target) {
  struct io_uring_sqe *sqe = uring__sqe(s);
  sqe->opcode = IORING_OP_POLL_REMOVE;
  sqe->addr = target;
  sqe->user_data = URING__INTERNAL;
}

static void uring__queue_waker_poll(mio_sys_selector *s) {
  struct io_uring_sqe *sqe = uring__sqe(s);
  sqe->opcode = IORING_OP_POLL_ADD;
  sqe->fd = s->waker.read_fd;
  sqe->poll32_events = POLLIN;
  sqe->user_data = URING__WAKER | s->waker_gen;
}

static int uring__submit(mio_sys_selector *s) {
  unsigned pending =
      *s->sq_tail - __atomic_load_n(s->sq_head, __ATOMIC_ACQUIRE);
  int r = uring__enter(s->ring_fd, pending, 0, 0, NULL, 0);
  return r < 0 ? r : 0;
}

/* --------------------------------------------------------------- the table */

static uint32_t uring__mask(mio_interest interest) {
  return mio_sys_poll_mask(interest);
}

static uring__reg *uring__find(mio_sys_selector *s, int fd) {
  if (fd < 0 || (size_t)fd >= s->regs_len || !s->regs[fd].live) return NULL;
  return &s->regs[fd];
}

static int uring__reserve(mio_sys_selector *s, int fd) {
  if ((size_t)fd < s->regs_len) return 0;
  size_t len = s->regs_len > 0 ? s->regs_len : 64;
  while (len <= (size_t)fd) len *= 2;
  uring__reg *regs = realloc(s->regs, len * sizeof *regs);
  if (regs == NULL) return -MIO_ENOMEM;
  memset(regs + s->regs_len, 0, (len - s->regs_len) * sizeof *regs);
  s->regs = regs;
  s->regs_len = len;
  return 0;
}

static int uring__add(mio_sys_selector *s, int fd, mio_token token,
                      mio_interest interest) {
  if (fd < 0 || fcntl(fd, F_GETFD) < 0) return -MIO_EBADF;
  if (fd == s->ring_fd) return -MIO_EINVAL;
  if (uring__find(s, fd) != NULL) return -MIO_EEXIST;
  int rc = uring__reserve(s, fd);
  if (rc != 0) return rc;
  uring__reg *r = &s->regs[fd];
  r->gen = (r->gen + 1) & 0x7fffffffu; /* keep bit 63 of user_data clear */
  r->token = token;
  r->mask = uring__mask(interest);
  r->live = true;
  uring__queue_poll(s, fd);
  rc = uring__submit(s);
  if (rc != 0) r->live = false;
  return rc;
}

static int uring__modify(mio_sys_selector *s, int fd, mio_token token,
                         mio_interest interest) {
  uring__reg *r = uring__find(s, fd);
  if (r == NULL) return -MIO_ENOENT;
  uring__queue_remove(s, uring__user_data(fd, r->gen));
  r->gen = (r->gen + 1) & 0x7fffffffu; /* keep bit 63 of user_data clear */
  r->token = token;
  r->mask = uring__mask(interest);
  uring__queue_poll(s, fd);
  return uring__submit(s);
}

static int uring__remove(mio_sys_selector *s, int fd) {
  uring__reg *r = uring__find(s, fd);
  if (r == NULL) return -MIO_ENOENT;
  uring__queue_remove(s, uring__user_data(fd, r->gen));
  r->gen = (r->gen + 1) & 0x7fffffffu; /* keep bit 63 of user_data clear */
  r->live = false;
  return uring__submit(s);
}

#define URING__LOCKED(s, call)        \
  do {                                \
    pthread_mutex_lock(&(s)->lock);   \
    int rc_ = (call);                 \
    pthread_mutex_unlock(&(s)->lock); \
    return rc_;                       \
  } while (0)

static int uring__register(mio_sys_selector *s, int fd, mio_token token,
                           mio_interest interest) {
  URING__LOCKED(s, uring__add(s, fd, token, interest));
}

static int uring__reregister(mio_sys_selector *s, int fd, mio_token token,
                             mio_interest interest) {
  URING__LOCKED(s, uring__modify(s, fd, token, interest));
}

static int uring__deregister(mio_sys_selector *s, int fd) {
  URING__LOCKED(s, uring__remove(s, fd));
}

/* ------------------------------------------------------------------- select */

/* Whether the kernel ended this poll request: re-arm it if the registration
 * is still live. -ECANCELED without our POLL_REMOVE happens when the thread
 * that submitted the request exits (io_uring ties requests to their
 * submitter); the poller re-submits it, and then owns it. */
static bool uring__needs_rearm(const struct io_uring_cqe *c) {
  return !(c->flags & IORING_CQE_F_MORE) &&
         (c->res >= 0 || c->res == -ECANCELED);
}

/* The waker's one-shot poll fired (or was cancelled with its submitter):
 * drain, report once, re-arm. A late completion after waker_fini is dropped.
 * The waker's event cannot merge with another, so a full `ev` defers it. */
static bool uring__take_wake(mio_sys_selector *s, const struct io_uring_cqe *c,
                             struct mio_events *ev) {
  if (!s->has_waker || c->user_data != (URING__WAKER | s->waker_gen)) {
    return true; /* a freed waker's poll: no event, no re-arm */
  }
  if (c->res > 0) {
    if (ev->mio_private_len == ev->mio_private_cap) return false;
    mio_sys_fd_waker_drain(&s->waker);
    mio_sys_event_set(&mio_sys_events_buf(ev)[ev->mio_private_len++],
                      s->waker_token, POLLIN);
  }
  if (c->res >= 0 || c->res == -ECANCELED) uring__queue_waker_poll(s);
  return true;
}

/* Takes one completion into `ev`. Completions for registrations removed or
 * changed since are stale and dropped (generation check). Several wake-ups
 * of one registration in one reap merge into one event, as epoll's ready
 * list does. Returns false, consuming nothing, when `ev` is full and the
 * completion would need a new event. */
static bool uring__take(mio_sys_selector *s, const struct io_uring_cqe *c,
                        struct mio_events *ev) {
  if (c->user_data == URING__INTERNAL) return true;
  if (c->user_data & URING__WAKER) return uring__take_wake(s, c, ev);
  int fd = (int)(uint32_t)c->user_data;
  uring__reg *r = uring__find(s, fd);
  if (r == NULL || r->gen != (uint32_t)(c->user_data >> 32)) return true;
  if (c->res > 0) {
    /* A wake-up may carry RDHUP without IN; EOF is readable, and the epoll
     * decoders need IN with RDHUP (see poll.c). */
    /* io_uring reports the file's whole poll mask: keep what was asked for
     * plus ERR/HUP, as epoll does. */
    uint32_t bits = (uint32_t)c->res & (r->mask | POLLERR | POLLHUP);
    if (bits & POLLRDHUP) bits |= POLLIN;
    if (r->batch == s->batch) {
      mio_sys_events_buf(ev)[r->slot].mio_private_events |= bits;
    } else if (ev->mio_private_len < ev->mio_private_cap) {
      r->batch = s->batch;
      r->slot = (uint32_t)ev->mio_private_len;
      mio_sys_event_set(&mio_sys_events_buf(ev)[ev->mio_private_len++],
                        r->token, bits);
    } else {
      return false;
    }
  }
  if (uring__needs_rearm(c)) uring__queue_poll(s, fd);
  return true;
}

/* Reaps completions into `ev` until the queue is empty or `ev` is full; the
 * rest stay queued. Completions the kernel parked in its overflow list are
 * flushed into the ring and reaped too, so no stale wake-up outlives this
 * poll. Re-arms queued while reaping are submitted before unlocking. */
static void uring__reap(mio_sys_selector *s, struct mio_events *ev) {
  pthread_mutex_lock(&s->lock);
  if (++s->batch == 0) s->batch = 1;
  unsigned queued_before = *s->sq_tail;
  bool full = false;
  /* One overflow flush per reap: re-armed polls on ready files complete at
   * once, so flushing until empty could chase its own tail forever. */
  for (int flushes = 0;; flushes++) {
    unsigned head = *s->cq_head;
    unsigned tail = __atomic_load_n(s->cq_tail, __ATOMIC_ACQUIRE);
    for (; head != tail; head++) {
      if (!uring__take(s, &s->cqes[head & *s->cq_mask], ev)) {
        full = true;
        break;
      }
    }
    __atomic_store_n(s->cq_head, head, __ATOMIC_RELEASE);
    bool overflow =
        __atomic_load_n(s->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_CQ_OVERFLOW;
    if (full || !overflow || flushes == 1) break;
    uring__enter(s->ring_fd, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
  }
  if (*s->sq_tail != queued_before) uring__submit(s);
  pthread_mutex_unlock(&s->lock);
}

static int uring__wait(mio_sys_selector *s, int64_t timeout_ns) {
  struct __kernel_timespec ts = {timeout_ns / 1000000000,
                                 timeout_ns % 1000000000};
  struct io_uring_getevents_arg arg;
  memset(&arg, 0, sizeof arg);
  arg.ts = timeout_ns < 0 ? 0 : (uint64_t)(uintptr_t)&ts;
  unsigned min = timeout_ns == 0 ? 0 : 1;
  int r = uring__enter(s->ring_fd, 0, min,
                       IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg,
                       sizeof arg);
  /* -EINTR is not a signal here: the kernel interrupts the wait to run
   * io_uring task work (e.g. the per-thread clean-up queued when any ring
   * this thread used is destroyed). Report it as an early wake-up, which the
   * core absorbs; the price is that a signal handler does not interrupt
   * mio_poll_poll on this backend (documented; use a waker or signalfd). */
  return r == -ETIME || r == -EINTR ? 0 : (r < 0 ? r : 0);
}

int mio_sys_io_uring_select(mio_sys_selector *s, struct mio_events *ev,
                            int64_t timeout_ns) {
  ev->mio_private_len = 0;
  uring__reap(s, ev);
  if (ev->mio_private_len != 0) return (int)ev->mio_private_len;
  int rc = uring__wait(s, timeout_ns);
  if (rc != 0) return rc;
  uring__reap(s, ev);
  return (int)ev->mio_private_len;
}

static int uring__waker_init(mio_sys_selector *s, mio_token token) {
  int rc = mio_sys_fd_waker_open(&s->waker);
  if (rc != 0) return rc;
  pthread_mutex_lock(&s->lock);
  s->waker_token = token;
  s->waker_gen++;
  s->has_waker = true;
  uring__queue_waker_poll(s);
  rc = uring__submit(s);
  pthread_mutex_unlock(&s->lock);
  if (rc != 0) {
    s->has_waker = false;
    mio_sys_fd_waker_close(&s->waker);
  }
  return rc;
}

static int uring__waker_wake(mio_sys_selector *s) {
  return mio_sys_fd_waker_wake(&s->waker);
}

static void uring__waker_fini(mio_sys_selector *s) {
  pthread_mutex_lock(&s->lock);
  s->has_waker = false;
  uring__queue_remove(s, URING__WAKER | s->waker_gen);
  s->waker_gen++;
  uring__submit(s);
  pthread_mutex_unlock(&s->lock);
  /* The removed poll pins the file, not the number: closing is safe. */
  mio_sys_fd_waker_close(&s->waker);
}

static int uring__raw_fd(const mio_sys_selector *s) { return s->ring_fd; }

const mio_sys_ops mio_sys_io_uring_ops = {
    .name = "io_uring",
    .backend = MIO_BACKEND_IO_URING,
    .release_on_close = true,
    .fallback = &mio_sys_epoll_ops,
    .create = uring__create,
    .destroy = uring__destroy,
    .select = mio_sys_io_uring_select,
    .register_fd = uring__register,
    .reregister_fd = uring__reregister,
    .deregister_fd = uring__deregister,
    .rearm_fd = NULL,
    .raw_fd = uring__raw_fd,
    .waker_init = uring__waker_init,
    .waker_wake = uring__waker_wake,
    .waker_fini = uring__waker_fini,
};
