/* The fd-waker interface on Windows (internal): never used, because the IOCP
 * backend has a built-in waker (PostQueuedCompletionStatus, waker_* ops) and
 * the core only opens an fd waker for backends without one. Linked so the
 * core stays free of platform conditionals. */
#include "mio/core/error.h"
#include "mio/sys/fd_waker.h"

int mio_sys_fd_waker_open(mio_sys_fd_waker *w) {
  (void)w;
  return -MIO_ENOTSUP;
}

int mio_sys_fd_waker_wake(const mio_sys_fd_waker *w) {
  (void)w;
  return -MIO_ENOTSUP;
}

void mio_sys_fd_waker_drain(const mio_sys_fd_waker *w) { (void)w; }

void mio_sys_fd_waker_close(mio_sys_fd_waker *w) { (void)w; }
