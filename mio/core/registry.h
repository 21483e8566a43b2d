/* mio-c Registry: registers sources with a Poll (mio::Registry).
 *
 * Threads: register/reregister/deregister/try_clone/as_raw_fd may be called
 * from any thread concurrently, through the borrowed registry or any clone; a
 * registration made while another thread is blocked in mio_poll_poll takes
 * effect for that poll. Calls on one source must be serialized by the caller.
 * mio_registry_free is exclusive for that clone. */
#ifndef MIO_CORE_REGISTRY_H_
#define MIO_CORE_REGISTRY_H_

#include "mio/core/interest.h"
#include "mio/core/platform.h"
#include "mio/core/token.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_registry mio_registry;
typedef struct mio_source mio_source; /* defined in mio/core/source.h */

/* Starts monitoring `src` for `interest`; events carry `token`. If the source
 * is already ready, the first poll reports it. A READABLE-only registration
 * never reports writable.
 * Errors: -MIO_EINVAL (NULL r/src/src->ops/op, invalid interest, see
 * mio_interest_is_valid); for built-in sources -MIO_EBADF (closed object),
 * -MIO_EEXIST (already registered with any Poll), OS codes (the object stays
 * unregistered). Custom sources: their op's return value, unchanged. */
MIO_EXTERN int mio_registry_register(const mio_registry *r, mio_source *src,
                                     mio_token token, mio_interest interest);

/* Replaces token and interest completely (not merged) and re-evaluates
 * readiness: if the source is ready for the new interest a later poll reports
 * it, with the new token.
 * Errors: as register, plus -MIO_ENOENT (not registered) and -MIO_EEXIST
 * (registered with another Poll; state unchanged). */
MIO_EXTERN int mio_registry_reregister(const mio_registry *r, mio_source *src,
                                       mio_token token, mio_interest interest);

/* Stops monitoring `src`: a poll that starts after this returns never reports
 * its token. It may be registered again (with any Poll) afterwards.
 * Errors: -MIO_EINVAL (NULL), -MIO_EBADF (closed), -MIO_ENOENT (not
 * registered), -MIO_EEXIST (registered with another Poll), OS codes (the
 * object is unregistered anyway). */
MIO_EXTERN int mio_registry_deregister(const mio_registry *r, mio_source *src);

/* A new owned handle to the same Poll (same selector, waker slot and
 * association identity), usable from any thread; it may outlive the Poll.
 * Free with mio_registry_free.
 * Errors: -MIO_EINVAL (NULL; *out set to NULL when out is not NULL),
 * -MIO_ENOMEM. */
MIO_EXTERN int mio_registry_try_clone(const mio_registry *r,
                                      mio_registry **out);

/* Releases an owned clone. NULL, or the borrowed registry of a Poll, is a
 * no-op. */
MIO_EXTERN void mio_registry_free(mio_registry *r);

#ifndef _WIN32
/* The selector descriptor; the same number for a Poll and all its clones.
 * -MIO_ENOTSUP on the poll(2) backend, -MIO_EINVAL for NULL. */
MIO_EXTERN int mio_registry_as_raw_fd(const mio_registry *r);
#endif

MIO_EXTERN_C_END

#endif /* MIO_CORE_REGISTRY_H_ */
