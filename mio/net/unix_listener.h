/* mio-c Unix stream listener (mio::net::UnixListener), POSIX only.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules for every function below: a NULL object or required pointer
 * is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall; other
 * codes are the OS's (-errno), with would-block reported as -MIO_EAGAIN.
 * The library never unlinks socket files: remove the path yourself.
 *
 * Threads: functions taking `const mio_unix_listener *` may run
 * concurrently. Constructors, _close and _into_raw_fd are exclusive. */
#ifndef MIO_NET_UNIX_LISTENER_H_
#define MIO_NET_UNIX_LISTENER_H_

#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"
#include "mio/net/unix_stream.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_unix_listener {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_unix_listener;

/* Creates a non-blocking, close-on-exec AF_UNIX stream socket, binds it to
 * `path` (creating the socket file) and listens with the system's maximum
 * backlog. "" binds the unnamed address (Linux then autobinds an abstract
 * name). *out is overwritten without being read and closed on any failure.
 * Errors: -MIO_EINVAL (NULL, path too long for sun_path), -MIO_EADDRINUSE
 * (the path exists, even as a stale socket file), -MIO_ENOENT /
 * -MIO_EACCES (directory), other OS codes. */
MIO_EXTERN int mio_unix_listener_bind(mio_unix_listener *out, const char *path);

/* As bind, to an encoded address (pathname or, on Linux, abstract; see
 * mio_unix_addr_from_*). Errors: -MIO_EINVAL also for a non-AF_UNIX address
 * or a length outside [offsetof(sun_path), sizeof(struct sockaddr_un)]. */
MIO_EXTERN int mio_unix_listener_bind_addr(mio_unix_listener *out,
                                           const struct sockaddr_un *addr,
                                           socklen_t len);

/* Accepts one queued connection into *out (non-blocking, close-on-exec,
 * unregistered; closed on failure). `peer`/`peerlen` are optional outputs:
 * the client's normalized address, usually unnamed (*peerlen is 0 when
 * `peer` is NULL). Errors: -MIO_EAGAIN (nothing queued; re-arms readiness
 * when registered), -MIO_EINVAL (NULL l/out), -MIO_EMFILE etc. */
MIO_EXTERN int mio_unix_listener_accept(const mio_unix_listener *l,
                                        mio_unix_stream *out,
                                        struct sockaddr_un *peer,
                                        socklen_t *peerlen);

/* The bound address (getsockname), normalized. Errors: -MIO_EINVAL (NULL). */
MIO_EXTERN int mio_unix_listener_local_addr(const mio_unix_listener *l,
                                            struct sockaddr_un *out,
                                            socklen_t *outlen);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_unix_listener_take_error(const mio_unix_listener *l,
                                            int *err_out);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL l/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_unix_listener_try_io(const mio_unix_listener *l,
                                              mio_io_fn fn, void *ctx);

/* The registrable source inside `l` (valid while `l` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_unix_listener_source(mio_unix_listener *l);

/* Takes ownership of a listening socket without a syscall; its mode is left
 * as is (make it non-blocking first). Errors: -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_unix_listener_from_raw_fd(mio_unix_listener *out,
                                             mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_listener_as_raw_fd(const mio_unix_listener *l);

/* Returns the descriptor and gives up ownership, leaving `l` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_unix_listener_into_raw_fd(mio_unix_listener *l);

/* Releases any registration (API.md §7.6) and closes the socket (the socket
 * file stays); `l` is closed afterwards. 0, or close(2)'s code
 * (informational, never -MIO_EINTR); 0 when already closed; -MIO_EINVAL for
 * NULL. */
MIO_EXTERN int mio_unix_listener_close(mio_unix_listener *l);

MIO_EXTERN_C_END

#endif /* MIO_NET_UNIX_LISTENER_H_ */
