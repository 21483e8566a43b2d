/* mio-c Waker: wakes a Poll from any thread (mio::Waker).
 *
 * At most one live waker per Poll (across all registry clones). */
#ifndef MIO_CORE_WAKER_H_
#define MIO_CORE_WAKER_H_

#include "mio/core/platform.h"
#include "mio/core/registry.h"
#include "mio/core/token.h"

MIO_EXTERN_C_BEGIN

typedef struct mio_waker mio_waker;

/* Creates the Poll's waker; wakes produce readable events carrying `token`.
 * Errors: -MIO_EINVAL (NULL r/out; *out set to NULL), -MIO_EEXIST (the Poll
 * already has a live waker; after mio_waker_free a new one may be created),
 * -MIO_ENOMEM, OS codes. Thread-safe. */
MIO_EXTERN int mio_waker_new(const mio_registry *r, mio_token token,
                             mio_waker **out);

/* After it returns, the blocked poll (or the next one) returns at least one
 * readable event with the waker's token. N wakes before a poll produce 1..N
 * events; a wake-up consumed by one poll is not reported again. A waker that
 * outlives its Poll returns 0 or an OS error and has no effect.
 * Errors: -MIO_EINVAL (NULL), OS codes. Thread-safe, may run concurrently;
 * not async-signal-safe. */
MIO_EXTERN int mio_waker_wake(const mio_waker *w);

/* Releases the waker and frees the Poll's waker slot. NULL is a no-op.
 * Exclusive. */
MIO_EXTERN void mio_waker_free(mio_waker *w);

MIO_EXTERN_C_END

#endif /* MIO_CORE_WAKER_H_ */
