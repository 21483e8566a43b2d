/* The POSIX part of mio/sys/net.h (internal; include mio/sys/net.h): system
 * headers, constants, the calls only Unix has (pipes, Unix-domain names) and
 * the single-buffer I/O calls, inline so each public wrapper
 * (mio_tcp_stream_read, ...) is one function between its caller and libc.
 *
 * Only POSIX.1-2008 names appear here; what an OS does better lives in its
 * mio/sys/unix/sock_<os>.c behind mio/sys/unix/sock_os.h. */
#ifndef MIO_SYS_UNIX_NET_OS_H_
#define MIO_SYS_UNIX_NET_OS_H_

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "mio/core/io_source_internal.h"
#include "mio/sys/net_common.h"

/* A new descriptor or a negative mio code. */
typedef int mio_sys_fd_or_err;

/* TCP listeners set SO_REUSEADDR on every non-Windows OS (API.md §11.2). */
#define MIO_SYS_LISTENER_REUSEADDR true

/* Sends never raise SIGPIPE: MSG_NOSIGNAL (POSIX.1-2008) where the headers
 * have it; Apple has no such flag and sets SO_NOSIGPIPE on every socket it
 * creates instead (its sock_os.h file). */
#ifdef MSG_NOSIGNAL
#define MIO_SYS_MSG_NOSIGNAL MSG_NOSIGNAL
#else
#define MIO_SYS_MSG_NOSIGNAL 0
#endif

/* Buffers a vectored call passes on (the rest are ignored, as Rust std's
 * max_iov). IOV_MAX is an XSI limit that strictly POSIX headers may omit;
 * then sysconf(_SC_IOV_MAX) says, read once. */
int mio_sys_iov_max(void);
#ifdef IOV_MAX
#define MIO_SYS_IOV_MAX IOV_MAX
#else
#define MIO_SYS_IOV_MAX mio_sys_iov_max()
#endif

/* socket(2) / accept(2) on a raw fd, the result non-blocking and
 * close-on-exec (sock_os.h): fd or -errno. */
int mio_sys_socket(int domain, int type);
int mio_sys_accept(int fd, struct sockaddr *addr, socklen_t *len);

/* getsockname/getpeername into `out` (capacity `cap`); *outlen is set to the
 * kernel's length. out and outlen are required. */
int mio_sys_sockname(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen);
int mio_sys_peername(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen);

/* Pipes: plain read/write/readv/writev (a write to a closed pipe may raise
 * SIGPIPE, as Rust's pipe Sender does). */
ptrdiff_t mio_sys_fd_readv(const mio_io_state *st, const mio_iovec *iov,
                           int iovcnt);
ptrdiff_t mio_sys_fd_writev(const mio_io_state *st, const mio_iovec *iov,
                            int iovcnt);

/* ------------------------------------------------- single-buffer I/O, inline
 * The per-message calls of an event loop; link-time optimisation can inline
 * the whole path into the caller. */

/* Checks shared by the single-buffer I/O calls. */
static inline int mio_sys_check_buf(const mio_io_state *st, const void *buf,
                                    size_t len) {
  if (buf == NULL && len > 0) return -EINVAL;
  return mio_sys_check(st);
}

static inline size_t mio_sys_clamp(size_t len) {
  return len > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : len;
}

static inline ptrdiff_t mio_sys_fd_read(const mio_io_state *st, void *buf,
                                        size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(st, read(st->fd, buf, mio_sys_clamp(len)));
}

static inline ptrdiff_t mio_sys_fd_write(const mio_io_state *st,
                                         const void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(st, write(st->fd, buf, mio_sys_clamp(len)));
}

/* read(2) is recv(2) without flags on a socket, and a shorter libc path,
 * except for len 0: read(2) returns 0 at once (indistinguishable from EOF)
 * while recv(2) asks the socket, which is what mio (std's recv) reports. */
static inline ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf,
                                          size_t len) {
  if (len == 0) {
    int r = mio_sys_check(st);
    return r != 0 ? r : mio_io_state_result(st, recv(st->fd, buf, 0, 0));
  }
  return mio_sys_fd_read(st, buf, len);
}

static inline ptrdiff_t mio_sys_sock_write(const mio_io_state *st,
                                           const void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(
      st, send(st->fd, buf, mio_sys_clamp(len), MIO_SYS_MSG_NOSIGNAL));
}

#endif /* MIO_SYS_UNIX_NET_OS_H_ */
