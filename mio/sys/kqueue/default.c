/* Makes kqueue the build's default backend (chosen by //mio/sys:backend). */
#include "mio/sys/selector.h"

const mio_sys_ops *mio_sys_default_ops(void) { return &mio_sys_kqueue_ops; }

int mio_sys_default_select(mio_sys_selector *s, struct mio_events *ev,
                           int64_t timeout_ns) {
  return mio_sys_kqueue_select(s, ev, timeout_ns);
}
