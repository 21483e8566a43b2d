/* POSIX socket layer (mio/sys/net.h): POSIX.1-2008 calls only; descriptor
 * creation, the one place systems differ, is behind mio/sys/unix/sock_os.h. */
#include "mio/sys/net.h"

#include <limits.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mio/sys/unix/sock_os.h"

/* mio_iovec arrays are handed to readv/writev/sendmsg unchanged. */
_Static_assert(sizeof(mio_iovec) == sizeof(struct iovec), "iovec size");
_Static_assert(offsetof(mio_iovec, iov_base) ==
                   offsetof(struct iovec, iov_base),
               "iovec base");
_Static_assert(offsetof(mio_iovec, iov_len) == offsetof(struct iovec, iov_len),
               "iovec len");

/* ---------------------------------------------------------------- checks */

int mio_sys_check_ip_addr(const struct sockaddr *addr, socklen_t len) {
  if (addr == NULL) return -EINVAL;
  if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
    return 0;
  }
  if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
    return 0;
  }
  return -EINVAL;
}

int mio_sys_iov_max(void) {
  /* sysconf is async-signal-safe and constant for the process: a racing
   * first call stores the same value. */
  static atomic_int cached;
  int n = atomic_load_explicit(&cached, memory_order_relaxed);
  if (n > 0) return n;
  long v = sysconf(_SC_IOV_MAX);
  n = v > 0 && v < INT_MAX ? (int)v : 16; /* _XOPEN_IOV_MAX, the minimum */
  atomic_store_explicit(&cached, n, memory_order_relaxed);
  return n;
}

/* Checks a vector; *n is the count to pass on (buffers past MIO_SYS_IOV_MAX
 * are ignored, as Rust std's max_iov: a short transfer the caller sees in
 * the result). Returns 1 when there is nothing to do (iovcnt == 0), 0 to
 * proceed, or an error. */
static int net__check_iov(const mio_io_state *st, const mio_iovec *iov,
                          int iovcnt, int *n) {
  if (iovcnt < 0 || (iov == NULL && iovcnt > 0)) return -EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  int max = MIO_SYS_IOV_MAX;
  *n = iovcnt > max ? max : iovcnt;
  return iovcnt == 0 ? 1 : 0;
}

/* close(2) that keeps the caller's error: used when a constructor fails. */
static int net__close_with(int fd, int err) {
  close(fd);
  return err;
}

/* ------------------------------------------------------ descriptor creation */

/* EWOULDBLOCK folded into -EAGAIN (they differ on some systems). */
static int net__fold(int r) { return r == -EWOULDBLOCK ? -EAGAIN : r; }

int mio_sys_socket(int domain, int type) {
  return net__fold(mio_sys_os_socket(domain, type));
}

int mio_sys_accept(int fd, struct sockaddr *addr, socklen_t *len) {
  return net__fold(mio_sys_os_accept(fd, addr, len));
}

int mio_sys_bind_new(int type, const struct sockaddr *addr, socklen_t len,
                     bool reuseaddr) {
  int fd = mio_sys_socket(addr->sa_family, type);
  if (fd < 0) return fd;
  int one = 1;
  if (reuseaddr &&
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
    return net__close_with(fd, mio_io_errno());
  }
  if (bind(fd, addr, mio_sys_addr_os_len(addr, len)) != 0) {
    return net__close_with(fd, mio_io_errno());
  }
  return fd;
}

int mio_sys_listen_new(const struct sockaddr *addr, socklen_t len,
                       bool reuseaddr, int backlog) {
  int fd = mio_sys_bind_new(SOCK_STREAM, addr, len, reuseaddr);
  if (fd < 0) return fd;
  if (listen(fd, backlog) != 0) return net__close_with(fd, mio_io_errno());
  return fd;
}

/* An int socket option on a raw fd: 0 or -errno. */
static int net__set_int(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0
             ? 0
             : mio_io_errno();
}

/* The options of `o` that must precede bind(2). */
static int net__listen_options(int fd, const mio_sys_listen_options *o) {
  int r = 0;
  if (o->reuseaddr) r = net__set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
#ifdef SO_REUSEPORT
  if (r == 0 && o->reuseport) r = net__set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
#else
  if (r == 0 && o->reuseport) r = -ENOTSUP;
#endif
  if (r == 0 && o->v6only >= 0) {
    r = net__set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, o->v6only);
  }
  return r;
}

int mio_sys_listen_new_with(const struct sockaddr *addr, socklen_t len,
                            const mio_sys_listen_options *o) {
  int fd = mio_sys_socket(addr->sa_family, SOCK_STREAM);
  if (fd < 0) return fd;
  int r = net__listen_options(fd, o);
  if (r == 0 && bind(fd, addr, mio_sys_addr_os_len(addr, len)) != 0) {
    r = mio_io_errno();
  }
  if (r == 0 && listen(fd, o->backlog) != 0) r = mio_io_errno();
  return r == 0 ? fd : net__close_with(fd, r);
}

int mio_sys_connect_new(int type, const struct sockaddr *addr, socklen_t len) {
  int fd = mio_sys_socket(addr->sa_family, type);
  if (fd < 0) return fd;
  if (connect(fd, addr, mio_sys_addr_os_len(addr, len)) != 0 &&
      errno != EINPROGRESS) {
    return net__close_with(fd, mio_io_errno());
  }
  return fd;
}

/* mio_sys_accept_state with every check and the re-arm (cold). */
__attribute__((cold, noinline)) static int net__accept_checked(
    const mio_io_state *l, mio_io_state *out, struct sockaddr *peer,
    socklen_t cap, socklen_t *peerlen) {
  if (out == NULL) return -EINVAL;
  int r = mio_sys_check(l);
  if (r != 0) {
    mio_io_state_clear(out);
    return r;
  }
  socklen_t n = cap;
  int fd = mio_sys_accept(l->fd, peer, peer != NULL ? &n : NULL);
  if (fd < 0) fd = (int)mio_io_state_after_io(l, fd);
  r = mio_sys_state_adopt(out, fd);
  if (r == 0 && peerlen != NULL) *peerlen = peer != NULL ? n : 0;
  return r;
}

/* accept into `out` with no peer address: only `out` is live across the
 * call. */
__attribute__((noinline)) static int net__accept_no_peer(int fd,
                                                         mio_io_state *out) {
  int c = mio_sys_accept(fd, NULL, NULL);
  if (MIO_UNLIKELY(c < 0)) {
    mio_io_state_clear(out);
    return c;
  }
  mio_io_state_init(out, c);
  return 0;
}

/* accept into `out` with the peer address asked for. */
__attribute__((noinline)) static int net__accept_peer(int fd, mio_io_state *out,
                                                      struct sockaddr *peer,
                                                      socklen_t cap,
                                                      socklen_t *peerlen) {
  socklen_t n = cap;
  int c = mio_sys_accept(fd, peer, peer != NULL ? &n : NULL);
  if (MIO_UNLIKELY(c < 0)) {
    mio_io_state_clear(out);
    return c;
  }
  mio_io_state_init(out, c);
  if (peerlen != NULL) *peerlen = peer != NULL ? n : 0;
  return 0;
}

/* The fast path (issue 15): an open listener with nothing to re-arm, so a
 * failure needs only errno; everything else goes to net__accept_checked.
 * Tail calls only, so no stack frame here. */
int mio_sys_accept_state(const mio_io_state *l, mio_io_state *out,
                         struct sockaddr *peer, socklen_t cap,
                         socklen_t *peerlen) {
  if (MIO_UNLIKELY(out == NULL || l == NULL || l->open != MIO_IO_OPEN)) {
    return net__accept_checked(l, out, peer, cap, peerlen);
  }
  if (peer == NULL && peerlen == NULL) {
    return net__accept_no_peer(l->fd, out);
  }
  return net__accept_peer(l->fd, out, peer, cap, peerlen);
}

int mio_sys_connect(const mio_io_state *st, const struct sockaddr *addr,
                    socklen_t len) {
  if (addr == NULL) return -EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return connect(st->fd, addr, mio_sys_addr_os_len(addr, len)) == 0
             ? 0
             : mio_io_errno();
}

/* ------------------------------------------------------------------- I/O */

ptrdiff_t mio_sys_sock_peek(const mio_io_state *st, void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(st,
                             recv(st->fd, buf, mio_sys_clamp(len), MSG_PEEK));
}

/* The vectored fast path (issue 15): an open state with nothing to re-arm
 * and 1..IOV_MAX buffers; every other case takes the *_checked functions. */
static inline bool net__iov_fast(const mio_io_state *st, const mio_iovec *iov,
                                 int iovcnt) {
  return MIO_LIKELY(st != NULL && iov != NULL && iovcnt > 0 &&
                    iovcnt <= MIO_SYS_IOV_MAX && st->open == MIO_IO_OPEN);
}

static const struct iovec *net__iov(const mio_iovec *iov) {
  return (
      const struct iovec *)(const void *)iov; /* same layout (asserted above) */
}

__attribute__((cold, noinline)) static ptrdiff_t net__sock_writev_checked(
    const mio_io_state *st, const mio_iovec *iov, int iovcnt) {
  int n = 0;
  int r = net__check_iov(st, iov, iovcnt, &n);
  if (r != 0) return r < 0 ? r : 0;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = (struct iovec *)(void *)iov; /* sendmsg does not write it */
  msg.msg_iovlen = (size_t)n;
  return mio_io_state_result(st, sendmsg(st->fd, &msg, MIO_SYS_MSG_NOSIGNAL));
}

__attribute__((cold, noinline)) static ptrdiff_t net__fd_readv_checked(
    const mio_io_state *st, const mio_iovec *iov, int iovcnt) {
  int n = 0;
  int r = net__check_iov(st, iov, iovcnt, &n);
  if (r != 0) return r < 0 ? r : 0;
  return mio_io_state_result(st, readv(st->fd, net__iov(iov), n));
}

__attribute__((cold, noinline)) static ptrdiff_t net__fd_writev_checked(
    const mio_io_state *st, const mio_iovec *iov, int iovcnt) {
  int n = 0;
  int r = net__check_iov(st, iov, iovcnt, &n);
  if (r != 0) return r < 0 ? r : 0;
  return mio_io_state_result(st, writev(st->fd, net__iov(iov), n));
}

ptrdiff_t mio_sys_sock_readv(const mio_io_state *st, const mio_iovec *iov,
                             int iovcnt) {
  /* readv(2) is what Rust's read_vectored uses for sockets too. */
  return mio_sys_fd_readv(st, iov, iovcnt);
}

ptrdiff_t mio_sys_sock_writev(const mio_io_state *st, const mio_iovec *iov,
                              int iovcnt) {
  if (!net__iov_fast(st, iov, iovcnt)) {
    return net__sock_writev_checked(st, iov, iovcnt);
  }
  struct msghdr msg = {0};
  msg.msg_iov = (struct iovec *)(void *)iov; /* sendmsg does not write it */
  msg.msg_iovlen = (size_t)iovcnt;
  return mio_sys_fast_result(sendmsg(st->fd, &msg, MIO_SYS_MSG_NOSIGNAL));
}

ptrdiff_t mio_sys_fd_readv(const mio_io_state *st, const mio_iovec *iov,
                           int iovcnt) {
  if (!net__iov_fast(st, iov, iovcnt)) {
    return net__fd_readv_checked(st, iov, iovcnt);
  }
  return mio_sys_fast_result(readv(st->fd, net__iov(iov), iovcnt));
}

ptrdiff_t mio_sys_fd_writev(const mio_io_state *st, const mio_iovec *iov,
                            int iovcnt) {
  if (!net__iov_fast(st, iov, iovcnt)) {
    return net__fd_writev_checked(st, iov, iovcnt);
  }
  return mio_sys_fast_result(writev(st->fd, net__iov(iov), iovcnt));
}

ptrdiff_t mio_sys_send_to(const mio_io_state *st, const void *buf, size_t len,
                          const struct sockaddr *to, socklen_t tolen) {
  if (to == NULL) return -EINVAL;
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(
      st, sendto(st->fd, buf, mio_sys_clamp(len), MIO_SYS_MSG_NOSIGNAL, to,
                 mio_sys_addr_os_len(to, tolen)));
}

static ptrdiff_t net__recv_from(const mio_io_state *st, void *buf, size_t len,
                                int flags, struct sockaddr *from, socklen_t cap,
                                socklen_t *fromlen) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  socklen_t n = cap;
  ptrdiff_t got = recvfrom(st->fd, buf, mio_sys_clamp(len), flags, from,
                           from != NULL ? &n : NULL);
  if (got >= 0 && fromlen != NULL) *fromlen = from != NULL ? n : 0;
  return mio_io_state_result(st, got);
}

ptrdiff_t mio_sys_recv_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen) {
  return net__recv_from(st, buf, len, 0, from, cap, fromlen);
}

ptrdiff_t mio_sys_peek_from(const mio_io_state *st, void *buf, size_t len,
                            struct sockaddr *from, socklen_t cap,
                            socklen_t *fromlen) {
  return net__recv_from(st, buf, len, MSG_PEEK, from, cap, fromlen);
}

/* --------------------------------------------------------------- options */

int mio_sys_setsockopt(const mio_io_state *st, int level, int name,
                       const void *val, socklen_t len) {
  if (val == NULL) return -EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return setsockopt(st->fd, level, name, val, len) == 0 ? 0 : mio_io_errno();
}

int mio_sys_setsockopt_int(const mio_io_state *st, int level, int name,
                           int value) {
  return mio_sys_setsockopt(st, level, name, &value, sizeof value);
}

int mio_sys_getsockopt_int(const mio_io_state *st, int level, int name,
                           int *out) {
  if (out == NULL) return -EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  int v = 0;
  socklen_t len = sizeof v;
  if (getsockopt(st->fd, level, name, &v, &len) != 0) return mio_io_errno();
  *out = v;
  return 0;
}

int mio_sys_take_error(const mio_io_state *st, int *err_out) {
  if (err_out == NULL) return -EINVAL;
  int v = 0;
  int r = mio_sys_getsockopt_int(st, SOL_SOCKET, SO_ERROR, &v);
  if (r == 0) *err_out = -v;
  return r;
}

int mio_sys_shutdown(const mio_io_state *st, mio_shutdown how) {
  int h;
  switch (how) {
    case MIO_SHUTDOWN_READ:
      h = SHUT_RD;
      break;
    case MIO_SHUTDOWN_WRITE:
      h = SHUT_WR;
      break;
    case MIO_SHUTDOWN_BOTH:
      h = SHUT_RDWR;
      break;
    default:
      return -EINVAL;
  }
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return shutdown(st->fd, h) == 0 ? 0 : mio_io_errno();
}

/* ------------------------------------------------------------- addresses */

typedef int (*net__name_fn)(int, struct sockaddr *, socklen_t *);

static int net__name(const mio_io_state *st, net__name_fn fn,
                     struct sockaddr *out, socklen_t cap, socklen_t *outlen) {
  if (out == NULL || outlen == NULL) return -EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  socklen_t n = cap;
  if (fn(st->fd, out, &n) != 0) return mio_io_errno();
  *outlen = n;
  return 0;
}

int mio_sys_sockname(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen) {
  return net__name(st, getsockname, out, cap, outlen);
}

int mio_sys_peername(const mio_io_state *st, struct sockaddr *out,
                     socklen_t cap, socklen_t *outlen) {
  return net__name(st, getpeername, out, cap, outlen);
}

/* Name of an IP socket; the outputs are only written for an IP address. */
static int net__ip_name(const mio_io_state *st, net__name_fn fn,
                        struct sockaddr_storage *out, socklen_t *outlen) {
  if (out == NULL || outlen == NULL) return -EINVAL;
  struct sockaddr_storage ss;
  socklen_t n = 0;
  int r = net__name(st, fn, (struct sockaddr *)&ss, sizeof ss, &n);
  if (r != 0) return r;
  r = mio_sys_check_ip_addr((const struct sockaddr *)&ss, n);
  if (r != 0) return r;
  memcpy(out, &ss, sizeof ss);
  *outlen = n;
  return 0;
}

int mio_sys_ip_local_addr(const mio_io_state *st, struct sockaddr_storage *out,
                          socklen_t *outlen) {
  return net__ip_name(st, getsockname, out, outlen);
}

int mio_sys_ip_peer_addr(const mio_io_state *st, struct sockaddr_storage *out,
                         socklen_t *outlen) {
  return net__ip_name(st, getpeername, out, outlen);
}

/* ------------------------------------- single-buffer I/O, the checked path
 * What mio_sys_io_fast (net_os.h) sends here: argument errors, a closed state,
 * len 0 and lengths above SSIZE_MAX (clamped). Out of line and cold. */

__attribute__((cold)) ptrdiff_t mio_sys_fd_read_checked(const mio_io_state *st,
                                                        void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(st, read(st->fd, buf, mio_sys_clamp(len)));
}

__attribute__((cold)) ptrdiff_t mio_sys_fd_write_checked(const mio_io_state *st,
                                                         const void *buf,
                                                         size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(st, write(st->fd, buf, mio_sys_clamp(len)));
}

__attribute__((cold)) ptrdiff_t mio_sys_sock_read_checked(
    const mio_io_state *st, void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  if (len == 0) return mio_io_state_result(st, recv(st->fd, buf, 0, 0));
  return mio_io_state_result(st, read(st->fd, buf, mio_sys_clamp(len)));
}

__attribute__((cold)) ptrdiff_t mio_sys_sock_write_checked(
    const mio_io_state *st, const void *buf, size_t len) {
  int r = mio_sys_check_buf(st, buf, len);
  if (r != 0) return r;
  return mio_io_state_result(
      st, send(st->fd, buf, mio_sys_clamp(len), MIO_SYS_MSG_NOSIGNAL));
}
