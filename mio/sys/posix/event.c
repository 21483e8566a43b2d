/* Decoders for portable POSIX events (poll(2) revents; mio
 * src/sys/unix/selector/poll.rs `event`). The mapping is API.md §5's table,
 * column poll(2). */
#include <stdbool.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/format_internal.h"
#include "mio/sys/event_repr.h"

static uint32_t event__bits(const mio_event *e) {
  return e != NULL ? e->revents : 0u;
}

mio_token mio_event_token(const mio_event *e) {
  return e != NULL ? (mio_token)e->token : 0;
}

bool mio_event_is_readable(const mio_event *e) {
  return (event__bits(e) & (POLLIN | POLLPRI)) != 0;
}

bool mio_event_is_writable(const mio_event *e) {
  return (event__bits(e) & POLLOUT) != 0;
}

bool mio_event_is_error(const mio_event *e) {
  return (event__bits(e) & POLLERR) != 0;
}

/* Both halves closed (HUP), or the peer shut down writing (RDHUP, where the
 * OS reports it). */
bool mio_event_is_read_closed(const mio_event *e) {
  return (event__bits(e) & (POLLHUP | MIO_SYS_POLLRDHUP)) != 0;
}

/* Both halves closed, a pipe's write end with an error, or ERR alone (the
 * read end of a pipe has closed). */
bool mio_event_is_write_closed(const mio_event *e) {
  uint32_t b = event__bits(e);
  return (b & POLLHUP) != 0 || ((b & POLLOUT) != 0 && (b & POLLERR) != 0) ||
         b == POLLERR;
}

bool mio_event_is_priority(const mio_event *e) {
  return (event__bits(e) & POLLPRI) != 0;
}

bool mio_event_is_aio(const mio_event *e) {
  (void)e;
  return false; /* not a poll(2) notion */
}

bool mio_event_is_lio(const mio_event *e) {
  (void)e;
  return false;
}

size_t mio_event_format_details(const mio_event *e, char *buf, size_t len) {
  static const struct {
    uint32_t bit;
    const char *name;
  } flags[] = {{POLLIN, "POLLIN"},         {POLLPRI, "POLLPRI"},
               {POLLOUT, "POLLOUT"},       {POLLRDNORM, "POLLRDNORM"},
               {POLLRDBAND, "POLLRDBAND"}, {POLLWRNORM, "POLLWRNORM"},
               {POLLWRBAND, "POLLWRBAND"}, {POLLERR, "POLLERR"},
               {POLLHUP, "POLLHUP"},       {POLLNVAL, "POLLNVAL"}};
  mio_fmt f = mio_fmt_begin(buf, len);
  if (e == NULL) return 0;
  bool first = true;
  mio_fmt_str(&f, "poll_event { token: ");
  mio_fmt_u64(&f, e->token);
  mio_fmt_str(&f, ", events: ");
  for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
    if ((e->revents & flags[k].bit) == 0) continue;
    if (!first) mio_fmt_str(&f, " | ");
    mio_fmt_str(&f, flags[k].name);
    first = false;
  }
  if (first) mio_fmt_str(&f, "(empty)");
  mio_fmt_str(&f, " }");
  return f.total;
}
