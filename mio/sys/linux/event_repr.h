/* Event representation on Linux (internal): every Linux backend (epoll,
 * poll(2), io_uring) stores events in `struct epoll_event` format, so epoll
 * fills the caller's buffer directly and one set of decoders
 * (mio/sys/linux/event.c) serves them all. poll(2) revents bits have the same
 * values as the EPOLL* bits on Linux (POLLIN == EPOLLIN, ... POLLRDHUP ==
 * EPOLLRDHUP, asserted in mio/sys/poll/poll.c), so poll-based backends store
 * revents unchanged. */
#ifndef MIO_SYS_LINUX_EVENT_REPR_H_
#define MIO_SYS_LINUX_EVENT_REPR_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "mio/core/token.h"

struct mio_event {
  struct epoll_event raw;
};

/* Invariant: len <= cap; buf holds cap events (allocated with the struct). */
struct mio_events {
  size_t len;
  size_t cap;
  struct mio_event buf[];
};

static inline void mio_sys_event_set(struct mio_event *e, mio_token token,
                                     uint32_t epoll_bits) {
  e->raw.events = epoll_bits;
  e->raw.data.u64 = (uint64_t)token;
}

#endif /* MIO_SYS_LINUX_EVENT_REPR_H_ */
