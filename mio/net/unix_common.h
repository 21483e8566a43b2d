/* Plumbing shared by the three Unix-domain socket types (internal).
 *
 * mio/net/unix_{listener,stream,datagram}.c forward here for what is
 * Unix-specific: validating caller addresses, building a sockaddr_un from a
 * path, socketpair, and normalizing every address the kernel hands back
 * (API.md §11.5: unnamed has len == offsetof(sun_path), pathname lengths
 * exclude padding). Everything else goes through mio/sys/net.h.
 * Return convention as net.h: >= 0 or -errno. */
#ifndef MIO_NET_UNIX_COMMON_H_
#define MIO_NET_UNIX_COMMON_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "mio/core/io_source_internal.h"

/* 0 for a non-NULL AF_UNIX address with offsetof(sun_path) <= len <=
 * sizeof(struct sockaddr_un), else -EINVAL. */
int mio_unix_check_addr(const struct sockaddr_un *a, socklen_t len);

/* Opens a socket for `addr`: a descriptor or -errno (e.g. bind + listen). */
typedef int (*mio_unix_open_fn)(const struct sockaddr *addr, socklen_t len);

/* A constructor over an encoded address: validates it (mio_unix_check_addr),
 * calls `open_fn` and adopts the result into *out, which is closed on any
 * failure. -EINVAL for NULL out. */
int mio_unix_open_addr(mio_io_state *out, const struct sockaddr_un *addr,
                       socklen_t len, mio_unix_open_fn open_fn);

/* The same for a filesystem path (mio_unix_addr_from_pathname: "" is the
 * unnamed address, an over-long path -EINVAL). */
int mio_unix_open_path(mio_io_state *out, const char *path,
                       mio_unix_open_fn open_fn);

/* Rewrites a kernel-returned address in the library's normal form: a length
 * below offsetof(sun_path) (Linux reports 0 for an unbound datagram sender)
 * or the zero-filled BSD/Darwin form becomes the unnamed address; a pathname
 * gets exactly one terminating NUL counted; an abstract name is kept. */
void mio_unix_addr_normalize(struct sockaddr_un *a, socklen_t *len);

/* getsockname (peer == false) / getpeername, normalized. Errors: -EINVAL
 * (NULL out/outlen, or the socket is not AF_UNIX), -EBADF, the OS's. */
int mio_unix_name(const mio_io_state *st, bool peer, struct sockaddr_un *out,
                  socklen_t *outlen);

/* socketpair(AF_UNIX, type), non-blocking and close-on-exec, adopted into
 * *a and *b; both are left closed on failure. -EINVAL for NULL. */
int mio_unix_pair(int type, mio_io_state *a, mio_io_state *b);

/* Copies a normalized address to the optional outputs of accept/recv_from:
 * `out` (when non-NULL) gets it, `outlen` (when non-NULL) its length, or 0
 * when `out` is NULL. */
void mio_unix_addr_store(const struct sockaddr_un *a, socklen_t len,
                         struct sockaddr_un *out, socklen_t *outlen);

#endif /* MIO_NET_UNIX_COMMON_H_ */
