/* Decoders for Linux events (struct epoll_event format, shared by the epoll,
 * poll(2) and io_uring backends; mio src/sys/unix/selector/epoll.rs `event`).
 * The mapping is API.md §5's table, column epoll. */
#include <stdbool.h>

#include "mio/core/event.h"
#include "mio/core/format_internal.h"
#include "mio/sys/event_repr.h"

static uint32_t event__bits(const mio_event *e) {
  return e != NULL ? e->raw.events : 0;
}

mio_token mio_event_token(const mio_event *e) {
  return e != NULL ? (mio_token)e->raw.data.u64 : 0;
}

bool mio_event_is_readable(const mio_event *e) {
  return (event__bits(e) & (EPOLLIN | EPOLLPRI)) != 0;
}

bool mio_event_is_writable(const mio_event *e) {
  return (event__bits(e) & EPOLLOUT) != 0;
}

bool mio_event_is_error(const mio_event *e) {
  return (event__bits(e) & EPOLLERR) != 0;
}

/* EPOLLRDHUP alone is not enough: without EPOLLIN it may be stale (mio). */
bool mio_event_is_read_closed(const mio_event *e) {
  uint32_t b = event__bits(e);
  return (b & EPOLLHUP) != 0 || ((b & EPOLLIN) != 0 && (b & EPOLLRDHUP) != 0);
}

/* The write side is closed on HUP, on an error while writable, or when the
 * only flag is ERR (a failed connect reports exactly that on Linux). */
bool mio_event_is_write_closed(const mio_event *e) {
  uint32_t b = event__bits(e);
  return (b & EPOLLHUP) != 0 || ((b & EPOLLOUT) != 0 && (b & EPOLLERR) != 0) ||
         b == EPOLLERR;
}

bool mio_event_is_priority(const mio_event *e) {
  return (event__bits(e) & EPOLLPRI) != 0;
}

bool mio_event_is_aio(const mio_event *e) {
  (void)e;
  return false;
}

bool mio_event_is_lio(const mio_event *e) {
  (void)e;
  return false;
}

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
  uint32_t bits = e->raw.events;
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
  mio_fmt_u64(&f, e->raw.data.u64);
  mio_fmt_str(&f, " }");
  return f.total;
}
