/* Unix pipe: mio_sys_os_pipe plus thin wrappers over mio/sys/net.h (API.md
 * §12.1; mio src/sys/unix/pipe.rs). */
#include "mio/sys/pipe.h"

#include <unistd.h>

#include "mio/sys/net.h"
#include "mio/sys/unix/sock_os.h"

#define ST(p) MIO_IO_STATE_CONST(p)

int mio_pipe_new(mio_pipe_sender *tx, mio_pipe_receiver *rx) {
  if (tx != NULL) mio_io_state_clear(MIO_IO_STATE(tx));
  if (rx != NULL) mio_io_state_clear(MIO_IO_STATE(rx));
  if (tx == NULL || rx == NULL) return -MIO_EINVAL;
  int fds[2];
  int r = mio_sys_os_pipe(fds);
  if (r != 0) return r;
  mio_sys_state_adopt(MIO_IO_STATE(rx), fds[0]);
  return mio_sys_state_adopt(MIO_IO_STATE(tx), fds[1]);
}

static int pipe__set_nonblocking(const mio_io_state *st, bool on) {
  int r = mio_sys_check(st);
  return r != 0 ? r : mio_sys_os_set_nonblocking(st->fd, on);
}

int mio_pipe_sender_set_nonblocking(const mio_pipe_sender *s,
                                    bool nonblocking) {
  return pipe__set_nonblocking(ST(s), nonblocking);
}

ptrdiff_t mio_pipe_sender_write(const mio_pipe_sender *s, const void *buf,
                                size_t len) {
  return mio_sys_fd_write(ST(s), buf, len);
}

ptrdiff_t mio_pipe_sender_writev(const mio_pipe_sender *s, const mio_iovec *iov,
                                 int iovcnt) {
  return mio_sys_fd_writev(ST(s), iov, iovcnt);
}

int mio_pipe_receiver_set_nonblocking(const mio_pipe_receiver *r,
                                      bool nonblocking) {
  return pipe__set_nonblocking(ST(r), nonblocking);
}

ptrdiff_t mio_pipe_receiver_read(const mio_pipe_receiver *r, void *buf,
                                 size_t len) {
  return mio_sys_fd_read(ST(r), buf, len);
}

ptrdiff_t mio_pipe_receiver_readv(const mio_pipe_receiver *r,
                                  const mio_iovec *iov, int iovcnt) {
  return mio_sys_fd_readv(ST(r), iov, iovcnt);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_pipe_sender)
MIO_SYS_DEFINE_OWNERSHIP(mio_pipe_receiver)
