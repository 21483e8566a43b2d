/* The <sys/event.h> values of each kqueue OS, as the kevent(2) man pages
 * and headers give them, for testing the kqueue logic on Linux
 * (kevent_logic_test.cc). apple_consts_check.c checks the Apple row against
 * the real headers in the macOS builds. Filters mio does not use on an OS
 * are MIO_KQ_NO_FILTER, exactly as in mio/sys/kqueue/os_<os>.c. */
#ifndef TESTING_KQUEUE_KEVENT_MAN_PAGES_H_
#define TESTING_KQUEUE_KEVENT_MAN_PAGES_H_

#include "mio/sys/kqueue/kevent_logic.h"

/* Flags are the same on every BSD (EV_ADD 0x1 ... EV_EOF 0x8000). */
#define KQ_MAN_EV_ADD 0x0001u
#define KQ_MAN_EV_DELETE 0x0002u
#define KQ_MAN_EV_CLEAR 0x0020u
#define KQ_MAN_EV_RECEIPT 0x0040u
#define KQ_MAN_EV_ERROR 0x4000u
#define KQ_MAN_EV_EOF 0x8000u
#define KQ_MAN_NOTE_TRIGGER 0x01000000u

/* macOS: EVFILT_READ -1, WRITE -2, AIO -3, USER -10. */
#define KQ_MAN_APPLE_READ (-1)
#define KQ_MAN_APPLE_WRITE (-2)
#define KQ_MAN_APPLE_AIO (-3)
#define KQ_MAN_APPLE_USER (-10)

static const mio_kq_consts kq_man_apple = {
    KQ_MAN_APPLE_READ, KQ_MAN_APPLE_WRITE, KQ_MAN_APPLE_USER,
    KQ_MAN_APPLE_AIO,  MIO_KQ_NO_FILTER,   KQ_MAN_EV_ADD,
    KQ_MAN_EV_DELETE,  KQ_MAN_EV_CLEAR,    KQ_MAN_EV_RECEIPT,
    KQ_MAN_EV_EOF,     KQ_MAN_EV_ERROR,    KQ_MAN_NOTE_TRIGGER};

/* FreeBSD: EVFILT_READ -1, WRITE -2, AIO -3, LIO -10, USER -11. */
static const mio_kq_consts kq_man_freebsd = {-1,
                                             -2,
                                             -11,
                                             -3,
                                             -10,
                                             KQ_MAN_EV_ADD,
                                             KQ_MAN_EV_DELETE,
                                             KQ_MAN_EV_CLEAR,
                                             KQ_MAN_EV_RECEIPT,
                                             KQ_MAN_EV_EOF,
                                             KQ_MAN_EV_ERROR,
                                             KQ_MAN_NOTE_TRIGGER};

/* NetBSD: unsigned filters, EVFILT_READ 0, WRITE 1 (AIO 2, USER 8 unused by
 * mio). */
static const mio_kq_consts kq_man_netbsd = {0,
                                            1,
                                            MIO_KQ_NO_FILTER,
                                            MIO_KQ_NO_FILTER,
                                            MIO_KQ_NO_FILTER,
                                            KQ_MAN_EV_ADD,
                                            KQ_MAN_EV_DELETE,
                                            KQ_MAN_EV_CLEAR,
                                            KQ_MAN_EV_RECEIPT,
                                            KQ_MAN_EV_EOF,
                                            KQ_MAN_EV_ERROR,
                                            0};

/* OpenBSD: EVFILT_READ -1, WRITE -2 (AIO -3 unused by mio), no USER. */
static const mio_kq_consts kq_man_openbsd = {-1,
                                             -2,
                                             MIO_KQ_NO_FILTER,
                                             MIO_KQ_NO_FILTER,
                                             MIO_KQ_NO_FILTER,
                                             KQ_MAN_EV_ADD,
                                             KQ_MAN_EV_DELETE,
                                             KQ_MAN_EV_CLEAR,
                                             KQ_MAN_EV_RECEIPT,
                                             KQ_MAN_EV_EOF,
                                             KQ_MAN_EV_ERROR,
                                             0};

#endif /* TESTING_KQUEUE_KEVENT_MAN_PAGES_H_ */
