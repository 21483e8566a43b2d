/* Descriptor creation and per-OS socket facts (internal): the one seam where
 * POSIX systems differ for mio/sys/unix/net.c, mio/sys/pipe.c, the pipe waker
 * and mio/net's Unix-domain code.
 *
 * Every descriptor mio-c creates is non-blocking and close-on-exec (API.md
 * §11.7) and, on Apple, has SO_NOSIGPIPE set (sends never raise SIGPIPE). How
 * an OS gets there is its file's business; exactly one is linked, picked by
 * select() in mio/sys/unix/BUILD.bazel:
 *  - sock_linux.c: Linux (and Android): SOCK_NONBLOCK | SOCK_CLOEXEC,
 *    accept4, pipe2: one system call each, no window where another thread's
 *    fork+exec inherits the descriptor.
 *  - sock_posix.c: any POSIX.1-2008 system: socket/accept/pipe, then fcntl
 *    (F_SETFD FD_CLOEXEC, F_SETFL O_NONBLOCK); the default, and what
 *    --config=posix builds on Linux.
 *  - sock_apple.c: macOS and iOS: sock_posix.c's fcntl path plus
 *    SO_NOSIGPIPE on every socket.
 * Functions return the new descriptor (or 0) or -errno; on failure nothing
 * stays open. Thread-safe. */
#ifndef MIO_SYS_UNIX_SOCK_OS_H_
#define MIO_SYS_UNIX_SOCK_OS_H_

#include <stdbool.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* socket(domain, type, 0), non-blocking and close-on-exec. */
int mio_sys_os_socket(int domain, int type);

/* accept(2) on listening `fd`, the new descriptor non-blocking and
 * close-on-exec. `addr`/`len` as accept(2). */
int mio_sys_os_accept(int fd, struct sockaddr *addr, socklen_t *len);

/* socketpair(AF_UNIX, type, 0) into fds[0..1], both non-blocking and
 * close-on-exec. 0 or -errno. */
int mio_sys_os_socketpair(int type, int fds[2]);

/* pipe(2) into fds[0] (read end) and fds[1] (write end), both non-blocking
 * and close-on-exec. 0 or -errno. */
int mio_sys_os_pipe(int fds[2]);

/* Sets or clears O_NONBLOCK on `fd`: 0 or -errno. */
int mio_sys_os_set_nonblocking(int fd, bool on);

/* listen(2) backlog that asks the OS for its configured maximum (somaxconn):
 * -1 where the kernel clamps a negative backlog to it (Linux, FreeBSD,
 * OpenBSD, Apple; as Rust std's UnixListener::bind), else SOMAXCONN. */
extern const int mio_sys_os_max_backlog;

/* Whether Unix-domain sockets have an abstract namespace (a leading NUL
 * byte in sun_path): Linux and Android only. */
extern const bool mio_sys_os_has_abstract_unix_names;

#ifdef __cplusplus
}
#endif

#endif /* MIO_SYS_UNIX_SOCK_OS_H_ */
