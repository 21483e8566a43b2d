/* Makes IOCP the build's default backend (chosen by //mio/sys:backend). */
#include "mio/sys/selector.h"

const mio_sys_ops *mio_sys_default_ops(void) { return &mio_sys_iocp_ops; }
