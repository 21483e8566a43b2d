/* The socket layer under mio/net (internal): one declaration of it for every
 * OS family. mio/net/{tcp,udp,unix}_*.c and mio/sys/pipe.c are thin
 * wrappers: each public function forwards MIO_IO_STATE(obj) to one function
 * here, so the argument rules of API.md §2 (NULL -> -EINVAL, closed -> -EBADF
 * without a system call), descriptor creation (§11.7) and re-arming after
 * would-block (§7.4, via mio_io_state_result) are written once.
 *
 * Implementations: mio/sys/unix/net.c (POSIX; its per-OS descriptor calls in
 * mio/sys/unix/sock_os.h) and mio/sys/windows/net.c (Winsock). Each family's
 * part of this header (mio/sys/unix/net_os.h, mio/sys/windows/net_os.h)
 * brings its system headers, its constants and the single-buffer I/O calls,
 * which are inline on POSIX (an event loop makes one per message).
 *
 * Conventions: every function returns >= 0 or a negative MIO_E* code
 * (EWOULDBLOCK folded into -EAGAIN; on Windows mapped from WSA errors, API.md
 * §2.1). Argument checks come first (NULL state or required pointer, negative
 * iovcnt, unknown enum -> -EINVAL), then the closed check (-EBADF).
 * Functions over a `const mio_io_state *` are safe to call concurrently with
 * each other; the constructors and the release functions are exclusive. */
#ifndef MIO_SYS_NET_H_
#define MIO_SYS_NET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/io_source_internal.h"
#include "mio/net/shutdown.h"
#include "mio/sys/net_common.h"

#if defined(_WIN32)
#include "mio/sys/windows/net_os.h"
#else
#include "mio/sys/unix/net_os.h"
#endif

/* ---------------------------------------------------------------- checks */

/* 0 for AF_INET/AF_INET6 with `len` >= that struct's size, else -EINVAL. */
int mio_sys_check_ip_addr(const struct sockaddr *addr, socklen_t len);

/* The length to hand the OS for a checked address: an IP family's own struct
 * size, since API.md §11.1 accepts any addrlen >= it (a whole
 * sockaddr_storage, or more) while kernels reject lengths above their largest
 * address; any other family's length unchanged. */
static inline socklen_t mio_sys_addr_os_len(const struct sockaddr *addr,
                                            socklen_t len) {
  if (addr->sa_family == AF_INET &&
      len > (socklen_t)sizeof(struct sockaddr_in)) {
    return (socklen_t)sizeof(struct sockaddr_in);
  }
  if (addr->sa_family == AF_INET6 &&
      len > (socklen_t)sizeof(struct sockaddr_in6)) {
    return (socklen_t)sizeof(struct sockaddr_in6);
  }
  return len;
}

/* ------------------------------------------------------ descriptor creation
 * Constructors return the new descriptor / SOCKET (mio_sys_fd_or_err) or a
 * negative code; on failure nothing stays open. No address validation. */

/* New socket of addr's family, optionally SO_REUSEADDR, bound to `addr`. */
mio_sys_fd_or_err mio_sys_bind_new(int type, const struct sockaddr *addr,
                                   socklen_t len, bool reuseaddr);

/* mio_sys_bind_new(SOCK_STREAM) + listen(backlog). */
mio_sys_fd_or_err mio_sys_listen_new(const struct sockaddr *addr, socklen_t len,
                                     bool reuseaddr, int backlog);

/* mio_sys_listen_new with SO_REUSEPORT / IPV6_V6ONLY set before bind as `o`
 * says (reuseport is -MIO_ENOTSUP where the OS has no SO_REUSEPORT). */
mio_sys_fd_or_err mio_sys_listen_new_with(const struct sockaddr *addr,
                                          socklen_t len,
                                          const mio_sys_listen_options *o);

/* New socket of addr's family connected (non-blocking) to `addr`; "in
 * progress" counts as success. */
mio_sys_fd_or_err mio_sys_connect_new(int type, const struct sockaddr *addr,
                                      socklen_t len);

/* Accepts on listener `l` into *out (cleared on failure). `peer` (capacity
 * `cap`) and `peerlen` are each optional outputs. -EAGAIN re-arms `l`.
 * Errors: -EINVAL (NULL l/out), -EBADF (l closed), accept's code. */
int mio_sys_accept_state(const mio_io_state *l, mio_io_state *out,
                         struct sockaddr *peer, socklen_t cap,
                         socklen_t *peerlen);

/* connect(2) on an existing socket (datagram connect). The OS code as is. */
int mio_sys_connect(const mio_io_state *st, const struct sockaddr *addr,
                    socklen_t len);

/* ------------------------------------------------------------------- I/O
 * Single-buffer lengths are clamped to the OS maximum (SSIZE_MAX, INT_MAX
 * on Winsock); a NULL buffer with a non-zero length is -EINVAL. Vectored
 * calls: iovcnt < 0 -> -EINVAL, 0 -> 0, and buffers past MIO_SYS_IOV_MAX are
 * ignored (a short transfer, as Rust std's read/write_vectored).
 * Stream sockets (and datagram send/recv/peek): mio_sys_sock_read and
 * mio_sys_sock_write are in the family's part; sends never raise SIGPIPE (a
 * closed peer gives -EPIPE). */
ptrdiff_t mio_sys_sock_peek(const mio_io_state *st, void *buf, size_t len);
ptrdiff_t mio_sys_sock_readv(const mio_io_state *st, const mio_iovec *iov,
                             int iovcnt);
ptrdiff_t mio_sys_sock_writev(const mio_io_state *st, const mio_iovec *iov,
                              int iovcnt);

/* Datagrams. `to` is required (validated by the caller for its family).
 * recv_from/peek_from: `from` (capacity `cap`) and `fromlen` are each
 * optional outputs; *fromlen is the kernel's address length. */
ptrdiff_t mio_sys_send_to(const mio_io_state *st, const void *buf, size_t len,
                          const struct sockaddr *to, socklen_t tolen);
ptrdiff_t mio_sys_recv_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);
ptrdiff_t mio_sys_peek_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen);

/* --------------------------------------------------------------- options */

/* Raw setsockopt on an open state (NULL val -> -EINVAL). (int and typed
 * bool/uint32_t forms: net_common.h.) */
int mio_sys_setsockopt(const mio_io_state *st, int level, int name,
                       const void *val, socklen_t len);

/* SO_ERROR (clears it): returns 0 and sets *err_out to 0 or -pending code;
 * negative only when the query fails (or -EINVAL/-EBADF). */
int mio_sys_take_error(const mio_io_state *st, int *err_out);

/* shutdown(2) with MIO_SHUTDOWN_* mapped to SHUT_*; unknown how -> -EINVAL. */
int mio_sys_shutdown(const mio_io_state *st, mio_shutdown how);

/* ------------------------------------------------------------- addresses */

/* getsockname/getpeername of an IP socket: any other family -> -EINVAL
 * (API.md §11.1); the outputs are only written for an IP address. */
int mio_sys_ip_local_addr(const mio_io_state *st, struct sockaddr_storage *out,
                          socklen_t *outlen);
int mio_sys_ip_peer_addr(const mio_io_state *st, struct sockaddr_storage *out,
                         socklen_t *outlen);

/* Ownership (from_raw_fd ... try_io): net_common.h. */

#endif /* MIO_SYS_NET_H_ */
