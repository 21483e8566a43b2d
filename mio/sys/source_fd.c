/* SourceFd: a source whose ops go straight to the Poll's backend, with no
 * state of its own (API.md §12.2; mio src/sys/unix/sourcefd.rs). */
#include "mio/sys/source_fd.h"

#include <stddef.h>

#include "mio/core/error.h"
#include "mio/core/selector_ref.h"

typedef struct source_fd__state {
  mio_source source; /* first: mio_source_fd_init returns &source */
  int fd;
} source_fd__state;

#ifndef __cplusplus
_Static_assert(sizeof(source_fd__state) <= MIO_SOURCE_FD_SIZE,
               "SourceFd must fit its storage");
#endif

static int source_fd__fd(const mio_source *self) {
  return ((const source_fd__state *)(const void *)self)->fd;
}

static int source_fd__register(mio_source *self, const mio_registry *r,
                               mio_token token, mio_interest interest) {
  int fd = source_fd__fd(self);
  if (fd < 0) return -MIO_EBADF;
  mio_selector *s = r->selector;
  return s->ops->register_fd(s->sys, fd, token, interest);
}

static int source_fd__reregister(mio_source *self, const mio_registry *r,
                                 mio_token token, mio_interest interest) {
  int fd = source_fd__fd(self);
  if (fd < 0) return -MIO_EBADF;
  mio_selector *s = r->selector;
  return s->ops->reregister_fd(s->sys, fd, token, interest);
}

static int source_fd__deregister(mio_source *self, const mio_registry *r) {
  int fd = source_fd__fd(self);
  if (fd < 0) return -MIO_EBADF;
  mio_selector *s = r->selector;
  return s->ops->deregister_fd(s->sys, fd);
}

static const mio_source_ops source_fd__ops = {
    source_fd__register,
    source_fd__reregister,
    source_fd__deregister,
};

mio_source *mio_source_fd_init(mio_source_fd *sfd, int fd) {
  if (sfd == NULL) return NULL;
  source_fd__state *st = (source_fd__state *)(void *)sfd;
  st->source.ops = &source_fd__ops;
  st->fd = fd;
  return &st->source;
}
