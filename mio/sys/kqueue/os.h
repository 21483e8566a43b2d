/* The target OS's kqueue constants (internal): defined by exactly one of
 * os_apple.c, os_freebsd.c, os_netbsd.c, os_openbsd.c, picked by select()
 * on @platforms//os in BUILD.bazel. What differs between them is what mio's
 * kqueue.rs puts behind #[cfg(target_os)]: EVFILT_USER (the waker) on Apple
 * and FreeBSD only, EVFILT_AIO on Apple and FreeBSD, EVFILT_LIO on FreeBSD.
 */
#ifndef MIO_SYS_KQUEUE_OS_H_
#define MIO_SYS_KQUEUE_OS_H_

#include "mio/sys/kqueue/kevent_logic.h"

extern const mio_kq_consts mio_kq_os;

#endif /* MIO_SYS_KQUEUE_OS_H_ */
