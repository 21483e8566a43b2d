/* The platform's event representation (internal): what a backend stores in
 * a mio_events buffer and the decoders of mio/core/event.h read.
 *
 * Each representation header defines `struct mio_event` (on Linux the public
 * event.h declares it, for the inline accessors), mio_sys_events_buf (the
 * events following the mio_events header) and mio_sys_event_set (store one
 * event: token + the backend's readiness bits). Backends of one platform
 * share its representation, so several can be linked into one binary:
 *  - Linux: struct epoll_event (epoll, poll(2), io_uring);
 *  - Windows: AFD poll bits (IOCP);
 *  - macOS, iOS and the BSDs: struct kevent (kqueue), except with
 *    --define=mio_backend=poll (MIO_SYS_EVENT_REPR_POLL, set by Bazel);
 *  - every other POSIX system, and Linux under --config=posix
 *    (MIO_PORTABLE_POSIX): poll(2) revents, mio's poll selector's Event. */
#ifndef MIO_SYS_EVENT_REPR_H_
#define MIO_SYS_EVENT_REPR_H_

#if defined(_WIN32)
#include "mio/sys/iocp/event_repr.h"
#elif defined(__linux__) && !defined(MIO_PORTABLE_POSIX)
#include "mio/sys/linux/event_repr.h"
#elif (defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
       defined(__OpenBSD__) || defined(__DragonFly__)) &&                   \
    !defined(MIO_SYS_EVENT_REPR_POLL)
#include "mio/sys/kqueue/event_repr.h"
#else
#include "mio/sys/posix/event_repr.h"
#endif

#endif /* MIO_SYS_EVENT_REPR_H_ */
