/* Unix datagram: thin wrappers over mio/sys/net.h and unix_common.h
 * (API.md §11.6; mio src/sys/unix/uds/datagram.rs). */
#include "mio/net/unix_datagram.h"

#include <string.h>
#include <sys/socket.h>

#include "mio/net/unix_common.h"
#include "mio/sys/net.h"

#define ST(d) MIO_IO_STATE_CONST(d)

static int unix_datagram__open(const struct sockaddr *addr, socklen_t len) {
  return mio_sys_bind_new(SOCK_DGRAM, addr, len, false);
}

int mio_unix_datagram_bind(mio_unix_datagram *out, const char *path) {
  return mio_unix_open_path(MIO_IO_STATE(out), path, unix_datagram__open);
}

int mio_unix_datagram_bind_addr(mio_unix_datagram *out,
                                const struct sockaddr_un *addr, socklen_t len) {
  return mio_unix_open_addr(MIO_IO_STATE(out), addr, len, unix_datagram__open);
}

int mio_unix_datagram_unbound(mio_unix_datagram *out) {
  if (out == NULL) return -MIO_EINVAL;
  return mio_sys_state_adopt(MIO_IO_STATE(out),
                             mio_sys_socket(AF_UNIX, SOCK_DGRAM));
}

int mio_unix_datagram_pair(mio_unix_datagram *a, mio_unix_datagram *b) {
  return mio_unix_pair(SOCK_DGRAM, MIO_IO_STATE(a), MIO_IO_STATE(b));
}

int mio_unix_datagram_connect(const mio_unix_datagram *d, const char *path) {
  if (d == NULL) return -MIO_EINVAL;
  struct sockaddr_un a;
  socklen_t len = 0;
  int r = mio_unix_addr_from_pathname(&a, &len, path);
  if (r != 0) return r;
  return mio_sys_connect(ST(d), (const struct sockaddr *)&a, len);
}

int mio_unix_datagram_local_addr(const mio_unix_datagram *d,
                                 struct sockaddr_un *out, socklen_t *outlen) {
  return mio_unix_name(ST(d), false, out, outlen);
}

int mio_unix_datagram_peer_addr(const mio_unix_datagram *d,
                                struct sockaddr_un *out, socklen_t *outlen) {
  return mio_unix_name(ST(d), true, out, outlen);
}

ptrdiff_t mio_unix_datagram_send(const mio_unix_datagram *d, const void *buf,
                                 size_t len) {
  return mio_sys_sock_write(ST(d), buf, len);
}

ptrdiff_t mio_unix_datagram_send_to(const mio_unix_datagram *d, const void *buf,
                                    size_t len, const char *path) {
  if (d == NULL) return -MIO_EINVAL;
  struct sockaddr_un a;
  socklen_t alen = 0;
  int r = mio_unix_addr_from_pathname(&a, &alen, path);
  if (r != 0) return r;
  return mio_sys_send_to(ST(d), buf, len, (const struct sockaddr *)&a, alen);
}

ptrdiff_t mio_unix_datagram_recv(const mio_unix_datagram *d, void *buf,
                                 size_t len) {
  return mio_sys_sock_read(ST(d), buf, len);
}

ptrdiff_t mio_unix_datagram_recv_from(const mio_unix_datagram *d, void *buf,
                                      size_t len, struct sockaddr_un *from,
                                      socklen_t *fromlen) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  socklen_t n = 0;
  ptrdiff_t got =
      mio_sys_recv_from(ST(d), buf, len, (struct sockaddr *)&a, sizeof a, &n);
  if (got < 0) return got;
  mio_unix_addr_normalize(&a, &n);
  mio_unix_addr_store(&a, n, from, fromlen);
  return got;
}

int mio_unix_datagram_take_error(const mio_unix_datagram *d, int *err_out) {
  return mio_sys_take_error(ST(d), err_out);
}

int mio_unix_datagram_shutdown(const mio_unix_datagram *d, mio_shutdown how) {
  return mio_sys_shutdown(ST(d), how);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_unix_datagram)
