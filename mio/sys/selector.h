/* The backend seam: one `const mio_sys_ops` per selector (internal).
 *
 * Every backend file (mio/sys/<backend>/<backend>.c) defines its private state
 * struct and exports exactly one table, `mio_sys_<backend>_ops`. The core
 * (mio/core/poll.c) reaches the OS only through it, so several backends can
 * be linked into one binary (tests, the differential fuzzer), and the
 * build's default is picked by linking one mio/sys/<backend>/default.c
 * (//mio/sys:backend).
 *
 * Contract every backend keeps (testing/backend/ runs it against every
 * backend compiled for the platform, through mio_poll_new_with_ops; a
 * backend that departs from it says so in its file comment):
 *  - create: makes the kernel selector close-on-exec; never leaks on failure.
 *    -ENOSYS means "this kernel cannot run this backend" (io_uring refused by
 *    the kernel or seccomp): the core then silently uses `fallback` (libxev's
 *    candidates list), so mio_poll_backend tells which one runs.
 *  - select: waits up to timeout_ns (-1 infinite, 0 non-blocking, > 0 rounded
 *    UP to its granularity and clamped to its maximum single wait:
 *    mio/sys/timeout.h) and stores at most ev->cap events in kernel order,
 *    setting ev->len, and returns that count (so the core tests a register, not
 * the buffer), or -errno (ev->len is then 0). It may return 0 before the
 * timeout (an internal wake-up, a clamp): the core waits again for the
 * remainder. Events use the platform's event representation
 * (mio/sys/event_repr.h), so the core never decodes flags; poll-bit backends
 * build masks with mio/sys/poll_mask.h. -EINTR is returned, not retried.
 *  - register_fd / reregister_fd / deregister_fd: edge-triggered semantics of
 *    API.md §6; -EEXIST for a registered fd, -ENOENT for an unknown one. A
 *    registration from another thread while select blocks takes effect for
 *    that select (or makes it return early with no events, see above).
 *  - rearm_fd: NULL when readiness never needs re-arming (epoll); otherwise
 *    re-enables delivery of `interest` after an operation hit would-block.
 *  - release_on_close: true when closing a registered descriptor would leave
 *    stale selector state (poll(2)); the core then calls deregister_fd before
 *    close/into_raw_fd. false for epoll, where the kernel drops it.
 *  - raw_fd: the selector descriptor, or -ENOTSUP.
 *  - waker_*: NULL when the core's fd waker (eventfd, or pipe) registered
 *    READABLE through register_fd does the job (epoll); the poll(2) selector
 *    builds the waker into its own notifier, as mio does.
 * Thread safety: everything but create/destroy may run concurrently with
 * select; destroy runs when the last reference is gone. */
#ifndef MIO_SYS_SELECTOR_H_
#define MIO_SYS_SELECTOR_H_

#include <stdbool.h>
#include <stdint.h>

#include "mio/core/interest.h"
#include "mio/core/platform.h"
#include "mio/core/token.h"
#include "mio/sys/event_repr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mio_sys_selector mio_sys_selector; /* private to each backend */

typedef struct mio_sys_ops {
  const char *name;
  mio_backend backend;
  bool release_on_close;
  const struct mio_sys_ops *fallback; /* used when create says -ENOSYS */
  int (*create)(mio_sys_selector **out);
  void (*destroy)(mio_sys_selector *s);
  int (*select)(mio_sys_selector *s, struct mio_events *ev, int64_t timeout_ns);
  int (*register_fd)(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                     mio_interest interest);
  int (*reregister_fd)(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                       mio_interest interest);
  int (*deregister_fd)(mio_sys_selector *s, mio_raw_fd fd);
  int (*rearm_fd)(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                  mio_interest interest);
  int (*raw_fd)(const mio_sys_selector *s);
  int (*waker_init)(mio_sys_selector *s, mio_token token);
  int (*waker_wake)(mio_sys_selector *s);
  void (*waker_fini)(mio_sys_selector *s);
} mio_sys_ops;

extern const mio_sys_ops mio_sys_epoll_ops;
extern const mio_sys_ops mio_sys_poll_ops;
extern const mio_sys_ops mio_sys_io_uring_ops;
extern const mio_sys_ops mio_sys_iocp_ops;
extern const mio_sys_ops mio_sys_kqueue_ops;

/* Each table's select, by name (for mio_sys_default_select). */
int mio_sys_epoll_select(mio_sys_selector *s, struct mio_events *ev,
                         int64_t timeout_ns);
/* epoll's mio_sys_default_poll: mio_sys_epoll_select returning 0 for >= 0. */
int mio_sys_epoll_poll(mio_sys_selector *s, struct mio_events *ev,
                       int64_t timeout_ns);
int mio_sys_poll_select(mio_sys_selector *s, struct mio_events *ev,
                        int64_t timeout_ns);
int mio_sys_io_uring_select(mio_sys_selector *s, struct mio_events *ev,
                            int64_t timeout_ns);
int mio_sys_iocp_select(mio_sys_selector *s, struct mio_events *ev,
                        int64_t timeout_ns);
int mio_sys_kqueue_select(mio_sys_selector *s, struct mio_events *ev,
                          int64_t timeout_ns);

/* The table chosen by the build (--define=mio_backend=...). */
const mio_sys_ops *mio_sys_default_ops(void);
/* mio_sys_default_ops()->select, by name: the core calls it directly for a
 * Poll on the default backend, so that link-time optimisation (--config=bench)
 * can inline the backend's hot path into mio_poll_poll. */
int mio_sys_default_select(mio_sys_selector *s, struct mio_events *ev,
                           int64_t timeout_ns);
/* The whole of mio_poll_poll after its argument checks, for a default
 * backend whose select returns 0 only once the timeout elapsed (epoll; see
 * poll__zero_means_elapsed in mio/core/poll.c): one select, then 0 (events
 * stored, or none because the timeout elapsed) or -errno. The core
 * tail-calls it, so a poll is one call deep without LTO (issue 15). Every
 * default.c defines it; only epoll's is ever called. */
int mio_sys_default_poll(mio_sys_selector *s, struct mio_events *ev,
                         int64_t timeout_ns);

#ifdef __cplusplus
}
#endif

#endif /* MIO_SYS_SELECTOR_H_ */
