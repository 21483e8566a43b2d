/* mio-c: platform types shared by every public header.
 *
 * Copyright mio-c authors. MIT licensed (as Rust mio). */
#ifndef MIO_CORE_PLATFORM_H_
#define MIO_CORE_PLATFORM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define MIO_EXTERN_C_BEGIN extern "C" {
#define MIO_EXTERN_C_END }
#else
#define MIO_EXTERN_C_BEGIN
#define MIO_EXTERN_C_END
#endif

/* Exported symbols (the library is built with -fvisibility=hidden). */
#if defined(_WIN32)
#define MIO_EXTERN
#elif defined(__GNUC__)
#define MIO_EXTERN __attribute__((visibility("default")))
#else
#define MIO_EXTERN
#endif

#define MIO_C_VERSION_MAJOR 0
#define MIO_C_VERSION_MINOR 1
#define MIO_C_VERSION_PATCH 0
/* The Rust mio release whose behaviour this library ports. */
#define MIO_UPSTREAM_VERSION "1.2.2"

MIO_EXTERN_C_BEGIN

/* An OS handle: a file descriptor on POSIX, a SOCKET on Windows. */
#ifdef _WIN32
typedef uintptr_t mio_raw_fd;
#define MIO_INVALID_RAW_FD ((mio_raw_fd) ~(uintptr_t)0)
#else
typedef int mio_raw_fd;
#define MIO_INVALID_RAW_FD (-1)
#endif

/* Scatter/gather buffer. On POSIX its layout equals struct iovec, so arrays of
 * it are handed to readv/writev unchanged. */
typedef struct mio_iovec {
  void *iov_base;
  size_t iov_len;
} mio_iovec;

/* Value objects (sockets, pipes, io sources) live in caller storage: 64 bytes,
 * aligned for uint64_t and pointers. All-bits-zero is the closed state. */
#define MIO_OBJECT_SIZE 64
#define MIO_OBJECT_INIT \
  {                     \
    {                   \
      { 0 }             \
    }                   \
  }
#define MIO_PRIVATE_STORAGE(n) \
  union {                      \
    unsigned char bytes[n];    \
    uint64_t u64;              \
    void *ptr;                 \
  } mio_private_

/* The selector behind a Poll. */
typedef enum mio_backend {
  MIO_BACKEND_NONE = 0,
  MIO_BACKEND_EPOLL,
  MIO_BACKEND_KQUEUE,
  MIO_BACKEND_EVENT_PORTS,
  MIO_BACKEND_POLL,
  MIO_BACKEND_IOCP,
  MIO_BACKEND_IO_URING
} mio_backend;

/* Name of a backend: "epoll", "kqueue", "event_ports", "poll", "iocp",
 * "io_uring"; "none" for anything else. Static string, thread-safe. */
MIO_EXTERN const char *mio_backend_name(mio_backend b);

MIO_EXTERN_C_END

#endif /* MIO_CORE_PLATFORM_H_ */
