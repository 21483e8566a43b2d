/* Internal entry points of the core for tests, fuzzers and benchmarks. */
#ifndef MIO_CORE_POLL_INTERNAL_H_
#define MIO_CORE_POLL_INTERNAL_H_

#include "mio/core/poll.h"
#include "mio/sys/selector.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mio_poll_new over an explicit backend table (e.g. &mio_sys_poll_ops), so
 * one binary can exercise several backends. */
int mio_poll_new_with_ops(mio_poll **out, const mio_sys_ops *ops);

#ifdef __cplusplus
}
#endif

#endif /* MIO_CORE_POLL_INTERNAL_H_ */
