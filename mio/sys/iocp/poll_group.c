/* Poll groups (see poll_group.h). */
#include "mio/sys/iocp/poll_group.h"

#include <stdlib.h>

#include "mio/core/error.h"
#include "mio/sys/iocp/afd.h"

int mio_poll_group_acquire(mio_poll_groups *gs, mio_poll_group **out) {
  for (mio_poll_group *g = gs->head; g != NULL; g = g->next) {
    if (g->users < MIO_POLL_GROUP_MAX) {
      g->users++;
      *out = g;
      return 0;
    }
  }
  mio_poll_group *g = calloc(1, sizeof *g);
  if (g == NULL) return -MIO_ENOMEM;
  int rc = mio_afd_open(gs->port, &g->afd);
  if (rc != 0) {
    free(g);
    return rc;
  }
  g->users = 1;
  g->next = gs->head;
  gs->head = g;
  *out = g;
  return 0;
}

void mio_poll_group_release(mio_poll_groups *gs, mio_poll_group *g) {
  if (--g->users > 0) return;
  for (mio_poll_group **link = &gs->head; *link != NULL;
       link = &(*link)->next) {
    if (*link == g) {
      *link = g->next;
      break;
    }
  }
  CloseHandle(g->afd);
  free(g);
}
