/* The shared selector behind a Poll (internal).
 *
 * A Poll, each registry clone, the waker and each registered built-in source
 * hold one reference; the kernel selector is destroyed with the last one. That
 * is what lets clones, wakers and registered sources outlive mio_poll_free
 * safely (API.md §4). The pointer doubles as the association identity of
 * API.md §7.5: while a source holds a reference it cannot be reused. */
#ifndef MIO_CORE_SELECTOR_REF_H_
#define MIO_CORE_SELECTOR_REF_H_

#include <stdatomic.h>
#include <stdbool.h>

#include "mio/core/registry.h"
#include "mio/sys/selector.h"

typedef struct mio_selector {
  atomic_size_t refs;
  atomic_bool waker_live; /* at most one live waker per Poll (API.md §9) */
  const mio_sys_ops *ops;
  mio_sys_selector *sys;
} mio_selector;

/* A registry handle. The Poll embeds its borrowed one (owned == false);
 * mio_registry_try_clone allocates owned ones. */
struct mio_registry {
  mio_selector *selector;
  bool owned;
};

void mio_selector_ref(mio_selector *s);
void mio_selector_unref(mio_selector *s);

#endif /* MIO_CORE_SELECTOR_REF_H_ */
