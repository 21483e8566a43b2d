/* Event representation on Linux (internal; include mio/sys/event_repr.h):
 * every Linux backend (epoll, poll(2), io_uring) stores events in `struct
 * epoll_event` format, so epoll fills the caller's buffer directly and one set
 * of decoders (the inline accessors of mio/core/event.h, exported by
 * mio/sys/linux/event.c) serves them all. poll(2) revents bits have the same
 * values as the EPOLL* bits on Linux (asserted below), so poll-based backends
 * store revents unchanged.
 *
 * The public header declares struct mio_event field for field (it may not
 * include <sys/epoll.h>); the assertions below keep the two identical. */
#ifndef MIO_SYS_LINUX_EVENT_REPR_H_
#define MIO_SYS_LINUX_EVENT_REPR_H_

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/token.h"

/* The peer-shutdown bit poll(2) reports: POLLRDHUP, which <poll.h> shows
 * only to _GNU_SOURCE, has EPOLLRDHUP's value (asserted below). The portable
 * representation defines 0 where the OS has none. */
#define MIO_SYS_POLLRDHUP EPOLLRDHUP

#ifndef __cplusplus /* C++ users (fuzz models) rely on the C build */
_Static_assert(sizeof(struct mio_event) == sizeof(struct epoll_event),
               "mio_event is an epoll_event");
_Static_assert(offsetof(struct mio_event, mio_private_events) ==
                   offsetof(struct epoll_event, events),
               "epoll_event.events");
_Static_assert(offsetof(struct mio_event, mio_private_data) ==
                   offsetof(struct epoll_event, data),
               "epoll_event.data");
_Static_assert(MIO_EVENT_IN__ == EPOLLIN && MIO_EVENT_PRI__ == EPOLLPRI &&
                   MIO_EVENT_OUT__ == EPOLLOUT && MIO_EVENT_ERR__ == EPOLLERR &&
                   MIO_EVENT_HUP__ == EPOLLHUP &&
                   MIO_EVENT_RDHUP__ == EPOLLRDHUP,
               "event.h's bits are the EPOLL* bits");
_Static_assert(POLLIN == EPOLLIN && POLLPRI == EPOLLPRI &&
                   POLLOUT == EPOLLOUT && POLLERR == EPOLLERR &&
                   POLLHUP == EPOLLHUP,
               "poll(2) revents are stored as epoll bits");
#ifdef POLLRDHUP /* _GNU_SOURCE */
_Static_assert(POLLRDHUP == EPOLLRDHUP, "POLLRDHUP is EPOLLRDHUP");
#endif
/* The events follow the mio_events header in the same allocation. */
_Static_assert(sizeof(struct mio_events) % _Alignof(struct epoll_event) == 0,
               "events buffer alignment");
#endif

/* Invariant: mio_private_len <= mio_private_cap; the buffer holds cap events.
 */
static inline struct mio_event *mio_sys_events_buf(struct mio_events *ev) {
  return (struct mio_event *)(void *)(ev + 1);
}

/* The same buffer as the kernel's type, for epoll_wait. */
static inline struct epoll_event *mio_sys_events_epoll(struct mio_events *ev) {
  return (struct epoll_event *)(void *)(ev + 1);
}

static inline void mio_sys_event_set(struct mio_event *e, mio_token token,
                                     uint32_t epoll_bits) {
  e->mio_private_events = epoll_bits;
  e->mio_private_data = (uint64_t)token;
}

#endif /* MIO_SYS_LINUX_EVENT_REPR_H_ */
