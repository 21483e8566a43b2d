/* Registration state shared by every built-in source (internal).
 *
 * Each value object (mio_tcp_stream, mio_pipe_receiver, mio_io_source, ...)
 * is a mio_io_state in its 64-byte private storage; mio/net and mio/sys
 * implement their types on top of the functions below, so the association
 * check (API.md §7.5), re-arming after would-block (§7.4) and release on
 * close (§7.6) are written once.
 *
 * Invariants: all-bits-zero is closed (open == 0, nothing registered);
 * `selector` != NULL iff registered, and then it holds one reference. */
#ifndef MIO_CORE_IO_SOURCE_INTERNAL_H_
#define MIO_CORE_IO_SOURCE_INTERNAL_H_

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mio/core/error.h"
#include "mio/core/selector_ref.h"
#include "mio/core/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Branch hints for the per-call checks (issue 15: an argument error or a
 * closed object is the rare case; the check stays, its cost is one
 * predicted branch). */
#if defined(__GNUC__) || defined(__clang__)
#define MIO_LIKELY(x) __builtin_expect(!!(x), 1)
#define MIO_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define MIO_LIKELY(x) (x)
#define MIO_UNLIKELY(x) (x)
#endif

enum { MIO_IO_OPEN = 1, MIO_IO_OPEN_REARM = 2 };

typedef struct mio_io_state {
  mio_source source;      /* first: *_source() returns &source */
  mio_selector *selector; /* the Poll it is registered with, or NULL */
  mio_token token;        /* valid while registered */
  mio_raw_fd fd;          /* valid while open */
  /* 0: closed. Non-zero while `fd` is owned: MIO_IO_OPEN, or
   * MIO_IO_OPEN_REARM while registered with a backend that re-arms after
   * would-block (rearm_fd != NULL, poll(2)). The single-buffer fast path
   * (mio/sys/unix/net_os.h) tests `open == MIO_IO_OPEN` once and then needs no
   * registration state after the syscall. */
  uint8_t open;
  mio_interest interest; /* valid while registered */
} mio_io_state;

#ifndef __cplusplus
_Static_assert(sizeof(mio_io_state) <= MIO_OBJECT_SIZE,
               "io state must fit a value object");
#endif

/* The state inside any value object's storage. */
#define MIO_IO_STATE(obj) ((mio_io_state *)(void *)(obj))
#define MIO_IO_STATE_CONST(obj) ((const mio_io_state *)(const void *)(obj))

/* Makes `st` an open, unregistered owner of `fd`. */
static inline void mio_io_state_init(mio_io_state *st, mio_raw_fd fd) {
  st->source.ops = NULL;
  st->selector = NULL;
  st->token = 0;
  st->fd = fd;
  st->open = MIO_IO_OPEN;
  st->interest = 0;
}

/* Leaves `st` closed (all-bits-zero): after close, into_raw_fd, and for the
 * `out` object of a failed constructor. */
static inline void mio_io_state_clear(mio_io_state *st) {
  memset(st, 0, sizeof *st);
}

/* Writes the shared ops pointer and returns the registrable source. */
mio_source *mio_io_state_source(mio_io_state *st);

/* -errno of the last failed syscall, with EWOULDBLOCK folded into EAGAIN. */
static inline int mio_io_errno(void) {
  int e = errno;
  return e == EWOULDBLOCK ? -MIO_EAGAIN : -e;
}

/* Finishes an I/O call: re-arms on would-block where the backend needs it
 * (poll(2)); on epoll this is a compare and a branch. */
ptrdiff_t mio_io_state_rearm(const mio_io_state *st);
static inline ptrdiff_t mio_io_state_after_io(const mio_io_state *st,
                                              ptrdiff_t r) {
  if (r == -MIO_EAGAIN && st->selector != NULL &&
      st->selector->ops->rearm_fd != NULL) {
    return mio_io_state_rearm(st);
  }
  return r;
}

/* The failure of a syscall on a state whose `open` is MIO_IO_OPEN (nothing
 * to re-arm): -errno, EWOULDBLOCK folded into EAGAIN. Out of line (cold). */
ptrdiff_t mio_io_fail_plain(void);

/* The failure half of mio_io_state_result: errno mapped, re-armed. Out of
 * line so that the success path keeps nothing live across the syscall. */
ptrdiff_t mio_io_state_fail(const mio_io_state *st);

/* Result of a syscall returning ssize_t, mapped to a mio result, re-armed. */
static inline ptrdiff_t mio_io_state_result(const mio_io_state *st,
                                            ptrdiff_t sys_ret) {
  return MIO_LIKELY(sys_ret >= 0) ? sys_ret : mio_io_state_fail(st);
}

ptrdiff_t mio_io_state_do_io(const mio_io_state *st, mio_io_fn fn, void *ctx);
/* Drops registration state (and the selector's, where release_on_close). */
void mio_io_state_release(mio_io_state *st);
int mio_io_state_close(mio_io_state *st);
mio_raw_fd mio_io_state_into_raw_fd(mio_io_state *st);

#ifdef __cplusplus
}
#endif

#endif /* MIO_CORE_IO_SOURCE_INTERNAL_H_ */
