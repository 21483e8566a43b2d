/* The selector's registered sockets: SOCKET -> sock_state (internal; wepoll
 * keeps an RB tree, mio keeps the state in the IoSource). A chained hash
 * table that doubles when its load passes 1. Not thread-safe: the selector's
 * lock protects it. */
#ifndef MIO_SYS_IOCP_SOCK_TABLE_H_
#define MIO_SYS_IOCP_SOCK_TABLE_H_

#include <stddef.h>

#include "mio/sys/iocp/sock_state.h"

typedef struct mio_sock_table {
  mio_sock_state **buckets;
  size_t nbuckets; /* power of two */
  size_t count;
} mio_sock_table;

/* 0 or -MIO_ENOMEM. */
int mio_sock_table_init(mio_sock_table *t);
/* Frees the buckets only (not the states). */
void mio_sock_table_fini(mio_sock_table *t);
/* The state registered for `s`, or NULL. */
mio_sock_state *mio_sock_table_find(const mio_sock_table *t, SOCKET s);
/* Adds `st` (its socket must not be present) and sets st->in_table. Never
 * fails: if growing fails the table just gets denser. */
void mio_sock_table_add(mio_sock_table *t, mio_sock_state *st);
/* Removes `st` and clears st->in_table. */
void mio_sock_table_remove(mio_sock_table *t, mio_sock_state *st);

#endif /* MIO_SYS_IOCP_SOCK_TABLE_H_ */
