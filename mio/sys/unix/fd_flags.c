/* The fcntl half of POSIX descriptor creation (mio/sys/unix/fd_flags.h). */
#include "mio/sys/unix/fd_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* Closes `fd` keeping the caller's error (close may clobber errno). */
static int fd__close_with(int fd, int err) {
  close(fd);
  return err;
}

int mio_sys_fd_set_nonblocking(int fd, bool on) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return -errno;
  int want = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
  if (want != fl && fcntl(fd, F_SETFL, want) != 0) return -errno;
  return 0;
}

int mio_sys_fd_set_flags(int fd) {
  int r = mio_sys_fd_set_nonblocking(fd, true);
  if (r != 0) return r;
  return fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 ? 0 : -errno;
}

int mio_sys_fd_adopt(int fd) {
  if (fd < 0) return -errno;
  int r = mio_sys_fd_set_flags(fd);
  return r == 0 ? fd : fd__close_with(fd, r);
}

int mio_sys_fd_adopt_pair(int rc, int fds[2]) {
  if (rc != 0) return -errno;
  int r = mio_sys_fd_set_flags(fds[0]);
  if (r == 0) r = mio_sys_fd_set_flags(fds[1]);
  if (r == 0) return 0;
  close(fds[0]);
  return fd__close_with(fds[1], r);
}
