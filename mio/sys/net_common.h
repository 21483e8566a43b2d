/* The socket-layer functions both platforms share (internal).
 *
 * mio/sys/net.h includes this header; what is written here once sits on top
 * of each platform's mio_sys_setsockopt_int / mio_sys_getsockopt_int and
 * mio/sys/os.h. Conventions as in mio/sys/net.h: argument checks first
 * (-MIO_EINVAL), then the closed check (-MIO_EBADF). */
#ifndef MIO_SYS_NET_COMMON_H_
#define MIO_SYS_NET_COMMON_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mio/core/error.h"
#include "mio/core/io_source_internal.h"

/* 0 when `st` is an open object; -MIO_EINVAL for NULL, -MIO_EBADF when
 * closed. */
static inline int mio_sys_check(const mio_io_state *st) {
  if (st == NULL) return -MIO_EINVAL;
  return st->open ? 0 : -MIO_EBADF;
}

/* Options of mio_sys_listen_new_with (mio_tcp_listener_bind_with, checked
 * and defaulted by the caller). */
typedef struct mio_sys_listen_options {
  bool reuseaddr; /* SO_REUSEADDR */
  bool reuseport; /* SO_REUSEPORT (-ENOTSUP where there is none) */
  int v6only;     /* IPV6_V6ONLY: -1 leave, 0 off, 1 on */
  int backlog;    /* > 0 */
} mio_sys_listen_options;

/* Finishes a constructor: `fd_or_err` >= 0 makes *st an open, unregistered
 * owner of that descriptor / SOCKET and returns 0; a negative code leaves *st
 * closed (mio_io_state_clear, API.md §15.1) and is returned. */
int mio_sys_state_adopt(mio_io_state *st, intptr_t fd_or_err);

/* setsockopt/getsockopt of an int-sized option (Winsock's BOOL/DWORD too).
 * Implemented by each platform (unix/net.c, windows/net.c). */
int mio_sys_setsockopt_int(const mio_io_state *st, int level, int name,
                           int value);
int mio_sys_getsockopt_int(const mio_io_state *st, int level, int name,
                           int *out);

/* Typed forms of the int options for the public bool/uint32_t accessors.
 * set_u32 rejects values above INT_MAX with -MIO_EINVAL (the OS takes an
 * int); NULL out -> -MIO_EINVAL. */
int mio_sys_setsockopt_bool(const mio_io_state *st, int level, int name,
                            bool on);
int mio_sys_getsockopt_bool(const mio_io_state *st, int level, int name,
                            bool *out);
int mio_sys_setsockopt_u32(const mio_io_state *st, int level, int name,
                           uint32_t value);
int mio_sys_getsockopt_u32(const mio_io_state *st, int level, int name,
                           uint32_t *out);

/* from_raw_fd: takes ownership without a syscall. -MIO_EINVAL (NULL out),
 * -MIO_EBADF (negative fd / INVALID_SOCKET; *out cleared). */
int mio_sys_from_raw_fd(mio_io_state *out, mio_raw_fd fd);
/* The descriptor; MIO_INVALID_RAW_FD for NULL or closed. */
mio_raw_fd mio_sys_as_raw_fd(const mio_io_state *st);
/* Gives up ownership (API.md §7.6); MIO_INVALID_RAW_FD for NULL or closed. */
mio_raw_fd mio_sys_into_raw_fd(mio_io_state *st);
/* Releases and closes; 0 when closed; -MIO_EINVAL for NULL. */
int mio_sys_close(mio_io_state *st);
/* The registrable source; NULL for NULL. */
mio_source *mio_sys_source(mio_io_state *st);
/* do_io: -MIO_EINVAL (NULL st or fn), -MIO_EBADF (closed; fn not called). */
ptrdiff_t mio_sys_try_io(const mio_io_state *st, mio_io_fn fn, void *ctx);

/* Defines the six ownership wrappers T_from_raw_fd, T_as_raw_fd,
 * T_into_raw_fd, T_close, T_source and T_try_io of value type T (declared in
 * T's public header) over mio_sys_from_raw_fd, _as_raw_fd, _into_raw_fd,
 * _close, _source and _try_io. */
#define MIO_SYS_DEFINE_OWNERSHIP(T)                                            \
  int T##_from_raw_fd(T *out, mio_raw_fd fd) {                                 \
    return mio_sys_from_raw_fd(MIO_IO_STATE(out), fd);                         \
  }                                                                            \
  mio_raw_fd T##_as_raw_fd(const T *obj) {                                     \
    return mio_sys_as_raw_fd(MIO_IO_STATE_CONST(obj));                         \
  }                                                                            \
  mio_raw_fd T##_into_raw_fd(T *obj) {                                         \
    return mio_sys_into_raw_fd(MIO_IO_STATE(obj));                             \
  }                                                                            \
  int T##_close(T *obj) { return mio_sys_close(MIO_IO_STATE(obj)); }           \
  mio_source *T##_source(T *obj) { return mio_sys_source(MIO_IO_STATE(obj)); } \
  ptrdiff_t T##_try_io(const T *obj, mio_io_fn fn, void *ctx) {                \
    return mio_sys_try_io(MIO_IO_STATE_CONST(obj), fn, ctx);                   \
  }

#endif /* MIO_SYS_NET_COMMON_H_ */
