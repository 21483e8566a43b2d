/* The platform services the shared core needs (internal).
 *
 * The core (mio/core/ C files) is written once for every OS; what differs
 * (closing a descriptor or SOCKET, the monotonic clock, and mio_last_error of
 * error.h) lives behind this header, implemented once per OS in
 * mio/sys/unix/os.c and mio/sys/windows/os.c and picked by //mio/sys:os. */
#ifndef MIO_SYS_OS_H_
#define MIO_SYS_OS_H_

#include <stdbool.h>
#include <stdint.h>

#include "mio/core/platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Closes an owned descriptor (POSIX close(2)) or SOCKET (closesocket).
 * Never retried: 0, or the mio code of the failure (never -MIO_EINTR). */
int mio_sys_raw_close(mio_raw_fd fd);

/* True for a value that can name an open descriptor / SOCKET (not negative on
 * POSIX, not INVALID_SOCKET on Windows). No syscall. */
static inline bool mio_sys_raw_fd_valid(mio_raw_fd fd) {
  /* -1 on POSIX and ~0 (INVALID_SOCKET) on Windows are both negative as
   * intptr_t; real descriptors and SOCKETs never are. */
  return (intptr_t)fd >= 0;
}

/* A monotonic clock in nanoseconds (arbitrary epoch). Thread-safe. */
int64_t mio_sys_monotonic_ns(void);

#ifdef __cplusplus
}
#endif

#endif /* MIO_SYS_OS_H_ */
