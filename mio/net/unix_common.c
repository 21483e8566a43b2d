/* Unix-domain socket plumbing (see unix_common.h). */
#include "mio/net/unix_common.h"

#include <errno.h>
#include <string.h>

#include "mio/net/addr.h"
#include "mio/sys/net.h"
#include "mio/sys/unix/sock_os.h"

#define UNIX__OFF ((socklen_t)offsetof(struct sockaddr_un, sun_path))
#define UNIX__CAP sizeof(((struct sockaddr_un *)0)->sun_path)

int mio_unix_check_addr(const struct sockaddr_un *a, socklen_t len) {
  if (a == NULL || a->sun_family != AF_UNIX || len < UNIX__OFF ||
      len > (socklen_t)sizeof *a) {
    return -EINVAL;
  }
  return 0;
}

int mio_unix_open_addr(mio_io_state *out, const struct sockaddr_un *addr,
                       socklen_t len, mio_unix_open_fn open_fn) {
  if (out == NULL) return -EINVAL;
  int r = mio_unix_check_addr(addr, len);
  if (r == 0) r = open_fn((const struct sockaddr *)addr, len);
  return mio_sys_state_adopt(out, r);
}

int mio_unix_open_path(mio_io_state *out, const char *path,
                       mio_unix_open_fn open_fn) {
  if (out == NULL) return -EINVAL;
  struct sockaddr_un a;
  socklen_t len = 0;
  int r = mio_unix_addr_from_pathname(&a, &len, path);
  if (r != 0) return mio_sys_state_adopt(out, r);
  return mio_unix_open_addr(out, &a, len, open_fn);
}

void mio_unix_addr_normalize(struct sockaddr_un *a, socklen_t *len) {
  if (*len > (socklen_t)sizeof *a) *len = sizeof *a;
  if (*len < UNIX__OFF) {
    a->sun_family = AF_UNIX;
    *len = UNIX__OFF;
  }
  switch (mio_unix_addr_kind_of(a, *len)) {
    case MIO_UNIX_ADDR_UNNAMED:
      *len = UNIX__OFF;
      break;
    case MIO_UNIX_ADDR_PATHNAME: {
      const char *p = NULL;
      size_t n = mio_unix_addr_pathname(a, *len, &p);
      /* A full sun_path has no room for the NUL; otherwise count one. */
      if (n < UNIX__CAP) a->sun_path[n] = '\0';
      *len = UNIX__OFF + (socklen_t)(n < UNIX__CAP ? n + 1 : n);
      break;
    }
    case MIO_UNIX_ADDR_ABSTRACT:
      break; /* every byte is part of the name */
  }
}

int mio_unix_name(const mio_io_state *st, bool peer, struct sockaddr_un *out,
                  socklen_t *outlen) {
  if (out == NULL || outlen == NULL) return -EINVAL;
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  socklen_t n = 0;
  int r = peer ? mio_sys_peername(st, (struct sockaddr *)&a, sizeof a, &n)
               : mio_sys_sockname(st, (struct sockaddr *)&a, sizeof a, &n);
  if (r != 0) return r;
  /* n == 0 (nothing written) is a valid unnamed answer on some systems. */
  if (n >= (socklen_t)sizeof(sa_family_t) && a.sun_family != AF_UNIX) {
    return -EINVAL;
  }
  mio_unix_addr_normalize(&a, &n);
  memcpy(out, &a, sizeof a);
  *outlen = n;
  return 0;
}

int mio_unix_pair(int type, mio_io_state *a, mio_io_state *b) {
  if (a == NULL || b == NULL) {
    if (a != NULL) mio_io_state_clear(a);
    if (b != NULL) mio_io_state_clear(b);
    return -EINVAL;
  }
  int fds[2];
  int e = mio_sys_os_socketpair(type, fds);
  if (e != 0) {
    mio_sys_state_adopt(b, e);
    return mio_sys_state_adopt(a, e);
  }
  mio_sys_state_adopt(a, fds[0]);
  return mio_sys_state_adopt(b, fds[1]);
}

void mio_unix_addr_store(const struct sockaddr_un *a, socklen_t len,
                         struct sockaddr_un *out, socklen_t *outlen) {
  if (out != NULL) memcpy(out, a, sizeof *a);
  if (outlen != NULL) *outlen = out != NULL ? len : 0;
}
