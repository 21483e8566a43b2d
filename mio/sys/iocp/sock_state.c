/* Per-socket poll state machine (see sock_state.h). */
#include "mio/sys/iocp/sock_state.h"

#include <stdlib.h>

#include "mio/core/error.h"

/* Bits an AFD poll can report that mio acts on (CONNECT is never asked). */
#define SOCK__KNOWN_EVENTS                                                     \
  (MIO_AFD_POLL_RECEIVE | MIO_AFD_POLL_RECEIVE_EXPEDITED | MIO_AFD_POLL_SEND | \
   MIO_AFD_POLL_DISCONNECT | MIO_AFD_POLL_ABORT | MIO_AFD_POLL_LOCAL_CLOSE |   \
   MIO_AFD_POLL_ACCEPT | MIO_AFD_POLL_CONNECT_FAIL)
/* What a READABLE / WRITABLE registration asks AFD for (mio
 * interests_to_afd_flags); DISCONNECT lets read_closed be reported. */
#define SOCK__READABLE_EVENTS \
  (MIO_AFD_POLL_RECEIVE | MIO_AFD_POLL_ACCEPT | MIO_AFD_POLL_DISCONNECT)
#define SOCK__WRITABLE_EVENTS MIO_AFD_POLL_SEND
/* Always watched (mio): the connection is over. */
#define SOCK__TERMINAL_EVENTS (MIO_AFD_POLL_ABORT | MIO_AFD_POLL_CONNECT_FAIL)

int mio_sock_state_new(mio_poll_groups *gs, SOCKET socket,
                       mio_sock_state **out) {
  SOCKET base;
  int rc = mio_afd_base_socket(socket, &base);
  if (rc != 0) return rc;
  mio_sock_state *st = calloc(1, sizeof *st);
  if (st == NULL) return -MIO_ENOMEM;
  rc = mio_poll_group_acquire(gs, &st->group);
  if (rc != 0) {
    free(st);
    return rc;
  }
  st->socket = socket;
  st->base_socket = base;
  st->status = MIO_SOCK_IDLE;
  *out = st;
  return 0;
}

bool mio_sock_state_set_interest(mio_sock_state *st, mio_token token,
                                 mio_interest interest) {
  uint32_t events = SOCK__TERMINAL_EVENTS;
  if (mio_interest_is_readable(interest)) events |= SOCK__READABLE_EVENTS;
  if (mio_interest_is_writable(interest)) events |= SOCK__WRITABLE_EVENTS;
  st->user_events = events;
  st->token = token;
  return (events & ~st->pending_events) != 0;
}

static int sock__cancel(mio_sock_state *st) {
  int rc = mio_afd_cancel(st->group->afd, &st->iosb);
  if (rc != 0) return rc;
  st->status = MIO_SOCK_CANCELLED;
  st->pending_events = 0;
  return 0;
}

static int sock__submit(mio_sock_state *st) {
  st->poll_info.exclusive = FALSE;
  st->poll_info.number_of_handles = 1;
  st->poll_info.timeout.QuadPart = INT64_MAX;
  st->poll_info.handles[0].handle = (HANDLE)st->base_socket;
  st->poll_info.handles[0].status = 0;
  st->poll_info.handles[0].events = st->user_events | MIO_AFD_POLL_LOCAL_CLOSE;
  int rc = mio_afd_poll(st->group->afd, &st->poll_info, &st->iosb, st);
  if (rc == -MIO_EBADF) {
    /* The socket was closed behind our back: nothing to watch any more. */
    mio_sock_state_delete(st);
    return 0;
  }
  if (rc != 0) return rc;
  st->status = MIO_SOCK_PENDING;
  st->pending_events = st->user_events;
  return 0;
}

int mio_sock_state_update(mio_sock_state *st) {
  switch (st->status) {
    case MIO_SOCK_PENDING:
      if ((st->user_events & SOCK__KNOWN_EVENTS & ~st->pending_events) == 0) {
        /* The poll in flight already watches every wanted event. It may
         * complete for one no longer wanted; feed() masks that and the next
         * update() submits the narrower poll. */
        return 0;
      }
      /* The poll in flight misses a wanted event and cannot be modified:
       * cancel it; its completion brings us to IDLE, then we resubmit. */
      return sock__cancel(st);
    case MIO_SOCK_CANCELLED:
      /* Waiting for the cancelled poll's completion; resubmitted after. */
      return 0;
    case MIO_SOCK_IDLE:
    default:
      /* Nothing in flight: start a poll for the current interest. */
      return sock__submit(st);
  }
}

bool mio_sock_state_feed(mio_sock_state *st, uint32_t *flags) {
  st->status = MIO_SOCK_IDLE;
  st->pending_events = 0;
  uint32_t events = 0;
  if (st->delete_pending) {
    /* Unregistered while the poll was in flight: report nothing. */
    return false;
  } else if (mio_afd_was_cancelled(&st->iosb)) {
    /* We cancelled it to change the interest: nothing fired. */
  } else if (!mio_afd_succeeded(&st->iosb)) {
    /* The poll itself failed (not a socket event): report nothing; the
     * next update() resubmits and surfaces a persistent error there. */
  } else if (st->poll_info.number_of_handles < 1) {
    /* Completed without any socket event. */
  } else if (st->poll_info.handles[0].events & MIO_AFD_POLL_LOCAL_CLOSE) {
    /* The socket was closed: forget it. */
    mio_sock_state_delete(st);
    return false;
  } else {
    events = st->poll_info.handles[0].events;
  }
  events &= st->user_events;
  if (events == 0) return false;
  /* Simulated edge trigger: stop watching a kind once it was reported, until
   * would-block re-arms it (mio_io_state_after_io -> rearm_fd). ABORT and
   * CONNECT_FAIL are terminal and level-triggered in AFD: polled again they
   * would complete at once, forever, so they too are reported once per
   * (re)arm (API.md §8: a consumed event is not reported again). */
  if (events & SOCK__READABLE_EVENTS) st->user_events &= ~SOCK__READABLE_EVENTS;
  if (events & SOCK__WRITABLE_EVENTS) st->user_events &= ~SOCK__WRITABLE_EVENTS;
  st->user_events &= ~(events & SOCK__TERMINAL_EVENTS);
  *flags = events;
  return true;
}

void mio_sock_state_delete(mio_sock_state *st) {
  if (st->delete_pending) return;
  /* A cancel failure leaves the poll to complete on its own; the state is
   * still freed after that completion. */
  if (st->status == MIO_SOCK_PENDING) sock__cancel(st);
  st->delete_pending = true;
}

bool mio_sock_state_can_free(const mio_sock_state *st) {
  return st->delete_pending && st->status == MIO_SOCK_IDLE && !st->queued &&
         !st->in_table;
}

void mio_sock_state_free(mio_poll_groups *gs, mio_sock_state *st) {
  mio_poll_group_release(gs, st->group);
  free(st);
}
