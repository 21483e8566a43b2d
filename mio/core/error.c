/* Error messages and backend names. One X-macro table feeds mio_strerror, so
 * adding a code is one line. Messages are fixed strings (strerror(3) is not
 * guaranteed thread-safe). mio_last_error is per platform (mio/sys/os.h). */
#include "mio/core/error.h"

#include <limits.h>
#include <stddef.h>

#define MIO__ERRNO_MESSAGES(X)                                \
  X(EAGAIN, "Resource temporarily unavailable")               \
  X(EINTR, "Interrupted system call")                         \
  X(EINVAL, "Invalid argument")                               \
  X(EEXIST, "File exists")                                    \
  X(ENOENT, "No such file or directory")                      \
  X(ENOMEM, "Cannot allocate memory")                         \
  X(EBADF, "Bad file descriptor")                             \
  X(EALREADY, "Operation already in progress")                \
  X(EINPROGRESS, "Operation now in progress")                 \
  X(ENOTCONN, "Transport endpoint is not connected")          \
  X(EISCONN, "Transport endpoint is already connected")       \
  X(ECONNREFUSED, "Connection refused")                       \
  X(ECONNRESET, "Connection reset by peer")                   \
  X(ECONNABORTED, "Software caused connection abort")         \
  X(EPIPE, "Broken pipe")                                     \
  X(EADDRINUSE, "Address already in use")                     \
  X(EADDRNOTAVAIL, "Cannot assign requested address")         \
  X(EAFNOSUPPORT, "Address family not supported by protocol") \
  X(EDESTADDRREQ, "Destination address required")             \
  X(EMSGSIZE, "Message too long")                             \
  X(ENOBUFS, "No buffer space available")                     \
  X(ENOPROTOOPT, "Protocol not available")                    \
  X(ENOTSOCK, "Socket operation on non-socket")               \
  X(ENOTSUP, "Operation not supported")                       \
  X(ETIMEDOUT, "Connection timed out")                        \
  X(EHOSTUNREACH, "No route to host")                         \
  X(ENETUNREACH, "Network is unreachable")                    \
  X(EACCES, "Permission denied")                              \
  X(EPERM, "Operation not permitted")                         \
  X(EMFILE, "Too many open files")                            \
  X(ENFILE, "Too many open files in system")                  \
  X(ENOSYS, "Function not implemented")                       \
  X(ENAMETOOLONG, "File name too long")                       \
  X(ECANCELED, "Operation canceled")                          \
  X(EIO, "Input/output error")

const char *mio_strerror(int code) {
  /* INT_MIN has no positive counterpart (and is no errno): unknown. */
  if (code == INT_MIN) return "Unknown error";
  if (code < 0) code = -code;
  switch (code) {
    case 0:
      return "Success";
#define MIO__CASE(name, text) \
  case MIO_##name:            \
    return text;
      MIO__ERRNO_MESSAGES(MIO__CASE)
#undef MIO__CASE
#if MIO_EOPNOTSUPP != MIO_ENOTSUP
    /* Linux has EOPNOTSUPP == ENOTSUP (one case above); the UCRT values
     * on Windows differ (130, 129): EOPNOTSUPP needs its own case. */
    case MIO_EOPNOTSUPP:
      return "Operation not supported on socket";
#endif
    default:
      return "Unknown error";
  }
}

const char *mio_backend_name(mio_backend b) {
  switch (b) {
    case MIO_BACKEND_EPOLL:
      return "epoll";
    case MIO_BACKEND_KQUEUE:
      return "kqueue";
    case MIO_BACKEND_EVENT_PORTS:
      return "event_ports";
    case MIO_BACKEND_POLL:
      return "poll";
    case MIO_BACKEND_IOCP:
      return "iocp";
    case MIO_BACKEND_IO_URING:
      return "io_uring";
    case MIO_BACKEND_NONE:
    default:
      return "none";
  }
}
