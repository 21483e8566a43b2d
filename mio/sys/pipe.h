/* mio-c Unix pipe (mio::unix::pipe), POSIX only: a non-blocking one-way
 * channel. Register the sender WRITABLE and the receiver READABLE; closing
 * one end gives the other an event with is_read_closed / is_write_closed.
 *
 * Value objects in caller storage; all-bits-zero (MIO_OBJECT_INIT) is
 * closed. Common rules for every function below: a NULL object or required
 * pointer is -MIO_EINVAL; a closed object is -MIO_EBADF without a syscall;
 * other codes are the OS's (-errno), with would-block reported as
 * -MIO_EAGAIN. I/O that would block re-arms readiness when registered
 * (API.md §7.4). Writes use write(2)/writev(2): writing to a pipe whose
 * receiver is gone raises SIGPIPE unless the process ignores it (then
 * -MIO_EPIPE); the library never changes signal dispositions.
 *
 * Threads: functions taking a const pointer may run concurrently.
 * Constructors, _close and _into_raw_fd are exclusive. */
#ifndef MIO_SYS_PIPE_H_
#define MIO_SYS_PIPE_H_

#include <stdbool.h>
#include <stddef.h>

#include "mio/core/platform.h"
#include "mio/core/source.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_pipe_sender {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_pipe_sender;

typedef struct mio_pipe_receiver {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_pipe_receiver;

/* Creates a pipe (pipe2 with O_NONBLOCK | O_CLOEXEC): bytes written to *tx
 * are read from *rx. Both outputs are overwritten without being read and
 * both are left closed on failure. Errors: -MIO_EINVAL (NULL),
 * -MIO_EMFILE / -MIO_ENFILE. */
MIO_EXTERN int mio_pipe_new(mio_pipe_sender *tx, mio_pipe_receiver *rx);

/* Switches O_NONBLOCK (ioctl FIONBIO), e.g. for an end adopted with
 * from_raw_fd from a child process. Errors: the OS's. */
MIO_EXTERN int mio_pipe_sender_set_nonblocking(const mio_pipe_sender *s,
                                               bool nonblocking);

/* Writes up to `len` bytes (clamped to SSIZE_MAX): the count (0 for len 0),
 * -MIO_EAGAIN when the pipe is full, -MIO_EPIPE when the receiver is gone
 * (see SIGPIPE above). */
MIO_EXTERN ptrdiff_t mio_pipe_sender_write(const mio_pipe_sender *s,
                                           const void *buf, size_t len);

/* Gather write from at most IOV_MAX buffers; iovcnt == 0 returns 0,
 * iovcnt < 0 is -MIO_EINVAL. Results as write. */
MIO_EXTERN ptrdiff_t mio_pipe_sender_writev(const mio_pipe_sender *s,
                                            const mio_iovec *iov, int iovcnt);

/* Calls fn(ctx) once and returns its result, re-arming after -MIO_EAGAIN
 * (API.md §7.4). Errors: -MIO_EINVAL (NULL s/fn), -MIO_EBADF (closed; fn is
 * not called). */
MIO_EXTERN ptrdiff_t mio_pipe_sender_try_io(const mio_pipe_sender *s,
                                            mio_io_fn fn, void *ctx);

/* The registrable source inside `s` (valid while `s` is not moved); works on
 * a closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_pipe_sender_source(mio_pipe_sender *s);

/* Takes ownership of a pipe's write end (e.g. a child's stdin) without a
 * syscall; its blocking mode is left as is (see set_nonblocking).
 * Errors: -MIO_EINVAL (NULL out), -MIO_EBADF (negative fd; *out closed). */
MIO_EXTERN int mio_pipe_sender_from_raw_fd(mio_pipe_sender *out, mio_raw_fd fd);

/* The descriptor; MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_pipe_sender_as_raw_fd(const mio_pipe_sender *s);

/* Returns the descriptor and gives up ownership, leaving `s` closed (API.md
 * §7.6). MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_pipe_sender_into_raw_fd(mio_pipe_sender *s);

/* Releases any registration (API.md §7.6) and closes the descriptor; `s` is
 * closed afterwards. 0, or close(2)'s code (informational, never
 * -MIO_EINTR); 0 when already closed; -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_pipe_sender_close(mio_pipe_sender *s);

/* Switches O_NONBLOCK (ioctl FIONBIO). Errors: the OS's. */
MIO_EXTERN int mio_pipe_receiver_set_nonblocking(const mio_pipe_receiver *r,
                                                 bool nonblocking);

/* Reads up to `len` bytes (clamped to SSIZE_MAX): the count, 0 at EOF (every
 * sender closed) or for len 0 (Linux; `buf` may then be NULL), -MIO_EAGAIN
 * when the pipe is empty. */
MIO_EXTERN ptrdiff_t mio_pipe_receiver_read(const mio_pipe_receiver *r,
                                            void *buf, size_t len);

/* Scatter read into at most IOV_MAX buffers; iovcnt == 0 returns 0,
 * iovcnt < 0 is -MIO_EINVAL. Results as read. */
MIO_EXTERN ptrdiff_t mio_pipe_receiver_readv(const mio_pipe_receiver *r,
                                             const mio_iovec *iov, int iovcnt);

/* As mio_pipe_sender_try_io. */
MIO_EXTERN ptrdiff_t mio_pipe_receiver_try_io(const mio_pipe_receiver *r,
                                              mio_io_fn fn, void *ctx);

/* As mio_pipe_sender_source. */
MIO_EXTERN mio_source *mio_pipe_receiver_source(mio_pipe_receiver *r);

/* Takes ownership of a pipe's read end (e.g. a child's stdout or stderr);
 * as mio_pipe_sender_from_raw_fd. */
MIO_EXTERN int mio_pipe_receiver_from_raw_fd(mio_pipe_receiver *out,
                                             mio_raw_fd fd);

/* As the mio_pipe_sender_ functions of the same name. */
MIO_EXTERN mio_raw_fd mio_pipe_receiver_as_raw_fd(const mio_pipe_receiver *r);
MIO_EXTERN mio_raw_fd mio_pipe_receiver_into_raw_fd(mio_pipe_receiver *r);
MIO_EXTERN int mio_pipe_receiver_close(mio_pipe_receiver *r);

MIO_EXTERN_C_END

#endif /* MIO_SYS_PIPE_H_ */
