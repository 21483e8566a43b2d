/* Makes poll the build's default backend (chosen by //mio/sys:backend). */
#include "mio/sys/selector.h"

const mio_sys_ops *mio_sys_default_ops(void) { return &mio_sys_poll_ops; }

int mio_sys_default_select(mio_sys_selector *s, struct mio_events *ev,
                           int64_t timeout_ns) {
  return mio_sys_poll_select(s, ev, timeout_ns);
}

/* Never called: the core uses it only for a backend whose select returns 0
 * only once the timeout elapsed, and this one may return 0 early. Defined so
 * that every default backend provides the whole selector.h interface. */
int mio_sys_default_poll(mio_sys_selector *s, struct mio_events *ev,
                         int64_t timeout_ns) {
  int n = mio_sys_poll_select(s, ev, timeout_ns);
  return n < 0 ? n : 0;
}
