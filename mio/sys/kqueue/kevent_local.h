/* A minimal `struct kevent` for hosts without <sys/event.h> (Linux), so that
 * kevent_logic.c compiles and is unit-tested there (testing/kqueue). Never
 * used on a kqueue OS.
 *
 * The layout is the one in the kevent(2) man pages of macOS and FreeBSD
 * before 12 (NetBSD widens filter and flags to 32 bits, FreeBSD 12 adds
 * ext[4]): kevent_logic.c only reads and writes fields by name, so any of
 * them would do. */
#ifndef MIO_SYS_KQUEUE_KEVENT_LOCAL_H_
#define MIO_SYS_KQUEUE_KEVENT_LOCAL_H_

#include <stdint.h>

struct kevent {
  uintptr_t ident; /* identifier for this event (the fd) */
  int16_t filter;  /* filter for event */
  uint16_t flags;  /* action flags for kqueue */
  uint32_t fflags; /* filter flag value */
  intptr_t data;   /* filter data value */
  void *udata;     /* opaque user data identifier (the token) */
};

#endif /* MIO_SYS_KQUEUE_KEVENT_LOCAL_H_ */
