/* mio-c error codes.
 *
 * Every `int` function returns 0 or a negative code; every I/O function returns
 * a byte count >= 0 or a negative code. Codes are written -MIO_Exxx. errno is
 * never the reporting channel and its value after a mio call is unspecified.
 *
 * POSIX: MIO_Exxx == Exxx, and any other -errno from the OS is passed through
 * unchanged. EWOULDBLOCK is always reported as -MIO_EAGAIN.
 *
 * Windows: the constants have the UCRT <errno.h> values of the same name
 * (MIO_ECONNRESET == 108), except MIO_EAGAIN == MIO_EWOULDBLOCK == 140. WSA,
 * Win32 and NTSTATUS codes are mapped onto them (API.md §2.1); any other
 * Win32 code c is reported as -(MIO_EWIN32_BASE + c). */
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
#else
#define MIO_EAGAIN 140
#define MIO_EWOULDBLOCK 140
#define MIO_EINTR 4
#define MIO_EINVAL 22
#define MIO_EEXIST 17
#define MIO_ENOENT 2
#define MIO_ENOMEM 12
#define MIO_EBADF 9
#define MIO_EALREADY 103
#define MIO_EINPROGRESS 112
#define MIO_ENOTCONN 126
#define MIO_EISCONN 113
#define MIO_ECONNREFUSED 107
#define MIO_ECONNRESET 108
#define MIO_ECONNABORTED 106
#define MIO_EPIPE 32
#define MIO_EADDRINUSE 100
#define MIO_EADDRNOTAVAIL 101
#define MIO_EAFNOSUPPORT 102
#define MIO_EDESTADDRREQ 109
#define MIO_EMSGSIZE 115
#define MIO_ENOBUFS 119
#define MIO_ENOPROTOOPT 123
#define MIO_ENOTSOCK 128
#define MIO_ENOTSUP 129
#define MIO_EOPNOTSUPP 130
#define MIO_ETIMEDOUT 138
#define MIO_EHOSTUNREACH 110
#define MIO_ENETUNREACH 118
#define MIO_EACCES 13
#define MIO_EPERM 1
#define MIO_EMFILE 24
#define MIO_ENFILE 23
#define MIO_ENOSYS 40
#define MIO_ENAMETOOLONG 38
#define MIO_ECANCELED 105
#define MIO_EIO 5
/* Win32 codes without a mapping are -(MIO_EWIN32_BASE + code). */
#define MIO_EWIN32_BASE 0x10000
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
