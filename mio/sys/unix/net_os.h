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

/* True when a single-buffer call may go straight to the syscall: an open
 * state with nothing to re-arm (MIO_IO_OPEN), a buffer and
 * 0 < len <= SSIZE_MAX (so no clamp). Everything else (NULL, closed, len 0,
 * a huge len, a poll(2) registration) takes the out-of-line *_checked path,
 * which applies every rule of this header. The fast path costs four
 * predicted branches, and after the syscall needs nothing but errno
 * (issue 15). */
static inline bool mio_sys_io_fast(const mio_io_state *st, const void *buf,
                                   size_t len) {
  return MIO_LIKELY(st != NULL && buf != NULL && (ptrdiff_t)len > 0 &&
                    st->open == MIO_IO_OPEN);
}

/* The result of a fast-path syscall: as is, or -errno (out of line). */
static inline ptrdiff_t mio_sys_fast_result(ptrdiff_t sys_ret) {
  return MIO_LIKELY(sys_ret >= 0) ? sys_ret : mio_io_fail_plain();
}

/* The same calls with every check, for whatever mio_sys_io_fast rejects. */
ptrdiff_t mio_sys_fd_read_checked(const mio_io_state *st, void *buf,
                                  size_t len);
ptrdiff_t mio_sys_fd_write_checked(const mio_io_state *st, const void *buf,
                                   size_t len);
ptrdiff_t mio_sys_sock_read_checked(const mio_io_state *st, void *buf,
                                    size_t len);
ptrdiff_t mio_sys_sock_write_checked(const mio_io_state *st, const void *buf,
                                     size_t len);

static inline ptrdiff_t mio_sys_fd_read(const mio_io_state *st, void *buf,
                                        size_t len) {
  if (!mio_sys_io_fast(st, buf, len)) {
    return mio_sys_fd_read_checked(st, buf, len);
  }
  return mio_sys_fast_result(read(st->fd, buf, len));
}

static inline ptrdiff_t mio_sys_fd_write(const mio_io_state *st,
                                         const void *buf, size_t len) {
  if (!mio_sys_io_fast(st, buf, len)) {
    return mio_sys_fd_write_checked(st, buf, len);
  }
  return mio_sys_fast_result(write(st->fd, buf, len));
}

/* read(2) is recv(2) without flags on a socket, and a shorter libc path,
 * except for len 0: read(2) returns 0 at once (indistinguishable from EOF)
 * while recv(2) asks the socket, which is what mio (std's recv) reports.
 * len 0 is not on the fast path: mio_sys_sock_read_checked does the recv. */
static inline ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf,
                                          size_t len) {
  if (!mio_sys_io_fast(st, buf, len)) {
    return mio_sys_sock_read_checked(st, buf, len);
  }
  return mio_sys_fast_result(read(st->fd, buf, len));
}

static inline ptrdiff_t mio_sys_sock_write(const mio_io_state *st,
                                           const void *buf, size_t len) {
  if (!mio_sys_io_fast(st, buf, len)) {
    return mio_sys_sock_write_checked(st, buf, len);
  }
  return mio_sys_fast_result(send(st->fd, buf, len, MIO_SYS_MSG_NOSIGNAL));
}

#endif /* MIO_SYS_UNIX_NET_OS_H_ */
