/* Unix listener: thin wrappers over mio/sys/net.h and unix_common.h
 * (API.md §11.6; mio src/sys/unix/uds/listener.rs). */
#include "mio/net/unix_listener.h"

#include <string.h>
#include <sys/socket.h>

#include "mio/net/unix_common.h"
#include "mio/sys/net.h"
#include "mio/sys/unix/sock_os.h"

#define ST(l) MIO_IO_STATE_CONST(l)

/* bind + listen with the system's maximum backlog, as Rust std's
 * UnixListener::bind (API.md §11.6; mio_sys_os_max_backlog). The library
 * never unlinks the path. */
static int unix_listener__open(const struct sockaddr *addr, socklen_t len) {
  return mio_sys_listen_new(addr, len, false, mio_sys_os_max_backlog);
}

int mio_unix_listener_bind(mio_unix_listener *out, const char *path) {
  return mio_unix_open_path(MIO_IO_STATE(out), path, unix_listener__open);
}

int mio_unix_listener_bind_addr(mio_unix_listener *out,
                                const struct sockaddr_un *addr, socklen_t len) {
  return mio_unix_open_addr(MIO_IO_STATE(out), addr, len, unix_listener__open);
}

int mio_unix_listener_accept(const mio_unix_listener *l, mio_unix_stream *out,
                             struct sockaddr_un *peer, socklen_t *peerlen) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  socklen_t n = 0;
  int r = mio_sys_accept_state(ST(l), MIO_IO_STATE(out), (struct sockaddr *)&a,
                               sizeof a, &n);
  if (r != 0) return r;
  mio_unix_addr_normalize(&a, &n);
  mio_unix_addr_store(&a, n, peer, peerlen);
  return 0;
}

int mio_unix_listener_local_addr(const mio_unix_listener *l,
                                 struct sockaddr_un *out, socklen_t *outlen) {
  return mio_unix_name(ST(l), false, out, outlen);
}

int mio_unix_listener_take_error(const mio_unix_listener *l, int *err_out) {
  return mio_sys_take_error(ST(l), err_out);
}

MIO_SYS_DEFINE_OWNERSHIP(mio_unix_listener)
