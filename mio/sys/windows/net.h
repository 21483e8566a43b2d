/* Winsock socket plumbing shared by every net type on Windows (internal).
 *
 * The same functions, with the same contracts, as mio/sys/unix/net.h (read
 * that header for each one), so mio/net/{tcp_*,udp_socket}.c are written
 * once. Differences: results are mio codes mapped from WSA errors (API.md
 * §2.1); constructors return a SOCKET (as intptr_t) or a negative code;
 * sockets are WSASocketW(..., WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)
 * + FIONBIO (API.md §11.7), with Winsock started once, lazily; vectored
 * calls take at most MIO_SYS_IOV_MAX buffers. */
#ifndef MIO_SYS_WINDOWS_NET_H_
#define MIO_SYS_WINDOWS_NET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#include "mio/core/io_source_internal.h"
#include "mio/net/addr.h"
#include "mio/sys/net_common.h"

/* Never SO_REUSEADDR on Windows: there it allows stealing a bound port
 * (API.md §11.2). */
#define MIO_SYS_LISTENER_REUSEADDR false

/* Vectored I/O uses at most this many buffers (Windows has no IOV_MAX). */
#define MIO_SYS_IOV_MAX 1024

/* Starts Winsock 2.2 once per process (thread-safe; WSACleanup is never
 * called). 0 or a mio code. */
int mio_sys_winsock_init(void);

int mio_sys_check_ip_addr(const struct sockaddr *addr, socklen_t len);

intptr_t mio_sys_bind_new(int type, const struct sockaddr *addr, socklen_t len,
                          bool reuseaddr);
intptr_t mio_sys_listen_new(const struct sockaddr *addr, socklen_t len,
                            bool reuseaddr, int backlog);
intptr_t mio_sys_connect_new(int type, const struct sockaddr *addr,
                             socklen_t len);
int mio_sys_accept_state(const mio_io_state *l, mio_io_state *out,
                         struct sockaddr *peer, socklen_t cap,
                         socklen_t *peerlen);
int mio_sys_connect(const mio_io_state *st, const struct sockaddr *addr,
                    socklen_t len);

ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf, size_t len);
ptrdiff_t mio_sys_sock_peek(const mio_io_state *st, void *buf, size_t len);
ptrdiff_t mio_sys_sock_readv(const mio_io_state *st, const mio_iovec *iov,
                             int iovcnt);
ptrdiff_t mio_sys_sock_write(const mio_io_state *st, const void *buf,
                             size_t len);
ptrdiff_t mio_sys_sock_writev(const mio_io_state *st, const mio_iovec *iov,
                              int iovcnt);
ptrdiff_t mio_sys_send_to(const mio_io_state *st, const void *buf, size_t len,
                          const struct sockaddr *to, socklen_t tolen);
ptrdiff_t mio_sys_recv_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);
ptrdiff_t mio_sys_peek_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);

int mio_sys_setsockopt(const mio_io_state *st, int level, int name,
                       const void *val, socklen_t len);
int mio_sys_take_error(const mio_io_state *st, int *err_out);
int mio_sys_shutdown(const mio_io_state *st, mio_shutdown how);

int mio_sys_ip_local_addr(const mio_io_state *st, struct sockaddr_storage *out,
                          socklen_t *outlen);
int mio_sys_ip_peer_addr(const mio_io_state *st, struct sockaddr_storage *out,
                         socklen_t *outlen);

#endif /* MIO_SYS_WINDOWS_NET_H_ */
