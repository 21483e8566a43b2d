// The MIO_E* codes of mio/core/error.h as an X-macro list, shared by the
// portable error suite (mio_strerror) and the POSIX one (MIO_Exxx == Exxx).
#ifndef MIO_TESTING_CORE_ERROR_CODES_H_
#define MIO_TESTING_CORE_ERROR_CODES_H_

#define MIO_TEST_ERROR_CODES(X) \
  X(EAGAIN)                     \
  X(EINTR)                      \
  X(EINVAL)                     \
  X(EEXIST)                     \
  X(ENOENT)                     \
  X(ENOMEM)                     \
  X(EBADF)                      \
  X(EALREADY)                   \
  X(EINPROGRESS)                \
  X(ENOTCONN)                   \
  X(EISCONN)                    \
  X(ECONNREFUSED)               \
  X(ECONNRESET)                 \
  X(ECONNABORTED)               \
  X(EPIPE)                      \
  X(EADDRINUSE)                 \
  X(EADDRNOTAVAIL)              \
  X(EAFNOSUPPORT)               \
  X(EDESTADDRREQ)               \
  X(EMSGSIZE)                   \
  X(ENOBUFS)                    \
  X(ENOPROTOOPT)                \
  X(ENOTSOCK)                   \
  X(ENOTSUP)                    \
  X(EOPNOTSUPP)                 \
  X(ETIMEDOUT)                  \
  X(EHOSTUNREACH)               \
  X(ENETUNREACH)                \
  X(EACCES)                     \
  X(EPERM)                      \
  X(EMFILE)                     \
  X(ENFILE)                     \
  X(ENOSYS)                     \
  X(ENAMETOOLONG)               \
  X(ECANCELED)                  \
  X(EIO)

#endif  // MIO_TESTING_CORE_ERROR_CODES_H_
