/* Event buffers (mio src/events.rs). The buffer is one allocation: the
 * mio_events header, then `cap` events in the platform representation, which
 * backends fill directly. */
#include <stdlib.h>

#include "mio/core/error.h"
#include "mio/core/events.h"
#include "mio/core/format_internal.h"
#include "mio/sys/event_repr.h"

int mio_events_new(mio_events **out, size_t capacity) {
  if (out == NULL) return -MIO_EINVAL;
  *out = NULL;
  if (capacity == 0 || capacity > MIO_EVENTS_CAPACITY_MAX) return -MIO_EINVAL;
  mio_events *ev = malloc(sizeof(mio_events) + capacity * sizeof(mio_event));
  if (ev == NULL) return -MIO_ENOMEM;
  ev->mio_private_len = 0;
  ev->mio_private_cap = capacity;
  *out = ev;
  return 0;
}

void mio_events_free(mio_events *ev) { free(ev); }

size_t mio_events_capacity(const mio_events *ev) {
  return ev != NULL ? ev->mio_private_cap : 0;
}

/* mio_events_len and mio_events_get index the platform's events, so they
 * live with its event representation (mio/sys/<platform>/event.c). */

bool mio_events_is_empty(const mio_events *ev) {
  return ev != NULL && ev->mio_private_len == 0;
}

void mio_events_clear(mio_events *ev) {
  if (ev != NULL) ev->mio_private_len = 0;
}

size_t mio_events_format(const mio_events *ev, char *buf, size_t len) {
  mio_fmt f = mio_fmt_begin(buf, len);
  mio_fmt_char(&f, '[');
  for (size_t i = 0; ev != NULL && i < ev->mio_private_len; i++) {
    if (i > 0) mio_fmt_str(&f, ", ");
    /* Format into the remaining space, then account for the full length. */
    size_t room = f.len > f.total ? f.len - f.total : 0;
    char *at = room > 0 ? f.buf + f.total : NULL;
    f.total += mio_event_format(mio_events_get(ev, i), at, room);
  }
  mio_fmt_char(&f, ']');
  return f.total;
}

/* Rust's `{:?}` of an Event: the same text on every platform, built from the
 * per-platform accessors (mio/sys/<os>/event.c). */
static void event__bool_field(mio_fmt *f, const char *name, bool v) {
  mio_fmt_str(f, name);
  mio_fmt_str(f, v ? "true" : "false");
}

size_t mio_event_format(const mio_event *e, char *buf, size_t len) {
  mio_fmt f = mio_fmt_begin(buf, len);
  if (e == NULL) return 0;
  mio_fmt_str(&f, "Event { token: Token(");
  mio_fmt_u64(&f, (uint64_t)mio_event_token(e));
  mio_fmt_str(&f, ")");
  event__bool_field(&f, ", readable: ", mio_event_is_readable(e));
  event__bool_field(&f, ", writable: ", mio_event_is_writable(e));
  event__bool_field(&f, ", error: ", mio_event_is_error(e));
  event__bool_field(&f, ", read_closed: ", mio_event_is_read_closed(e));
  event__bool_field(&f, ", write_closed: ", mio_event_is_write_closed(e));
  event__bool_field(&f, ", priority: ", mio_event_is_priority(e));
  event__bool_field(&f, ", aio: ", mio_event_is_aio(e));
  event__bool_field(&f, ", lio: ", mio_event_is_lio(e));
  mio_fmt_str(&f, " }");
  return f.total;
}
