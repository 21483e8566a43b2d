/* Unix stream: thin wrappers over mio/sys/net.h and unix_common.h
 * (API.md §11.6; mio src/sys/unix/uds/stream.rs). */
#include "mio/net/unix_stream.h"

#include "mio/net/unix_common.h"
#include "mio/sys/net.h"

#define ST(s) MIO_IO_STATE_CONST(s)

/* connect(2) that counts EINPROGRESS as success. */
static int unix_stream__open(const struct sockaddr *addr, socklen_t len) {
  return mio_sys_connect_new(SOCK_STREAM, addr, len);
}

int mio_unix_stream_connect(mio_unix_stream *out, const char *path) {
  return mio_unix_open_path(MIO_IO_STATE(out), path, unix_stream__open);
}

int mio_unix_stream_connect_addr(mio_unix_stream *out,
                                 const struct sockaddr_un *addr,
                                 socklen_t len) {
  return mio_unix_open_addr(MIO_IO_STATE(out), addr, len, unix_stream__open);
}

int mio_unix_stream_pair(mio_unix_stream *a, mio_unix_stream *b) {
  return mio_unix_pair(SOCK_STREAM, MIO_IO_STATE(a), MIO_IO_STATE(b));
}

int mio_unix_stream_local_addr(const mio_unix_stream *s,
                               struct sockaddr_un *out, socklen_t *outlen) {
  return mio_unix_name(ST(s), false, out, outlen);
}

int mio_unix_stream_peer_addr(const mio_unix_stream *s, struct sockaddr_un *out,
                              socklen_t *outlen) {
  return mio_unix_name(ST(s), true, out, outlen);
}

int mio_unix_stream_take_error(const mio_unix_stream *s, int *err_out) {
  return mio_sys_take_error(ST(s), err_out);
}

int mio_unix_stream_shutdown(const mio_unix_stream *s, mio_shutdown how) {
  return mio_sys_shutdown(ST(s), how);
}

ptrdiff_t mio_unix_stream_read(const mio_unix_stream *s, void *buf,
                               size_t len) {
  return mio_sys_sock_read(ST(s), buf, len);
}

ptrdiff_t mio_unix_stream_readv(const mio_unix_stream *s, const mio_iovec *iov,
                                int iovcnt) {
  return mio_sys_sock_readv(ST(s), iov, iovcnt);
}

ptrdiff_t mio_unix_stream_write(const mio_unix_stream *s, const void *buf,
                                size_t len) {
  return mio_sys_sock_write(ST(s), buf, len);
}

ptrdiff_t mio_unix_stream_writev(const mio_unix_stream *s, const mio_iovec *iov,
                                 int iovcnt) {
  return mio_sys_sock_writev(ST(s), iov, iovcnt);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_unix_stream)
