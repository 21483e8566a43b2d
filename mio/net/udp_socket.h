/* mio-c UDP socket (mio::net::UdpSocket): a non-blocking datagram socket.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules: a NULL object or required pointer is -MIO_EINVAL; a closed
 * object is -MIO_EBADF without a syscall; other codes are the OS's (-errno),
 * passed through unchanged, with would-block reported as -MIO_EAGAIN. I/O
 * that would block re-arms readiness when registered (API.md §7.4).
 * Datagram lengths are clamped to SSIZE_MAX; an empty datagram is sent and
 * received as length 0; a datagram longer than `len` is truncated to `len`.
 *
 * Threads: functions taking `const mio_udp_socket *` may run concurrently.
 * bind, _close and _into_raw_fd are exclusive. */
#ifndef MIO_NET_UDP_SOCKET_H_
#define MIO_NET_UDP_SOCKET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"
#include "mio/net/addr.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_udp_socket {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_udp_socket;

/* Creates a non-blocking, close-on-exec socket bound to `addr` (AF_INET or
 * AF_INET6; port 0 picks a free port). No option is set. *out is overwritten
 * without being read and is closed on any failure.
 * Errors: -MIO_EINVAL (NULL out/addr, non-IP family or short addrlen),
 * -MIO_EADDRINUSE, -MIO_EADDRNOTAVAIL, ... */
MIO_EXTERN int mio_udp_socket_bind(mio_udp_socket *out,
                                   const struct sockaddr *addr,
                                   socklen_t addrlen);

/* The bound address (getsockname). Errors: -MIO_EINVAL (NULL, non-IP). */
MIO_EXTERN int mio_udp_socket_local_addr(const mio_udp_socket *u,
                                         struct sockaddr_storage *out,
                                         socklen_t *outlen);

/* The connected peer (getpeername). Errors: -MIO_ENOTCONN (not connected),
 * -MIO_EINVAL (NULL, non-IP). */
MIO_EXTERN int mio_udp_socket_peer_addr(const mio_udp_socket *u,
                                        struct sockaddr_storage *out,
                                        socklen_t *outlen);

/* Sets the default destination and the only source datagrams are accepted
 * from; connecting again changes both. Errors: -MIO_EINVAL (NULL addr,
 * non-IP, short addrlen), -MIO_EAGAIN, -MIO_EAFNOSUPPORT, ... */
MIO_EXTERN int mio_udp_socket_connect(const mio_udp_socket *u,
                                      const struct sockaddr *addr,
                                      socklen_t addrlen);

/* Sends one datagram to `to`: the count, or -MIO_EAGAIN, -MIO_EMSGSIZE,
 * -MIO_EINVAL (NULL to, non-IP, short tolen). On a connected socket Linux
 * sends it anyway; other POSIX systems return -MIO_EISCONN. */
MIO_EXTERN ptrdiff_t mio_udp_socket_send_to(const mio_udp_socket *u,
                                            const void *buf, size_t len,
                                            const struct sockaddr *to,
                                            socklen_t tolen);

/* Receives one datagram: its (possibly truncated) length, or -MIO_EAGAIN.
 * `from`/`fromlen` (optional, each may be NULL) receive the sender. */
MIO_EXTERN ptrdiff_t mio_udp_socket_recv_from(const mio_udp_socket *u,
                                              void *buf, size_t len,
                                              struct sockaddr_storage *from,
                                              socklen_t *fromlen);

/* As recv_from, but the datagram stays queued (MSG_PEEK). */
MIO_EXTERN ptrdiff_t mio_udp_socket_peek_from(const mio_udp_socket *u,
                                              void *buf, size_t len,
                                              struct sockaddr_storage *from,
                                              socklen_t *fromlen);

/* Sends to the connected peer: the count, -MIO_EDESTADDRREQ when not
 * connected, -MIO_EAGAIN, -MIO_ECONNREFUSED (an earlier datagram was
 * refused), ... */
MIO_EXTERN ptrdiff_t mio_udp_socket_send(const mio_udp_socket *u,
                                         const void *buf, size_t len);

/* Receives one datagram (from the peer, when connected): as recv_from. */
MIO_EXTERN ptrdiff_t mio_udp_socket_recv(const mio_udp_socket *u, void *buf,
                                         size_t len);

/* As recv, but the datagram stays queued (MSG_PEEK). */
MIO_EXTERN ptrdiff_t mio_udp_socket_peek(const mio_udp_socket *u, void *buf,
                                         size_t len);

/* SO_BROADCAST set/get. */
MIO_EXTERN int mio_udp_socket_set_broadcast(const mio_udp_socket *u, bool on);
MIO_EXTERN int mio_udp_socket_broadcast(const mio_udp_socket *u, bool *out);

/* IP_MULTICAST_LOOP set/get (IPv4 sockets; others get the OS error). */
MIO_EXTERN int mio_udp_socket_set_multicast_loop_v4(const mio_udp_socket *u,
                                                    bool on);
MIO_EXTERN int mio_udp_socket_multicast_loop_v4(const mio_udp_socket *u,
                                                bool *out);

/* IP_MULTICAST_TTL set/get (-MIO_EINVAL for a ttl the OS rejects). */
MIO_EXTERN int mio_udp_socket_set_multicast_ttl_v4(const mio_udp_socket *u,
                                                   uint32_t ttl);
MIO_EXTERN int mio_udp_socket_multicast_ttl_v4(const mio_udp_socket *u,
                                               uint32_t *out);

/* IPV6_MULTICAST_LOOP set/get (IPv6 sockets; others get the OS error). */
MIO_EXTERN int mio_udp_socket_set_multicast_loop_v6(const mio_udp_socket *u,
                                                    bool on);
MIO_EXTERN int mio_udp_socket_multicast_loop_v6(const mio_udp_socket *u,
                                                bool *out);

/* IP_TTL set/get (-MIO_EINVAL for ttl > INT_MAX or one the OS rejects). */
MIO_EXTERN int mio_udp_socket_set_ttl(const mio_udp_socket *u, uint32_t ttl);
MIO_EXTERN int mio_udp_socket_ttl(const mio_udp_socket *u, uint32_t *out);

/* IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP of `group` on `iface`
 * (INADDR_ANY: the system chooses). Errors: -MIO_EINVAL (NULL group/iface),
 * -MIO_EADDRNOTAVAIL (leave without join), OS codes. */
MIO_EXTERN int mio_udp_socket_join_multicast_v4(const mio_udp_socket *u,
                                                const struct in_addr *group,
                                                const struct in_addr *iface);
MIO_EXTERN int mio_udp_socket_leave_multicast_v4(const mio_udp_socket *u,
                                                 const struct in_addr *group,
                                                 const struct in_addr *iface);

/* IPV6_ADD_MEMBERSHIP / IPV6_DROP_MEMBERSHIP of `group` on interface
 * `ifindex` (0: any). Errors: -MIO_EINVAL (NULL group), OS codes. */
MIO_EXTERN int mio_udp_socket_join_multicast_v6(const mio_udp_socket *u,
                                                const struct in6_addr *group,
                                                uint32_t ifindex);
MIO_EXTERN int mio_udp_socket_leave_multicast_v6(const mio_udp_socket *u,
                                                 const struct in6_addr *group,
                                                 uint32_t ifindex);

/* IPV6_V6ONLY (get only). An IPv4 socket returns the OS error. */
MIO_EXTERN int mio_udp_socket_only_v6(const mio_udp_socket *u, bool *out);

/* Reads and clears SO_ERROR: returns 0 and sets *err_out to 0 (no error) or
 * the pending negative code; negative only if the query itself fails. */
MIO_EXTERN int mio_udp_socket_take_error(const mio_udp_socket *u, int *err_out);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL u/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_udp_socket_try_io(const mio_udp_socket *u,
                                           mio_io_fn fn, void *ctx);

/* The registrable source inside `u` (valid while `u` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_udp_socket_source(mio_udp_socket *u);

/* Takes ownership of a UDP socket without a syscall; its mode is left as is
 * (make it non-blocking first). Errors: -MIO_EINVAL (NULL out), -MIO_EBADF
 * (negative fd; *out closed). */
MIO_EXTERN int mio_udp_socket_from_raw_fd(mio_udp_socket *out, mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_udp_socket_as_raw_fd(const mio_udp_socket *u);

/* Returns the descriptor and gives up ownership, leaving `u` closed; the
 * registration state is dropped as API.md §7.6 says. MIO_INVALID_RAW_FD when
 * closed or NULL. */
MIO_EXTERN mio_raw_fd mio_udp_socket_into_raw_fd(mio_udp_socket *u);

/* Releases any registration (API.md §7.6) and closes the socket; `u` is
 * closed afterwards. 0, or close(2)'s code (informational, never
 * -MIO_EINTR); 0 when already closed; -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_udp_socket_close(mio_udp_socket *u);

MIO_EXTERN_C_END

#endif /* MIO_NET_UDP_SOCKET_H_ */
