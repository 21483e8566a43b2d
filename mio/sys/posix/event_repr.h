/* Portable POSIX event representation (internal; include
 * mio/sys/event_repr.h): an event is the poll(2) revents that fired and the
 * token, as mio's poll selector stores them (src/sys/unix/selector/poll.rs
 * `Event`). No epoll, kqueue or other OS constant appears here; the decoders
 * are mio/sys/posix/event.c. */
#ifndef MIO_SYS_POSIX_EVENT_REPR_H_
#define MIO_SYS_POSIX_EVENT_REPR_H_

#include <poll.h>
#include <stdint.h>

#include "mio/core/events.h"
#include "mio/core/token.h"

/* POLLRDHUP (Linux with _GNU_SOURCE) reports the peer's shutdown as its own
 * bit; where the headers lack it an EOF shows as POLLIN alone (POLLHUP once
 * both halves are closed), as in mio's poll selector. */
#ifdef POLLRDHUP
#define MIO_SYS_POLLRDHUP POLLRDHUP
#else
#define MIO_SYS_POLLRDHUP 0
#endif

struct mio_event {
  uint64_t token;
  uint32_t revents; /* poll(2) POLL* bits, widened */
};

#ifndef __cplusplus /* C++ users (fuzz models) rely on the C build */
/* The events follow the public mio_events header in the same allocation. */
_Static_assert(sizeof(struct mio_events) % _Alignof(struct mio_event) == 0,
               "events buffer alignment");
#endif

/* Invariant: mio_private_len <= mio_private_cap; the buffer holds cap events.
 */
static inline struct mio_event *mio_sys_events_buf(struct mio_events *ev) {
  return (struct mio_event *)(void *)(ev + 1);
}

static inline void mio_sys_event_set(struct mio_event *e, mio_token token,
                                     uint32_t poll_bits) {
  e->token = (uint64_t)token;
  e->revents = poll_bits;
}

#endif /* MIO_SYS_POSIX_EVENT_REPR_H_ */
