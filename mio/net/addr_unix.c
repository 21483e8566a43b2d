/* Unix-domain address encoding (std::os::unix::net::SocketAddr), API.md
 * §11.5. POSIX only. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "mio/core/error.h"
#include "mio/net/addr.h"
#include "mio/sys/unix/sock_os.h"

/* -------------------------------------------------- Unix-domain addresses */

#define ADDR__SUN_OFF ((socklen_t)offsetof(struct sockaddr_un, sun_path))
#define ADDR__SUN_CAP sizeof(((struct sockaddr_un *)0)->sun_path)

int mio_unix_addr_from_pathname(struct sockaddr_un *out, socklen_t *outlen,
                                const char *path) {
  if (out == NULL || outlen == NULL || path == NULL) return -MIO_EINVAL;
  /* std's sockaddr_un(): the path and its NUL must fit sun_path. */
  size_t n = strlen(path);
  if (n >= ADDR__SUN_CAP) return -MIO_EINVAL;
  memset(out, 0, sizeof *out);
  out->sun_family = AF_UNIX;
  memcpy(out->sun_path, path, n);
  /* "" is the unnamed address: no NUL counted, so Linux autobinds. */
  *outlen = ADDR__SUN_OFF + (socklen_t)(n == 0 ? 0 : n + 1);
  return 0;
}

int mio_unix_addr_from_abstract_name(struct sockaddr_un *out, socklen_t *outlen,
                                     const void *name, size_t len) {
  if (out == NULL || outlen == NULL || (name == NULL && len > 0)) {
    return -MIO_EINVAL;
  }
  /* Abstract names are Linux's (and Android's) alone. */
  if (!mio_sys_os_has_abstract_unix_names) return -MIO_ENOTSUP;
  /* The leading NUL and the name must fit; `len + 1` could wrap. */
  if (len >= ADDR__SUN_CAP) return -MIO_EINVAL;
  memset(out, 0, sizeof *out);
  out->sun_family = AF_UNIX;
  if (len > 0) memcpy(out->sun_path + 1, name, len);
  *outlen = ADDR__SUN_OFF + 1 + (socklen_t)len;
  return 0;
}

mio_unix_addr_kind mio_unix_addr_kind_of(const struct sockaddr_un *a,
                                         socklen_t len) {
  if (a == NULL || len <= ADDR__SUN_OFF) return MIO_UNIX_ADDR_UNNAMED;
  if (a->sun_path[0] != '\0') return MIO_UNIX_ADDR_PATHNAME;
  /* Elsewhere a leading NUL is the zero-filled unnamed form (macOS returns
   * 16 bytes of zeros); only Linux has abstract names. */
  return mio_sys_os_has_abstract_unix_names ? MIO_UNIX_ADDR_ABSTRACT
                                            : MIO_UNIX_ADDR_UNNAMED;
}

/* The bytes of sun_path covered by `len`, clamped to the struct. */
static size_t addr__sun_bytes(socklen_t len) {
  size_t n = (size_t)(len - ADDR__SUN_OFF);
  return n > ADDR__SUN_CAP ? ADDR__SUN_CAP : n;
}

size_t mio_unix_addr_pathname(const struct sockaddr_un *a, socklen_t len,
                              const char **path) {
  if (mio_unix_addr_kind_of(a, len) != MIO_UNIX_ADDR_PATHNAME) return 0;
  /* Up to the first NUL: the kernel may or may not count the terminator,
   * and a full 108-byte path has none. */
  size_t n = strnlen(a->sun_path, addr__sun_bytes(len));
  if (path != NULL) *path = a->sun_path;
  return n;
}

size_t mio_unix_addr_abstract_name(const struct sockaddr_un *a, socklen_t len,
                                   const char **name) {
  if (mio_unix_addr_kind_of(a, len) != MIO_UNIX_ADDR_ABSTRACT) return 0;
  if (name != NULL) *name = a->sun_path + 1;
  return addr__sun_bytes(len) - 1;
}
