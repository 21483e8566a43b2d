/* The kqueue backend's pure logic (see kevent_logic.h), ported from mio
 * src/sys/unix/selector/kqueue.rs: `register`, `reregister`, `deregister`,
 * `setup_waker`/`wake`, `kevent_register` + `check_errors` and the `event`
 * module. */
#include "mio/sys/kqueue/kevent_logic.h"

#include <errno.h>
#include <string.h>

#include "mio/core/format_internal.h"

/* NetBSD's udata is an intptr_t, everyone else's a void *. */
#if defined(__NetBSD__)
#define KQ__UDATA(token) ((intptr_t)(token))
#else
#define KQ__UDATA(token) ((void *)(uintptr_t)(token))
#endif

/* One change with every field not named here zero (mio's `kevent!`). */
static struct kevent kq__change(uintptr_t ident, int32_t filter, uint32_t flags,
                                mio_token token) {
  struct kevent e;
  memset(&e, 0, sizeof e);
  e.ident = ident;
  e.filter = filter;
  e.flags = flags;
  e.udata = KQ__UDATA(token);
  return e;
}

/* ADD when `wanted`, else DELETE. */
static uint32_t kq__add_or_delete(const mio_kq_consts *k, bool wanted) {
  return wanted ? k->ev_add : k->ev_delete;
}

size_t mio_kq_changes(const mio_kq_consts *k, mio_kq_op op, uintptr_t fd,
                      mio_token token, mio_interest interest,
                      struct kevent out[MIO_KQ_MAX_CHANGES]) {
  bool w = mio_interest_is_writable(interest);
  bool r = mio_interest_is_readable(interest);
  uint32_t keep = k->ev_clear | k->ev_receipt;
  size_t n = 0;
  switch (op) {
    case MIO_KQ_REGISTER:
      if (w) out[n++] = kq__change(fd, k->filt_write, keep | k->ev_add, token);
      if (r) out[n++] = kq__change(fd, k->filt_read, keep | k->ev_add, token);
      break;
    case MIO_KQ_REREGISTER:
      out[n++] =
          kq__change(fd, k->filt_write, keep | kq__add_or_delete(k, w), token);
      out[n++] =
          kq__change(fd, k->filt_read, keep | kq__add_or_delete(k, r), token);
      break;
    case MIO_KQ_DEREGISTER:
      out[n++] = kq__change(fd, k->filt_write, k->ev_delete | k->ev_receipt, 0);
      out[n++] = kq__change(fd, k->filt_read, k->ev_delete | k->ev_receipt, 0);
      break;
    case MIO_KQ_WAKER:
      break; /* mio_kq_waker_change */
  }
  return n;
}

void mio_kq_waker_change(const mio_kq_consts *k, mio_token token, bool trigger,
                         struct kevent *out) {
  uint32_t flags = k->ev_add | k->ev_receipt | (trigger ? 0 : k->ev_clear);
  *out = kq__change(0, k->filt_user, flags, token);
  if (trigger) out->fflags = k->note_trigger;
}

bool mio_kq_ignored_error(mio_kq_op op, intptr_t err) {
  switch (op) {
    case MIO_KQ_REGISTER:
      return err == EPIPE;
    case MIO_KQ_REREGISTER:
      return err == ENOENT || err == EPIPE;
    case MIO_KQ_DEREGISTER:
      return err == ENOENT;
    case MIO_KQ_WAKER:
      return false;
  }
  return false;
}

int mio_kq_result(const mio_kq_consts *k, mio_kq_op op, int rc, int err,
                  const struct kevent *receipts, size_t n) {
  if (rc < 0 && err != EINTR) return -err;
  for (size_t i = 0; i < n; i++) {
    intptr_t data = receipts[i].data;
    if ((receipts[i].flags & k->ev_error) != 0 && data != 0 &&
        !mio_kq_ignored_error(op, data)) {
      return -(int)data;
    }
  }
  return 0;
}

mio_token mio_kq_token(const struct kevent *e) {
  return (mio_token)(uintptr_t)e->udata;
}

/* The filter widened, so NetBSD's unsigned filters compare correctly. */
static bool kq__filter_is(const struct kevent *e, int32_t filter) {
  return (int64_t)e->filter == (int64_t)filter;
}

bool mio_kq_is_readable(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_read) || kq__filter_is(e, k->filt_user);
}

bool mio_kq_is_writable(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_write);
}

bool mio_kq_is_error(const mio_kq_consts *k, const struct kevent *e) {
  return (e->flags & k->ev_error) != 0 ||
         ((e->flags & k->ev_eof) != 0 && e->fflags != 0);
}

bool mio_kq_is_read_closed(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_read) && (e->flags & k->ev_eof) != 0;
}

bool mio_kq_is_write_closed(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_write) && (e->flags & k->ev_eof) != 0;
}

bool mio_kq_is_aio(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_aio);
}

bool mio_kq_is_lio(const mio_kq_consts *k, const struct kevent *e) {
  return kq__filter_is(e, k->filt_lio);
}

static void kq__hex(mio_fmt *f, uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  char tmp[16];
  size_t n = 0;
  mio_fmt_str(f, "0x");
  do {
    tmp[n++] = digits[v & 0xf];
    v >>= 4;
  } while (v != 0);
  while (n > 0) mio_fmt_char(f, tmp[--n]);
}

static void kq__i64(mio_fmt *f, int64_t v) {
  if (v < 0) mio_fmt_char(f, '-');
  mio_fmt_u64(f, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

static void kq__filter(mio_fmt *f, const mio_kq_consts *k, int64_t filter) {
  const struct {
    int32_t value;
    const char *name;
  } names[] = {{k->filt_read, "EVFILT_READ"},
               {k->filt_write, "EVFILT_WRITE"},
               {k->filt_user, "EVFILT_USER"},
               {k->filt_aio, "EVFILT_AIO"},
               {k->filt_lio, "EVFILT_LIO"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (names[i].value != MIO_KQ_NO_FILTER && names[i].value == filter) {
      mio_fmt_str(f, names[i].name);
      return;
    }
  }
  kq__i64(f, filter);
}

static void kq__flags(mio_fmt *f, const mio_kq_consts *k, uint32_t flags) {
  const struct {
    uint32_t bit;
    const char *name;
  } names[] = {{k->ev_add, "EV_ADD"},     {k->ev_delete, "EV_DELETE"},
               {k->ev_clear, "EV_CLEAR"}, {k->ev_receipt, "EV_RECEIPT"},
               {k->ev_eof, "EV_EOF"},     {k->ev_error, "EV_ERROR"}};
  bool first = true;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if ((flags & names[i].bit) == 0) continue;
    if (!first) mio_fmt_str(f, " | ");
    mio_fmt_str(f, names[i].name);
    flags &= ~names[i].bit;
    first = false;
  }
  if (flags != 0 || first) {
    if (!first) mio_fmt_str(f, " | ");
    kq__hex(f, flags);
  }
}

size_t mio_kq_format(const mio_kq_consts *k, const struct kevent *e, char *buf,
                     size_t len) {
  mio_fmt f = mio_fmt_begin(buf, len);
  if (e == NULL) return 0;
  mio_fmt_str(&f, "kevent { ident: ");
  mio_fmt_u64(&f, (uint64_t)e->ident);
  mio_fmt_str(&f, ", filter: ");
  kq__filter(&f, k, (int64_t)e->filter);
  mio_fmt_str(&f, ", flags: ");
  kq__flags(&f, k, (uint32_t)e->flags);
  mio_fmt_str(&f, ", fflags: ");
  kq__hex(&f, e->fflags);
  mio_fmt_str(&f, ", data: ");
  kq__i64(&f, (int64_t)e->data);
  mio_fmt_str(&f, ", udata: ");
  mio_fmt_u64(&f, (uint64_t)mio_kq_token(e));
  mio_fmt_str(&f, " }");
  return f.total;
}

bool mio_kq_timespec(int64_t timeout_ns, struct timespec *ts) {
  if (timeout_ns < 0) return false;
  int64_t sec = timeout_ns / 1000000000;
  /* Only a 32-bit time_t can overflow (int64 ns is ~292 years). */
  if (sizeof(time_t) < sizeof(int64_t) && sec > INT32_MAX) sec = INT32_MAX;
  ts->tv_sec = (time_t)sec;
  ts->tv_nsec = (long)(timeout_ns % 1000000000);
  return true;
}
