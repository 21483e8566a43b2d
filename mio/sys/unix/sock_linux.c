/* Linux descriptor creation (mio/sys/unix/sock_os.h): the flags go into the
 * creating call itself, so no fork+exec of another thread can inherit a
 * descriptor between creation and fcntl (mio src/sys/unix/net.rs). */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mio/sys/unix/sock_os.h"

#define SOCK__FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

const int mio_sys_os_max_backlog = -1;
const bool mio_sys_os_has_abstract_unix_names = true;

int mio_sys_os_socket(int domain, int type) {
  int fd = socket(domain, type | SOCK__FLAGS, 0);
  return fd >= 0 ? fd : -errno;
}

int mio_sys_os_accept(int fd, struct sockaddr *addr, socklen_t *len) {
  int c = accept4(fd, addr, len, SOCK__FLAGS);
  return c >= 0 ? c : -errno;
}

int mio_sys_os_socketpair(int type, int fds[2]) {
  return socketpair(AF_UNIX, type | SOCK__FLAGS, 0, fds) == 0 ? 0 : -errno;
}

int mio_sys_os_pipe(int fds[2]) {
  return pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0 ? 0 : -errno;
}

/* FIONBIO: one system call where fcntl needs F_GETFL + F_SETFL (as mio). */
int mio_sys_os_set_nonblocking(int fd, bool on) {
  int v = on ? 1 : 0;
  return ioctl(fd, FIONBIO, &v) == 0 ? 0 : -errno;
}
