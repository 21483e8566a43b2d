/* Linux events (struct epoll_event format, shared by the epoll, poll(2) and
 * io_uring backends): the exported copies of event.h's and events.h's inline
 * accessors (mio src/sys/unix/selector/epoll.rs `event`) and the details
 * formatter. */
#include <stdbool.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/format_internal.h"
#include "mio/sys/event_repr.h"

/* The external definitions of event.h's inline accessors. */
extern inline mio_token mio_event_token(const mio_event *e);
extern inline bool mio_event_is_readable(const mio_event *e);
extern inline bool mio_event_is_writable(const mio_event *e);
extern inline bool mio_event_is_error(const mio_event *e);
extern inline bool mio_event_is_read_closed(const mio_event *e);
extern inline bool mio_event_is_write_closed(const mio_event *e);
extern inline bool mio_event_is_priority(const mio_event *e);
extern inline bool mio_event_is_aio(const mio_event *e);
extern inline bool mio_event_is_lio(const mio_event *e);
extern inline size_t mio_events_len(const mio_events *ev);
extern inline const mio_event *mio_events_get(const mio_events *ev, size_t i);
extern inline void mio_events_iter_init(mio_events_iter *it,
                                        const mio_events *ev);
extern inline const mio_event *mio_events_iter_next(mio_events_iter *it);

size_t mio_event_format_details(const mio_event *e, char *buf, size_t len) {
  static const struct {
    uint32_t bit;
    const char *name;
  } flags[] = {{EPOLLIN, "EPOLLIN"},         {EPOLLPRI, "EPOLLPRI"},
               {EPOLLOUT, "EPOLLOUT"},       {EPOLLERR, "EPOLLERR"},
               {EPOLLHUP, "EPOLLHUP"},       {EPOLLRDHUP, "EPOLLRDHUP"},
               {EPOLLRDNORM, "EPOLLRDNORM"}, {EPOLLRDBAND, "EPOLLRDBAND"},
               {EPOLLWRNORM, "EPOLLWRNORM"}, {EPOLLWRBAND, "EPOLLWRBAND"},
               {EPOLLMSG, "EPOLLMSG"}};
  mio_fmt f = mio_fmt_begin(buf, len);
  if (e == NULL) return 0;
  uint32_t bits = e->mio_private_events;
  bool first = true;
  mio_fmt_str(&f, "epoll_event { events: ");
  for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
    if ((bits & flags[k].bit) == 0) continue;
    if (!first) mio_fmt_str(&f, " | ");
    mio_fmt_str(&f, flags[k].name);
    first = false;
  }
  if (first) mio_fmt_str(&f, "(empty)");
  mio_fmt_str(&f, ", u64: ");
  mio_fmt_u64(&f, e->mio_private_data);
  mio_fmt_str(&f, " }");
  return f.total;
}
