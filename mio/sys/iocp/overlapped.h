/* Non-socket completions on the IOCP selector (internal; mio's
 * `Overlapped` with its per-operation callback, src/sys/windows/mod.rs).
 *
 * A source that does its own overlapped I/O (the named pipe, API.md §12.3)
 * associates its handle with the Poll's port under MIO_IOCP_KEY_OVERLAPPED
 * and starts each operation with the OVERLAPPED embedded first in a
 * mio_iocp_overlapped. When select() dequeues a completion carrying that key
 * it calls the operation's callback (with the selector lock held), which may
 * turn it into at most one event. AFD polls use key 0 and the waker posts no
 * OVERLAPPED, which is how select() tells the three apart.
 *
 * Every completion the source causes (an operation that returned success or
 * ERROR_IO_PENDING, or a post) must be announced with mio_sys_iocp_started
 * or made through mio_sys_iocp_post: the selector counts them so that
 * destroying it first delivers the outstanding ones (API.md §12.3: a pipe's
 * state is freed once the Poll has processed its completions).
 *
 * Lock order: callbacks run under the selector lock and may take the
 * source's own lock; a source must never call into the selector's
 * registration functions while holding its lock (the functions below take
 * no selector lock). */
#ifndef MIO_SYS_IOCP_OVERLAPPED_H_
#define MIO_SYS_IOCP_OVERLAPPED_H_

/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <stdbool.h>
#include <stdint.h>
#include <windows.h>

#include "mio/sys/event_repr.h"
#include "mio/sys/selector.h"

/* Completion keys on a Poll's port. */
#define MIO_IOCP_KEY_AFD ((ULONG_PTR)0)
#define MIO_IOCP_KEY_OVERLAPPED ((ULONG_PTR)1)

typedef struct mio_iocp_overlapped mio_iocp_overlapped;

/* Handles the completion `entry` of the operation `ov`. Fills *out and
 * returns true to report an event, else returns false. Runs on the thread
 * in select() (or in destroy, where the event is discarded). */
typedef bool (*mio_iocp_callback)(mio_iocp_overlapped *ov,
                                  const OVERLAPPED_ENTRY *entry,
                                  struct mio_event *out);

struct mio_iocp_overlapped {
  OVERLAPPED ov; /* first: the completion's lpOverlapped points here */
  mio_iocp_callback callback;
};

/* True when `ops` is the IOCP selector's table. */
bool mio_sys_iocp_is(const mio_sys_ops *ops);

/* Associates `handle` (opened with FILE_FLAG_OVERLAPPED) with the port of
 * `s` under MIO_IOCP_KEY_OVERLAPPED. Permanent: Windows has no way to undo
 * it. 0 or a mio code (-MIO_EINVAL when the handle already has a port). */
int mio_sys_iocp_associate(mio_sys_selector *s, HANDLE handle);

/* Announces `n` operations about to start on an associated handle whose
 * completions will be queued (call it before starting, so the completion
 * can never be dequeued first), or withdraws them with a negative `n` when
 * the start failed synchronously and queued nothing. Thread-safe. */
void mio_sys_iocp_expect(mio_sys_selector *s, int n);

/* Queues a completion for `ov` with `bytes` as its transferred count (the
 * callback reads it from the entry), counted like a started operation.
 * 0 or a mio code. Thread-safe. */
int mio_sys_iocp_post(mio_sys_selector *s, mio_iocp_overlapped *ov,
                      uint32_t bytes);

#endif /* MIO_SYS_IOCP_OVERLAPPED_H_ */
