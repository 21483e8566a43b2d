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
/* Iteration without an index (an addition to mio, the C form of
 * Events::iter): the cursor walks the stored events in backend order, and
 * on Linux it is two pointers in the caller's registers, so a loop costs
 * what a loop over a raw epoll_event array costs (no per-event bounds check
 * against the buffer's length):
 *
 *   mio_events_iter it;
 *   mio_events_iter_init(&it, events);
 *   for (const mio_event *e; (e = mio_events_iter_next(&it)) != NULL;) ...
 *
 * The cursor is valid as long as pointers from mio_events_get are (until the
 * next poll into, clear or free of the buffer). Its fields are private. */
typedef struct mio_events_iter {
  const mio_event *mio_private_next;
  const mio_event *mio_private_end;
} mio_events_iter;

/* Points `it` at the first event stored in `ev`. A NULL `ev` gives a cursor
 * with nothing to visit; a NULL `it` is a no-op. */
MIO_EXTERN MIO_EVENT_INLINE void mio_events_iter_init(mio_events_iter *it,
                                                      const mio_events *ev);
/* The next event (never NULL while one is left), then NULL at the end and on
 * every later call; NULL for a NULL or zeroed cursor. */
MIO_EXTERN MIO_EVENT_INLINE const mio_event *mio_events_iter_next(
    mio_events_iter *it);

/* "[" + each mio_event_format joined by ", " + "]". snprintf contract. */
MIO_EXTERN size_t mio_events_format(const mio_events *ev, char *buf,
                                    size_t len);

#if defined(__linux__) && !defined(MIO_PORTABLE_POSIX)
#if defined(__GNUC__)
#define MIO_ASSUME_NONNULL__(p)               \
  do {                                        \
    if ((p) == NULL) __builtin_unreachable(); \
  } while (0)
#else
#define MIO_ASSUME_NONNULL__(p) ((void)0)
#endif

MIO_EVENT_INLINE size_t mio_events_len(const mio_events *ev) {
  return ev != NULL ? ev->mio_private_len : 0;
}

MIO_EVENT_INLINE const mio_event *mio_events_get(const mio_events *ev,
                                                 size_t i) {
  if (ev == NULL || i >= ev->mio_private_len) return NULL;
  return (const mio_event *)(const void *)(ev + 1) + i;
}

MIO_EVENT_INLINE void mio_events_iter_init(mio_events_iter *it,
                                           const mio_events *ev) {
  if (it == NULL) return;
  const mio_event *first =
      ev != NULL ? (const mio_event *)(const void *)(ev + 1) : NULL;
  it->mio_private_next = first;
  it->mio_private_end = ev != NULL ? first + ev->mio_private_len : NULL;
}

MIO_EVENT_INLINE const mio_event *mio_events_iter_next(mio_events_iter *it) {
  if (it == NULL || it->mio_private_next == it->mio_private_end) return NULL;
  const mio_event *e = it->mio_private_next++;
  /* Between the bounds e is a buffer element: tell the compiler, so that a
   * loop's `!= NULL` test and the accessors' NULL checks fold away. */
  MIO_ASSUME_NONNULL__(e);
  return e;
}
#undef MIO_ASSUME_NONNULL__
#endif

MIO_EXTERN_C_END

#endif /* MIO_CORE_EVENTS_H_ */
