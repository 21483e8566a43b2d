/* kqueue events (struct kevent): the accessors of mio/core/event.h and
 * events.h, out of line because the layout is private off Linux (mio
 * src/sys/unix/selector/kqueue.rs `event`). The decoding itself is
 * kevent_logic.c's, tested on Linux. */
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

size_t mio_events_len(const mio_events *ev) {
  return ev != NULL ? ev->mio_private_len : 0;
}

const mio_event *mio_events_get(const mio_events *ev, size_t i) {
  if (ev == NULL || i >= ev->mio_private_len) return NULL;
  return mio_sys_events_buf((mio_events *)ev) + i;
}

void mio_events_iter_init(mio_events_iter *it, const mio_events *ev) {
  if (it == NULL) return;
  const mio_event *first =
      ev != NULL ? mio_sys_events_buf((mio_events *)ev) : NULL;
  it->mio_private_next = first;
  it->mio_private_end = ev != NULL ? first + ev->mio_private_len : NULL;
}

const mio_event *mio_events_iter_next(mio_events_iter *it) {
  if (it == NULL || it->mio_private_next == it->mio_private_end) return NULL;
  return it->mio_private_next++;
}
