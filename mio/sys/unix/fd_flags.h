/* The fcntl half of POSIX descriptor creation (internal): for the per-OS
 * files of sock_os.h whose OS cannot create descriptors non-blocking and
 * close-on-exec in one call (sock_posix.c, Apple's). */
#ifndef MIO_SYS_UNIX_FD_FLAGS_H_
#define MIO_SYS_UNIX_FD_FLAGS_H_

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sets O_NONBLOCK and FD_CLOEXEC on `fd`: 0 or -errno. */
int mio_sys_fd_set_flags(int fd);

/* Sets or clears O_NONBLOCK (F_GETFL + F_SETFL): 0 or -errno. */
int mio_sys_fd_set_nonblocking(int fd, bool on);

/* Finishes a creating call that returned `fd`: `fd` with the flags set, or
 * -errno (the failed call's errno when fd < 0; `fd` is closed when setting
 * the flags fails). */
int mio_sys_fd_adopt(int fd);

/* The same for pipe(2)/socketpair(2): `rc` is their result and fds[] their
 * output. 0 or -errno; on failure both descriptors are closed. */
int mio_sys_fd_adopt_pair(int rc, int fds[2]);

#ifdef __cplusplus
}
#endif

#endif /* MIO_SYS_UNIX_FD_FLAGS_H_ */
