/* kqueue events (struct kevent): the accessors of mio/core/event.h, out of
 * line because the layout is private off Linux (mio
 * src/sys/unix/selector/kqueue.rs `event`); mio_events_* are
 * mio/sys/event_buffer.c's. The decoding itself is kevent_logic.c's, tested
 * on Linux. */
#include <stdbool.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/sys/event_repr.h"
#include "mio/sys/kqueue/os.h"

mio_token mio_event_token(const mio_event *e) {
  return e != NULL ? mio_kq_token(&e->kev) : 0;
}

bool mio_event_is_readable(const mio_event *e) {
  return e != NULL && mio_kq_is_readable(&mio_kq_os, &e->kev);
}

bool mio_event_is_writable(const mio_event *e) {
  return e != NULL && mio_kq_is_writable(&mio_kq_os, &e->kev);
}

bool mio_event_is_error(const mio_event *e) {
  return e != NULL && mio_kq_is_error(&mio_kq_os, &e->kev);
}

bool mio_event_is_read_closed(const mio_event *e) {
  return e != NULL && mio_kq_is_read_closed(&mio_kq_os, &e->kev);
}

bool mio_event_is_write_closed(const mio_event *e) {
  return e != NULL && mio_kq_is_write_closed(&mio_kq_os, &e->kev);
}

/* kqueue has no priority indicator (mio). */
bool mio_event_is_priority(const mio_event *e) {
  (void)e;
  return false;
}

bool mio_event_is_aio(const mio_event *e) {
  return e != NULL && mio_kq_is_aio(&mio_kq_os, &e->kev);
}

bool mio_event_is_lio(const mio_event *e) {
  return e != NULL && mio_kq_is_lio(&mio_kq_os, &e->kev);
}

size_t mio_event_format_details(const mio_event *e, char *buf, size_t len) {
  return mio_kq_format(&mio_kq_os, e != NULL ? &e->kev : NULL, buf, len);
}
