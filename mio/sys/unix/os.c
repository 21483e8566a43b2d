/* POSIX side of mio/sys/os.h: close(2), CLOCK_MONOTONIC, errno. */
#include "mio/sys/os.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "mio/core/error.h"

/* close(2) is never retried: on Linux the descriptor is gone even on EINTR,
 * and retrying could close a descriptor another thread just opened. */
int mio_sys_raw_close(mio_raw_fd fd) {
  if (close(fd) == 0) return 0;
  int rc = mio_last_error();
  return rc == -MIO_EINTR ? 0 : rc;
}

int64_t mio_sys_monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int mio_last_error(void) {
  int e = errno;
  return e == EWOULDBLOCK ? -EAGAIN : -e;
}
