/* Decoders for Windows events (AFD poll bits; mio src/sys/windows/event.rs).
 * The mapping is API.md §5's table, column IOCP/AFD. */
#include <stdbool.h>

#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/format_internal.h"
#include "mio/sys/event_repr.h"

#define EVENT__READABLE                                                   \
  (MIO_AFD_POLL_RECEIVE | MIO_AFD_POLL_DISCONNECT | MIO_AFD_POLL_ACCEPT | \
   MIO_AFD_POLL_ABORT | MIO_AFD_POLL_CONNECT_FAIL)
#define EVENT__WRITABLE \
  (MIO_AFD_POLL_SEND | MIO_AFD_POLL_ABORT | MIO_AFD_POLL_CONNECT_FAIL)
#define EVENT__READ_CLOSED \
  (MIO_AFD_POLL_DISCONNECT | MIO_AFD_POLL_ABORT | MIO_AFD_POLL_CONNECT_FAIL)
#define EVENT__WRITE_CLOSED (MIO_AFD_POLL_ABORT | MIO_AFD_POLL_CONNECT_FAIL)

static bool event__any(const mio_event *e, uint32_t bits) {
  return e != NULL && (e->flags & bits) != 0;
}

mio_token mio_event_token(const mio_event *e) {
  return e != NULL ? (mio_token)e->token : 0;
}

bool mio_event_is_readable(const mio_event *e) {
  return event__any(e, EVENT__READABLE);
}

bool mio_event_is_writable(const mio_event *e) {
  return event__any(e, EVENT__WRITABLE);
}

bool mio_event_is_error(const mio_event *e) {
  return event__any(e, MIO_AFD_POLL_CONNECT_FAIL);
}

bool mio_event_is_read_closed(const mio_event *e) {
  return event__any(e, EVENT__READ_CLOSED);
}

bool mio_event_is_write_closed(const mio_event *e) {
  return event__any(e, EVENT__WRITE_CLOSED);
}

bool mio_event_is_priority(const mio_event *e) {
  return event__any(e, MIO_AFD_POLL_RECEIVE_EXPEDITED);
}

bool mio_event_is_aio(const mio_event *e) {
  (void)e;
  return false;
}

bool mio_event_is_lio(const mio_event *e) {
  (void)e;
  return false;
}

/* mio_events_len/get/iter: mio/sys/event_buffer.c. */

size_t mio_event_format_details(const mio_event *e, char *buf, size_t len) {
  static const struct {
    uint32_t bit;
    const char *name;
  } flags[] = {{MIO_AFD_POLL_RECEIVE, "AFD_POLL_RECEIVE"},
               {MIO_AFD_POLL_RECEIVE_EXPEDITED, "AFD_POLL_RECEIVE_EXPEDITED"},
               {MIO_AFD_POLL_SEND, "AFD_POLL_SEND"},
               {MIO_AFD_POLL_DISCONNECT, "AFD_POLL_DISCONNECT"},
               {MIO_AFD_POLL_ABORT, "AFD_POLL_ABORT"},
               {MIO_AFD_POLL_LOCAL_CLOSE, "AFD_POLL_LOCAL_CLOSE"},
               {MIO_AFD_POLL_CONNECT, "AFD_POLL_CONNECT"},
               {MIO_AFD_POLL_ACCEPT, "AFD_POLL_ACCEPT"},
               {MIO_AFD_POLL_CONNECT_FAIL, "AFD_POLL_CONNECT_FAIL"}};
  mio_fmt f = mio_fmt_begin(buf, len);
  if (e == NULL) return 0;
  bool first = true;
  mio_fmt_str(&f, "event { flags: ");
  for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
    if ((e->flags & flags[k].bit) == 0) continue;
    if (!first) mio_fmt_str(&f, " | ");
    mio_fmt_str(&f, flags[k].name);
    first = false;
  }
  if (first) mio_fmt_str(&f, "(empty)");
  mio_fmt_str(&f, ", data: ");
  mio_fmt_u64(&f, e->token);
  mio_fmt_str(&f, " }");
  return f.total;
}
