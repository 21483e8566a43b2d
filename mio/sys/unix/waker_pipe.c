/* fd waker over a pipe (mio sys/unix/waker/pipe.rs).
 *
 * wake writes one byte. Linux wakes EPOLLET waiters on every write to a polled
 * pipe, so the pipe is drained only when full (write fails with EAGAIN), or
 * by the poll(2) selector, which is level-triggered on its notifier. */
#include "mio/sys/fd_waker.h"

#include <errno.h>
#include <unistd.h>

#include "mio/sys/unix/sock_os.h"

int mio_sys_fd_waker_open(mio_sys_fd_waker *w) {
  int fds[2];
  int r = mio_sys_os_pipe(fds);
  if (r != 0) return r;
  w->read_fd = fds[0];
  w->write_fd = fds[1];
  return 0;
}

int mio_sys_fd_waker_wake(const mio_sys_fd_waker *w) {
  const unsigned char one = 1;
  for (;;) {
    if (write(w->write_fd, &one, 1) >= 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return -errno;
    /* Pipe full: the reader is far behind; empty it and write again. */
    mio_sys_fd_waker_drain(w);
  }
}

void mio_sys_fd_waker_drain(const mio_sys_fd_waker *w) {
  unsigned char buf[256];
  for (;;) {
    ssize_t n = read(w->read_fd, buf, sizeof buf);
    if (n == (ssize_t)sizeof buf) continue;
    if (n < 0 && errno == EINTR) continue;
    return;
  }
}

void mio_sys_fd_waker_close(mio_sys_fd_waker *w) {
  if (w->read_fd >= 0) close(w->read_fd);
  if (w->write_fd >= 0) close(w->write_fd);
  w->read_fd = -1;
  w->write_fd = -1;
}
