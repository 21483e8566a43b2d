/* mio-c named pipe (mio::windows::NamedPipe), Windows only: a byte-mode
 * server pipe, or a client handle adopted with from_raw_handle, driven by
 * overlapped I/O on the Poll's completion port and presented as readiness.
 *
 * IOCP completes operations instead of reporting readiness, so the pipe
 * buffers internally (API.md §12.3): reads are served from a 4 KiB buffer
 * that a background ReadFile fills; writes are copied into an internal
 * buffer and written in the background. Until the pipe is registered,
 * read, write and connect return -MIO_EAGAIN. The registered interest is
 * ignored: a registered pipe reports readable and writable events. On
 * register a read is started and, if no write is pending, a writable event
 * is emitted.
 *
 * Registration (API.md §7.5 plus): registering a registered pipe, or using
 * a Poll other than the first one it was registered with (even after
 * deregister: the completion-port association is permanent) is
 * -MIO_EEXIST; reregister/deregister of an unregistered pipe is
 * -MIO_ENOENT. Deregistering stops events; read/write/connect then return
 * -MIO_EAGAIN until the pipe is registered again.
 *
 * Value object in caller storage; all-bits-zero (MIO_OBJECT_INIT) is closed.
 * Common rules for every function below: a NULL object or required pointer
 * is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall; other
 * codes are Win32 errors mapped as API.md §2.1 (ERROR_BROKEN_PIPE and
 * ERROR_NO_DATA are -MIO_EPIPE; unmapped codes -(MIO_EWIN32_BASE + code)).
 *
 * Threads: functions taking a const pointer may run concurrently (e.g. one
 * reader thread and one writer thread). Constructors, _source with the
 * registration calls, and _close are exclusive. */
#ifndef MIO_SYS_NAMED_PIPE_H_
#define MIO_SYS_NAMED_PIPE_H_

#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_named_pipe {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_named_pipe;

/* Creates the first instance of the server pipe `name_utf8` (UTF-8, e.g.
 * "\\\\.\\pipe\\name"): CreateNamedPipeW with PIPE_ACCESS_DUPLEX |
 * FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE,
 * unlimited instances, 64 KiB buffers. *out is overwritten without being
 * read and left closed on failure (nothing is created then). Errors:
 * -MIO_EINVAL (NULL, or not valid UTF-8), -MIO_ENOMEM, -MIO_EACCES (the name
 * is taken: FILE_FLAG_FIRST_PIPE_INSTANCE, which Wine does not enforce),
 * other mapped Win32 errors. */
MIO_EXTERN int mio_named_pipe_new(mio_named_pipe *out, const char *name_utf8);

/* As mio_named_pipe_new with a NUL-terminated UTF-16 name. */
MIO_EXTERN int mio_named_pipe_new_w(mio_named_pipe *out, const wchar_t *name);

/* Takes ownership of a pipe HANDLE opened with FILE_FLAG_OVERLAPPED (e.g. a
 * client from CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
 * OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL)). No syscall. Errors:
 * -MIO_EINVAL (NULL out), -MIO_EBADF (NULL or INVALID_HANDLE_VALUE),
 * -MIO_ENOMEM (the handle then stays the caller's); *out is left closed on
 * failure. */
MIO_EXTERN int mio_named_pipe_from_raw_handle(mio_named_pipe *out,
                                              void *handle);

/* The HANDLE (still owned by `p`); NULL when closed or NULL. There is no
 * into_raw_handle (as mio). */
MIO_EXTERN void *mio_named_pipe_as_raw_handle(const mio_named_pipe *p);

/* Waits for a client (ConnectNamedPipe, overlapped): 0 when a client is
 * already connected; -MIO_EAGAIN when the pipe is not registered, when the
 * connect is now pending or another one is in flight. A pending connect
 * completes with a writable event, after which take_error tells whether it
 * succeeded. Other errors are the OS's. */
MIO_EXTERN int mio_named_pipe_connect(const mio_named_pipe *p);

/* Disconnects the current client (DisconnectNamedPipe); connect then waits
 * for the next one. Pending reads and writes fail. 0 or the OS's error
 * (e.g. for a client handle). Works whether registered or not. */
MIO_EXTERN int mio_named_pipe_disconnect(const mio_named_pipe *p);

/* Stores in *err_out, and clears, the error of the last completed connect
 * (0: none, a client is connected). Returns 0, or -MIO_EINVAL /
 * -MIO_EBADF. */
MIO_EXTERN int mio_named_pipe_take_error(const mio_named_pipe *p, int *err_out);

/* Copies up to `len` bytes from the internal buffer (`buf` may be NULL when
 * len is 0): the count; -MIO_EAGAIN while unregistered or while the
 * background read has not completed (a readable event follows when it
 * does); 0 at EOF (the client closed: ERROR_BROKEN_PIPE). Another read
 * error is returned once and a new read is started. Messages larger than
 * 4 KiB arrive in chunks; a drained buffer starts the next read. */
MIO_EXTERN ptrdiff_t mio_named_pipe_read(const mio_named_pipe *p, void *buf,
                                         size_t len);

/* Copies `buf` (len clamped to INT_MAX) into the internal buffer and starts
 * a background write: returns `len`, or the count written immediately when
 * the write completes at once. -MIO_EAGAIN while unregistered or while an
 * earlier write is pending (a writable event follows its completion); a
 * failed background write's error is returned by the next write (then the
 * pipe accepts writes again); -MIO_ENOMEM when the buffer cannot grow;
 * other OS errors (-MIO_EPIPE once the client is gone, or an unmapped
 * ERROR_PIPE_NOT_CONNECTED / ERROR_PIPE_LISTENING code). */
MIO_EXTERN ptrdiff_t mio_named_pipe_write(const mio_named_pipe *p,
                                          const void *buf, size_t len);

/* The registrable source inside `p` (valid while `p` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL.
 * Registering with a Poll whose backend is not IOCP is -MIO_ENOTSUP. */
MIO_EXTERN mio_source *mio_named_pipe_source(mio_named_pipe *p);

/* Releases the registration, cancels a pending connect and read, lets a
 * pending write finish, and leaves `p` closed. The HANDLE and the internal
 * state are released once the Poll has processed the outstanding
 * completions: at once when there are none, else in a later mio_poll_poll,
 * or when the Poll's selector is destroyed (which waits up to ~5 s for
 * them; after that they leak rather than be freed under the kernel). A pipe
 * once registered keeps its Poll's selector alive until it is closed.
 * Returns 0 (also when already closed); -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_named_pipe_close(mio_named_pipe *p);

MIO_EXTERN_C_END

#endif /* MIO_SYS_NAMED_PIPE_H_ */
