/* mio-c TCP listener (mio::net::TcpListener): a non-blocking listening
 * socket.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules: a NULL object or required pointer is -MIO_EINVAL; a closed
 * object is -MIO_EBADF without a syscall; other codes are the OS's (-errno),
 * with would-block reported as -MIO_EAGAIN.
 *
 * Threads: functions taking `const mio_tcp_listener *` may run concurrently
 * (several threads may accept). bind, _close and _into_raw_fd are
 * exclusive. */
#ifndef MIO_NET_TCP_LISTENER_H_
#define MIO_NET_TCP_LISTENER_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"
#include "mio/net/tcp_stream.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_tcp_listener {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_tcp_listener;

/* Creates a non-blocking, close-on-exec socket, sets SO_REUSEADDR, binds it
 * to `addr` (AF_INET/AF_INET6; port 0 picks a free port, see local_addr) and
 * listens with a backlog of 128. No other option is set. *out is overwritten
 * without being read and is closed on any failure.
 * Errors: -MIO_EINVAL (NULL out/addr, non-IP family or short addrlen),
 * -MIO_EADDRINUSE (address taken by a live listener), -MIO_EACCES, ... */
MIO_EXTERN int mio_tcp_listener_bind(mio_tcp_listener *out,
                                     const struct sockaddr *addr,
                                     socklen_t addrlen);

/* IPV6_V6ONLY choice for mio_tcp_listener_bind_with. */
typedef enum mio_v6only {
  MIO_V6ONLY_DEFAULT =
      0,         /* left as the OS sets it (Linux: net.ipv6.bindv6only) */
  MIO_V6ONLY_ON, /* IPv6 only */
  MIO_V6ONLY_OFF /* dual stack: IPv4-mapped peers too */
} mio_v6only;

/* Listener options beyond mio (issue 15: a server behind `wrk -c10000`
 * needs no raw listen() call). All-zero ({0}) means the defaults of
 * mio_tcp_listener_bind; initialise it that way and set what you need. */
typedef struct mio_tcp_listen_options {
  int backlog;       /* listen(2) backlog; 0: mio's default; the OS caps it
                        (Linux: net.core.somaxconn) */
  bool reuseport;    /* SO_REUSEPORT before bind (several listeners on one
                        port, the kernel spreads connections) */
  mio_v6only v6only; /* IPV6_V6ONLY before bind; IPv6 addresses only */
} mio_tcp_listen_options;

/* mio_tcp_listener_bind with options: SO_REUSEADDR as bind (not Windows),
 * then SO_REUSEPORT and IPV6_V6ONLY as `opts` asks, bind, listen(backlog).
 * NULL opts is mio_tcp_listener_bind. *out is closed on any failure.
 * Errors: those of mio_tcp_listener_bind; -MIO_EINVAL (backlog < 0, an
 * unknown v6only, v6only other than DEFAULT with an IPv4 address);
 * -MIO_ENOTSUP (reuseport where the OS has no SO_REUSEPORT: Windows, the
 * strictly POSIX build). */
MIO_EXTERN int mio_tcp_listener_bind_with(mio_tcp_listener *out,
                                          const struct sockaddr *addr,
                                          socklen_t addrlen,
                                          const mio_tcp_listen_options *opts);

/* Accepts one queued connection into *out: a non-blocking, close-on-exec,
 * unregistered stream. `peer`/`peerlen` (optional, each may be NULL) receive
 * the remote address. *out is closed on any failure.
 * Errors: -MIO_EINVAL (NULL l/out), -MIO_EAGAIN (nothing queued; readiness is
 * re-armed), -MIO_ECONNABORTED, -MIO_EMFILE, ... */
MIO_EXTERN int mio_tcp_listener_accept(const mio_tcp_listener *l,
                                       mio_tcp_stream *out,
                                       struct sockaddr_storage *peer,
                                       socklen_t *peerlen);

/* The bound address (getsockname). Errors: -MIO_EINVAL (NULL, non-IP). */
MIO_EXTERN int mio_tcp_listener_local_addr(const mio_tcp_listener *l,
                                           struct sockaddr_storage *out,
                                           socklen_t *outlen);

/* IP_TTL set/get. set: -MIO_EINVAL for ttl > INT_MAX or one the OS
 * rejects. */
MIO_EXTERN int mio_tcp_listener_set_ttl(const mio_tcp_listener *l,
                                        uint32_t ttl);
MIO_EXTERN int mio_tcp_listener_ttl(const mio_tcp_listener *l, uint32_t *out);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_tcp_listener_take_error(const mio_tcp_listener *l,
                                           int *err_out);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL l/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_tcp_listener_try_io(const mio_tcp_listener *l,
                                             mio_io_fn fn, void *ctx);

/* The registrable source inside `l` (valid while `l` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_tcp_listener_source(mio_tcp_listener *l);

/* Takes ownership of a listening socket without a syscall; its mode is left
 * as is (make it non-blocking first). Errors: -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_tcp_listener_from_raw_fd(mio_tcp_listener *out,
                                            mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_tcp_listener_as_raw_fd(const mio_tcp_listener *l);

/* Returns the descriptor and gives up ownership, leaving `l` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_tcp_listener_into_raw_fd(mio_tcp_listener *l);

/* Releases any registration (API.md §7.6) and closes the socket; `l` is
 * closed afterwards. 0, or close(2)'s code (informational, never
 * -MIO_EINTR); 0 when already closed; -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_tcp_listener_close(mio_tcp_listener *l);

MIO_EXTERN_C_END

#endif /* MIO_NET_TCP_LISTENER_H_ */
