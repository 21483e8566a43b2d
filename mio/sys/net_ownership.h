/* The ownership wrappers every socket type shares (internal). Both platform
 * socket layers (mio/sys/unix/net.h, mio/sys/windows/net.h) declare the
 * mio_sys_* functions this macro forwards to. */
#ifndef MIO_SYS_NET_OWNERSHIP_H_
#define MIO_SYS_NET_OWNERSHIP_H_

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

#endif /* MIO_SYS_NET_OWNERSHIP_H_ */
