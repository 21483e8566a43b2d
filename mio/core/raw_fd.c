/* mio_poll_as_raw_fd / mio_registry_as_raw_fd: POSIX only (API.md §4), so
 * this file is left out of Windows builds (mio/core/BUILD.bazel). */
#include "mio/core/error.h"
#include "mio/core/poll.h"
#include "mio/core/selector_ref.h"

int mio_registry_as_raw_fd(const mio_registry *r) {
  if (r == NULL) return -MIO_EINVAL;
  return r->selector->ops->raw_fd(r->selector->sys);
}

int mio_poll_as_raw_fd(const mio_poll *poll) {
  return mio_registry_as_raw_fd(mio_poll_registry(poll));
}
