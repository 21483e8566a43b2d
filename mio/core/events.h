/* mio-c event buffers (mio::Events).
 *
 * A mio_events is allocated once with a fixed capacity and refilled by every
 * mio_poll_poll; polling never allocates. It is independent of any Poll.
 *
 * Threads: mio_poll_poll into it, _clear and _free are exclusive; the read-only
 * functions (and mio_event_* on its events) may run concurrently from any
 * threads while nothing mutates it. */
#ifndef MIO_CORE_EVENTS_H_
#define MIO_CORE_EVENTS_H_

#include <stdbool.h>
#include <stddef.h>

#include "mio/core/event.h"
#include "mio/core/platform.h"

MIO_EXTERN_C_BEGIN

/* Read only through the functions below. Where the event layout is public
 * (MIO_EVENT_INLINE, see event.h) the header is visible so that _len and _get
 * inline; its fields are private. The buffer is one allocation: this header,
 * then `cap` events. */
typedef struct mio_events {
  size_t mio_private_len; /* <= mio_private_cap */
  size_t mio_private_cap;
} mio_events;

#define MIO_EVENTS_CAPACITY_MAX ((size_t)1 << 20)

/* Allocates a buffer for up to `capacity` events.
 * Errors: -MIO_EINVAL (NULL out, capacity 0 or > MIO_EVENTS_CAPACITY_MAX; *out
 * is set to NULL when out is not NULL), -MIO_ENOMEM. */
MIO_EXTERN int mio_events_new(mio_events **out, size_t capacity);
/* Releases the buffer; NULL is a no-op. */
MIO_EXTERN void mio_events_free(mio_events *ev);
/* Capacity given to mio_events_new; 0 for NULL. */
MIO_EXTERN size_t mio_events_capacity(const mio_events *ev);
/* Number of events stored by the last poll (<= capacity); 0 for NULL. */
MIO_EXTERN MIO_EVENT_INLINE size_t mio_events_len(const mio_events *ev);
/* true iff no event is stored; false for NULL. */
MIO_EXTERN bool mio_events_is_empty(const mio_events *ev);
/* Drops the stored events. NULL is a no-op. */
MIO_EXTERN void mio_events_clear(mio_events *ev);
/* Event `i` in backend order, or NULL if i >= len (or ev is NULL). The pointer
 * stays valid until the next poll into, clear or free of `ev`. */
MIO_EXTERN MIO_EVENT_INLINE const mio_event *mio_events_get(
    const mio_events *ev, size_t i);
/* "[" + each mio_event_format joined by ", " + "]". snprintf contract. */
MIO_EXTERN size_t mio_events_format(const mio_events *ev, char *buf,
                                    size_t len);

#if defined(__linux__)
MIO_EVENT_INLINE size_t mio_events_len(const mio_events *ev) {
  return ev != NULL ? ev->mio_private_len : 0;
}

MIO_EVENT_INLINE const mio_event *mio_events_get(const mio_events *ev,
                                                 size_t i) {
  if (ev == NULL || i >= ev->mio_private_len) return NULL;
  return (const mio_event *)(const void *)(ev + 1) + i;
}
#endif

MIO_EXTERN_C_END

#endif /* MIO_CORE_EVENTS_H_ */
