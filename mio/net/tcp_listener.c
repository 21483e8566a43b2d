/* TCP listener: thin wrappers over the platform socket layer
 * (mio/sys/net.h) (API.md §11.2).
 */
#include "mio/net/tcp_listener.h"

#include "mio/sys/net.h"

#define ST(l) MIO_IO_STATE_CONST(l)

/* mio's backlog (src/net/tcp/listener.rs: listen(1024)); the kernel clamps
 * it to its own maximum (somaxconn on Linux). */
enum { TCP_LISTENER__BACKLOG = 1024 };

int mio_tcp_listener_bind(mio_tcp_listener *out, const struct sockaddr *addr,
                          socklen_t addrlen) {
  if (out == NULL) return -MIO_EINVAL;
  intptr_t r = mio_sys_check_ip_addr(addr, addrlen);
  if (r == 0) {
    r = mio_sys_listen_new(addr, addrlen, MIO_SYS_LISTENER_REUSEADDR,
                           TCP_LISTENER__BACKLOG);
  }
  return mio_sys_state_adopt(MIO_IO_STATE(out), r);
}

/* The listener options checked, with defaults filled in: 0 or -EINVAL. */
static int tcp_listener__options(const struct sockaddr *addr,
                                 const mio_tcp_listen_options *in,
                                 mio_sys_listen_options *out) {
  if (in->backlog < 0) return -MIO_EINVAL;
  if (in->v6only != MIO_V6ONLY_DEFAULT && in->v6only != MIO_V6ONLY_ON &&
      in->v6only != MIO_V6ONLY_OFF) {
    return -MIO_EINVAL;
  }
  if (in->v6only != MIO_V6ONLY_DEFAULT && addr->sa_family != AF_INET6) {
    return -MIO_EINVAL;
  }
  out->reuseaddr = MIO_SYS_LISTENER_REUSEADDR;
  out->reuseport = in->reuseport;
  out->v6only = in->v6only == MIO_V6ONLY_DEFAULT ? -1
                : in->v6only == MIO_V6ONLY_ON    ? 1
                                                 : 0;
  out->backlog = in->backlog != 0 ? in->backlog : TCP_LISTENER__BACKLOG;
  return 0;
}

int mio_tcp_listener_bind_with(mio_tcp_listener *out,
                               const struct sockaddr *addr, socklen_t addrlen,
                               const mio_tcp_listen_options *opts) {
  if (opts == NULL) return mio_tcp_listener_bind(out, addr, addrlen);
  if (out == NULL) return -MIO_EINVAL;
  mio_sys_listen_options o;
  intptr_t r = mio_sys_check_ip_addr(addr, addrlen);
  if (r == 0) r = tcp_listener__options(addr, opts, &o);
  if (r == 0) r = mio_sys_listen_new_with(addr, addrlen, &o);
  return mio_sys_state_adopt(MIO_IO_STATE(out), r);
}

int mio_tcp_listener_accept(const mio_tcp_listener *l, mio_tcp_stream *out,
                            struct sockaddr_storage *peer, socklen_t *peerlen) {
  return mio_sys_accept_state(ST(l), MIO_IO_STATE(out), (struct sockaddr *)peer,
                              sizeof *peer, peerlen);
}

int mio_tcp_listener_local_addr(const mio_tcp_listener *l,
                                struct sockaddr_storage *out,
                                socklen_t *outlen) {
  return mio_sys_ip_local_addr(ST(l), out, outlen);
}

int mio_tcp_listener_set_ttl(const mio_tcp_listener *l, uint32_t ttl) {
  return mio_sys_setsockopt_u32(ST(l), IPPROTO_IP, IP_TTL, ttl);
}

int mio_tcp_listener_ttl(const mio_tcp_listener *l, uint32_t *out) {
  return mio_sys_getsockopt_u32(ST(l), IPPROTO_IP, IP_TTL, out);
}

int mio_tcp_listener_take_error(const mio_tcp_listener *l, int *err_out) {
  return mio_sys_take_error(ST(l), err_out);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_tcp_listener)
