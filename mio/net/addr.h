/* mio-c socket addresses: Rust's SocketAddr text form, shutdown modes, and
 * (POSIX) Unix-domain address helpers (std::os::unix::net::SocketAddr).
 *
 * Every function here is pure and thread-safe. */
#ifndef MIO_NET_ADDR_H_
#define MIO_NET_ADDR_H_

#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/net/shutdown.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

MIO_EXTERN_C_BEGIN

/* Parses exactly Rust's `SocketAddr::from_str`: "A.B.C.D:P" (four decimal
 * octets 0-255 without leading zeros) or "[IPv6]:P" / "[IPv6%SCOPE]:P"
 * (RFC 4291 text, optional trailing dotted quad, numeric u32 scope id); P is
 * decimal 0-65535 (leading zeros allowed). No whitespace, no host names.
 * On success *out is zeroed then filled as sockaddr_in / sockaddr_in6 and
 * *outlen is that struct's size.
 * Errors: -MIO_EINVAL (NULL argument or not an address); outputs untouched. */
MIO_EXTERN int mio_addr_parse(const char *s, struct sockaddr_storage *out,
                              socklen_t *outlen);

/* Rust's Display for SocketAddr: "1.2.3.4:80", "[::1]:80", "[fe80::1%2]:80"
 * (RFC 5952 text; "::ffff:a.b.c.d" for IPv4-mapped). A NULL address, a family
 * other than AF_INET/AF_INET6 or a short length writes "" and returns 0.
 * snprintf contract: returns the full length, writes at most len-1 chars plus
 * a NUL when len > 0; `buf` may be NULL when len == 0. */
MIO_EXTERN size_t mio_addr_format(const struct sockaddr *a, socklen_t alen,
                                  char *buf, size_t len);

#ifndef _WIN32
/* What a Unix-domain address names. */
typedef enum mio_unix_addr_kind {
  MIO_UNIX_ADDR_UNNAMED = 0,
  MIO_UNIX_ADDR_PATHNAME = 1,
  MIO_UNIX_ADDR_ABSTRACT = 2
} mio_unix_addr_kind;

/* Encodes a filesystem path: bytes + NUL, *outlen = offsetof(sun_path) +
 * strlen + 1; "" encodes the unnamed address (*outlen = offsetof(sun_path)).
 * Errors: -MIO_EINVAL (NULL argument, strlen(path) >= sizeof(sun_path)). */
MIO_EXTERN int mio_unix_addr_from_pathname(struct sockaddr_un *out,
                                           socklen_t *outlen, const char *path);

/* Encodes a Linux abstract name: a leading NUL then `len` bytes, no trailing
 * NUL. Errors: -MIO_EINVAL (NULL out/outlen, NULL name with len > 0,
 * len + 1 > sizeof(sun_path)), -MIO_ENOTSUP (not Linux/Android). */
MIO_EXTERN int mio_unix_addr_from_abstract_name(struct sockaddr_un *out,
                                                socklen_t *outlen,
                                                const void *name, size_t len);

/* Classifies an address of length `len` (as returned by the kernel or the
 * library). NULL or a length below offsetof(sun_path) is UNNAMED. */
MIO_EXTERN mio_unix_addr_kind mio_unix_addr_kind_of(const struct sockaddr_un *a,
                                                    socklen_t len);

/* For a pathname address: sets *path to the path inside a->sun_path (not
 * NUL-terminated) and returns its length without the trailing NUL (bytes up
 * to the first NUL within `len`); 0 (and *path untouched) when `a` is not a
 * pathname. `path` may be NULL to get only the length. */
MIO_EXTERN size_t mio_unix_addr_pathname(const struct sockaddr_un *a,
                                         socklen_t len, const char **path);

/* For an abstract address: sets *name to the bytes after the leading NUL and
 * returns their count (an empty name also returns 0 but sets *name); 0 (and
 * *name untouched) when not abstract. `name` may be NULL. */
MIO_EXTERN size_t mio_unix_addr_abstract_name(const struct sockaddr_un *a,
                                              socklen_t len, const char **name);
#endif /* !_WIN32 */

MIO_EXTERN_C_END

#endif /* MIO_NET_ADDR_H_ */
