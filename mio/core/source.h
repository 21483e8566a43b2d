/* mio-c sources: anything that can be registered with a Poll
 * (mio::event::Source), and mio_io_source, which wraps any descriptor
 * (mio::IoSource).
 *
 * Custom sources embed a mio_source, point it at a static ops table and
 * implement each op by delegating to the sources they wrap through
 * mio_registry_* (or mio_source_fd), recovering themselves with offsetof:
 *
 *   typedef struct conn { mio_source src; mio_tcp_stream sock; } conn;
 *   static int conn_reg(mio_source *s, const mio_registry *r, mio_token t,
 *                       mio_interest i) {
 *     conn *c = (conn *)(void *)((char *)s - offsetof(conn, src));
 *     return mio_registry_register(r, mio_tcp_stream_source(&c->sock), t, i);
 *   }
 *   static const mio_source_ops conn_ops = {conn_reg, conn_rereg, conn_dereg};
 *
 * Ops return 0 or a negative code; the library calls them on the caller's
 * thread, once per registry call, and keeps no state for custom sources. Users
 * call mio_registry_*, never the ops directly. */
#ifndef MIO_CORE_SOURCE_H_
#define MIO_CORE_SOURCE_H_

#include <stddef.h>

#include "mio/core/interest.h"
#include "mio/core/platform.h"
#include "mio/core/registry.h"
#include "mio/core/token.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_source_ops {
  int (*register_fn)(mio_source *self, const mio_registry *r, mio_token token,
                     mio_interest interest);
  int (*reregister_fn)(mio_source *self, const mio_registry *r, mio_token token,
                       mio_interest interest);
  int (*deregister_fn)(mio_source *self, const mio_registry *r);
} mio_source_ops;

/* Public so it can be embedded in user types. */
struct mio_source {
  const mio_source_ops *ops;
};

/* An I/O callback for try_io/do_io: returns >= 0 or a negative mio code, and
 * must report would-block as -MIO_EAGAIN (see mio_last_error). */
typedef ptrdiff_t (*mio_io_fn)(void *ctx);

/* Wraps an OS descriptor. All-bits-zero is the closed state. */
typedef struct mio_io_source {
  MIO_PRIVATE_STORAGE(MIO_OBJECT_SIZE);
} mio_io_source;

/* Takes ownership of `fd` (its mode is left as it is: make it non-blocking
 * yourself). Errors: -MIO_EINVAL (NULL out), -MIO_EBADF (negative fd); *out
 * is left closed on failure. */
MIO_EXTERN int mio_io_source_init(mio_io_source *out, mio_raw_fd fd);

/* The registrable source inside `s` (valid while `s` is not moved); works on a
 * closed object (registry calls then return -MIO_EBADF). NULL for NULL. */
MIO_EXTERN mio_source *mio_io_source_source(mio_io_source *s);

/* The descriptor, or MIO_INVALID_RAW_FD when closed or NULL. */
MIO_EXTERN mio_raw_fd mio_io_source_as_raw_fd(const mio_io_source *s);

/* Calls fn(ctx) once and returns its result. If that is -MIO_EAGAIN and the
 * source is registered, readiness is re-armed for the registered interest
 * (needed by the poll(2) backend; nothing to do on epoll) and a re-arm failure
 * is returned instead. Errors: -MIO_EINVAL (NULL s or fn), -MIO_EBADF (closed;
 * fn is not called). Thread-safe with other const calls on `s`. */
MIO_EXTERN ptrdiff_t mio_io_source_do_io(const mio_io_source *s, mio_io_fn fn,
                                         void *ctx);

/* Gives up ownership: returns the descriptor and leaves `s` closed; user-space
 * registration state is dropped (the poll(2) backend also forgets the fd; on
 * epoll it stays registered until closed or deregistered). MIO_INVALID_RAW_FD
 * when closed. Exclusive. */
MIO_EXTERN mio_raw_fd mio_io_source_into_raw_fd(mio_io_source *s);

/* Releases the registration (§7.6 of the API contract) and closes the
 * descriptor; always leaves `s` closed. Returns 0 or the close(2) code
 * (never -MIO_EINTR; the descriptor is never retried or leaked). 0 when
 * already closed, -MIO_EINVAL for NULL. Exclusive. */
MIO_EXTERN int mio_io_source_close(mio_io_source *s);

MIO_EXTERN_C_END

#endif /* MIO_CORE_SOURCE_H_ */
