/* Makes io_uring the build's default backend (--config=io_uring); it falls
 * back to epoll at run time when the kernel refuses io_uring. */
#include "mio/sys/selector.h"

const mio_sys_ops *mio_sys_default_ops(void) { return &mio_sys_io_uring_ops; }

int mio_sys_default_select(mio_sys_selector *s, struct mio_events *ev,
                           int64_t timeout_ns) {
  return mio_sys_io_uring_select(s, ev, timeout_ns);
}
