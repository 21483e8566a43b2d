/* IOCP selector (mio src/sys/windows/selector.rs, wepoll port.c).
 *
 * How it works: one I/O completion port per Poll. Each registered socket has
 * a sock_state (sock_state.h) whose AFD poll (afd.h) completes through the
 * port when the socket becomes ready; select() dequeues completions with
 * GetQueuedCompletionStatusEx and turns them into events. The waker posts a
 * completion without an OVERLAPPED pointer, which is how select() tells it
 * apart. Sources doing their own overlapped I/O (the named pipe) complete
 * under MIO_IOCP_KEY_OVERLAPPED and are dispatched to the operation's
 * callback (overlapped.h).
 *
 * Registration changes are queued (the update queue) and submitted to AFD
 * right before the next wait, so several changes cost one poll. When another
 * thread is already blocked in select(), they are submitted at once so the
 * blocked wait sees them (API.md §10).
 *
 * Locking: `lock` protects every sock_state, the table, the queue and the
 * poll groups; the wait itself runs unlocked.
 *
 * Timeouts: milliseconds rounded up, at most 0xFFFFFFFE (INFINITE is
 * 0xFFFFFFFF); the core re-waits for any remainder, so a wait never ends
 * early (API.md §4, §6). */
/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <windows.h>

#include "mio/core/error.h"
#include "mio/sys/iocp/overlapped.h"
#include "mio/sys/iocp/poll_group.h"
#include "mio/sys/iocp/sock_state.h"
#include "mio/sys/iocp/sock_table.h"
#include "mio/sys/selector.h"
#include "mio/sys/timeout.h"
#include "mio/sys/windows/error_map.h"

/* Completions dequeued per wait (stack buffer: select never allocates). */
enum { IOCP__BATCH = 64 };

struct mio_sys_selector {
  HANDLE port;
  SRWLOCK lock;
  mio_poll_groups groups;
  mio_sock_table table;
  mio_sock_state *queue_head; /* update queue (FIFO) */
  mio_sock_state *queue_tail;
  size_t in_flight;            /* sock_states with a poll in flight */
  atomic_size_t ovl_in_flight; /* overlapped.h completions not dequeued */
  atomic_int polling;          /* threads inside the wait */
  atomic_uintptr_t waker;      /* the waker's token (valid while one is live) */
  atomic_bool wake_queued;     /* a waker completion is queued, not dequeued */
};

/* ------------------------------------------------------------- lifecycle */

static int iocp__create(mio_sys_selector **out) {
  mio_sys_selector *s = calloc(1, sizeof *s);
  if (s == NULL) return -MIO_ENOMEM;
  if (mio_sock_table_init(&s->table) != 0) {
    free(s);
    return -MIO_ENOMEM;
  }
  s->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  if (s->port == NULL) {
    int rc = mio_sys_win_error(GetLastError());
    mio_sock_table_fini(&s->table);
    free(s);
    return rc;
  }
  InitializeSRWLock(&s->lock);
  s->groups.port = s->port;
  atomic_init(&s->polling, 0);
  atomic_init(&s->waker, 0);
  atomic_init(&s->wake_queued, false);
  atomic_init(&s->ovl_in_flight, 0);
  *out = s;
  return 0;
}

static void iocp__free_if_unused(mio_sys_selector *s, mio_sock_state *st) {
  if (mio_sock_state_can_free(st)) mio_sock_state_free(&s->groups, st);
}

/* Tracks polls in flight around update(), for destroy's drain. */
static int iocp__update(mio_sys_selector *s, mio_sock_state *st) {
  bool was_idle = st->status == MIO_SOCK_IDLE;
  int rc = mio_sock_state_update(st);
  if (was_idle && st->status != MIO_SOCK_IDLE) s->in_flight++;
  return rc;
}

/* ------------------------------------------------------------ update queue */

static void iocp__enqueue(mio_sys_selector *s, mio_sock_state *st) {
  if (st->queued) return;
  st->queued = true;
  st->queue_next = NULL;
  if (s->queue_tail != NULL) {
    s->queue_tail->queue_next = st;
  } else {
    s->queue_head = st;
  }
  s->queue_tail = st;
}

static mio_sock_state *iocp__dequeue(mio_sys_selector *s) {
  mio_sock_state *st = s->queue_head;
  if (st == NULL) return NULL;
  s->queue_head = st->queue_next;
  if (s->queue_head == NULL) s->queue_tail = NULL;
  st->queued = false;
  st->queue_next = NULL;
  return st;
}

/* Submits every queued change. An error is returned once; the failing state
 * is left unwatched until its next reregister or re-arm (requeueing it would
 * fail every later poll). Lock held. */
static int iocp__flush(mio_sys_selector *s) {
  mio_sock_state *st;
  while ((st = iocp__dequeue(s)) != NULL) {
    if (st->delete_pending) {
      iocp__free_if_unused(s, st);
      continue;
    }
    int rc = iocp__update(s, st);
    iocp__free_if_unused(s, st); /* closed behind our back */
    if (rc != 0) return rc;
  }
  return 0;
}

/* Queues `st`; if a thread is blocked in the wait, submits now so that wait
 * sees the change. Lock held. */
static int iocp__changed(mio_sys_selector *s, mio_sock_state *st) {
  iocp__enqueue(s, st);
  return atomic_load(&s->polling) > 0 ? iocp__flush(s) : 0;
}

/* --------------------------------------------------------------- select */

/* INFINITE is 0xFFFFFFFF: the largest finite wait is one less. */
static DWORD iocp__timeout_ms(int64_t timeout_ns) {
  int64_t ms = mio_sys_timeout_ms(timeout_ns, 0xFFFFFFFE);
  return ms < 0 ? INFINITE : (DWORD)ms;
}

/* Turns one completion into at most one event. Lock held. */
static bool iocp__feed(mio_sys_selector *s, const OVERLAPPED_ENTRY *entry,
                       struct mio_event *out) {
  if (entry->lpOverlapped == NULL) {
    /* The waker: readable with its token (mio feed_events). Cleared before
     * the event is returned, so a wake after this point posts again. The
     * token is the current waker's: a wake queued by a freed waker and
     * dequeued after a new one was created (and whose own first wake it
     * absorbed) is reported for the new one. */
    atomic_store(&s->wake_queued, false);
    mio_sys_event_set(out, (mio_token)atomic_load(&s->waker),
                      MIO_AFD_POLL_RECEIVE);
    return true;
  }
  if (entry->lpCompletionKey == MIO_IOCP_KEY_OVERLAPPED) {
    /* A named pipe's (or other handle's) own operation: its callback. */
    atomic_fetch_sub(&s->ovl_in_flight, 1);
    mio_iocp_overlapped *ov =
        (mio_iocp_overlapped *)(void *)entry->lpOverlapped;
    return ov->callback(ov, entry, out);
  }
  mio_sock_state *st = (mio_sock_state *)(void *)entry->lpOverlapped;
  s->in_flight--;
  uint32_t flags = 0;
  bool got = mio_sock_state_feed(st, &flags);
  if (got) mio_sys_event_set(out, st->token, flags);
  if (st->delete_pending) {
    iocp__free_if_unused(s, st);
  } else {
    iocp__enqueue(s, st); /* watch again for what is still wanted */
  }
  return got;
}

int mio_sys_iocp_select(mio_sys_selector *s, struct mio_events *ev,
                        int64_t timeout_ns) {
  ev->mio_private_len = 0;
  atomic_fetch_add(&s->polling, 1);
  AcquireSRWLockExclusive(&s->lock);
  int rc = iocp__flush(s);
  ReleaseSRWLockExclusive(&s->lock);
  if (rc != 0) {
    atomic_fetch_sub(&s->polling, 1);
    return rc;
  }
  OVERLAPPED_ENTRY entries[IOCP__BATCH];
  ULONG want = ev->mio_private_cap < IOCP__BATCH ? (ULONG)ev->mio_private_cap
                                                 : IOCP__BATCH;
  ULONG n = 0;
  BOOL ok = GetQueuedCompletionStatusEx(s->port, entries, want, &n,
                                        iocp__timeout_ms(timeout_ns), FALSE);
  atomic_fetch_sub(&s->polling, 1);
  if (!ok) {
    DWORD err = GetLastError();
    return err == WAIT_TIMEOUT ? 0 : mio_sys_win_error(err);
  }
  AcquireSRWLockExclusive(&s->lock);
  for (ULONG i = 0; i < n; i++) {
    struct mio_event *slot = mio_sys_events_buf(ev) + ev->mio_private_len;
    if (iocp__feed(s, &entries[i], slot)) ev->mio_private_len++;
  }
  ReleaseSRWLockExclusive(&s->lock);
  return (int)ev->mio_private_len;
}

/* --------------------------------------------------------- registration */

/* Unregisters `st`: out of the table, poll cancelled, freed once unused.
 * Lock held. */
static void iocp__forget(mio_sys_selector *s, mio_sock_state *st) {
  mio_sock_table_remove(&s->table, st);
  mio_sock_state_delete(st);
  iocp__free_if_unused(s, st);
}

static int iocp__register(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                          mio_interest interest) {
  SOCKET sock = (SOCKET)fd;
  AcquireSRWLockExclusive(&s->lock);
  int rc = -MIO_EEXIST;
  mio_sock_state *st = NULL;
  if (mio_sock_table_find(&s->table, sock) == NULL) {
    rc = mio_sock_state_new(&s->groups, sock, &st);
  }
  if (rc == 0) {
    mio_sock_table_add(&s->table, st);
    mio_sock_state_set_interest(st, token, interest);
    rc = iocp__changed(s, st);
    if (rc != 0) iocp__forget(s, st); /* a failed register leaves nothing */
  }
  ReleaseSRWLockExclusive(&s->lock);
  return rc;
}

/* reregister and rearm: new interest, re-evaluated by a fresh poll. */
static int iocp__reregister(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                            mio_interest interest) {
  AcquireSRWLockExclusive(&s->lock);
  mio_sock_state *st = mio_sock_table_find(&s->table, (SOCKET)fd);
  int rc = -MIO_ENOENT;
  if (st != NULL) {
    mio_sock_state_set_interest(st, token, interest);
    rc = iocp__changed(s, st);
  }
  ReleaseSRWLockExclusive(&s->lock);
  return rc;
}

static int iocp__deregister(mio_sys_selector *s, mio_raw_fd fd) {
  AcquireSRWLockExclusive(&s->lock);
  mio_sock_state *st = mio_sock_table_find(&s->table, (SOCKET)fd);
  int rc = -MIO_ENOENT;
  if (st != NULL) {
    iocp__forget(s, st);
    rc = 0;
  }
  ReleaseSRWLockExclusive(&s->lock);
  return rc;
}

/* ---------------------------------------------------------------- waker */

static int iocp__waker_init(mio_sys_selector *s, mio_token token) {
  atomic_store(&s->waker, (uintptr_t)token);
  return 0;
}

/* Wakes already queued and not yet dequeued coalesce into one completion
 * (API.md §9 allows 1..N events for N wakes), so the port never fills with
 * wake-ups and the waker behaves as the eventfd one does. */
static int iocp__waker_wake(mio_sys_selector *s) {
  if (atomic_exchange(&s->wake_queued, true)) return 0;
  if (PostQueuedCompletionStatus(s->port, 0, 0, NULL)) return 0;
  atomic_store(&s->wake_queued, false);
  return mio_sys_win_error(GetLastError());
}

static void iocp__waker_fini(mio_sys_selector *s) { (void)s; }

/* -------------------------------------------------------------- destroy */

/* Dequeues completions until no poll and no overlapped operation is in
 * flight, or gives up after ~5 s of silence (then the states leak rather
 * than be freed under the kernel). Lock not held: nobody else uses the
 * selector any more. */
static void iocp__drain(mio_sys_selector *s) {
  OVERLAPPED_ENTRY entries[IOCP__BATCH];
  while (s->in_flight > 0 || atomic_load(&s->ovl_in_flight) > 0) {
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(s->port, entries, IOCP__BATCH, &n, 5000,
                                     FALSE)) {
      return;
    }
    for (ULONG i = 0; i < n; i++) {
      struct mio_event unused;
      if (entries[i].lpOverlapped != NULL) iocp__feed(s, &entries[i], &unused);
    }
  }
}

static void iocp__destroy(mio_sys_selector *s) {
  /* Every built-in source holds a selector reference while registered, so
   * the table is empty here; queued states are deleted ones. */
  for (size_t i = 0; i < s->table.nbuckets; i++) {
    while (s->table.buckets[i] != NULL) iocp__forget(s, s->table.buckets[i]);
  }
  mio_sock_state *st;
  while ((st = iocp__dequeue(s)) != NULL) iocp__free_if_unused(s, st);
  iocp__drain(s);
  mio_sock_table_fini(&s->table);
  CloseHandle(s->port);
  free(s);
}

/* ------------------------------------------------- overlapped.h sources */

bool mio_sys_iocp_is(const mio_sys_ops *ops) {
  return ops == &mio_sys_iocp_ops;
}

int mio_sys_iocp_associate(mio_sys_selector *s, HANDLE handle) {
  if (CreateIoCompletionPort(handle, s->port, MIO_IOCP_KEY_OVERLAPPED, 0) ==
      NULL) {
    return mio_sys_win_error(GetLastError());
  }
  return 0;
}

void mio_sys_iocp_expect(mio_sys_selector *s, int n) {
  if (n >= 0) {
    atomic_fetch_add(&s->ovl_in_flight, (size_t)n);
  } else {
    atomic_fetch_sub(&s->ovl_in_flight, (size_t)-n);
  }
}

int mio_sys_iocp_post(mio_sys_selector *s, mio_iocp_overlapped *ov,
                      uint32_t bytes) {
  atomic_fetch_add(&s->ovl_in_flight, 1);
  if (PostQueuedCompletionStatus(s->port, bytes, MIO_IOCP_KEY_OVERLAPPED,
                                 &ov->ov)) {
    return 0;
  }
  atomic_fetch_sub(&s->ovl_in_flight, 1);
  return mio_sys_win_error(GetLastError());
}

static int iocp__raw_fd(const mio_sys_selector *s) {
  (void)s;
  return -MIO_ENOTSUP;
}

const mio_sys_ops mio_sys_iocp_ops = {
    .name = "iocp",
    .backend = MIO_BACKEND_IOCP,
    .release_on_close = true,
    .fallback = NULL,
    .create = iocp__create,
    .destroy = iocp__destroy,
    .select = mio_sys_iocp_select,
    .register_fd = iocp__register,
    .reregister_fd = iocp__reregister,
    .deregister_fd = iocp__deregister,
    .rearm_fd = iocp__reregister,
    .raw_fd = iocp__raw_fd,
    .waker_init = iocp__waker_init,
    .waker_wake = iocp__waker_wake,
    .waker_fini = iocp__waker_fini,
};
