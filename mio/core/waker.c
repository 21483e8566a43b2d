/* Waker (mio src/waker.rs). Backends with a built-in waker (poll(2)) provide
 * waker_* ops; elsewhere the waker is an fd waker (eventfd, or a pipe with
 * --define=mio_force_waker_pipe=1) registered READABLE with its token, so a
 * wake is one write(2) and the event comes back through the normal select.
 *
 * The waker holds a selector reference, so wake after mio_poll_free is
 * memory-safe (API.md §9). The one-waker-per-Poll rule is a flag on the
 * shared selector, so clones see it too, and free resets it. */
#include "mio/core/waker.h"

#include <stdlib.h>

#include "mio/core/error.h"
#include "mio/core/selector_ref.h"
#include "mio/sys/fd_waker.h"

struct mio_waker {
  mio_selector *selector;
  mio_sys_fd_waker fd; /* unused (-1) when the backend has a built-in waker */
};

static bool waker__builtin(const mio_selector *s) {
  return s->ops->waker_init != NULL;
}

static int waker__open(mio_waker *w, mio_token token) {
  mio_selector *s = w->selector;
  if (waker__builtin(s)) return s->ops->waker_init(s->sys, token);
  int rc = mio_sys_fd_waker_open(&w->fd);
  if (rc != 0) return rc;
  rc = s->ops->register_fd(s->sys, w->fd.read_fd, token, MIO_INTEREST_READABLE);
  if (rc != 0) mio_sys_fd_waker_close(&w->fd);
  return rc;
}

static void waker__close(mio_waker *w) {
  mio_selector *s = w->selector;
  if (waker__builtin(s)) {
    s->ops->waker_fini(s->sys);
    return;
  }
  s->ops->deregister_fd(s->sys, w->fd.read_fd);
  mio_sys_fd_waker_close(&w->fd);
}

int mio_waker_new(const mio_registry *r, mio_token token, mio_waker **out) {
  if (out == NULL) return -MIO_EINVAL;
  *out = NULL;
  if (r == NULL) return -MIO_EINVAL;
  mio_selector *s = r->selector;
  bool expected = false;
  if (!atomic_compare_exchange_strong(&s->waker_live, &expected, true)) {
    return -MIO_EEXIST;
  }
  mio_waker *w = malloc(sizeof *w);
  if (w == NULL) {
    atomic_store(&s->waker_live, false);
    return -MIO_ENOMEM;
  }
  w->selector = s;
  w->fd.read_fd = -1;
  w->fd.write_fd = -1;
  int rc = waker__open(w, token);
  if (rc != 0) {
    free(w);
    atomic_store(&s->waker_live, false);
    return rc;
  }
  mio_selector_ref(s);
  *out = w;
  return 0;
}

int mio_waker_wake(const mio_waker *w) {
  if (w == NULL) return -MIO_EINVAL;
  if (waker__builtin(w->selector)) {
    return w->selector->ops->waker_wake(w->selector->sys);
  }
  return mio_sys_fd_waker_wake(&w->fd);
}

void mio_waker_free(mio_waker *w) {
  if (w == NULL) return;
  mio_selector *s = w->selector;
  waker__close(w);
  atomic_store(&s->waker_live, false);
  free(w);
  mio_selector_unref(s);
}
