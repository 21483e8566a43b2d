/* The kqueue backend's logic that needs no system call (internal): the
 * change lists of register/reregister/deregister and the waker, folding the
 * EV_RECEIPT results into one error, decoding a returned `struct kevent`
 * into mio's event bits, and the select timeout (mio
 * src/sys/unix/selector/kqueue.rs).
 *
 * Every function takes the OS's constants as a mio_kq_consts (one per OS in
 * os_<os>.c, filled from <sys/event.h>), so this file also compiles on Linux
 * against kevent_local.h and testing/kqueue checks it there with the values
 * of the kevent(2) man pages: a mistake in the translation fails a test on
 * Linux, not on a user's Mac. All functions are pure and thread-safe. */
#ifndef MIO_SYS_KQUEUE_KEVENT_LOGIC_H_
#define MIO_SYS_KQUEUE_KEVENT_LOGIC_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mio/core/interest.h"
#include "mio/core/token.h"

#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
#include <sys/types.h> /* before <sys/event.h> on the BSDs */

#include <sys/event.h>
#else
#include "mio/sys/kqueue/kevent_local.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A filter the OS lacks, or that mio does not use there (EVFILT_USER on
 * NetBSD/OpenBSD): no real filter has this value, so it never matches. */
#define MIO_KQ_NO_FILTER INT32_MIN

/* The <sys/event.h> values the logic needs. Filters are int32 because
 * NetBSD's are unsigned 32-bit (0, 1, ...) and the others' negative 16-bit. */
typedef struct mio_kq_consts {
  int32_t filt_read, filt_write;
  int32_t filt_user; /* MIO_KQ_NO_FILTER where the waker is a pipe */
  int32_t filt_aio;  /* MIO_KQ_NO_FILTER where mio has no is_aio */
  int32_t filt_lio;  /* MIO_KQ_NO_FILTER except on FreeBSD */
  uint32_t ev_add, ev_delete, ev_clear, ev_receipt, ev_eof, ev_error;
  uint32_t note_trigger; /* 0 without EVFILT_USER */
} mio_kq_consts;

/* register/reregister/deregister change at most two filters (READ, WRITE). */
#define MIO_KQ_MAX_CHANGES 2

/* Which call a receipt list belongs to: it decides the ignored errors. */
typedef enum mio_kq_op {
  MIO_KQ_REGISTER,   /* EPIPE ignored (old macOS, tokio-rs/mio#582) */
  MIO_KQ_REREGISTER, /* ENOENT (a filter that was not there) and EPIPE */
  MIO_KQ_DEREGISTER, /* ENOENT */
  MIO_KQ_WAKER,      /* nothing ignored */
} mio_kq_op;

/* Fills `out` with the changes for `op` on `fd` and returns their count:
 *  - register: EV_ADD|EV_CLEAR|EV_RECEIPT for WRITE (if writable) then READ
 *    (if readable); 0 changes for an AIO/LIO-only interest (completions are
 *    routed by the aiocb, not by a registration);
 *  - reregister: always WRITE then READ, each EV_ADD when wanted, else
 *    EV_DELETE (the kernel cannot tell which filters exist), EV_CLEAR|
 *    EV_RECEIPT on both;
 *  - deregister: EV_DELETE|EV_RECEIPT on WRITE then READ, udata 0.
 * Every change carries the token in udata; other fields are zero. */
size_t mio_kq_changes(const mio_kq_consts *k, mio_kq_op op, uintptr_t fd,
                      mio_token token, mio_interest interest,
                      struct kevent out[MIO_KQ_MAX_CHANGES]);

/* The EVFILT_USER change (ident 0) that installs the waker (trigger false:
 * EV_ADD|EV_CLEAR|EV_RECEIPT) or fires it (trigger true: EV_ADD|EV_RECEIPT,
 * fflags NOTE_TRIGGER). */
void mio_kq_waker_change(const mio_kq_consts *k, mio_token token, bool trigger,
                         struct kevent *out);

/* True when `err` is an errno `op` ignores in a receipt. */
bool mio_kq_ignored_error(mio_kq_op op, intptr_t err);

/* The outcome of kevent(kq, changes, n, receipts, n, NULL) for `op`:
 * `rc`/`err` are its return value and errno. A failed call is -err, except
 * EINTR: "all changes in the changelist have been applied" (FreeBSD's
 * kevent(2)), so the receipts are checked as after success. Then the first
 * receipt with EV_ERROR and a non-zero, not ignored data is -data; else 0. */
int mio_kq_result(const mio_kq_consts *k, mio_kq_op op, int rc, int err,
                  const struct kevent *receipts, size_t n);

/* Decoders (API.md §5, column kqueue; mio kqueue.rs `event`). */
mio_token mio_kq_token(const struct kevent *e);
/* filter READ, or USER (the waker reads as readable, like an eventfd). */
bool mio_kq_is_readable(const mio_kq_consts *k, const struct kevent *e);
bool mio_kq_is_writable(const mio_kq_consts *k, const struct kevent *e);
/* EV_ERROR, or EV_EOF with a socket error in fflags. */
bool mio_kq_is_error(const mio_kq_consts *k, const struct kevent *e);
/* EV_EOF on the READ filter: the peer shut down its write side. */
bool mio_kq_is_read_closed(const mio_kq_consts *k, const struct kevent *e);
/* EV_EOF on the WRITE filter: the peer is gone. */
bool mio_kq_is_write_closed(const mio_kq_consts *k, const struct kevent *e);
bool mio_kq_is_aio(const mio_kq_consts *k, const struct kevent *e);
bool mio_kq_is_lio(const mio_kq_consts *k, const struct kevent *e);

/* mio_event_format_details' text, e.g. "kevent { ident: 5, filter:
 * EVFILT_READ, flags: EV_ADD | EV_CLEAR | EV_EOF, fflags: 0x0, data: 12,
 * udata: 7 }" (unknown filters as numbers, flags outside the known set as
 * hex). snprintf contract (see mio_interest_format). */
size_t mio_kq_format(const mio_kq_consts *k, const struct kevent *e, char *buf,
                     size_t len);

/* The select timeout: false for -1 (wait forever: pass NULL), else true with
 * *ts = timeout_ns exactly (kevent takes nanoseconds, so rounding up is a
 * no-op), its seconds clamped to what a 32-bit time_t holds. */
bool mio_kq_timespec(int64_t timeout_ns, struct timespec *ts);

#ifdef __cplusplus
}
#endif

#endif /* MIO_SYS_KQUEUE_KEVENT_LOGIC_H_ */
