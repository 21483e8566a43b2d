/* Event representation on Windows (internal): an event is the AFD poll bits
 * that fired for a socket plus its token (mio src/sys/windows/event.rs).
 * Waker events carry MIO_AFD_POLL_RECEIVE, so they decode as readable. */
#ifndef MIO_SYS_IOCP_EVENT_REPR_H_
#define MIO_SYS_IOCP_EVENT_REPR_H_

#include <stddef.h>
#include <stdint.h>

#include "mio/core/token.h"
#include "mio/sys/iocp/afd_events.h"

struct mio_event {
  uint32_t flags; /* MIO_AFD_POLL_* */
  uint64_t token;
};

/* Invariant: len <= cap; buf holds cap events (allocated with the struct). */
struct mio_events {
  size_t len;
  size_t cap;
  struct mio_event buf[];
};

static inline void mio_sys_event_set(struct mio_event *e, mio_token token,
                                     uint32_t afd_bits) {
  e->flags = afd_bits;
  e->token = (uint64_t)token;
}

#endif /* MIO_SYS_IOCP_EVENT_REPR_H_ */
