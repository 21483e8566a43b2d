// Linux's atomic close-on-exec/non-blocking calls for the tests and fuzz
// models on POSIX systems without them (macOS): SOCK_NONBLOCK/SOCK_CLOEXEC
// on socket/socketpair, accept4 and pipe2, emulated with fcntl right after
// the call. Nothing here on Linux and the BSDs, which have them all.
//
// The emulation is not atomic (a fork in between may inherit the fd); no test
// forks while another thread creates descriptors. The macros replace only
// calls (`socket(`), never types; <sys/socket.h> is included first, so a
// later include of it declares nothing through them.
#ifndef TESTING_UTIL_POSIX_COMPAT_H_
#define TESTING_UTIL_POSIX_COMPAT_H_

#if defined(__APPLE__)
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

// Bits no socket type uses; stripped before the real call.
#define SOCK_NONBLOCK 0x20000000
#define SOCK_CLOEXEC 0x10000000

// Applies O_NONBLOCK / FD_CLOEXEC as asked; closes fd and returns -1 on error.
static inline int mio_compat_set_flags(int fd, bool nonblocking, bool cloexec) {
  if (fd < 0) return fd;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || (nonblocking && fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) ||
      (cloexec && fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

static inline int mio_compat_socket(int domain, int type, int protocol) {
  int fd = (socket)(domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), protocol);
  return mio_compat_set_flags(fd, type & SOCK_NONBLOCK, type & SOCK_CLOEXEC);
}

static inline int mio_compat_socketpair(int domain, int type, int protocol,
                                        int sv[2]) {
  int rc = (socketpair)(domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC),
                        protocol, sv);
  if (rc != 0) return rc;
  bool nb = type & SOCK_NONBLOCK, ce = type & SOCK_CLOEXEC;
  if (mio_compat_set_flags(sv[0], nb, ce) < 0) {
    close(sv[1]);
    return -1;
  }
  if (mio_compat_set_flags(sv[1], nb, ce) < 0) {
    close(sv[0]);
    return -1;
  }
  return 0;
}

static inline int mio_compat_accept4(int fd, struct sockaddr *addr,
                                     socklen_t *len, int flags) {
  return mio_compat_set_flags((accept)(fd, addr, len), flags & SOCK_NONBLOCK,
                              flags & SOCK_CLOEXEC);
}

static inline int pipe2(int fds[2], int flags) {
  if (pipe(fds) != 0) return -1;
  bool nb = flags & O_NONBLOCK, ce = flags & O_CLOEXEC;
  if (mio_compat_set_flags(fds[0], nb, ce) < 0) {
    close(fds[1]);
    return -1;
  }
  if (mio_compat_set_flags(fds[1], nb, ce) < 0) {
    close(fds[0]);
    return -1;
  }
  return 0;
}

#define socket(d, t, p) mio_compat_socket(d, t, p)
#define socketpair(d, t, p, sv) mio_compat_socketpair(d, t, p, sv)
#define accept4(fd, a, l, f) mio_compat_accept4(fd, a, l, f)
#endif  // __APPLE__

#endif  // TESTING_UTIL_POSIX_COMPAT_H_
