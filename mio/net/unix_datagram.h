/* mio-c Unix datagram socket (mio::net::UnixDatagram), POSIX only.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules for every function below: a NULL object or required pointer
 * is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall; other
 * codes are the OS's (-errno), with would-block reported as -MIO_EAGAIN.
 * I/O that would block re-arms readiness when registered (API.md §7.4).
 * Paths longer than sun_path allows are -MIO_EINVAL. The library never
 * unlinks socket files.
 *
 * Threads: functions taking `const mio_unix_datagram *` may run
 * concurrently. Constructors, _close and _into_raw_fd are exclusive. */
#ifndef MIO_NET_UNIX_DATAGRAM_H_
#define MIO_NET_UNIX_DATAGRAM_H_

#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_unix_datagram {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_unix_datagram;

/* Creates a non-blocking, close-on-exec AF_UNIX datagram socket bound to
 * `path` ("" = unnamed; Linux autobinds). *out is overwritten without being
 * read and closed on any failure. Errors: -MIO_EINVAL, -MIO_EADDRINUSE (the
 * path exists), other OS codes. */
MIO_EXTERN int mio_unix_datagram_bind(mio_unix_datagram *out, const char *path);

/* As bind, to an encoded address (mio_unix_addr_from_*). Errors:
 * -MIO_EINVAL also for a non-AF_UNIX address or a length outside
 * [offsetof(sun_path), sizeof(struct sockaddr_un)]. */
MIO_EXTERN int mio_unix_datagram_bind_addr(mio_unix_datagram *out,
                                           const struct sockaddr_un *addr,
                                           socklen_t len);

/* A socket bound to no address (std's UnixDatagram::unbound): it can
 * connect and send_to; receivers see it as the unnamed address. *out is
 * closed on failure. Errors: -MIO_EINVAL (NULL), -MIO_EMFILE etc. */
MIO_EXTERN int mio_unix_datagram_unbound(mio_unix_datagram *out);

/* A connected pair (socketpair), both non-blocking and close-on-exec. On
 * failure both are closed. Errors: -MIO_EINVAL (NULL), -MIO_EMFILE etc. */
MIO_EXTERN int mio_unix_datagram_pair(mio_unix_datagram *a,
                                      mio_unix_datagram *b);

/* Connects to the socket bound at `path`: send then goes there and only its
 * datagrams are received. Errors: -MIO_EINVAL, -MIO_ENOENT,
 * -MIO_ECONNREFUSED, other OS codes. */
MIO_EXTERN int mio_unix_datagram_connect(const mio_unix_datagram *d,
                                         const char *path);

/* The local address (getsockname), normalized. Errors: -MIO_EINVAL. */
MIO_EXTERN int mio_unix_datagram_local_addr(const mio_unix_datagram *d,
                                            struct sockaddr_un *out,
                                            socklen_t *outlen);

/* The connected peer's address (getpeername), normalized.
 * Errors: -MIO_ENOTCONN (not connected), -MIO_EINVAL. */
MIO_EXTERN int mio_unix_datagram_peer_addr(const mio_unix_datagram *d,
                                           struct sockaddr_un *out,
                                           socklen_t *outlen);

/* Sends one datagram to the connected peer; never raises SIGPIPE. The count,
 * -MIO_EAGAIN when the peer's queue is full, the OS's code when not
 * connected (-MIO_ENOTCONN on Linux), -MIO_EPIPE after shutdown(WRITE). */
MIO_EXTERN ptrdiff_t mio_unix_datagram_send(const mio_unix_datagram *d,
                                            const void *buf, size_t len);

/* Sends one datagram to the socket bound at `path`. Errors as send, plus
 * -MIO_ENOENT / -MIO_ECONNREFUSED for a missing or dead receiver. */
MIO_EXTERN ptrdiff_t mio_unix_datagram_send_to(const mio_unix_datagram *d,
                                               const void *buf, size_t len,
                                               const char *path);

/* Receives one datagram (truncated to `len`): its length, or -MIO_EAGAIN. */
MIO_EXTERN ptrdiff_t mio_unix_datagram_recv(const mio_unix_datagram *d,
                                            void *buf, size_t len);

/* As recv, also reporting the sender: `from`/`fromlen` are optional
 * outputs; an unbound sender gives the unnamed address (*fromlen ==
 * offsetof(sun_path)); *fromlen is 0 when `from` is NULL. */
MIO_EXTERN ptrdiff_t mio_unix_datagram_recv_from(const mio_unix_datagram *d,
                                                 void *buf, size_t len,
                                                 struct sockaddr_un *from,
                                                 socklen_t *fromlen);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_unix_datagram_take_error(const mio_unix_datagram *d,
                                            int *err_out);

/* shutdown(2); afterwards send fails with -MIO_EPIPE (WRITE/BOTH).
 * Errors: -MIO_EINVAL (unknown `how`), -MIO_ENOTCONN on some systems. */
MIO_EXTERN int mio_unix_datagram_shutdown(const mio_unix_datagram *d,
                                          mio_shutdown how);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL d/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_unix_datagram_try_io(const mio_unix_datagram *d,
                                              mio_io_fn fn, void *ctx);

/* The registrable source inside `d` (valid while `d` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_unix_datagram_source(mio_unix_datagram *d);

/* Takes ownership of a datagram socket without a syscall; its mode is left
 * as is (make it non-blocking first). Errors: -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_unix_datagram_from_raw_fd(mio_unix_datagram *out,
                                             mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_datagram_as_raw_fd(const mio_unix_datagram *d);

/* Returns the descriptor and gives up ownership, leaving `d` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_datagram_into_raw_fd(mio_unix_datagram *d);

/* Releases any registration (API.md §7.6) and closes the socket (the socket
 * file stays); `d` is closed afterwards. 0, or close(2)'s code
 * (informational, never -MIO_EINTR); 0 when already closed; -MIO_EINVAL for
 * NULL. */
MIO_EXTERN int mio_unix_datagram_close(mio_unix_datagram *d);

MIO_EXTERN_C_END

#endif /* MIO_NET_UNIX_DATAGRAM_H_ */
