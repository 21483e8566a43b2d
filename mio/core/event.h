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

/* Opaque; only used through pointers returned by mio_events_get. */
typedef struct mio_event mio_event;

/* The token the source was registered with (or the waker's token). */
MIO_EXTERN mio_token mio_event_token(const mio_event *e);
/* Readable (epoll: EPOLLIN or EPOLLPRI). Waker events are readable. */
MIO_EXTERN bool mio_event_is_readable(const mio_event *e);
/* Writable (epoll: EPOLLOUT). */
MIO_EXTERN bool mio_event_is_writable(const mio_event *e);
/* An error is pending on the source (epoll: EPOLLERR); see take_error. */
MIO_EXTERN bool mio_event_is_error(const mio_event *e);
/* The read half is closed: the peer shut down writing or the connection ended.
 */
MIO_EXTERN bool mio_event_is_read_closed(const mio_event *e);
/* The write half is closed: the peer is gone or the source errored. */
MIO_EXTERN bool mio_event_is_write_closed(const mio_event *e);
/* Priority / out-of-band data is available (epoll: EPOLLPRI). */
MIO_EXTERN bool mio_event_is_priority(const mio_event *e);
/* AIO completion (kqueue only; always false elsewhere). */
MIO_EXTERN bool mio_event_is_aio(const mio_event *e);
/* LIO completion (FreeBSD kqueue only; always false elsewhere). */
MIO_EXTERN bool mio_event_is_lio(const mio_event *e);

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

MIO_EXTERN_C_END

#endif /* MIO_CORE_EVENT_H_ */
