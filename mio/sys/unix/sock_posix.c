/* POSIX.1-2008 descriptor creation (mio/sys/unix/sock_os.h): create, then
 * fcntl (fd_flags.h). Between the two another thread's fork+exec may inherit
 * the descriptor; systems with atomic flags have their own file
 * (sock_linux.c), as in mio, which takes this path on the systems without
 * accept4/pipe2. */
#include <sys/socket.h>
#include <unistd.h>

#include "mio/sys/unix/fd_flags.h"
#include "mio/sys/unix/sock_os.h"

const int mio_sys_os_max_backlog = SOMAXCONN;
const bool mio_sys_os_has_abstract_unix_names = false;

int mio_sys_os_socket(int domain, int type) {
  return mio_sys_fd_adopt(socket(domain, type, 0));
}

int mio_sys_os_accept(int fd, struct sockaddr *addr, socklen_t *len) {
  return mio_sys_fd_adopt(accept(fd, addr, len));
}

int mio_sys_os_socketpair(int type, int fds[2]) {
  return mio_sys_fd_adopt_pair(socketpair(AF_UNIX, type, 0, fds), fds);
}

int mio_sys_os_pipe(int fds[2]) {
  return mio_sys_fd_adopt_pair(pipe(fds), fds);
}

int mio_sys_os_set_nonblocking(int fd, bool on) {
  return mio_sys_fd_set_nonblocking(fd, on);
}
