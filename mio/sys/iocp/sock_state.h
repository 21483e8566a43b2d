/* Per-socket poll state (internal; wepoll sock.c, mio SockState).
 *
 * Each registered socket has one sock_state owning at most one AFD poll in
 * flight. The poll status is a three-state machine:
 *   IDLE      no poll in flight; update() submits one for user_events.
 *   PENDING   a poll for pending_events is in flight.
 *   CANCELLED a poll was cancelled (interest grew, or the socket is being
 *             deleted) and its completion has not been dequeued yet.
 * Every completion moves the state back to IDLE (feed()). Edge-triggered
 * semantics are simulated as mio does: a reported READABLE/WRITABLE kind is
 * dropped from user_events until the source hits would-block and re-arms.
 *
 * A state is freed only when nothing refers to it (can_free()): it is
 * delete_pending, no poll is in flight (its IO_STATUS_BLOCK and poll info
 * belong to the kernel until the completion is dequeued), and it is neither
 * in the selector's socket table nor on its update queue. delete_pending is
 * set by deregistration or when AFD reports the socket closed. All functions
 * run under the selector's lock. */
#ifndef MIO_SYS_IOCP_SOCK_STATE_H_
#define MIO_SYS_IOCP_SOCK_STATE_H_

#include <stdbool.h>
#include <stdint.h>

#include "mio/core/interest.h"
#include "mio/core/token.h"
#include "mio/sys/iocp/afd.h"
#include "mio/sys/iocp/poll_group.h"

typedef enum mio_sock_poll_status {
  MIO_SOCK_IDLE = 0,
  MIO_SOCK_PENDING,
  MIO_SOCK_CANCELLED
} mio_sock_poll_status;

typedef struct mio_sock_state {
  IO_STATUS_BLOCK iosb;        /* kernel-owned while a poll is in flight */
  mio_afd_poll_info poll_info; /* likewise */
  mio_poll_group *group;
  SOCKET socket;           /* the registered socket (table key) */
  SOCKET base_socket;      /* what the AFD poll names */
  uint32_t user_events;    /* MIO_AFD_POLL_* wanted now */
  uint32_t pending_events; /* MIO_AFD_POLL_* of the poll in flight */
  mio_token token;
  mio_sock_poll_status status;
  bool delete_pending; /* unregistered; free once no poll is in flight */
  bool queued;         /* on the selector's update queue */
  bool in_table;       /* in the selector's socket table (registered) */
  struct mio_sock_state *table_next; /* sock_table chain */
  struct mio_sock_state *queue_next; /* update queue link */
} mio_sock_state;

/* A new IDLE state for `socket` in a poll group. 0 or a mio code
 * (-MIO_ENOTSOCK etc. from the base-socket lookup). */
int mio_sock_state_new(mio_poll_groups *gs, SOCKET socket,
                       mio_sock_state **out);

/* Sets token and interest (mapped to AFD bits, plus ABORT and CONNECT_FAIL,
 * which are always reported). True when the poll in flight does not cover
 * them, i.e. the state needs update(). */
bool mio_sock_state_set_interest(mio_sock_state *st, mio_token token,
                                 mio_interest interest);

/* Brings the kernel in line with user_events (the state machine above).
 * 0 or a mio code; a socket closed behind our back is marked for deletion
 * (not an error). */
int mio_sock_state_update(mio_sock_state *st);

/* Consumes the completion of the poll in flight. Returns true and fills
 * *flags with the events to report (already masked by user_events), or
 * false when there is nothing to report. Afterwards the state is IDLE. */
bool mio_sock_state_feed(mio_sock_state *st, uint32_t *flags);

/* Stops watching for good: cancels a poll in flight and marks
 * delete_pending. Idempotent. */
void mio_sock_state_delete(mio_sock_state *st);

/* True when nothing refers to `st` any more (see above). */
bool mio_sock_state_can_free(const mio_sock_state *st);

/* Frees a state that no poll references, releasing its poll group slot. */
void mio_sock_state_free(mio_poll_groups *gs, mio_sock_state *st);

#endif /* MIO_SYS_IOCP_SOCK_STATE_H_ */
