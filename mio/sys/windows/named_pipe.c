/* mio_named_pipe: readiness over overlapped pipe I/O (behaviour of mio's
 * src/sys/windows/named_pipe.rs; API.md §12.3; see named_pipe.h).
 *
 * The value object holds a pointer to heap state (np__inner) that every
 * operation in flight also references: the object's reference is dropped
 * by close, each started ReadFile/WriteFile/ConnectNamedPipe and each
 * posted event holds one until its completion is handled. The HANDLE is
 * closed and the state freed with the last reference, so the kernel never
 * writes into freed memory and a pending write still finishes after close.
 *
 * Completions arrive through the Poll's port under MIO_IOCP_KEY_OVERLAPPED
 * (mio/sys/iocp/overlapped.h); their callbacks update the read/write/connect
 * state and report at most one event in the slot select() offers; further
 * events of the same completion are posted to the port (mio's
 * schedule_event) and reported by a later completion of `event`.
 *
 * Locking: `lock` guards everything after it. Callbacks run with the
 * selector lock held and then take `lock`; nothing here takes the selector
 * lock (posting and associating do not). */
/* winsock2.h must come before windows.h. */
#include <winsock2.h>

#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "mio/core/error.h"
#include "mio/core/selector_ref.h"
#include "mio/sys/iocp/afd_events.h"
#include "mio/sys/iocp/overlapped.h"
#include "mio/sys/named_pipe.h"
#include "mio/sys/windows/error_map.h"

enum { NP__READ_BUF = 4096 }; /* API.md §12.3: 4 KiB read buffer */

/* Readiness as event flags (decoded by mio/sys/iocp/event.c). */
#define NP__READABLE MIO_AFD_POLL_RECEIVE
#define NP__WRITABLE MIO_AFD_POLL_SEND

/* One direction's background operation (mio's State). */
typedef enum np__state {
  NP__NONE = 0, /* nothing in flight, nothing buffered */
  NP__PENDING,  /* an operation is in flight */
  NP__OK,       /* read: data buffered; write: done at once, completion due */
  NP__ERR       /* the last operation failed; reported by the next call */
} np__state;

typedef struct np__inner {
  mio_iocp_overlapped connect;
  mio_iocp_overlapped read;
  mio_iocp_overlapped write;
  mio_iocp_overlapped event; /* posted readiness (mio's schedule_event) */
  HANDLE handle;
  atomic_long refs;
  SRWLOCK lock;
  mio_selector *selector; /* first Poll registered with (one ref) or NULL */
  mio_token token;        /* valid while registered */
  bool registered;
  bool closed;
  bool connecting;     /* a ConnectNamedPipe completion is due */
  DWORD connect_error; /* Win32 code of the last completed connect */
  np__state rstate;
  DWORD rerr;
  size_t rlen, rpos;
  np__state wstate;
  DWORD werr;
  size_t wlen, wpos; /* bytes in wbuf, bytes already written */
  size_t wcap;
  unsigned char *wbuf;
  unsigned char rbuf[NP__READ_BUF];
} np__inner;

/* The value object's storage. */
typedef struct np__obj {
  mio_source source; /* first: _source() returns &source */
  np__inner *inner;  /* NULL when closed */
} np__obj;

_Static_assert(sizeof(np__obj) <= MIO_OBJECT_SIZE,
               "named pipe state must fit a value object");

#define NP__OF(member, ov) \
  ((np__inner *)(void *)((char *)(ov)-offsetof(np__inner, member)))

static np__inner *np__get(const mio_named_pipe *p) {
  return ((const np__obj *)(const void *)p)->inner;
}

/* ------------------------------------------------------------ references */

static void np__ref(np__inner *in) { atomic_fetch_add(&in->refs, 1); }

static void np__unref(np__inner *in) {
  if (atomic_fetch_sub(&in->refs, 1) != 1) return;
  CloseHandle(in->handle);
  free(in->wbuf);
  free(in);
}

/* Before starting an operation whose completion will be queued. */
static void np__begin(np__inner *in, OVERLAPPED *ov) {
  memset(ov, 0, sizeof *ov);
  np__ref(in);
  mio_sys_iocp_expect(in->selector->sys, 1);
}

/* The operation failed synchronously: no completion will come. The caller
 * holds another reference, so this one is never the last. */
static void np__abandon(np__inner *in) {
  mio_sys_iocp_expect(in->selector->sys, -1);
  atomic_fetch_sub(&in->refs, 1);
}

/* ---------------------------------------------------------------- events */

/* Where a handler reports its first event (select()'s slot), if anywhere. */
typedef struct np__emit {
  struct mio_event *out;
  bool filled;
} np__emit;

/* Reports readiness `flags` with the current token: in the slot if it is
 * free, else by posting `event` to the port. Nothing while unregistered
 * (mio's notify_readable/notify_writable). Lock held. */
static void np__notify(np__inner *in, np__emit *em, uint32_t flags) {
  if (!in->registered) return;
  if (em != NULL && !em->filled) {
    mio_sys_event_set(em->out, in->token, flags);
    em->filled = true;
    return;
  }
  np__ref(in);
  if (mio_sys_iocp_post(in->selector->sys, &in->event, flags) != 0) {
    atomic_fetch_sub(&in->refs, 1); /* not the last: the caller holds one */
  }
}

/* ------------------------------------------------------------ operations */

/* Starts the background read unless one is in flight or data/an error is
 * buffered. False when no read could start because no client is connected
 * (ERROR_PIPE_LISTENING) or the pipe is closed. Lock held. */
static bool np__schedule_read(np__inner *in, np__emit *em) {
  if (in->rstate != NP__NONE) return true;
  if (in->closed) return false;
  np__begin(in, &in->read.ov);
  if (ReadFile(in->handle, in->rbuf, NP__READ_BUF, NULL, &in->read.ov)) {
    in->rstate = NP__PENDING; /* done at once; the completion is queued */
    return true;
  }
  DWORD err = GetLastError();
  /* ERROR_MORE_DATA (message pipes) is a warning: the completion comes. */
  if (err == ERROR_IO_PENDING || err == ERROR_MORE_DATA) {
    in->rstate = NP__PENDING;
    return true;
  }
  np__abandon(in);
  if (err == ERROR_PIPE_LISTENING) return false; /* wait for connect */
  in->rstate = NP__ERR;
  in->rerr = err;
  np__notify(in, em, NP__READABLE);
  return true;
}

/* Writes wbuf[wpos..wlen) in the background. 0 when started (a completion
 * is queued; *now_out tells whether it already completed, with *done_out
 * bytes), else the Win32 error (nothing queued). Lock held. */
static DWORD np__start_write(np__inner *in, bool *now_out, DWORD *done_out) {
  np__begin(in, &in->write.ov);
  if (!WriteFile(in->handle, in->wbuf + in->wpos, (DWORD)(in->wlen - in->wpos),
                 NULL, &in->write.ov)) {
    DWORD err = GetLastError();
    if (err != ERROR_IO_PENDING) {
      np__abandon(in);
      return err;
    }
  }
  *now_out = GetOverlappedResult(in->handle, &in->write.ov, done_out, FALSE);
  return 0;
}

/* After registration or a connect: start reading, and report writable if
 * no write is in flight (mio's post_register). Lock held. */
static void np__post_register(np__inner *in, np__emit *em) {
  if (np__schedule_read(in, em) && in->wstate == NP__NONE) {
    np__notify(in, em, NP__WRITABLE);
  }
}

/* ------------------------------------------------------ completion handlers
 * Each runs with `lock` held; np__complete wraps it for the selector and
 * consumes the reference the operation held. */

typedef void (*np__handler)(np__inner *in, np__emit *em, DWORD bytes);

static bool np__complete(np__inner *in, const OVERLAPPED_ENTRY *entry,
                         struct mio_event *out, np__handler handler) {
  np__emit em = {out, false};
  AcquireSRWLockExclusive(&in->lock);
  handler(in, &em, entry->dwNumberOfBytesTransferred);
  ReleaseSRWLockExclusive(&in->lock);
  np__unref(in);
  return em.filled;
}

/* A connect finished: remember its error, then start reading and report
 * writable (mio's connect_done). */
static void np__on_connect(np__inner *in, np__emit *em, DWORD bytes) {
  (void)bytes;
  in->connecting = false;
  DWORD n;
  if (!GetOverlappedResult(in->handle, &in->connect.ov, &n, FALSE)) {
    in->connect_error = GetLastError();
  }
  if (!in->closed) np__post_register(in, em);
}

/* The background read finished: buffer its data or its error, readable. */
static void np__on_read(np__inner *in, np__emit *em, DWORD bytes) {
  (void)bytes;
  if (in->rstate == NP__PENDING) {
    DWORD n = 0;
    DWORD err = GetOverlappedResult(in->handle, &in->read.ov, &n, FALSE)
                    ? ERROR_SUCCESS
                    : GetLastError();
    if (err == ERROR_SUCCESS || err == ERROR_MORE_DATA) {
      /* MORE_DATA: the message is larger than the buffer; the rest comes
       * with the next read. */
      in->rstate = NP__OK;
      in->rlen = n;
      in->rpos = 0;
    } else {
      in->rstate = NP__ERR;
      in->rerr = err;
    }
  }
  if (!in->closed) np__notify(in, em, NP__READABLE);
}

/* The background write finished: continue a partial one, else writable. */
static void np__on_write(np__inner *in, np__emit *em, DWORD bytes) {
  (void)bytes;
  if (in->wstate == NP__OK) {
    /* Completed at once: write() already returned the count. */
    in->wstate = NP__NONE;
  } else if (in->wstate == NP__PENDING) {
    DWORD n = 0;
    if (!GetOverlappedResult(in->handle, &in->write.ov, &n, FALSE)) {
      in->wstate = NP__ERR;
      in->werr = GetLastError();
    } else if (in->wpos + n < in->wlen && !in->closed) {
      /* Partly written: continue in the background (mio schedule_write). */
      in->wpos += n;
      bool now;
      DWORD done;
      DWORD err = np__start_write(in, &now, &done);
      if (err == 0) return; /* writable once the rest is out */
      in->wstate = NP__ERR;
      in->werr = err;
    } else {
      in->wstate = NP__NONE;
    }
  }
  np__notify(in, em, NP__WRITABLE);
}

/* A posted readiness event (its flags travel as the byte count): reported
 * in the slot with the current token, dropped when the pipe was
 * deregistered or closed meanwhile. */
static void np__on_event(np__inner *in, np__emit *em, DWORD bytes) {
  np__notify(in, em, bytes);
}

static bool np__connect_done(mio_iocp_overlapped *ov,
                             const OVERLAPPED_ENTRY *entry,
                             struct mio_event *out) {
  return np__complete(NP__OF(connect, ov), entry, out, np__on_connect);
}

static bool np__read_done(mio_iocp_overlapped *ov,
                          const OVERLAPPED_ENTRY *entry,
                          struct mio_event *out) {
  return np__complete(NP__OF(read, ov), entry, out, np__on_read);
}

static bool np__write_done(mio_iocp_overlapped *ov,
                           const OVERLAPPED_ENTRY *entry,
                           struct mio_event *out) {
  return np__complete(NP__OF(write, ov), entry, out, np__on_write);
}

static bool np__event_done(mio_iocp_overlapped *ov,
                           const OVERLAPPED_ENTRY *entry,
                           struct mio_event *out) {
  return np__complete(NP__OF(event, ov), entry, out, np__on_event);
}

/* ---------------------------------------------------------- registration */

static int np__register(mio_source *self, const mio_registry *r,
                        mio_token token, mio_interest interest) {
  (void)interest; /* a registered pipe reports both kinds (API.md §12.3) */
  np__inner *in = ((np__obj *)(void *)self)->inner;
  if (in == NULL) return -MIO_EBADF;
  mio_selector *sel = r->selector;
  int rc = 0;
  AcquireSRWLockExclusive(&in->lock);
  if (in->registered || (in->selector != NULL && in->selector != sel)) {
    rc = -MIO_EEXIST;
  } else if (in->selector == NULL) {
    rc = mio_sys_iocp_is(sel->ops)
             ? mio_sys_iocp_associate(sel->sys, in->handle)
             : -MIO_ENOTSUP;
    if (rc == 0) {
      mio_selector_ref(sel); /* held until close: the port is permanent */
      in->selector = sel;
    }
  }
  if (rc == 0) {
    in->registered = true;
    in->token = token;
    np__post_register(in, NULL);
  }
  ReleaseSRWLockExclusive(&in->lock);
  return rc;
}

/* The §7.5 checks of reregister and deregister (mio check_association, then
 * the registration itself). Lock held. */
static int np__check_registered(const np__inner *in, const mio_registry *r) {
  if (in->selector == NULL) return -MIO_ENOENT;
  if (in->selector != r->selector) return -MIO_EEXIST;
  return in->registered ? 0 : -MIO_ENOENT;
}

static int np__reregister(mio_source *self, const mio_registry *r,
                          mio_token token, mio_interest interest) {
  (void)interest;
  np__inner *in = ((np__obj *)(void *)self)->inner;
  if (in == NULL) return -MIO_EBADF;
  AcquireSRWLockExclusive(&in->lock);
  int rc = np__check_registered(in, r);
  if (rc == 0) {
    in->token = token;
    np__post_register(in, NULL);
  }
  ReleaseSRWLockExclusive(&in->lock);
  return rc;
}

static int np__deregister(mio_source *self, const mio_registry *r) {
  np__inner *in = ((np__obj *)(void *)self)->inner;
  if (in == NULL) return -MIO_EBADF;
  AcquireSRWLockExclusive(&in->lock);
  int rc = np__check_registered(in, r);
  if (rc == 0) {
    in->registered = false;
    in->token = 0;
  }
  ReleaseSRWLockExclusive(&in->lock);
  return rc;
}

static const mio_source_ops np__ops = {np__register, np__reregister,
                                       np__deregister};

/* ------------------------------------------------------------ public API */

static np__inner *np__alloc(void) {
  np__inner *in = calloc(1, sizeof *in);
  if (in == NULL) return NULL;
  in->connect.callback = np__connect_done;
  in->read.callback = np__read_done;
  in->write.callback = np__write_done;
  in->event.callback = np__event_done;
  atomic_init(&in->refs, 1);
  InitializeSRWLock(&in->lock);
  return in;
}

int mio_named_pipe_from_raw_handle(mio_named_pipe *out, void *handle) {
  if (out == NULL) return -MIO_EINVAL;
  memset(out, 0, sizeof *out);
  if (handle == NULL || handle == INVALID_HANDLE_VALUE) return -MIO_EBADF;
  np__inner *in = np__alloc();
  if (in == NULL) return -MIO_ENOMEM;
  in->handle = (HANDLE)handle;
  ((np__obj *)(void *)out)->inner = in;
  return 0;
}

int mio_named_pipe_new_w(mio_named_pipe *out, const wchar_t *name) {
  if (out == NULL) return -MIO_EINVAL;
  memset(out, 0, sizeof *out);
  if (name == NULL) return -MIO_EINVAL;
  np__inner *in = np__alloc(); /* first: a failure creates nothing */
  if (in == NULL) return -MIO_ENOMEM;
  HANDLE h = CreateNamedPipeW(
      name,
      PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
      PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 65536, 65536, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    int rc = mio_sys_win_error(GetLastError());
    free(in);
    return rc;
  }
  in->handle = h;
  ((np__obj *)(void *)out)->inner = in;
  return 0;
}

int mio_named_pipe_new(mio_named_pipe *out, const char *name_utf8) {
  if (out == NULL) return -MIO_EINVAL;
  memset(out, 0, sizeof *out);
  if (name_utf8 == NULL) return -MIO_EINVAL;
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, name_utf8, -1,
                              NULL, 0);
  if (n <= 0) return -MIO_EINVAL;
  wchar_t *wide = malloc((size_t)n * sizeof *wide);
  if (wide == NULL) return -MIO_ENOMEM;
  int rc = -MIO_EINVAL;
  if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, name_utf8, -1, wide,
                          n) == n) {
    rc = mio_named_pipe_new_w(out, wide);
  }
  free(wide);
  return rc;
}

void *mio_named_pipe_as_raw_handle(const mio_named_pipe *p) {
  if (p == NULL || np__get(p) == NULL) return NULL;
  return np__get(p)->handle;
}

int mio_named_pipe_connect(const mio_named_pipe *p) {
  if (p == NULL) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  if (in == NULL) return -MIO_EBADF;
  int rc = -MIO_EAGAIN;
  AcquireSRWLockExclusive(&in->lock);
  if (in->registered && !in->connecting) {
    np__begin(in, &in->connect.ov);
    if (ConnectNamedPipe(in->handle, &in->connect.ov)) {
      /* Done at once, completion queued: its handler re-runs
       * post_register; until then connect() says EAGAIN. */
      in->connecting = true;
      rc = 0;
    } else {
      DWORD err = GetLastError();
      if (err == ERROR_IO_PENDING) {
        in->connecting = true; /* writable when a client arrives */
      } else {
        np__abandon(in);
        if (err == ERROR_PIPE_CONNECTED || err == ERROR_NO_DATA) {
          /* A client is (or was) already there: start reading. */
          np__post_register(in, NULL);
          rc = 0;
        } else {
          rc = mio_sys_win_error(err);
        }
      }
    }
  }
  ReleaseSRWLockExclusive(&in->lock);
  return rc;
}

int mio_named_pipe_disconnect(const mio_named_pipe *p) {
  if (p == NULL) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  if (in == NULL) return -MIO_EBADF;
  return DisconnectNamedPipe(in->handle) ? 0
                                         : mio_sys_win_error(GetLastError());
}

int mio_named_pipe_take_error(const mio_named_pipe *p, int *err_out) {
  if (p == NULL || err_out == NULL) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  if (in == NULL) return -MIO_EBADF;
  AcquireSRWLockExclusive(&in->lock);
  *err_out = mio_sys_win_error(in->connect_error);
  in->connect_error = 0;
  ReleaseSRWLockExclusive(&in->lock);
  return 0;
}

ptrdiff_t mio_named_pipe_read(const mio_named_pipe *p, void *buf, size_t len) {
  if (p == NULL || (buf == NULL && len > 0)) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  if (in == NULL) return -MIO_EBADF;
  ptrdiff_t r = -MIO_EAGAIN;
  AcquireSRWLockExclusive(&in->lock);
  if (in->registered && in->rstate == NP__OK) {
    size_t n = in->rlen - in->rpos;
    if (n > len) n = len;
    if (n > 0) memcpy(buf, in->rbuf + in->rpos, n);
    in->rpos += n;
    if (in->rpos == in->rlen) {
      in->rstate = NP__NONE; /* drained: read the next chunk */
      np__schedule_read(in, NULL);
    }
    r = (ptrdiff_t)n;
  } else if (in->registered && in->rstate == NP__ERR) {
    DWORD err = in->rerr;
    in->rstate = NP__NONE;
    np__schedule_read(in, NULL);
    r = err == ERROR_BROKEN_PIPE ? 0 : mio_sys_win_error(err);
  }
  ReleaseSRWLockExclusive(&in->lock);
  return r;
}

ptrdiff_t mio_named_pipe_write(const mio_named_pipe *p, const void *buf,
                               size_t len) {
  if (p == NULL || (buf == NULL && len > 0)) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  if (in == NULL) return -MIO_EBADF;
  if (len > INT_MAX) len = INT_MAX;
  ptrdiff_t r = -MIO_EAGAIN;
  AcquireSRWLockExclusive(&in->lock);
  if (!in->registered) {
    /* -MIO_EAGAIN */
  } else if (in->wstate == NP__ERR) {
    in->wstate = NP__NONE;
    r = mio_sys_win_error(in->werr);
  } else if (in->wstate == NP__NONE) {
    if (len > in->wcap) {
      unsigned char *grown = realloc(in->wbuf, len);
      if (grown == NULL) {
        ReleaseSRWLockExclusive(&in->lock);
        return -MIO_ENOMEM;
      }
      in->wbuf = grown;
      in->wcap = len;
    }
    if (len > 0) memcpy(in->wbuf, buf, len);
    in->wlen = len;
    in->wpos = 0;
    bool now;
    DWORD done = 0;
    DWORD err = np__start_write(in, &now, &done);
    if (err != 0) {
      r = mio_sys_win_error(err);
    } else if (now) {
      in->wstate = NP__OK; /* reported here; the completion only clears */
      r = (ptrdiff_t)done;
    } else {
      in->wstate = NP__PENDING;
      r = (ptrdiff_t)len;
    }
  }
  ReleaseSRWLockExclusive(&in->lock);
  return r;
}

mio_source *mio_named_pipe_source(mio_named_pipe *p) {
  if (p == NULL) return NULL;
  np__obj *o = (np__obj *)(void *)p;
  o->source.ops = &np__ops;
  return &o->source;
}

int mio_named_pipe_close(mio_named_pipe *p) {
  if (p == NULL) return -MIO_EINVAL;
  np__inner *in = np__get(p);
  memset(p, 0, sizeof *p);
  if (in == NULL) return 0;
  AcquireSRWLockExclusive(&in->lock);
  in->closed = true;
  in->registered = false;
  /* Cancel what would wait for a peer forever; a write is let finish. */
  if (in->connecting) CancelIoEx(in->handle, &in->connect.ov);
  if (in->rstate == NP__PENDING) CancelIoEx(in->handle, &in->read.ov);
  mio_selector *sel = in->selector;
  in->selector = NULL;
  ReleaseSRWLockExclusive(&in->lock);
  np__unref(in);
  if (sel != NULL) mio_selector_unref(sel);
  return 0;
}
