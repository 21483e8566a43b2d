/* io_uring selector (opt-in, beyond mio): --config=io_uring.
 *
 * How it works:
 *  - Readiness comes from multishot IORING_OP_POLL_ADD requests, one per
 *    registered descriptor. A multishot poll posts a completion when armed on
 *    a ready file and then on every wake-up matching its mask, which is the
 *    edge-triggered contract of epoll (a short read or write drains, as on
 *    epoll); completions carry poll(2) masks, whose bits equal the EPOLL*
 *    bits on Linux, so events are stored unchanged. When the kernel ends a
 *    multishot (no IORING_CQE_F_MORE, e.g. after CQ overflow) the poll is
 *    re-armed while the registration is still live.
 *  - user_data = generation << 32 | fd. Each registration change bumps the
 *    fd's generation, so completions already queued for an old registration
 *    (or the -ECANCELED that ends a removed poll) are recognised and dropped:
 *    a deregistered token is never reported by a later poll (API.md §4).
 *  - Registry calls from any thread take `lock`, update the fd table, queue
 *    their SQEs and submit them at once (io_uring_enter), so a poll blocked in
 *    another thread sees them, and a removal reaches the kernel before the
 *    caller closes the descriptor. The poller only holds `lock` while it
 *    reaps, and skips even that when the completion queue is empty.
 *  - An armed poll request pins the file, so closing a registered descriptor
 *    must remove the poll first: release_on_close (API.md §7.6).
 *  - A poll reads completions straight from the shared ring and enters the
 *    kernel only when there are none: completions of wake-ups that happened
 *    while the caller was reading and writing are posted by the task work the
 *    kernel runs when those syscalls return, so a busy loop often polls with
 *    no syscall at all (the saving over epoll_wait).
 *  - Full submission queue: a slot is only handed out when it is free; when
 *    the queue is full it is submitted first, and if that fails nothing is
 *    written: registry calls return the error, and the reaper stops before
 *    consuming a completion whose re-arm has no slot (it stays queued for the
 *    next poll), so no queued entry is ever overwritten.
 *
 * Signals (EINTR): waits use io_uring_enter(GETEVENTS | EXT_ARG) with a
 * nanosecond timespec and no signal mask, and -EINTR is returned as is, as
 * epoll_wait's is: a signal interrupts a blocking poll with -MIO_EINTR. The
 * kernel's wait loop runs io_uring task work itself and keeps waiting (it
 * returns -EINTR only for TIF_SIGPENDING, i.e. a signal, a stop/continue or
 * a freeze, exactly the cases where epoll_wait does too). Task work is also
 * why the ring is set up with IORING_SETUP_COOP_TASKRUN (Linux 5.19): the
 * kernel then never interrupts the task to post this ring's completions; they
 * are posted when it next enters the kernel, which a waiting poll does, and
 * IORING_SETUP_TASKRUN_FLAG tells a non-blocking poll when to enter for them.
 * Older kernels (5.11-5.18) refuse those flags with EINVAL and get a plain
 * ring, which is still correct: their wait loop runs task work too. The
 * alternatives were worse: DEFER_TASKRUN needs SINGLE_ISSUER, which forbids
 * registry calls from other threads; mapping -EINTR to "wake up early" (the
 * old design) made signals unable to interrupt a poll.
 *
 * Rings are mapped by hand with raw syscalls: the C core depends on libc
 * only. If the kernel refuses io_uring (ENOSYS, EPERM from seccomp or
 * io_uring_disabled, ENOMEM from RLIMIT_MEMLOCK before Linux 5.12, EINVAL) or
 * lacks EXT_ARG/NODROP, create reports -ENOSYS and the core uses epoll
 * (uring__fallback_ops, which keeps spurious -EINTR away, see there);
 * mio_poll_backend() then says MIO_BACKEND_EPOLL. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* Queue sizes. Registry calls submit at once, so the SQ rarely holds more
 * than a reap's re-arms. The CQ must take a whole burst of wake-ups: one
 * that outgrows it waits in the kernel's overflow list (IORING_FEAT_NODROP,
 * flushed by reap), but the kernel also ends every multishot poll whose
 * completion did not fit, and each re-arm reports the file's level at once
 * (writable, mostly): with 1000 connections a 512-entry CQ cost 3.05
 * syscalls per echoed message against 2.00 with 4096 (callgrind_echo.sh,
 * scenario d). The price is memory: rings count against RLIMIT_MEMLOCK in
 * user namespaces and before Linux 5.12 (8 MiB per user by default, and a
 * freed ring is uncharged only after its asynchronous clean-up); this
 * layout takes 10 pages, so about 200 rings fit, after which Polls fall
 * back to epoll. */
#define URING__SQ_ENTRIES 64
#define URING__CQ_ENTRIES 2048
/* user_data values: registrations use gen << 32 | fd with gen < 2^31;
 * the waker's poll uses URING__WAKER | waker generation (bit 63 set), so a
 * completion of a freed waker's poll is told apart from its successor's. */
#define URING__INTERNAL UINT64_MAX /* user_data of POLL_REMOVE requests */
#define URING__WAKER ((uint64_t)1 << 63)

/* One registration slot per fd. Registry calls write token, gen and mask
 * under `lock`; the poller reads them without it, as a seqlock reader:
 * writers store gen, then token and mask with release stores; the poller
 * loads token and mask with acquire loads, then gen, and drops the
 * completion unless gen is the one it carries: if it saw a new token or
 * mask it also sees the new gen, so it never pairs a token with the wrong
 * registration. batch and slot belong to the poller alone. */
typedef struct uring__reg {
  mio_token token;
  uint32_t gen;
  uint32_t mask;
  uint32_t batch; /* the reap that last emitted an event for it ... */
  uint32_t slot;  /* ... and that event's index, to merge later completions */
  bool live;      /* registered (read and written under `lock` only) */
} uring__reg;

/* The fd table: a fixed directory of chunks that never move once
 * allocated, so the poller can read a slot while a registry call on another
 * thread adds a chunk. Covers fds below 2^22 (Linux's default nr_open is
 * 2^20); a larger fd is -MIO_ENOMEM. */
#define URING__CHUNK_BITS 11
#define URING__CHUNK_LEN (1u << URING__CHUNK_BITS)
#define URING__CHUNKS 2048

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
  uring__reg *chunks[URING__CHUNKS]; /* published with release stores */
  uint32_t batch; /* reap counter; 0 is never used, so zeroed regs differ */
  bool rearmed;   /* this reap queued SQEs (poller only) */
  /* Built-in waker: an fd waker behind a one-shot poll that is drained
   * before it is re-armed, so a consumed wake-up never fires again (a
   * multishot poll re-armed on a still-readable eventfd would). */
  mio_sys_fd_waker waker;
  mio_token waker_token;
  uint32_t waker_gen; /* bumped by init and fini */
  bool has_waker;
  bool taskrun_flag; /* the kernel sets IORING_SQ_TASKRUN (COOP_TASKRUN) */
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

/* Task work without interrupting the task (see the file comment); kernels
 * before 5.19 reject these flags with EINVAL and get a plain ring. */
#define URING__COOP (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG)

static long uring__setup_ring(struct io_uring_params *p, unsigned flags) {
  memset(p, 0, sizeof *p);
  p->flags = flags | IORING_SETUP_CQSIZE;
  p->cq_entries = URING__CQ_ENTRIES;
  return syscall(SYS_io_uring_setup, URING__SQ_ENTRIES, p);
}

/* Any reason the kernel cannot run us becomes -ENOSYS (fallback to epoll). */
static int uring__setup(mio_sys_selector *s) {
  struct io_uring_params p;
  long fd = uring__setup_ring(&p, URING__COOP);
  if (fd < 0 && errno == EINVAL) fd = uring__setup_ring(&p, 0);
  if (fd < 0) {
    /* Out of descriptors is the caller's problem; anything else (ENOSYS,
     * EPERM from seccomp or io_uring_disabled, EINVAL, ENOMEM from the
     * kernel's io_uring accounting) means "use epoll instead". */
    int e = errno;
    return e == EMFILE || e == ENFILE ? -e : -ENOSYS;
  }
  s->ring_fd = (int)fd;
  s->taskrun_flag = (p.flags & IORING_SETUP_TASKRUN_FLAG) != 0;
  const unsigned need = IORING_FEAT_EXT_ARG | IORING_FEAT_NODROP;
  if ((p.features & need) != need) return -ENOSYS;
  if (fcntl(s->ring_fd, F_SETFD, FD_CLOEXEC) != 0) return -errno;
  return uring__map_rings(s, &p);
}

static void uring__destroy(mio_sys_selector *s) {
  uring__unmap(s);
  if (s->ring_fd >= 0) close(s->ring_fd);
  pthread_mutex_destroy(&s->lock);
  for (size_t i = 0; i < URING__CHUNKS; i++) free(s->chunks[i]);
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

/* Makes room for n SQEs: when the queue lacks them, submits it first. 0
 * when n slots are free, else the error (-EBUSY when the kernel took too
 * little); on error the caller writes nothing, so no queued entry is ever
 * overwritten. Locked. */
static int uring__sq_room(mio_sys_selector *s, unsigned n) {
  unsigned head = __atomic_load_n(s->sq_head, __ATOMIC_ACQUIRE);
  unsigned pending = *s->sq_tail - head;
  if (pending + n <= s->sq_entries) return 0;
  int r = uring__enter(s->ring_fd, pending, 0, 0, NULL, 0);
  if (r < 0) return r;
  head = __atomic_load_n(s->sq_head, __ATOMIC_ACQUIRE);
  return *s->sq_tail - head + n <= s->sq_entries ? 0 : -EBUSY;
}

/* The next free SQE, zeroed and queued. The caller made room for it
 * (uring__sq_room) under the same hold of `lock`. */
static struct io_uring_sqe *uring__sqe(mio_sys_selector *s) {
  unsigned tail = *s->sq_tail;
  unsigned idx = tail & *s->sq_mask;
  struct io_uring_sqe *sqe = &s->sqes[idx];
  memset(sqe, 0, sizeof *sqe);
  s->sq_array[idx] = idx;
  __atomic_store_n(s->sq_tail, tail + 1, __ATOMIC_RELEASE);
  return sqe;
}

/* The fd's slot, or NULL when its chunk does not exist. Lock-free (see
 * uring__reg): the poller calls it without `lock`. */
static uring__reg *uring__slot(const mio_sys_selector *s, uint32_t fd) {
  if (fd >= (uint32_t)URING__CHUNKS * URING__CHUNK_LEN) return NULL;
  uring__reg *chunk =
      __atomic_load_n(&s->chunks[fd >> URING__CHUNK_BITS], __ATOMIC_ACQUIRE);
  return chunk == NULL ? NULL : &chunk[fd & (URING__CHUNK_LEN - 1)];
}

static uint64_t uring__user_data(int fd, uint32_t gen) {
  return (uint64_t)gen << 32 | (uint32_t)fd;
}

static void uring__queue_poll(mio_sys_selector *s, int fd) {
  struct io_uring_sqe *sqe = uring__sqe(s);
  sqe->opcode = IORING_OP_POLL_ADD;
  sqe->fd = fd;
  const uring__reg *r = uring__slot(s, (uint32_t)fd);
  sqe->poll32_events = r->mask;
  sqe->len = IORING_POLL_ADD_MULTI;
  sqe->user_data = uring__user_data(fd, r->gen);
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

/* The registered slot of fd, or NULL. Locked. */
static uring__reg *uring__find(mio_sys_selector *s, int fd) {
  uring__reg *r = fd < 0 ? NULL : uring__slot(s, (uint32_t)fd);
  return r != NULL && r->live ? r : NULL;
}

/* Allocates fd's chunk if needed (amortised: once per 2048 fds). Locked. */
static int uring__reserve(mio_sys_selector *s, int fd) {
  if ((uint32_t)fd >= (uint32_t)URING__CHUNKS * URING__CHUNK_LEN) {
    return -MIO_ENOMEM;
  }
  if (uring__slot(s, (uint32_t)fd) != NULL) return 0;
  uring__reg *chunk = calloc(URING__CHUNK_LEN, sizeof *chunk);
  if (chunk == NULL) return -MIO_ENOMEM;
  __atomic_store_n(&s->chunks[(uint32_t)fd >> URING__CHUNK_BITS], chunk,
                   __ATOMIC_RELEASE);
  return 0;
}

/* A new generation, then (seqlock writer, see uring__reg) the new token and
 * mask. Locked. */
static void uring__publish(uring__reg *r, mio_token token, uint32_t mask) {
  uint32_t gen = (r->gen + 1) & 0x7fffffffu; /* keep bit 63 of user_data 0 */
  __atomic_store_n(&r->gen, gen, __ATOMIC_RELAXED);
  __atomic_store_n(&r->token, token, __ATOMIC_RELEASE);
  __atomic_store_n(&r->mask, mask, __ATOMIC_RELEASE);
}

static int uring__add(mio_sys_selector *s, int fd, mio_token token,
                      mio_interest interest) {
  if (fd < 0 || fcntl(fd, F_GETFD) < 0) return -MIO_EBADF;
  if (fd == s->ring_fd) return -MIO_EINVAL;
  if (uring__find(s, fd) != NULL) return -MIO_EEXIST;
  int rc = uring__reserve(s, fd);
  if (rc == 0) rc = uring__sq_room(s, 1);
  if (rc != 0) return rc;
  uring__reg *r = uring__slot(s, (uint32_t)fd);
  uring__publish(r, token, uring__mask(interest));
  r->live = true;
  unsigned tail = *s->sq_tail;
  uring__queue_poll(s, fd);
  rc = uring__submit(s);
  if (rc != 0) {
    /* io_uring_enter fails only when it submitted nothing: withdraw. */
    __atomic_store_n(s->sq_tail, tail, __ATOMIC_RELEASE);
    r->live = false;
  }
  return rc;
}

static int uring__modify(mio_sys_selector *s, int fd, mio_token token,
                         mio_interest interest) {
  uring__reg *r = uring__find(s, fd);
  if (r == NULL) return -MIO_ENOENT;
  int rc = uring__sq_room(s, 2);
  if (rc != 0) return rc;
  uring__queue_remove(s, uring__user_data(fd, r->gen));
  uring__publish(r, token, uring__mask(interest));
  uring__queue_poll(s, fd);
  return uring__submit(s);
}

static int uring__remove(mio_sys_selector *s, int fd) {
  uring__reg *r = uring__find(s, fd);
  if (r == NULL) return -MIO_ENOENT;
  int rc = uring__sq_room(s, 1);
  if (rc != 0) return rc;
  uring__queue_remove(s, uring__user_data(fd, r->gen));
  uring__publish(r, r->token, r->mask);
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
 * The waker's event cannot merge with another, so a full `ev` (or a full SQ)
 * defers it. Locked. */
static bool uring__take_wake(mio_sys_selector *s, const struct io_uring_cqe *c,
                             struct mio_events *ev) {
  if (!s->has_waker || c->user_data != (URING__WAKER | s->waker_gen)) {
    return true; /* a freed waker's poll: no event, no re-arm */
  }
  bool rearm = c->res >= 0 || c->res == -ECANCELED;
  if (rearm && uring__sq_room(s, 1) != 0) return false;
  if (c->res > 0) {
    if (ev->mio_private_len == ev->mio_private_cap) return false;
    mio_sys_fd_waker_drain(&s->waker);
    mio_sys_event_set(&mio_sys_events_buf(ev)[ev->mio_private_len++],
                      s->waker_token, POLLIN);
  }
  if (rearm) {
    uring__queue_waker_poll(s);
    s->rearmed = true;
  }
  return true;
}

/* Adds a wake-up of `r` (poll mask `res`) to `ev`. Several wake-ups of one
 * registration in one reap merge into one event, as epoll's ready list
 * does. false when `ev` is full and a new event is needed. */
static inline __attribute__((always_inline)) bool uring__emit(
    mio_sys_selector *s, uring__reg *r, mio_token token, uint32_t mask,
    int32_t res, struct mio_events *ev) {
  if (res <= 0) return true; /* an error ending the request: no event */
  /* io_uring reports the file's whole poll mask: keep what was asked for
   * plus ERR/HUP, as epoll does. A wake-up may carry RDHUP without IN; EOF
   * is readable, and the epoll decoders need IN with RDHUP (see poll.c). */
  uint32_t bits = (uint32_t)res & (mask | POLLERR | POLLHUP);
  if (bits & POLLRDHUP) bits |= POLLIN;
  struct mio_event *buf = mio_sys_events_buf(ev);
  if (r->batch == s->batch) {
    buf[r->slot].mio_private_events |= bits;
    return true;
  }
  if (ev->mio_private_len == ev->mio_private_cap) return false;
  r->batch = s->batch;
  r->slot = (uint32_t)ev->mio_private_len;
  mio_sys_event_set(&buf[ev->mio_private_len++], token, bits);
  return true;
}

/* The last completion of a request (no IORING_CQE_F_MORE; rare: CQ
 * overflow, an error, a cancelled submitter): its event, and a re-arm while
 * the registration is live, decided under `lock` so a concurrent
 * deregister's POLL_REMOVE cannot miss the new request. Out of line: the
 * hot loop of uring__reap then needs no registers for it. */
__attribute__((noinline, cold)) static bool uring__take_last(
    mio_sys_selector *s, const struct io_uring_cqe *c, struct mio_events *ev) {
  pthread_mutex_lock(&s->lock);
  bool taken = true;
  int fd = (int)(uint32_t)c->user_data;
  uring__reg *r = NULL;
  if (c->user_data & URING__WAKER) {
    taken = uring__take_wake(s, c, ev);
  } else if ((r = uring__find(s, fd)) != NULL &&
             r->gen == (uint32_t)(c->user_data >> 32)) {
    bool rearm = uring__needs_rearm(c);
    taken = (!rearm || uring__sq_room(s, 1) == 0) &&
            uring__emit(s, r, r->token, r->mask, c->res, ev);
    if (taken && rearm) {
      uring__queue_poll(s, fd);
      s->rearmed = true;
    }
  }
  pthread_mutex_unlock(&s->lock);
  return taken;
}

/* Takes one completion into `ev`; the common case (a multishot wake-up)
 * without `lock`. Completions for registrations removed or changed since are
 * stale and dropped (generation check, seqlock reader: see uring__reg).
 * Returns false, consuming nothing, when `ev` is full and the completion
 * would need a new event, or when its re-arm finds no SQ slot (both wait for
 * the next poll). */
static bool uring__take(mio_sys_selector *s, const struct io_uring_cqe *c,
                        struct mio_events *ev) {
  uint64_t ud = c->user_data;
  if (ud == URING__INTERNAL) return true;
  if ((ud & URING__WAKER) || !(c->flags & IORING_CQE_F_MORE)) {
    return uring__take_last(s, c, ev);
  }
  uring__reg *r = uring__slot(s, (uint32_t)ud);
  if (r == NULL) return true;
  mio_token token = __atomic_load_n(&r->token, __ATOMIC_ACQUIRE);
  uint32_t mask = __atomic_load_n(&r->mask, __ATOMIC_ACQUIRE);
  if (__atomic_load_n(&r->gen, __ATOMIC_RELAXED) != (uint32_t)(ud >> 32)) {
    return true;
  }
  return uring__emit(s, r, token, mask, c->res, ev);
}

__attribute__((noinline, cold)) static void uring__submit_rearms(
    mio_sys_selector *s) {
  pthread_mutex_lock(&s->lock);
  uring__submit(s);
  pthread_mutex_unlock(&s->lock);
}

/* Reaps completions into `ev` until the queue is empty or `ev` is full; the
 * rest stay queued. Completions the kernel parked in its overflow list are
 * flushed into the ring and reaped too, so no stale wake-up outlives this
 * poll. Re-arms queued while reaping are submitted at the end. Poller only;
 * takes `lock` only for the rare completions above. */
static void uring__reap(mio_sys_selector *s, struct mio_events *ev) {
  if (++s->batch == 0) s->batch = 1;
  s->rearmed = false;
  /* One overflow flush per reap: re-armed polls on ready files complete at
   * once, so flushing until empty could chase its own tail forever. */
  for (int flushes = 0;; flushes++) {
    unsigned head = *s->cq_head;
    unsigned tail = __atomic_load_n(s->cq_tail, __ATOMIC_ACQUIRE);
    /* cq_head is published per completion, so a re-arm submitted while
     * reaping (a full SQ) finds the CQ slots this reap already freed. */
    bool full = false;
    for (; head != tail; head++) {
      if (!uring__take(s, &s->cqes[head & *s->cq_mask], ev)) {
        full = true;
        break;
      }
      __atomic_store_n(s->cq_head, head + 1, __ATOMIC_RELEASE);
    }
    bool overflow = (__atomic_load_n(s->sq_flags, __ATOMIC_ACQUIRE) &
                     IORING_SQ_CQ_OVERFLOW) != 0;
    if (full || !overflow || flushes == 1) break;
    uring__enter(s->ring_fd, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
  }
  if (s->rearmed) uring__submit_rearms(s);
}

/* Whether a reap can find anything: completions in the ring or parked in
 * the kernel's overflow list. The poller alone moves cq_head, so this needs
 * no lock, and a poll with nothing to reap costs no lock at all. */
static bool uring__cq_ready(const mio_sys_selector *s) {
  return *s->cq_head != __atomic_load_n(s->cq_tail, __ATOMIC_ACQUIRE) ||
         (__atomic_load_n(s->sq_flags, __ATOMIC_RELAXED) &
          IORING_SQ_CQ_OVERFLOW) != 0;
}

/* Whether completions may be waiting in task work the kernel has not run
 * yet. Without IORING_SETUP_TASKRUN_FLAG (before 5.19) there is no telling,
 * so yes. */
static bool uring__taskrun_pending(const mio_sys_selector *s) {
  return !s->taskrun_flag || (__atomic_load_n(s->sq_flags, __ATOMIC_RELAXED) &
                              IORING_SQ_TASKRUN) != 0;
}

/* One wait in the kernel (which first runs pending task work). 0 on a
 * completion or the timeout; -EINTR on a signal, as epoll_wait (see the file
 * comment for why task work never shows up as -EINTR). */
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
  return r == -ETIME ? 0 : (r < 0 ? r : 0);
}

/* Reaps from shared memory first and enters the kernel only when that finds
 * nothing (and, for timeout 0, only when task work may hold completions). */
int mio_sys_io_uring_select(mio_sys_selector *s, struct mio_events *ev,
                            int64_t timeout_ns) {
  ev->mio_private_len = 0;
  if (uring__cq_ready(s)) {
    uring__reap(s, ev);
    if (ev->mio_private_len != 0) return (int)ev->mio_private_len;
  }
  if (timeout_ns == 0 && !uring__taskrun_pending(s)) return 0;
  int rc = uring__wait(s, timeout_ns);
  if (rc != 0) return rc;
  if (uring__cq_ready(s)) uring__reap(s, ev);
  return (int)ev->mio_private_len;
}

static int uring__waker_init(mio_sys_selector *s, mio_token token) {
  int rc = mio_sys_fd_waker_open(&s->waker);
  if (rc != 0) return rc;
  pthread_mutex_lock(&s->lock);
  rc = uring__sq_room(s, 1);
  if (rc == 0) {
    s->waker_token = token;
    s->waker_gen++;
    s->has_waker = true;
    unsigned tail = *s->sq_tail;
    uring__queue_waker_poll(s);
    rc = uring__submit(s);
    if (rc != 0) { /* nothing was submitted: withdraw */
      __atomic_store_n(s->sq_tail, tail, __ATOMIC_RELEASE);
      s->has_waker = false;
    }
  }
  pthread_mutex_unlock(&s->lock);
  if (rc != 0) mio_sys_fd_waker_close(&s->waker);
  return rc;
}

static int uring__waker_wake(mio_sys_selector *s) {
  return mio_sys_fd_waker_wake(&s->waker);
}

static void uring__waker_fini(mio_sys_selector *s) {
  pthread_mutex_lock(&s->lock);
  s->has_waker = false;
  /* Without a slot the poll stays armed (pinning the eventfd) until the ring
   * is destroyed; its completions are dropped by the generation check. */
  if (uring__sq_room(s, 1) == 0) {
    uring__queue_remove(s, URING__WAKER | s->waker_gen);
    uring__submit(s);
  }
  s->waker_gen++;
  pthread_mutex_unlock(&s->lock);
  /* The removed poll pins the file, not the number: closing is safe. */
  mio_sys_fd_waker_close(&s->waker);
}

static int uring__raw_fd(const mio_sys_selector *s) { return s->ring_fd; }

/* ------------------------------------------------ the fallback: epoll
 *
 * When the kernel refuses a ring the core uses this table: epoll, reported
 * as MIO_BACKEND_EPOLL, with one difference. Each ring a thread has created
 * sends that thread its clean-up as task work (TWA_SIGNAL) when the ring is
 * destroyed, and epoll_wait returns -EINTR for that notification although no
 * signal arrived. That is exactly when a fallback happens: a thread that
 * created and freed many Polls exhausts RLIMIT_MEMLOCK (rings are accounted
 * to it until their asynchronous clean-up ends), falls back, and its epoll
 * waits would fail with spurious -EINTR until the clean-ups are done. So a
 * blocking wait here first sleeps in poll(2) on the epoll descriptor, which
 * the kernel restarts after task work and fails with EINTR only when a
 * signal handler ran, then takes the events with a non-blocking epoll_wait
 * (which never reports EINTR). The extra syscall costs only the fallback. */

static int uring__fallback_select(mio_sys_selector *s, struct mio_events *ev,
                                  int64_t timeout_ns) {
  if (timeout_ns != 0) {
    struct pollfd p = {mio_sys_epoll_ops.raw_fd(s), POLLIN, 0};
    int64_t ms = timeout_ns / 1000000 + (timeout_ns % 1000000 != 0);
    int r = poll(&p, 1, timeout_ns < 0 ? -1 : ms > INT_MAX ? INT_MAX : (int)ms);
    if (r <= 0) {
      ev->mio_private_len = 0;
      return r < 0 ? -errno : 0; /* 0: the timeout, the core checks */
    }
  }
  return mio_sys_epoll_select(s, ev, 0);
}

static int uring__fallback_create(mio_sys_selector **out) {
  return mio_sys_epoll_ops.create(out);
}

static void uring__fallback_destroy(mio_sys_selector *s) {
  mio_sys_epoll_ops.destroy(s);
}

static int uring__fallback_register(mio_sys_selector *s, int fd,
                                    mio_token token, mio_interest interest) {
  return mio_sys_epoll_ops.register_fd(s, fd, token, interest);
}

static int uring__fallback_reregister(mio_sys_selector *s, int fd,
                                      mio_token token, mio_interest interest) {
  return mio_sys_epoll_ops.reregister_fd(s, fd, token, interest);
}

static int uring__fallback_deregister(mio_sys_selector *s, int fd) {
  return mio_sys_epoll_ops.deregister_fd(s, fd);
}

static int uring__fallback_raw_fd(const mio_sys_selector *s) {
  return mio_sys_epoll_ops.raw_fd(s);
}

static const mio_sys_ops uring__fallback_ops = {
    .name = "epoll",
    .backend = MIO_BACKEND_EPOLL,
    .release_on_close = false,
    .fallback = NULL,
    .create = uring__fallback_create,
    .destroy = uring__fallback_destroy,
    .select = uring__fallback_select,
    .register_fd = uring__fallback_register,
    .reregister_fd = uring__fallback_reregister,
    .deregister_fd = uring__fallback_deregister,
    .rearm_fd = NULL,
    .raw_fd = uring__fallback_raw_fd,
    .waker_init = NULL,
    .waker_wake = NULL,
    .waker_fini = NULL,
};

const mio_sys_ops mio_sys_io_uring_ops = {
    .name = "io_uring",
    .backend = MIO_BACKEND_IO_URING,
    .release_on_close = true,
    .fallback = &uring__fallback_ops,
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
