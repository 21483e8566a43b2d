/* Apple descriptor creation (mio/sys/unix/sock_os.h): Apple has no
 * SOCK_NONBLOCK, SOCK_CLOEXEC, accept4 or pipe2, so descriptors take the
 * fcntl path of fd_flags.h (as sock_posix.c), and every socket also gets
 * SO_NOSIGPIPE, mio's way on Apple (src/sys/unix/net.rs `new_socket`): a
 * send to a closed peer then fails with EPIPE instead of raising SIGPIPE,
 * whatever flags the send passes. Pipes cannot have it: a write to a pipe
 * whose reader is gone raises SIGPIPE as on every POSIX system. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mio/sys/unix/fd_flags.h"
#include "mio/sys/unix/sock_os.h"

/* XNU clamps a negative backlog to kern.ipc.somaxconn. */
const int mio_sys_os_max_backlog = -1;
const bool mio_sys_os_has_abstract_unix_names = false;

/* Sets SO_NOSIGPIPE on `fd` (a descriptor or -errno from fd_flags.h):
 * returns it, or -errno with fd closed. */
static int sock__no_sigpipe(int fd) {
  if (fd < 0) return fd;
  int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) == 0) {
    return fd;
  }
  int err = -errno;
  close(fd);
  return err;
}

int mio_sys_os_socket(int domain, int type) {
  return sock__no_sigpipe(mio_sys_fd_adopt(socket(domain, type, 0)));
}

/* An accepted socket inherits SO_NOSIGPIPE from the listener on XNU; set it
 * anyway, so the rule does not depend on how the listener was made. */
int mio_sys_os_accept(int fd, struct sockaddr *addr, socklen_t *len) {
  return sock__no_sigpipe(mio_sys_fd_adopt(accept(fd, addr, len)));
}

int mio_sys_os_socketpair(int type, int fds[2]) {
  int r = mio_sys_fd_adopt_pair(socketpair(AF_UNIX, type, 0, fds), fds);
  if (r != 0) return r;
  int fd1 = fds[1];
  r = sock__no_sigpipe(fds[0]);
  if (r < 0) {
    close(fd1);
    return r;
  }
  r = sock__no_sigpipe(fd1);
  if (r < 0) {
    close(fds[0]);
    return r;
  }
  return 0;
}

int mio_sys_os_pipe(int fds[2]) {
  return mio_sys_fd_adopt_pair(pipe(fds), fds);
}

int mio_sys_os_set_nonblocking(int fd, bool on) {
  return mio_sys_fd_set_nonblocking(fd, on);
}
