/* mio-c Unix stream socket (mio::net::UnixStream), POSIX only.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules for every function below: a NULL object or required pointer
 * is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall; other
 * codes are the OS's (-errno), with would-block reported as -MIO_EAGAIN.
 * I/O that would block re-arms readiness when registered (API.md §7.4).
 * Addresses returned are normalized (API.md §11.5): inspect them with the
 * mio_unix_addr_* helpers of mio/net/addr.h.
 *
 * Threads: functions taking `const mio_unix_stream *` may run concurrently
 * (e.g. one thread reading while another writes). Constructors, _close and
 * _into_raw_fd are exclusive. */
#ifndef MIO_NET_UNIX_STREAM_H_
#define MIO_NET_UNIX_STREAM_H_

#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_unix_stream {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_unix_stream;

/* Opens a non-blocking, close-on-exec AF_UNIX stream socket and connects it
 * to the socket file at `path`. EINPROGRESS counts as success (register
 * WRITABLE and check take_error, as for TCP). *out is overwritten without
 * being read and is closed on any failure.
 * Errors: -MIO_EINVAL (NULL, path too long for sun_path), -MIO_ENOENT (no
 * such file), -MIO_ECONNREFUSED (nobody listening), -MIO_EAGAIN (the
 * listener's backlog is full), other OS codes. */
MIO_EXTERN int mio_unix_stream_connect(mio_unix_stream *out, const char *path);

/* As connect, to an encoded address (pathname or, on Linux, abstract; see
 * mio_unix_addr_from_*). Errors: -MIO_EINVAL also for a non-AF_UNIX address
 * or a length outside [offsetof(sun_path), sizeof(struct sockaddr_un)]. */
MIO_EXTERN int mio_unix_stream_connect_addr(mio_unix_stream *out,
                                            const struct sockaddr_un *addr,
                                            socklen_t len);

/* A connected pair (socketpair), both non-blocking and close-on-exec. On
 * failure both are closed. Errors: -MIO_EINVAL (NULL), -MIO_EMFILE etc. */
MIO_EXTERN int mio_unix_stream_pair(mio_unix_stream *a, mio_unix_stream *b);

/* The local address (getsockname); a connecting socket is usually unnamed.
 * *outlen is output only. Errors: -MIO_EINVAL (NULL). */
MIO_EXTERN int mio_unix_stream_local_addr(const mio_unix_stream *s,
                                          struct sockaddr_un *out,
                                          socklen_t *outlen);

/* The peer's address (getpeername). Errors: -MIO_ENOTCONN, -MIO_EINVAL. */
MIO_EXTERN int mio_unix_stream_peer_addr(const mio_unix_stream *s,
                                         struct sockaddr_un *out,
                                         socklen_t *outlen);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_unix_stream_take_error(const mio_unix_stream *s,
                                          int *err_out);

/* shutdown(2). After MIO_SHUTDOWN_WRITE writes fail with -MIO_EPIPE.
 * Errors: -MIO_EINVAL (unknown `how`), -MIO_ENOTCONN. */
MIO_EXTERN int mio_unix_stream_shutdown(const mio_unix_stream *s,
                                        mio_shutdown how);

/* Reads up to `len` bytes (clamped to SSIZE_MAX): the count, 0 at EOF,
 * -MIO_EAGAIN when nothing is buffered, -MIO_ECONNRESET etc. `buf` may be
 * NULL when len == 0; like mio, that read still goes to the OS (Linux:
 * -MIO_EAGAIN when nothing is buffered, API.md §16.2). */
MIO_EXTERN ptrdiff_t mio_unix_stream_read(const mio_unix_stream *s, void *buf,
                                          size_t len);

/* Scatter read into at most IOV_MAX buffers; iovcnt == 0 returns 0,
 * iovcnt < 0 is -MIO_EINVAL. Results as read. */
MIO_EXTERN ptrdiff_t mio_unix_stream_readv(const mio_unix_stream *s,
                                           const mio_iovec *iov, int iovcnt);

/* Writes up to `len` bytes; never raises SIGPIPE. The count (0 for len 0),
 * -MIO_EAGAIN when the buffer is full, -MIO_EPIPE after shutdown(WRITE) or
 * when the peer is gone. */
MIO_EXTERN ptrdiff_t mio_unix_stream_write(const mio_unix_stream *s,
                                           const void *buf, size_t len);

/* Gather write from at most IOV_MAX buffers; results as write/readv. */
MIO_EXTERN ptrdiff_t mio_unix_stream_writev(const mio_unix_stream *s,
                                            const mio_iovec *iov, int iovcnt);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL s/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_unix_stream_try_io(const mio_unix_stream *s,
                                            mio_io_fn fn, void *ctx);

/* The registrable source inside `s` (valid while `s` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_unix_stream_source(mio_unix_stream *s);

/* Takes ownership of a connected socket without a syscall; its mode is left
 * as is (make it non-blocking first). Errors: -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_unix_stream_from_raw_fd(mio_unix_stream *out, mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_stream_as_raw_fd(const mio_unix_stream *s);

/* Returns the descriptor and gives up ownership, leaving `s` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_stream_into_raw_fd(mio_unix_stream *s);

/* Releases any registration (API.md §7.6) and closes the socket; `s` is
 * closed afterwards. 0, or close(2)'s code (informational, never
 * -MIO_EINTR); 0 when already closed; -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_unix_stream_close(mio_unix_stream *s);

MIO_EXTERN_C_END

#endif /* MIO_NET_UNIX_STREAM_H_ */
