/* TCP stream: thin wrappers over the platform socket layer
 * (mio/sys/net.h) (API.md §11.3).
 */
#include "mio/net/tcp_stream.h"

#include "mio/sys/net.h"

#define ST(s) MIO_IO_STATE_CONST(s)

int mio_tcp_stream_connect(mio_tcp_stream *out, const struct sockaddr *addr,
                           socklen_t addrlen) {
  if (out == NULL) return -MIO_EINVAL;
  intptr_t r = mio_sys_check_ip_addr(addr, addrlen);
  if (r == 0) r = mio_sys_connect_new(SOCK_STREAM, addr, addrlen);
  return mio_sys_state_adopt(MIO_IO_STATE(out), r);
}

int mio_tcp_stream_peer_addr(const mio_tcp_stream *s,
                             struct sockaddr_storage *out, socklen_t *outlen) {
  return mio_sys_ip_peer_addr(ST(s), out, outlen);
}

int mio_tcp_stream_local_addr(const mio_tcp_stream *s,
                              struct sockaddr_storage *out, socklen_t *outlen) {
  return mio_sys_ip_local_addr(ST(s), out, outlen);
}

int mio_tcp_stream_shutdown(const mio_tcp_stream *s, mio_shutdown how) {
  return mio_sys_shutdown(ST(s), how);
}

int mio_tcp_stream_set_nodelay(const mio_tcp_stream *s, bool nodelay) {
  return mio_sys_setsockopt_bool(ST(s), IPPROTO_TCP, TCP_NODELAY, nodelay);
}

int mio_tcp_stream_nodelay(const mio_tcp_stream *s, bool *out) {
  return mio_sys_getsockopt_bool(ST(s), IPPROTO_TCP, TCP_NODELAY, out);
}

int mio_tcp_stream_set_ttl(const mio_tcp_stream *s, uint32_t ttl) {
  return mio_sys_setsockopt_u32(ST(s), IPPROTO_IP, IP_TTL, ttl);
}

int mio_tcp_stream_ttl(const mio_tcp_stream *s, uint32_t *out) {
  return mio_sys_getsockopt_u32(ST(s), IPPROTO_IP, IP_TTL, out);
}

int mio_tcp_stream_take_error(const mio_tcp_stream *s, int *err_out) {
  return mio_sys_take_error(ST(s), err_out);
}

ptrdiff_t mio_tcp_stream_read(const mio_tcp_stream *s, void *buf, size_t len) {
  return mio_sys_sock_read(ST(s), buf, len);
}

ptrdiff_t mio_tcp_stream_readv(const mio_tcp_stream *s, const mio_iovec *iov,
                               int iovcnt) {
  return mio_sys_sock_readv(ST(s), iov, iovcnt);
}

ptrdiff_t mio_tcp_stream_write(const mio_tcp_stream *s, const void *buf,
                               size_t len) {
  return mio_sys_sock_write(ST(s), buf, len);
}

ptrdiff_t mio_tcp_stream_writev(const mio_tcp_stream *s, const mio_iovec *iov,
                                int iovcnt) {
  return mio_sys_sock_writev(ST(s), iov, iovcnt);
}

ptrdiff_t mio_tcp_stream_peek(const mio_tcp_stream *s, void *buf, size_t len) {
  return mio_sys_sock_peek(ST(s), buf, len);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_tcp_stream)
