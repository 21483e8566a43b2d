/* Event representation on kqueue OSes (internal): an event *is* the
 * `struct kevent` the kernel returns, token in udata, as mio stores it
 * (kqueue.rs `pub type Event = libc::kevent`). select() hands the caller's
 * buffer straight to kevent(2), so there is no copy or conversion on the hot
 * path, and the decoders (mio/sys/kqueue/event.c) read the kernel's fields.
 * A compact copy (token + filter + flags + fflags, 16 bytes instead of 32, or
 * 64 on FreeBSD 12+) would halve the buffer but cost a conversion loop per
 * select for nothing an accessor needs.
 *
 * One kevent reports one filter: a socket both readable and writable gives
 * two events with the same token (API.md §5). */
#ifndef MIO_SYS_KQUEUE_EVENT_REPR_H_
#define MIO_SYS_KQUEUE_EVENT_REPR_H_

#include <stddef.h>
#include <stdint.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/token.h"
#include "mio/sys/kqueue/kevent_logic.h"

struct mio_event {
  struct kevent kev;
};

#ifndef __cplusplus /* C++ users (fuzz models) rely on the C build */
_Static_assert(sizeof(struct mio_event) == sizeof(struct kevent),
               "mio_event is a kevent");
/* The events follow the mio_events header in the same allocation. */
_Static_assert(sizeof(struct mio_events) % _Alignof(struct kevent) == 0,
               "events buffer alignment");
#endif

/* Invariant: mio_private_len <= mio_private_cap; the buffer holds cap events.
 */
static inline struct mio_event *mio_sys_events_buf(struct mio_events *ev) {
  return (struct mio_event *)(void *)(ev + 1);
}

/* The same buffer as the kernel's type, for kevent(2). */
static inline struct kevent *mio_sys_events_kevent(struct mio_events *ev) {
  return (struct kevent *)(void *)(ev + 1);
}

#endif /* MIO_SYS_KQUEUE_EVENT_REPR_H_ */
