/* Event representation on Windows (internal): an event is the AFD poll bits
 * that fired for a socket plus its token (mio src/sys/windows/event.rs).
 * Waker events carry MIO_AFD_POLL_RECEIVE, so they decode as readable. */
#ifndef MIO_SYS_IOCP_EVENT_REPR_H_
#define MIO_SYS_IOCP_EVENT_REPR_H_

#include <stddef.h>
#include <stdint.h>

#include "mio/core/events.h"
#include "mio/core/token.h"
#include "mio/sys/iocp/afd_events.h"

struct mio_event {
  uint32_t flags; /* MIO_AFD_POLL_* */
  uint64_t token;
};

/* The events follow the public mio_events header in the same allocation.
 * C++ (the conformance suite includes mio/sys/selector.h) spells the assert
 * its own way: unlike glibc, mingw-w64 does not map _Static_assert for it. */
#ifdef __cplusplus
static_assert(sizeof(struct mio_events) % alignof(struct mio_event) == 0,
              "events buffer alignment");
#else
_Static_assert(sizeof(struct mio_events) % _Alignof(struct mio_event) == 0,
               "events buffer alignment");
#endif

/* Invariant: mio_private_len <= mio_private_cap; the buffer holds cap events.
 */
static inline struct mio_event *mio_sys_events_buf(struct mio_events *ev) {
  return (struct mio_event *)(void *)(ev + 1);
}

static inline void mio_sys_event_set(struct mio_event *e, mio_token token,
                                     uint32_t afd_bits) {
  e->flags = afd_bits;
  e->token = (uint64_t)token;
}

#endif /* MIO_SYS_IOCP_EVENT_REPR_H_ */
