/* fd waker over eventfd(2) (mio sys/unix/waker/eventfd.rs).
 *
 * One descriptor both ways. Every write(2) to an eventfd wakes epoll waiters,
 * also under EPOLLET, so the counter never needs draining for epoll; it is
 * only reset when it would overflow (write fails with EAGAIN at 2^64-2). */
#include "mio/sys/fd_waker.h"

#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

int mio_sys_fd_waker_open(mio_sys_fd_waker *w) {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return -errno;
  w->read_fd = fd;
  w->write_fd = fd;
  return 0;
}

int mio_sys_fd_waker_wake(const mio_sys_fd_waker *w) {
  uint64_t one = 1;
  for (;;) {
    if (write(w->write_fd, &one, sizeof one) >= 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return -errno;
    /* Counter saturated: reset it and write again (mio does the same). */
    mio_sys_fd_waker_drain(w);
  }
}

void mio_sys_fd_waker_drain(const mio_sys_fd_waker *w) {
  uint64_t count;
  while (read(w->read_fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
}

void mio_sys_fd_waker_close(mio_sys_fd_waker *w) {
  if (w->read_fd >= 0) close(w->read_fd);
  w->read_fd = -1;
  w->write_fd = -1;
}
