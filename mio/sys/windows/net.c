/* Winsock socket plumbing (see net.h; behaviour of mio src/sys/windows/net.rs
 * and tcp.rs/udp.rs over Rust std's Winsock calls). Every result goes through
 * mio_io_state_after_io, so would-block re-arms the AFD poll (API.md §7.4). */
#include "mio/sys/net.h"

#include <limits.h>
#include <string.h>

#include "mio/core/error.h"
#include "mio/sys/windows/error_map.h"

/* ---------------------------------------------------------------- winsock */

static INIT_ONCE net__wsa_once = INIT_ONCE_STATIC_INIT;
static int net__wsa_rc;

static BOOL CALLBACK net__wsa_start(PINIT_ONCE once, PVOID param, PVOID *ctx) {
  (void)once, (void)param, (void)ctx;
  WSADATA data;
  int rc = WSAStartup(MAKEWORD(2, 2), &data);
  net__wsa_rc = rc == 0 ? 0 : mio_sys_win_error((unsigned long)rc);
  return TRUE;
}

int mio_sys_winsock_init(void) {
  InitOnceExecuteOnce(&net__wsa_once, net__wsa_start, NULL, NULL);
  return net__wsa_rc;
}

/* ---------------------------------------------------------------- checks */

int mio_sys_check_ip_addr(const struct sockaddr *addr, socklen_t len) {
  if (addr == NULL || len < 0) return -MIO_EINVAL;
  if (addr->sa_family == AF_INET && (size_t)len >= sizeof(struct sockaddr_in)) {
    return 0;
  }
  if (addr->sa_family == AF_INET6 &&
      (size_t)len >= sizeof(struct sockaddr_in6)) {
    return 0;
  }
  return -MIO_EINVAL;
}

static SOCKET net__sock(const mio_io_state *st) { return (SOCKET)st->fd; }

static int net__check_buf(const mio_io_state *st, const void *buf, size_t len) {
  if (buf == NULL && len > 0) return -MIO_EINVAL;
  return mio_sys_check(st);
}

static int net__clamp(size_t len) {
  return len > (size_t)INT_MAX ? INT_MAX : (int)len;
}

/* A Winsock int result (count or SOCKET_ERROR) as a mio result, re-armed. */
static ptrdiff_t net__result(const mio_io_state *st, int r) {
  if (r != SOCKET_ERROR) return r;
  return mio_io_state_after_io(st, mio_sys_wsa_last_error());
}

/* closesocket keeping the caller's error: for failed constructors. */
static intptr_t net__close_with(SOCKET s, int err) {
  closesocket(s);
  return err;
}

/* ------------------------------------------------------ socket creation */

/* A new non-blocking, non-inheritable overlapped socket (API.md §11.7). */
static intptr_t net__socket(int family, int type) {
  int rc = mio_sys_winsock_init();
  if (rc != 0) return rc;
  SOCKET s = WSASocketW(family, type, 0, NULL, 0,
                        WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) return mio_sys_wsa_last_error();
  u_long one = 1;
  if (ioctlsocket(s, FIONBIO, &one) != 0) {
    return net__close_with(s, mio_sys_wsa_last_error());
  }
  return (intptr_t)s;
}

intptr_t mio_sys_bind_new(int type, const struct sockaddr *addr, socklen_t len,
                          bool reuseaddr) {
  intptr_t r = net__socket(addr->sa_family, type);
  if (r < 0) return r;
  SOCKET s = (SOCKET)r;
  BOOL one = TRUE;
  if (reuseaddr && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&one,
                              sizeof one) != 0) {
    return net__close_with(s, mio_sys_wsa_last_error());
  }
  if (bind(s, addr, mio_sys_addr_os_len(addr, len)) != 0) {
    return net__close_with(s, mio_sys_wsa_last_error());
  }
  return r;
}

intptr_t mio_sys_listen_new(const struct sockaddr *addr, socklen_t len,
                            bool reuseaddr, int backlog) {
  intptr_t r = mio_sys_bind_new(SOCK_STREAM, addr, len, reuseaddr);
  if (r < 0) return r;
  if (listen((SOCKET)r, backlog) != 0) {
    return net__close_with((SOCKET)r, mio_sys_wsa_last_error());
  }
  return r;
}

intptr_t mio_sys_listen_new_with(const struct sockaddr *addr, socklen_t len,
                                 const mio_sys_listen_options *o) {
  if (o->reuseport) return -MIO_ENOTSUP;
  intptr_t r = net__socket(addr->sa_family, SOCK_STREAM);
  if (r < 0) return r;
  SOCKET s = (SOCKET)r;
  DWORD v6only = (DWORD)o->v6only;
  BOOL one = TRUE;
  if ((o->reuseaddr && setsockopt(s, SOL_SOCKET, SO_REUSEADDR,
                                  (const char *)&one, sizeof one) != 0) ||
      (o->v6only >= 0 &&
       setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v6only,
                  sizeof v6only) != 0) ||
      bind(s, addr, mio_sys_addr_os_len(addr, len)) != 0 ||
      listen(s, o->backlog) != 0) {
    return net__close_with(s, mio_sys_wsa_last_error());
  }
  return r;
}

intptr_t mio_sys_connect_new(int type, const struct sockaddr *addr,
                             socklen_t len) {
  intptr_t r = net__socket(addr->sa_family, type);
  if (r < 0) return r;
  /* Non-blocking connect: WSAEWOULDBLOCK means in progress (success). */
  if (connect((SOCKET)r, addr, mio_sys_addr_os_len(addr, len)) != 0) {
    int err = mio_sys_wsa_last_error();
    if (err != -MIO_EAGAIN) return net__close_with((SOCKET)r, err);
  }
  return r;
}

int mio_sys_accept_state(const mio_io_state *l, mio_io_state *out,
                         struct sockaddr *peer, socklen_t cap,
                         socklen_t *peerlen) {
  if (out == NULL) return -MIO_EINVAL;
  int r = mio_sys_check(l);
  if (r != 0) {
    mio_io_state_clear(out);
    return r;
  }
  socklen_t n = cap;
  /* The accepted socket inherits non-blocking mode from the listener. It is
   * made non-inheritable explicitly: Wine does not carry the listener's
   * WSA_FLAG_NO_HANDLE_INHERIT over (API.md §11.2: close-on-exec). */
  SOCKET s = accept(net__sock(l), peer, peer != NULL ? &n : NULL);
  intptr_t got = s != INVALID_SOCKET
                     ? (intptr_t)s
                     : mio_io_state_after_io(l, mio_sys_wsa_last_error());
  if (s != INVALID_SOCKET &&
      !SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0)) {
    got = net__close_with(s, mio_sys_win_error(GetLastError()));
  }
  r = mio_sys_state_adopt(out, got);
  if (r == 0 && peerlen != NULL) *peerlen = peer != NULL ? n : 0;
  return r;
}

int mio_sys_connect(const mio_io_state *st, const struct sockaddr *addr,
                    socklen_t len) {
  if (addr == NULL) return -MIO_EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return connect(net__sock(st), addr, mio_sys_addr_os_len(addr, len)) == 0
             ? 0
             : mio_sys_wsa_last_error();
}

/* ------------------------------------------------------------------- I/O */

ptrdiff_t mio_sys_sock_read(const mio_io_state *st, void *buf, size_t len) {
  int r = net__check_buf(st, buf, len);
  if (r != 0) return r;
  return net__result(st, recv(net__sock(st), buf, net__clamp(len), 0));
}

ptrdiff_t mio_sys_sock_peek(const mio_io_state *st, void *buf, size_t len) {
  int r = net__check_buf(st, buf, len);
  if (r != 0) return r;
  return net__result(st, recv(net__sock(st), buf, net__clamp(len), MSG_PEEK));
}

ptrdiff_t mio_sys_sock_write(const mio_io_state *st, const void *buf,
                             size_t len) {
  int r = net__check_buf(st, buf, len);
  if (r != 0) return r;
  return net__result(st, send(net__sock(st), buf, net__clamp(len), 0));
}

/* Copies up to MIO_SYS_IOV_MAX buffers into WSABUFs (lengths clamped to
 * ULONG). Returns the count, or a negative code. */
static int net__wsabufs(const mio_io_state *st, const mio_iovec *iov,
                        int iovcnt, WSABUF *bufs) {
  if (iovcnt < 0 || (iov == NULL && iovcnt > 0)) return -MIO_EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  int n = iovcnt > MIO_SYS_IOV_MAX ? MIO_SYS_IOV_MAX : iovcnt;
  for (int i = 0; i < n; i++) {
    bufs[i].buf = iov[i].iov_base;
    bufs[i].len =
        iov[i].iov_len > ULONG_MAX ? ULONG_MAX : (ULONG)iov[i].iov_len;
  }
  return n;
}

ptrdiff_t mio_sys_sock_readv(const mio_io_state *st, const mio_iovec *iov,
                             int iovcnt) {
  WSABUF bufs[MIO_SYS_IOV_MAX];
  int n = net__wsabufs(st, iov, iovcnt, bufs);
  if (n <= 0) return n;
  DWORD got = 0, flags = 0;
  int r = WSARecv(net__sock(st), bufs, (DWORD)n, &got, &flags, NULL, NULL);
  return r == 0 ? (ptrdiff_t)got : net__result(st, SOCKET_ERROR);
}

ptrdiff_t mio_sys_sock_writev(const mio_io_state *st, const mio_iovec *iov,
                              int iovcnt) {
  WSABUF bufs[MIO_SYS_IOV_MAX];
  int n = net__wsabufs(st, iov, iovcnt, bufs);
  if (n <= 0) return n;
  DWORD sent = 0;
  int r = WSASend(net__sock(st), bufs, (DWORD)n, &sent, 0, NULL, NULL);
  return r == 0 ? (ptrdiff_t)sent : net__result(st, SOCKET_ERROR);
}

ptrdiff_t mio_sys_send_to(const mio_io_state *st, const void *buf, size_t len,
                          const struct sockaddr *to, socklen_t tolen) {
  if (to == NULL) return -MIO_EINVAL;
  int r = net__check_buf(st, buf, len);
  if (r != 0) return r;
  return net__result(st, sendto(net__sock(st), buf, net__clamp(len), 0, to,
                                mio_sys_addr_os_len(to, tolen)));
}

static ptrdiff_t net__recv_from(const mio_io_state *st, void *buf, size_t len,
                                int flags, struct sockaddr *from, socklen_t cap,
                                socklen_t *fromlen) {
  int r = net__check_buf(st, buf, len);
  if (r != 0) return r;
  socklen_t n = cap;
  int got = recvfrom(net__sock(st), buf, net__clamp(len), flags, from,
                     from != NULL ? &n : NULL);
  if (got != SOCKET_ERROR && fromlen != NULL) *fromlen = from != NULL ? n : 0;
  return net__result(st, got);
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
  if (val == NULL) return -MIO_EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return setsockopt(net__sock(st), level, name, val, len) == 0
             ? 0
             : mio_sys_wsa_last_error();
}

/* Winsock options are DWORD/BOOL sized (an int). */
int mio_sys_setsockopt_int(const mio_io_state *st, int level, int name,
                           int value) {
  return mio_sys_setsockopt(st, level, name, &value, sizeof value);
}

int mio_sys_getsockopt_int(const mio_io_state *st, int level, int name,
                           int *out) {
  int r = mio_sys_check(st);
  if (r != 0) return r;
  int v = 0;
  int len = sizeof v;
  if (getsockopt(net__sock(st), level, name, (char *)&v, &len) != 0) {
    return mio_sys_wsa_last_error();
  }
  *out = v;
  return 0;
}

int mio_sys_take_error(const mio_io_state *st, int *err_out) {
  if (err_out == NULL) return -MIO_EINVAL;
  int v = 0;
  int r = mio_sys_getsockopt_int(st, SOL_SOCKET, SO_ERROR, &v);
  if (r == 0) *err_out = mio_sys_win_error((unsigned long)v);
  return r;
}

int mio_sys_shutdown(const mio_io_state *st, mio_shutdown how) {
  int h;
  switch (how) {
    case MIO_SHUTDOWN_READ:
      h = SD_RECEIVE;
      break;
    case MIO_SHUTDOWN_WRITE:
      h = SD_SEND;
      break;
    case MIO_SHUTDOWN_BOTH:
      h = SD_BOTH;
      break;
    default:
      return -MIO_EINVAL;
  }
  int r = mio_sys_check(st);
  if (r != 0) return r;
  return shutdown(net__sock(st), h) == 0 ? 0 : mio_sys_wsa_last_error();
}

/* ------------------------------------------------------------- addresses */

typedef int(WSAAPI *net__name_fn)(SOCKET, struct sockaddr *, int *);

static int net__ip_name(const mio_io_state *st, net__name_fn fn,
                        struct sockaddr_storage *out, socklen_t *outlen) {
  if (out == NULL || outlen == NULL) return -MIO_EINVAL;
  int r = mio_sys_check(st);
  if (r != 0) return r;
  struct sockaddr_storage ss;
  int n = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (fn(net__sock(st), (struct sockaddr *)&ss, &n) != 0) {
    return mio_sys_wsa_last_error();
  }
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
