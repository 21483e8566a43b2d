/* mio-c TCP stream (mio::net::TcpStream): a non-blocking connected socket.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules for every function below: a NULL object or required pointer
 * is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall; other
 * codes are the OS's (-errno), with would-block reported as -MIO_EAGAIN.
 * I/O that would block re-arms readiness when registered (API.md §7.4).
 *
 * Threads: functions taking `const mio_tcp_stream *` may run concurrently
 * (e.g. one thread reading while another writes). Constructors, _close and
 * _into_raw_fd are exclusive. */
#ifndef MIO_NET_TCP_STREAM_H_
#define MIO_NET_TCP_STREAM_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_tcp_stream {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_tcp_stream;

/* Opens a non-blocking, close-on-exec socket and starts connecting to `addr`
 * (AF_INET/AF_INET6). EINPROGRESS counts as success, so the stream may not be
 * connected yet: register it WRITABLE; on a writable event check take_error
 * (non-zero: failed), then peer_addr (-MIO_ENOTCONN or -MIO_EINPROGRESS: not
 * yet, wait for the next event). *out is overwritten without being read.
 * Errors: -MIO_EINVAL (NULL out/addr, non-IP family or short addrlen),
 * synchronous OS failures such as -MIO_ECONNREFUSED or -MIO_EAGAIN (socket
 * closed). *out is closed on any failure. */
MIO_EXTERN int mio_tcp_stream_connect(mio_tcp_stream *out,
                                      const struct sockaddr *addr,
                                      socklen_t addrlen);

/* The remote address (getpeername). Errors: -MIO_ENOTCONN (not connected
 * yet), -MIO_EINVAL (NULL, or the socket is not IP). */
MIO_EXTERN int mio_tcp_stream_peer_addr(const mio_tcp_stream *s,
                                        struct sockaddr_storage *out,
                                        socklen_t *outlen);

/* The local address (getsockname). Errors: -MIO_EINVAL (NULL, non-IP). */
MIO_EXTERN int mio_tcp_stream_local_addr(const mio_tcp_stream *s,
                                         struct sockaddr_storage *out,
                                         socklen_t *outlen);

/* shutdown(2). After MIO_SHUTDOWN_WRITE writes fail with -MIO_EPIPE; reads
 * after MIO_SHUTDOWN_READ are OS-specific (Linux may still deliver data).
 * Errors: -MIO_EINVAL (unknown `how`), -MIO_ENOTCONN. */
MIO_EXTERN int mio_tcp_stream_shutdown(const mio_tcp_stream *s,
                                       mio_shutdown how);

/* TCP_NODELAY set/get. */
MIO_EXTERN int mio_tcp_stream_set_nodelay(const mio_tcp_stream *s,
                                          bool nodelay);
MIO_EXTERN int mio_tcp_stream_nodelay(const mio_tcp_stream *s, bool *out);

/* IP_TTL (IPV6_UNICAST_HOPS is not used, as Rust std). set: -MIO_EINVAL for
 * ttl > INT_MAX or one the OS rejects. */
MIO_EXTERN int mio_tcp_stream_set_ttl(const mio_tcp_stream *s, uint32_t ttl);
MIO_EXTERN int mio_tcp_stream_ttl(const mio_tcp_stream *s, uint32_t *out);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_tcp_stream_take_error(const mio_tcp_stream *s, int *err_out);

/* Reads up to `len` bytes (clamped to SSIZE_MAX): the count, 0 at EOF,
 * -MIO_EAGAIN when nothing is buffered, -MIO_ECONNRESET etc. `buf` may be
 * NULL when len == 0; like mio, that read still goes to the OS (Linux:
 * -MIO_EAGAIN when nothing is buffered, API.md §16.2). */
MIO_EXTERN ptrdiff_t mio_tcp_stream_read(const mio_tcp_stream *s, void *buf,
                                         size_t len);

/* Scatter read into at most IOV_MAX buffers; iovcnt == 0 returns 0,
 * iovcnt < 0 is -MIO_EINVAL. Results as read. */
MIO_EXTERN ptrdiff_t mio_tcp_stream_readv(const mio_tcp_stream *s,
                                          const mio_iovec *iov, int iovcnt);

/* Writes up to `len` bytes; never raises SIGPIPE. The count (0 for len 0),
 * -MIO_EAGAIN when the send buffer is full, -MIO_EPIPE after shutdown(WRITE)
 * or when the peer is gone, -MIO_ECONNRESET etc. */
MIO_EXTERN ptrdiff_t mio_tcp_stream_write(const mio_tcp_stream *s,
                                          const void *buf, size_t len);

/* Gather write from at most IOV_MAX buffers; results as write/readv. */
MIO_EXTERN ptrdiff_t mio_tcp_stream_writev(const mio_tcp_stream *s,
                                           const mio_iovec *iov, int iovcnt);

/* As read, but the data stays queued (MSG_PEEK). */
MIO_EXTERN ptrdiff_t mio_tcp_stream_peek(const mio_tcp_stream *s, void *buf,
                                         size_t len);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL s/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_tcp_stream_try_io(const mio_tcp_stream *s,
                                           mio_io_fn fn, void *ctx);

/* The registrable source inside `s` (valid while `s` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_tcp_stream_source(mio_tcp_stream *s);

/* Takes ownership of a connected socket without a syscall; its mode is left
 * as is (make it non-blocking first). Errors: -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_tcp_stream_from_raw_fd(mio_tcp_stream *out, mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_tcp_stream_as_raw_fd(const mio_tcp_stream *s);

/* Returns the descriptor and gives up ownership, leaving `s` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_tcp_stream_into_raw_fd(mio_tcp_stream *s);

/* Releases any registration (API.md §7.6) and closes the socket; `s` is
 * closed afterwards. 0, or close(2)'s code (informational, never
 * -MIO_EINTR); 0 when already closed; -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_tcp_stream_close(mio_tcp_stream *s);

MIO_EXTERN_C_END

#endif /* MIO_NET_TCP_STREAM_H_ */
