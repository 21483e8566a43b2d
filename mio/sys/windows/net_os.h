/* Winsock's part of mio/sys/net.h (internal; include mio/sys/net.h).
 *
 * Sockets are WSASocketW(..., WSA_FLAG_OVERLAPPED |
 * WSA_FLAG_NO_HANDLE_INHERIT) + FIONBIO (API.md §11.7), with Winsock started
 * once, lazily; results are mio codes mapped from WSA errors (API.md §2.1). */
#ifndef MIO_SYS_WINDOWS_NET_OS_H_
#define MIO_SYS_WINDOWS_NET_OS_H_

#include <stddef.h>
#include <stdint.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#include "mio/core/io_source_internal.h"

/* A new SOCKET (as intptr_t) or a negative mio code. */
typedef intptr_t mio_sys_fd_or_err;

/* Never SO_REUSEADDR on Windows: there it allows stealing a bound port
 * (API.md §11.2). */
#define MIO_SYS_LISTENER_REUSEADDR false

/* Vectored I/O uses at most this many buffers (Windows has no IOV_MAX). */
#define MIO_SYS_IOV_MAX 1024

/* Starts Winsock 2.2 once per process (thread-safe; WSACleanup is never
 * called). 0 or a mio code. */
int mio_sys_winsock_init(void);

/* Single-buffer stream I/O (contracts in mio/sys/net.h). */
ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf, size_t len);
ptrdiff_t mio_sys_sock_write(const mio_io_state *st, const void *buf,
                             size_t len);

#endif /* MIO_SYS_WINDOWS_NET_OS_H_ */
