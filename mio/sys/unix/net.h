/* POSIX socket plumbing shared by every net type and pipe (internal).
 *
 * mio/net/{tcp,udp,unix}_*.c and mio/sys/pipe.c are thin wrappers: each
 * public function forwards MIO_IO_STATE(obj) to one function here, so the
 * argument rules of API.md §2 (NULL -> -EINVAL, closed -> -EBADF without a
 * syscall), descriptor creation (§11.7) and re-arming after would-block
 * (§7.4, via mio_io_state_result) are written once.
 *
 * Conventions: every function returns >= 0 or -errno (EWOULDBLOCK folded
 * into -EAGAIN). Argument checks come first (NULL state or required pointer,
 * negative iovcnt, unknown enum -> -EINVAL), then the closed check (-EBADF).
 * Functions over a `const mio_io_state *` are safe to call concurrently with
 * each other; the constructors and the release functions are exclusive. */
#ifndef MIO_SYS_UNIX_NET_H_
#define MIO_SYS_UNIX_NET_H_

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mio/core/io_source_internal.h"
#include "mio/net/addr.h"
#include "mio/sys/net_common.h"

/* TCP listeners set SO_REUSEADDR on every non-Windows OS (API.md §11.2). */
#define MIO_SYS_LISTENER_REUSEADDR true

/* ---------------------------------------------------------------- checks */

/* 0 for AF_INET/AF_INET6 with `len` >= that struct's size, else -EINVAL. */
int mio_sys_check_ip_addr(const struct sockaddr *addr, socklen_t len);

/* ------------------------------------------------------ descriptor creation */

/* socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC): fd or -errno. */
int mio_sys_socket(int domain, int type);

/* accept4(SOCK_NONBLOCK | SOCK_CLOEXEC) on a raw fd: fd or -errno. */
int mio_sys_accept(int fd, struct sockaddr *addr, socklen_t *len);

/* New socket of addr's family, optionally SO_REUSEADDR, bound to `addr`:
 * fd or -errno (the socket is closed on failure). No address validation. */
int mio_sys_bind_new(int type, const struct sockaddr *addr, socklen_t len,
                     bool reuseaddr);

/* mio_sys_bind_new(SOCK_STREAM) + listen(backlog): fd or -errno. */
int mio_sys_listen_new(const struct sockaddr *addr, socklen_t len,
                       bool reuseaddr, int backlog);

/* New socket of addr's family connected (non-blocking) to `addr`;
 * EINPROGRESS counts as success. fd or -errno (socket closed on failure). */
int mio_sys_connect_new(int type, const struct sockaddr *addr, socklen_t len);

/* Accepts on listener `l` into *out (cleared on failure). `peer` (capacity
 * `cap`) and `peerlen` are each optional outputs. -EAGAIN re-arms `l`.
 * Errors: -EINVAL (NULL l/out), -EBADF (l closed), accept4's -errno. */
int mio_sys_accept_state(const mio_io_state *l, mio_io_state *out,
                         struct sockaddr *peer, socklen_t cap,
                         socklen_t *peerlen);

/* connect(2) on an existing socket (datagram connect). -errno as is. */
int mio_sys_connect(const mio_io_state *st, const struct sockaddr *addr,
                    socklen_t len);

/* ------------------------------------------------------------------- I/O */
/* Single-buffer lengths are clamped to SSIZE_MAX; vectored calls take at
 * most IOV_MAX buffers (iovcnt < 0 -> -EINVAL, 0 -> 0). A NULL buffer with a
 * non-zero length is -EINVAL. */

/* Stream sockets (and datagram send/recv/peek). Sends never raise SIGPIPE
 * (MSG_NOSIGNAL): a closed peer gives -EPIPE. */
static inline ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf,
                                          size_t len);
ptrdiff_t mio_sys_sock_peek(const mio_io_state *st, void *buf, size_t len);
ptrdiff_t mio_sys_sock_readv(const mio_io_state *st, const mio_iovec *iov,
                             int iovcnt);
static inline ptrdiff_t mio_sys_sock_write(const mio_io_state *st,
                                           const void *buf, size_t len);
ptrdiff_t mio_sys_sock_writev(const mio_io_state *st, const mio_iovec *iov,
                              int iovcnt);

/* Pipes: plain read/write (a write to a closed pipe may raise SIGPIPE, as
 * Rust's pipe Sender does). */
static inline ptrdiff_t mio_sys_fd_read(const mio_io_state *st, void *buf,
                                        size_t len);
ptrdiff_t mio_sys_fd_readv(const mio_io_state *st, const mio_iovec *iov,
                           int iovcnt);
static inline ptrdiff_t mio_sys_fd_write(const mio_io_state *st,
                                         const void *buf, size_t len);
ptrdiff_t mio_sys_fd_writev(const mio_io_state *st, const mio_iovec *iov,
                            int iovcnt);

/* Datagrams. `to` is required (validated by the caller for its family).
 * recv_from/peek_from: `from` (capacity `cap`) and `fromlen` are each
 * optional outputs; *fromlen is the kernel's address length. */
ptrdiff_t mio_sys_send_to(const mio_io_state *st, const void *buf, size_t len,
                          const struct sockaddr *to, socklen_t tolen);
ptrdiff_t mio_sys_recv_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);
ptrdiff_t mio_sys_peek_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);

/* --------------------------------------------------------------- options */

/* Raw setsockopt/getsockopt on an open state (NULL val -> -EINVAL). */
int mio_sys_setsockopt(const mio_io_state *st, int level, int name,
                       const void *val, socklen_t len);
/* (int and typed bool/uint32_t forms: net_common.h.) */

/* SO_ERROR (clears it): returns 0 and sets *err_out to 0 or -pending code;
 * negative only when the query fails (or -EINVAL/-EBADF). */
int mio_sys_take_error(const mio_io_state *st, int *err_out);

/* shutdown(2) with MIO_SHUTDOWN_* mapped to SHUT_*; unknown how -> -EINVAL. */
int mio_sys_shutdown(const mio_io_state *st, mio_shutdown how);

/* ------------------------------------------------------------- addresses */

/* getsockname/getpeername into `out` (capacity `cap`); *outlen is set to the
 * kernel's length. out and outlen are required. */
int mio_sys_sockname(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen);
int mio_sys_peername(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen);

/* The same for IP sockets: any other family -> -EINVAL (API.md §11.1). */
int mio_sys_ip_local_addr(const mio_io_state *st, struct sockaddr_storage *out,
                          socklen_t *outlen);
int mio_sys_ip_peer_addr(const mio_io_state *st, struct sockaddr_storage *out,
                         socklen_t *outlen);

/* Ownership (from_raw_fd ... try_io): net_common.h. */

/* ------------------------------------------------- single-buffer I/O, inline
 * The per-message calls of an event loop: inline, so each public wrapper
 * (mio_tcp_stream_read, ...) is one function between its caller and libc,
 * and link-time optimisation can inline the whole path into the caller. */

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
      st, send(st->fd, buf, mio_sys_clamp(len), MSG_NOSIGNAL));
}

#endif /* MIO_SYS_UNIX_NET_H_ */
