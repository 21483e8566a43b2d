/* SOCKET -> sock_state hash table (see sock_table.h). */
#include "mio/sys/iocp/sock_table.h"

#include <stdlib.h>

#include "mio/core/error.h"

enum { SOCK_TABLE__INITIAL = 64 };

/* SOCKET values are multiples of 4 (kernel handles): drop those bits. */
static size_t table__slot(size_t nbuckets, SOCKET s) {
  return ((size_t)s >> 2) & (nbuckets - 1);
}

int mio_sock_table_init(mio_sock_table *t) {
  t->buckets = calloc(SOCK_TABLE__INITIAL, sizeof *t->buckets);
  if (t->buckets == NULL) return -MIO_ENOMEM;
  t->nbuckets = SOCK_TABLE__INITIAL;
  t->count = 0;
  return 0;
}

void mio_sock_table_fini(mio_sock_table *t) {
  free(t->buckets);
  t->buckets = NULL;
  t->nbuckets = 0;
  t->count = 0;
}

mio_sock_state *mio_sock_table_find(const mio_sock_table *t, SOCKET s) {
  mio_sock_state *st = t->buckets[table__slot(t->nbuckets, s)];
  while (st != NULL && st->socket != s) st = st->table_next;
  return st;
}

/* Rehashes into twice as many buckets; on allocation failure the table
 * simply stays denser. */
static void table__grow(mio_sock_table *t) {
  size_t n = t->nbuckets * 2;
  mio_sock_state **b = calloc(n, sizeof *b);
  if (b == NULL) return;
  for (size_t i = 0; i < t->nbuckets; i++) {
    mio_sock_state *st = t->buckets[i];
    while (st != NULL) {
      mio_sock_state *next = st->table_next;
      size_t k = table__slot(n, st->socket);
      st->table_next = b[k];
      b[k] = st;
      st = next;
    }
  }
  free(t->buckets);
  t->buckets = b;
  t->nbuckets = n;
}

void mio_sock_table_add(mio_sock_table *t, mio_sock_state *st) {
  if (t->count >= t->nbuckets) table__grow(t);
  size_t k = table__slot(t->nbuckets, st->socket);
  st->table_next = t->buckets[k];
  t->buckets[k] = st;
  st->in_table = true;
  t->count++;
}

void mio_sock_table_remove(mio_sock_table *t, mio_sock_state *st) {
  mio_sock_state **link = &t->buckets[table__slot(t->nbuckets, st->socket)];
  while (*link != NULL && *link != st) link = &(*link)->table_next;
  if (*link == NULL) return;
  *link = st->table_next;
  st->table_next = NULL;
  st->in_table = false;
  t->count--;
}
