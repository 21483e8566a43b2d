/* mio-c events: one readiness notification (mio::event::Event).
 *
 * Events are read through the accessors below; their storage belongs to a
 * mio_events (events.h). Only readable and writable are portable; the others
 * are hints that may be false negatives on some backends, but is_read_closed
 * and is_write_closed never report false positives.
 *
 * Every accessor is pure and may be called from any thread while nothing
 * mutates the owning mio_events. NULL gives false / 0. */
#ifndef MIO_CORE_EVENT_H_
#define MIO_CORE_EVENT_H_

#include <stdbool.h>
#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/token.h"

MIO_EXTERN_C_BEGIN

/* Read only through pointers returned by mio_events_get and the accessors.
 *
 * On Linux the layout is visible so that the accessors below inline (an event
 * loop calls them for every event). It is `struct epoll_event` field for
 * field, which every Linux backend stores (glibc packs it on x86-64); the
 * fields are private and may change with any release (API.md §5: the type is
 * opaque). Each accessor is still an exported symbol: a call that is not
 * inlined, or a pointer to it, reaches the library's definition. */
#if defined(__linux__) && !defined(MIO_PORTABLE_POSIX)
#if defined(__x86_64__)
#define MIO_EVENT_PACKED__ __attribute__((packed))
#else
#define MIO_EVENT_PACKED__
#endif
struct MIO_EVENT_PACKED__ mio_event {
  uint32_t mio_private_events; /* EPOLL* bits */
  uint64_t mio_private_data;   /* the token */
};
#undef MIO_EVENT_PACKED__
/* C99 `inline` (an inline definition here, the external one in the library);
 * in C++ an ordinary inline function. Empty where the layout is not public. */
#define MIO_EVENT_INLINE inline
#else
#define MIO_EVENT_INLINE
#endif
typedef struct mio_event mio_event;

/* The token the source was registered with (or the waker's token). */
MIO_EXTERN MIO_EVENT_INLINE mio_token mio_event_token(const mio_event *e);
/* Readable (epoll: EPOLLIN or EPOLLPRI). Waker events are readable. */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_readable(const mio_event *e);
/* Writable (epoll: EPOLLOUT). */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_writable(const mio_event *e);
/* An error is pending on the source (epoll: EPOLLERR); see take_error. */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_error(const mio_event *e);
/* The read half is closed: the peer shut down writing or the connection ended.
 */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_read_closed(const mio_event *e);
/* The write half is closed: the peer is gone or the source errored. */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_write_closed(const mio_event *e);
/* Priority / out-of-band data is available (epoll: EPOLLPRI). */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_priority(const mio_event *e);
/* AIO completion (kqueue only; always false elsewhere). */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_aio(const mio_event *e);
/* LIO completion (FreeBSD kqueue only; always false elsewhere). */
MIO_EXTERN MIO_EVENT_INLINE bool mio_event_is_lio(const mio_event *e);

/* Rust's `{:?}` of an Event, exactly:
 * "Event { token: Token(7), readable: true, writable: false, error: false,
 * read_closed: false, write_closed: false, priority: false, aio: false,
 * lio: false }" (one line). snprintf contract (see mio_interest_format).
 * NULL `e` writes "". */
MIO_EXTERN size_t mio_event_format(const mio_event *e, char *buf, size_t len);

/* The raw backend fields, e.g. "epoll_event { events: EPOLLIN | EPOLLOUT,
 * u64: 7 }". For debugging; the text is not stable. snprintf contract. */
MIO_EXTERN size_t mio_event_format_details(const mio_event *e, char *buf,
                                           size_t len);

#if defined(__linux__) && !defined(MIO_PORTABLE_POSIX)
/* The epoll bits the accessors test (asserted equal to <sys/epoll.h>'s in
 * mio/sys/linux/event_repr.h; this header may not include it). */
#define MIO_EVENT_IN__ 0x001u
#define MIO_EVENT_PRI__ 0x002u
#define MIO_EVENT_OUT__ 0x004u
#define MIO_EVENT_ERR__ 0x008u
#define MIO_EVENT_HUP__ 0x010u
#define MIO_EVENT_RDHUP__ 0x2000u

/* The mapping is API.md §5's table, column epoll (mio's epoll.rs `event`).
 * (No shared static helper: a C99 inline definition may not call one.) */
#define MIO_EVENT_BITS__(e) ((e) != NULL ? (e)->mio_private_events : 0u)

MIO_EVENT_INLINE mio_token mio_event_token(const mio_event *e) {
  return e != NULL ? (mio_token)e->mio_private_data : 0;
}

MIO_EVENT_INLINE bool mio_event_is_readable(const mio_event *e) {
  return (MIO_EVENT_BITS__(e) & (MIO_EVENT_IN__ | MIO_EVENT_PRI__)) != 0;
}

MIO_EVENT_INLINE bool mio_event_is_writable(const mio_event *e) {
  return (MIO_EVENT_BITS__(e) & MIO_EVENT_OUT__) != 0;
}

MIO_EVENT_INLINE bool mio_event_is_error(const mio_event *e) {
  return (MIO_EVENT_BITS__(e) & MIO_EVENT_ERR__) != 0;
}

/* RDHUP alone is not enough: without IN it may be stale (mio). */
MIO_EVENT_INLINE bool mio_event_is_read_closed(const mio_event *e) {
  uint32_t b = MIO_EVENT_BITS__(e);
  return (b & MIO_EVENT_HUP__) != 0 ||
         ((b & MIO_EVENT_IN__) != 0 && (b & MIO_EVENT_RDHUP__) != 0);
}

/* The write side is closed on HUP, on an error while writable, or when the
 * only flag is ERR (a failed connect reports exactly that on Linux). */
MIO_EVENT_INLINE bool mio_event_is_write_closed(const mio_event *e) {
  uint32_t b = MIO_EVENT_BITS__(e);
  return (b & MIO_EVENT_HUP__) != 0 ||
         ((b & MIO_EVENT_OUT__) != 0 && (b & MIO_EVENT_ERR__) != 0) ||
         b == MIO_EVENT_ERR__;
}

MIO_EVENT_INLINE bool mio_event_is_priority(const mio_event *e) {
  return (MIO_EVENT_BITS__(e) & MIO_EVENT_PRI__) != 0;
}

MIO_EVENT_INLINE bool mio_event_is_aio(const mio_event *e) {
  (void)e;
  return false;
}

MIO_EVENT_INLINE bool mio_event_is_lio(const mio_event *e) {
  (void)e;
  return false;
}
#endif /* __linux__ */

MIO_EXTERN_C_END

#endif /* MIO_CORE_EVENT_H_ */
