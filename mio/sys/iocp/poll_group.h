/* Poll groups: AFD handles shared by up to MIO_POLL_GROUP_MAX sockets
 * (internal; wepoll poll_group.c, mio AfdGroup).
 *
 * One AFD handle per socket would waste kernel objects; one for all sockets
 * would serialize them in the driver. wepoll's compromise is groups of 32.
 * Not thread-safe: the selector's lock protects the list. */
#ifndef MIO_SYS_IOCP_POLL_GROUP_H_
#define MIO_SYS_IOCP_POLL_GROUP_H_

/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <stddef.h>
#include <windows.h>

#define MIO_POLL_GROUP_MAX 32

typedef struct mio_poll_group {
  HANDLE afd;
  size_t users; /* sock_states using `afd`, <= MIO_POLL_GROUP_MAX */
  struct mio_poll_group *next;
} mio_poll_group;

typedef struct mio_poll_groups {
  HANDLE port;
  mio_poll_group *head; /* groups with free slots first */
} mio_poll_groups;

/* A group with a free slot (opening a new AFD handle if all are full), its
 * user count taken. 0 or a mio code. */
int mio_poll_group_acquire(mio_poll_groups *gs, mio_poll_group **out);

/* Gives a slot back; an unused group closes its AFD handle. Only call once
 * no poll on `g->afd` is in flight for that user. */
void mio_poll_group_release(mio_poll_groups *gs, mio_poll_group *g);

#endif /* MIO_SYS_IOCP_POLL_GROUP_H_ */
