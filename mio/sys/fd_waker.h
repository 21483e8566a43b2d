/* A descriptor that can be made readable from any thread (internal).
 *
 * Two implementations share this interface: waker_eventfd.c (Linux default;
 * read_fd == write_fd) and waker_pipe.c (--define=mio_force_waker_pipe=1 and
 * non-Linux POSIX). The core registers read_fd READABLE with edge-triggered
 * backends to build mio_waker; the poll(2) selector uses one as its notifier.
 */
#ifndef MIO_SYS_FD_WAKER_H_
#define MIO_SYS_FD_WAKER_H_

typedef struct mio_sys_fd_waker {
  int read_fd;
  int write_fd;
} mio_sys_fd_waker;

/* Creates the descriptor(s), non-blocking and close-on-exec. 0 or -errno;
 * on failure nothing is left open. */
int mio_sys_fd_waker_open(mio_sys_fd_waker *w);
/* Makes read_fd readable. Thread-safe. 0 or -errno. */
int mio_sys_fd_waker_wake(const mio_sys_fd_waker *w);
/* Consumes pending wake-ups so read_fd is no longer readable. */
void mio_sys_fd_waker_drain(const mio_sys_fd_waker *w);
void mio_sys_fd_waker_close(mio_sys_fd_waker *w);

#endif /* MIO_SYS_FD_WAKER_H_ */
