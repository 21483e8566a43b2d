/* mio-c error codes.
 *
 * Every `int` function returns 0 or a negative code; every I/O function returns
 * a byte count >= 0 or a negative code. Codes are written -MIO_Exxx. errno is
 * never the reporting channel and its value after a mio call is unspecified.
 *
 * POSIX: MIO_Exxx == Exxx, and any other -errno from the OS is passed through
 * unchanged. EWOULDBLOCK is always reported as -MIO_EAGAIN. */
#ifndef MIO_CORE_ERROR_H_
#define MIO_CORE_ERROR_H_

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "mio/core/platform.h"

MIO_EXTERN_C_BEGIN

#ifndef _WIN32
#define MIO_EAGAIN EAGAIN
#define MIO_EWOULDBLOCK EAGAIN
#define MIO_EINTR EINTR
#define MIO_EINVAL EINVAL
#define MIO_EEXIST EEXIST
#define MIO_ENOENT ENOENT
#define MIO_ENOMEM ENOMEM
#define MIO_EBADF EBADF
#define MIO_EALREADY EALREADY
#define MIO_EINPROGRESS EINPROGRESS
#define MIO_ENOTCONN ENOTCONN
#define MIO_EISCONN EISCONN
#define MIO_ECONNREFUSED ECONNREFUSED
#define MIO_ECONNRESET ECONNRESET
#define MIO_ECONNABORTED ECONNABORTED
#define MIO_EPIPE EPIPE
#define MIO_EADDRINUSE EADDRINUSE
#define MIO_EADDRNOTAVAIL EADDRNOTAVAIL
#define MIO_EAFNOSUPPORT EAFNOSUPPORT
#define MIO_EDESTADDRREQ EDESTADDRREQ
#define MIO_EMSGSIZE EMSGSIZE
#define MIO_ENOBUFS ENOBUFS
#define MIO_ENOPROTOOPT ENOPROTOOPT
#define MIO_ENOTSOCK ENOTSOCK
#define MIO_ENOTSUP ENOTSUP
#define MIO_EOPNOTSUPP EOPNOTSUPP
#define MIO_ETIMEDOUT ETIMEDOUT
#define MIO_EHOSTUNREACH EHOSTUNREACH
#define MIO_ENETUNREACH ENETUNREACH
#define MIO_EACCES EACCES
#define MIO_EPERM EPERM
#define MIO_EMFILE EMFILE
#define MIO_ENFILE ENFILE
#define MIO_ENOSYS ENOSYS
#define MIO_ENAMETOOLONG ENAMETOOLONG
#define MIO_ECANCELED ECANCELED
#define MIO_EIO EIO
#endif

/* Message for a code (accepts `code` or `-code`). 0 gives "Success", an
 * unknown code "Unknown error". Static storage, never NULL, thread-safe. */
MIO_EXTERN const char *mio_strerror(int code);

/* The calling thread's last OS error as a mio code (-errno on POSIX). For use
 * inside mio_io_fn callbacks, which must report would-block as -MIO_EAGAIN.
 * Thread-safe. */
MIO_EXTERN int mio_last_error(void);

/* true iff `r` is -MIO_EAGAIN: the operation would block; wait for an event. */
static inline bool mio_would_block(ptrdiff_t r) { return r == -MIO_EAGAIN; }

MIO_EXTERN_C_END

#endif /* MIO_CORE_ERROR_H_ */
