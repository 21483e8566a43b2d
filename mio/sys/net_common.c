/* Socket-layer functions shared by both platforms (see net_common.h). */
#include "mio/sys/net_common.h"

#include <limits.h>

#include "mio/sys/os.h"

int mio_sys_state_adopt(mio_io_state *st, intptr_t fd_or_err) {
  mio_io_state_clear(st);
  if (fd_or_err < 0) return (int)fd_or_err;
  mio_io_state_init(st, (mio_raw_fd)fd_or_err);
  return 0;
}

int mio_sys_setsockopt_bool(const mio_io_state *st, int level, int name,
                            bool on) {
  return mio_sys_setsockopt_int(st, level, name, on ? 1 : 0);
}

int mio_sys_getsockopt_bool(const mio_io_state *st, int level, int name,
                            bool *out) {
  if (out == NULL) return -MIO_EINVAL;
  int v = 0;
  int r = mio_sys_getsockopt_int(st, level, name, &v);
  if (r == 0) *out = v != 0;
  return r;
}

int mio_sys_setsockopt_u32(const mio_io_state *st, int level, int name,
                           uint32_t value) {
  if (value > (uint32_t)INT_MAX) return -MIO_EINVAL;
  return mio_sys_setsockopt_int(st, level, name, (int)value);
}

int mio_sys_getsockopt_u32(const mio_io_state *st, int level, int name,
                           uint32_t *out) {
  if (out == NULL) return -MIO_EINVAL;
  int v = 0;
  int r = mio_sys_getsockopt_int(st, level, name, &v);
  if (r == 0) *out = (uint32_t)v;
  return r;
}

int mio_sys_from_raw_fd(mio_io_state *out, mio_raw_fd fd) {
  if (out == NULL) return -MIO_EINVAL;
  return mio_sys_state_adopt(
      out, mio_sys_raw_fd_valid(fd) ? (intptr_t)fd : -MIO_EBADF);
}

mio_raw_fd mio_sys_as_raw_fd(const mio_io_state *st) {
  return mio_sys_check(st) == 0 ? st->fd : MIO_INVALID_RAW_FD;
}

mio_raw_fd mio_sys_into_raw_fd(mio_io_state *st) {
  return mio_io_state_into_raw_fd(st); /* NULL/closed: MIO_INVALID_RAW_FD */
}

int mio_sys_close(mio_io_state *st) {
  return st != NULL ? mio_io_state_close(st) : -MIO_EINVAL;
}

mio_source *mio_sys_source(mio_io_state *st) {
  return st != NULL ? mio_io_state_source(st) : NULL;
}

ptrdiff_t mio_sys_try_io(const mio_io_state *st, mio_io_fn fn, void *ctx) {
  return mio_io_state_do_io(st, fn, ctx); /* checks NULL, fn, closed */
}
