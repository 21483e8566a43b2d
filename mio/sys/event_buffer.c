/* mio_events_len/get/iter for platforms whose event layout is private
 * (Windows, portable POSIX): events.h declares them without the inline
 * definitions Linux gets, and they index the platform's representation, so
 * they are compiled against mio/sys/event_repr.h here, once for all. */
#include "mio/core/events.h"
#include "mio/sys/event_repr.h"

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
