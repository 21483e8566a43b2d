/* mio-c Poll: waits for readiness events on registered sources (mio::Poll).
 *
 * Readiness is edge-triggered: an event means "readiness may have changed".
 * After an event, perform the operation until it returns -MIO_EAGAIN (read
 * until -MIO_EAGAIN or 0, write until -MIO_EAGAIN or done, accept until
 * -MIO_EAGAIN); until then no further event is guaranteed. Spurious events
 * happen: -MIO_EAGAIN after an event is not an error.
 *
 * Threads: mio_poll_poll runs on one thread at a time per Poll, concurrently
 * with registry calls, waker calls and I/O on sources from other threads.
 * mio_poll_free is exclusive. A Poll may be created on one thread and used on
 * another. */
#ifndef MIO_CORE_POLL_H_
#define MIO_CORE_POLL_H_

#include <stdbool.h>
#include <stdint.h>

#include "mio/core/events.h"
#include "mio/core/platform.h"
#include "mio/core/registry.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_poll mio_poll;

/* Block until an event arrives (or a signal interrupts). */
#define MIO_TIMEOUT_INFINITE ((int64_t)-1)

/* Creates a Poll over this build's backend (epoll on Linux; see
 * mio_poll_backend). The selector descriptor is close-on-exec.
 * Errors: -MIO_EINVAL (NULL out), -MIO_ENOMEM, OS codes (-MIO_EMFILE, ...).
 * On failure *out is NULL. */
MIO_EXTERN int mio_poll_new(mio_poll **out);

/* Releases the Poll. Registered sources are not deregistered and may stop
 * producing events. The selector lives on while a registry clone, the waker
 * or a registered built-in source still references it; calls on those stay
 * memory-safe. NULL is a no-op. Exclusive. */
MIO_EXTERN void mio_poll_free(mio_poll *poll);

/* The Poll's own registry: borrowed, lives as long as `poll`, never freed by
 * the caller (mio_registry_free on it is a no-op). NULL for NULL. */
MIO_EXTERN const mio_registry *mio_poll_registry(const mio_poll *poll);

/* Clears `events`, then waits until at least one event is available, the
 * timeout elapses, or an error occurs.
 *
 * timeout_ns: MIO_TIMEOUT_INFINITE waits indefinitely; 0 makes the
 * non-blocking system call; > 0 is rounded up to the backend's granularity
 * (ns with epoll_pwait2, else ms). Returns 0 on success, also on timeout with
 * mio_events_len(events) == 0; never returns 0 with no events before the
 * timeout has elapsed (internal wake-ups are absorbed by waiting again).
 * At most mio_events_capacity(events) events are stored; the rest stay queued.
 *
 * Errors (events empty): -MIO_EINVAL (NULL poll/events, timeout_ns < -1),
 * -MIO_EINTR (a signal arrived; not retried, as mio; also on the opt-in
 * io_uring backend and its epoll fallback), other OS codes. */
MIO_EXTERN int mio_poll_poll(mio_poll *poll, mio_events *events,
                             int64_t timeout_ns);

/* The backend this Poll runs on; MIO_BACKEND_NONE for NULL. */
MIO_EXTERN mio_backend mio_poll_backend(const mio_poll *poll);

/* Whether, on this Poll, a short read or write ends a drain (issue 15; see
 * docs/readiness-model.md). Concerns STREAM SOCKETS only (mio_tcp_stream,
 * mio_unix_stream) registered with this Poll:
 * - read: a call that returns n with 0 < n < the length asked for;
 * - write: a call that returns n with 0 <= n < the length offered.
 *
 * Contract when true: after such a read, every byte (and the end of stream)
 * that arrives produces a new readable event for the source (if registered
 * READABLE); after such a write, a writable event follows once the send
 * buffer has room again (if registered WRITABLE) - exactly as after
 * -MIO_EAGAIN. So an event loop may stop there instead of calling again to
 * see -MIO_EAGAIN, saving one system call per wake-up. True where the
 * notification fires on every arrival and every freeing of send space:
 * epoll (EPOLLET), io_uring (multishot poll), kqueue (EV_CLEAR). False on
 * poll(2) and IOCP, which re-arm a source only on -MIO_EAGAIN: there, read
 * and write until -MIO_EAGAIN. Never covers a read that filled the buffer
 * (more may be waiting), datagram sockets, listeners (accept), pipes, or
 * vectored calls; a TCP read may stop short at urgent (MSG_OOB) data, so an
 * application that receives urgent data reads until -MIO_EAGAIN.
 *
 * false for NULL. Thread-safe; constant for the life of the Poll. */
MIO_EXTERN bool mio_poll_short_io_ends_drain(const mio_poll *poll);

#ifndef _WIN32
/* The selector descriptor (epoll fd), e.g. to nest Polls. -MIO_ENOTSUP on the
 * poll(2) backend, -MIO_EINVAL for NULL. Thread-safe. */
MIO_EXTERN int mio_poll_as_raw_fd(const mio_poll *poll);
#endif

MIO_EXTERN_C_END

#endif /* MIO_CORE_POLL_H_ */
