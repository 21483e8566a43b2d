/* Registration state of built-in sources (mio src/io_source.rs), and the
 * public mio_io_source built on it.
 *
 * The association check of API.md §7.5 runs in every build (mio: debug only):
 * `selector` records the Poll a source is registered with and holds a
 * reference, so the identity cannot be recycled while it is registered. */
#include "mio/core/error.h"
#include "mio/core/io_source_internal.h"
#include "mio/sys/os.h"

static int io__register(mio_source *self, const mio_registry *r,
                        mio_token token, mio_interest interest) {
  mio_io_state *st = (mio_io_state *)(void *)self;
  if (!st->open) return -MIO_EBADF;
  if (st->selector != NULL) return -MIO_EEXIST;
  mio_selector *s = r->selector;
  int rc = s->ops->register_fd(s->sys, st->fd, token, interest);
  if (rc != 0) return rc;
  mio_selector_ref(s);
  st->open = s->ops->rearm_fd != NULL ? MIO_IO_OPEN_REARM : MIO_IO_OPEN;
  st->selector = s;
  st->token = token;
  st->interest = interest;
  return 0;
}

/* The §7.5 checks shared by reregister and deregister. */
static int io__check_registered(const mio_io_state *st, const mio_registry *r) {
  if (!st->open) return -MIO_EBADF;
  if (st->selector == NULL) return -MIO_ENOENT;
  if (st->selector != r->selector) return -MIO_EEXIST;
  return 0;
}

static int io__reregister(mio_source *self, const mio_registry *r,
                          mio_token token, mio_interest interest) {
  mio_io_state *st = (mio_io_state *)(void *)self;
  int rc = io__check_registered(st, r);
  if (rc != 0) return rc;
  mio_selector *s = st->selector;
  rc = s->ops->reregister_fd(s->sys, st->fd, token, interest);
  if (rc != 0) return rc;
  st->token = token;
  st->interest = interest;
  return 0;
}

/* Forgets the registration: the source is unregistered afterwards even when
 * the OS call fails (§7.5), so it can never be stuck. */
static void io__unregister(mio_io_state *st) {
  mio_selector *s = st->selector;
  st->selector = NULL;
  st->token = 0;
  st->interest = 0;
  if (st->open) st->open = MIO_IO_OPEN;
  mio_selector_unref(s);
}

static int io__deregister(mio_source *self, const mio_registry *r) {
  mio_io_state *st = (mio_io_state *)(void *)self;
  int rc = io__check_registered(st, r);
  if (rc != 0) return rc;
  rc = st->selector->ops->deregister_fd(st->selector->sys, st->fd);
  io__unregister(st);
  return rc;
}

static const mio_source_ops io__ops = {io__register, io__reregister,
                                       io__deregister};

mio_source *mio_io_state_source(mio_io_state *st) {
  st->source.ops = &io__ops;
  return &st->source;
}

ptrdiff_t mio_io_state_rearm(const mio_io_state *st) {
  mio_selector *s = st->selector;
  int rc = s->ops->rearm_fd(s->sys, st->fd, st->token, st->interest);
  return rc != 0 ? rc : -MIO_EAGAIN;
}

__attribute__((cold)) ptrdiff_t mio_io_fail_plain(void) {
  return mio_io_errno();
}

__attribute__((cold)) ptrdiff_t mio_io_state_fail(const mio_io_state *st) {
  return mio_io_state_after_io(st, mio_io_errno());
}

ptrdiff_t mio_io_state_do_io(const mio_io_state *st, mio_io_fn fn, void *ctx) {
  if (st == NULL || fn == NULL) return -MIO_EINVAL;
  if (!st->open) return -MIO_EBADF;
  return mio_io_state_after_io(st, fn(ctx));
}

void mio_io_state_release(mio_io_state *st) {
  if (st->selector == NULL) return;
  if (st->selector->ops->release_on_close) {
    st->selector->ops->deregister_fd(st->selector->sys, st->fd);
  }
  io__unregister(st);
}

/* The descriptor is closed exactly once, never retried (mio/sys/os.h). */
int mio_io_state_close(mio_io_state *st) {
  if (st == NULL || !st->open) return 0;
  mio_io_state_release(st);
  int rc = mio_sys_raw_close(st->fd);
  mio_io_state_clear(st);
  return rc;
}

mio_raw_fd mio_io_state_into_raw_fd(mio_io_state *st) {
  if (st == NULL || !st->open) return MIO_INVALID_RAW_FD;
  mio_io_state_release(st);
  mio_raw_fd fd = st->fd;
  mio_io_state_clear(st);
  return fd;
}

/* ------------------------------------------------------------ mio_io_source */

int mio_io_source_init(mio_io_source *out, mio_raw_fd fd) {
  if (out == NULL) return -MIO_EINVAL;
  mio_io_state *st = MIO_IO_STATE(out);
  mio_io_state_clear(st);
  if (!mio_sys_raw_fd_valid(fd)) return -MIO_EBADF;
  mio_io_state_init(st, fd);
  return 0;
}

mio_source *mio_io_source_source(mio_io_source *s) {
  return s != NULL ? mio_io_state_source(MIO_IO_STATE(s)) : NULL;
}

mio_raw_fd mio_io_source_as_raw_fd(const mio_io_source *s) {
  const mio_io_state *st = MIO_IO_STATE_CONST(s);
  return st != NULL && st->open ? st->fd : MIO_INVALID_RAW_FD;
}

ptrdiff_t mio_io_source_do_io(const mio_io_source *s, mio_io_fn fn, void *ctx) {
  return mio_io_state_do_io(MIO_IO_STATE_CONST(s), fn, ctx);
}

mio_raw_fd mio_io_source_into_raw_fd(mio_io_source *s) {
  return mio_io_state_into_raw_fd(MIO_IO_STATE(s));
}

int mio_io_source_close(mio_io_source *s) {
  if (s == NULL) return -MIO_EINVAL;
  return mio_io_state_close(MIO_IO_STATE(s));
}
