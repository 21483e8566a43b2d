/* The in-memory selector of fake_selector.h. */
#include "fuzz/fake_selector.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include "mio/core/events.h"
#include "mio/sys/event_repr.h"

/* One registration. Edge: `pending` says an edge waits for delivery.
 * Level: `armed` is the subset of `mask` that may still be reported. */
typedef struct fake_reg {
  int fd;
  mio_token token;
  uint32_t mask; /* the EPOLL* bits `interest` asks for, ERR and HUP always */
  uint32_t armed;
  bool pending;
} fake_reg;

/* Invariant: regs[0, nregs) are the registrations, distinct fds, and
 * index_of[fd] is 1 + the index of fd's registration, 0 for none (a lookup
 * without a search: the fuzzers look after every operation). */
struct mio_sys_selector {
  bool edge;
  fake_reg regs[MIO_FUZZ_FAKE_MAX_REGS];
  int nregs;
  uint8_t index_of[MIO_FUZZ_FAKE_MAX_FD];
  bool has_waker;
  mio_token waker_token;
  bool wake_pending;
  struct mio_sys_selector *next; /* the live list */
};

static uint32_t g_ready[MIO_FUZZ_FAKE_MAX_FD];
static int g_registrations[MIO_FUZZ_FAKE_MAX_FD]; /* over live selectors */
static int g_total_registrations;
static mio_sys_selector *g_live;
static int g_live_count;
static long g_refusals;

static int fake__refuse(int rc) {
  g_refusals++;
  return rc;
}

static uint32_t fake__mask(mio_interest interest) {
  uint32_t m = EPOLLERR | EPOLLHUP;
  if (interest & MIO_INTEREST_READABLE) m |= EPOLLIN | EPOLLRDHUP;
  if (interest & MIO_INTEREST_WRITABLE) m |= EPOLLOUT;
  if (interest & MIO_INTEREST_PRIORITY) m |= EPOLLPRI;
  return m;
}

static bool fake__valid_fd(mio_raw_fd fd) {
  return fd >= 0 && fd < MIO_FUZZ_FAKE_MAX_FD;
}

static fake_reg *fake__find(mio_sys_selector *s, int fd) {
  const int i = fake__valid_fd(fd) ? s->index_of[fd] : 0;
  return i != 0 ? &s->regs[i - 1] : NULL;
}

static fake_reg *fake__add(mio_sys_selector *s, int fd) {
  fake_reg *r = &s->regs[s->nregs++];
  r->fd = fd;
  s->index_of[fd] = (uint8_t)s->nregs;
  g_registrations[fd]++;
  g_total_registrations++;
  return r;
}

/* Swap-remove keeps regs[0, nregs) dense. */
static void fake__remove(mio_sys_selector *s, fake_reg *r) {
  s->index_of[r->fd] = 0;
  g_registrations[r->fd]--;
  g_total_registrations--;
  fake_reg *last = &s->regs[--s->nregs];
  if (r != last) {
    *r = *last;
    s->index_of[r->fd] = (uint8_t)(r - s->regs + 1);
  }
}

/* (Re)arms a registration as register and reregister do: epoll re-evaluates
 * readiness (an edge if anything is ready), poll(2) arms the whole mask. */
static void fake__arm(mio_sys_selector *s, fake_reg *r, mio_token token,
                      mio_interest interest) {
  r->token = token;
  r->mask = fake__mask(interest);
  r->armed = r->mask;
  r->pending = s->edge && (g_ready[r->fd] & r->mask) != 0;
}

static int fake__create(mio_sys_selector **out, bool edge) {
  mio_sys_selector *s = calloc(1, sizeof *s);
  if (s == NULL) return -ENOMEM;
  s->edge = edge;
  s->next = g_live;
  g_live = s;
  g_live_count++;
  *out = s;
  return 0;
}

static int fake__create_edge(mio_sys_selector **out) {
  return fake__create(out, true);
}

static int fake__create_level(mio_sys_selector **out) {
  return fake__create(out, false);
}

static void fake__destroy(mio_sys_selector *s) {
  while (s->nregs > 0) fake__remove(s, &s->regs[0]);
  for (mio_sys_selector **p = &g_live; *p != NULL; p = &(*p)->next) {
    if (*p == s) {
      *p = s->next;
      break;
    }
  }
  g_live_count--;
  free(s);
}

/* The waker first, then registrations in order, at most ev->cap events;
 * what does not fit stays pending (edge) or armed (level). */
static int fake__select(mio_sys_selector *s, struct mio_events *ev,
                        int64_t timeout_ns) {
  (void)timeout_ns; /* never blocks: nothing can change while it would */
  struct mio_event *out = mio_sys_events_buf(ev);
  size_t n = 0;
  if (s->has_waker && s->wake_pending && n < ev->mio_private_cap) {
    mio_sys_event_set(&out[n++], s->waker_token, EPOLLIN);
    s->wake_pending = false;
  }
  for (int i = 0; i < s->nregs && n < ev->mio_private_cap; i++) {
    fake_reg *r = &s->regs[i];
    uint32_t bits = g_ready[r->fd] & (s->edge ? r->mask : r->armed);
    if (s->edge) {
      if (!r->pending) continue;
      r->pending = false;
    }
    if (bits == 0) continue;
    if (!s->edge) r->armed &= ~bits;
    mio_sys_event_set(&out[n++], r->token, bits);
  }
  ev->mio_private_len = n;
  return (int)n;
}

static int fake__register(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                          mio_interest interest) {
  if (!fake__valid_fd(fd)) return fake__refuse(-EBADF);
  if (fake__find(s, fd) != NULL) return fake__refuse(-EEXIST);
  if (s->nregs == MIO_FUZZ_FAKE_MAX_REGS) return fake__refuse(-ENOMEM);
  fake__arm(s, fake__add(s, fd), token, interest);
  return 0;
}

static int fake__reregister(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                            mio_interest interest) {
  fake_reg *r = fake__find(s, fd);
  if (r == NULL) return fake__refuse(-ENOENT);
  fake__arm(s, r, token, interest);
  return 0;
}

static int fake__deregister(mio_sys_selector *s, mio_raw_fd fd) {
  fake_reg *r = fake__find(s, fd);
  if (r == NULL) return fake__refuse(-ENOENT);
  fake__remove(s, r);
  return 0;
}

/* Level only: re-enables the interest after a would-block. */
static int fake__rearm(mio_sys_selector *s, mio_raw_fd fd, mio_token token,
                       mio_interest interest) {
  fake_reg *r = fake__find(s, fd);
  if (r == NULL) return fake__refuse(-ENOENT);
  r->token = token;
  r->mask = fake__mask(interest);
  r->armed = r->mask;
  return 0;
}

static int fake__raw_fd(const mio_sys_selector *s) {
  (void)s;
  return -ENOTSUP;
}

static int fake__waker_init(mio_sys_selector *s, mio_token token) {
  s->has_waker = true;
  s->waker_token = token;
  s->wake_pending = false;
  return 0;
}

static int fake__waker_wake(mio_sys_selector *s) {
  s->wake_pending = true;
  return 0;
}

static void fake__waker_fini(mio_sys_selector *s) {
  s->has_waker = false;
  s->wake_pending = false;
}

const mio_sys_ops mio_fuzz_fake_edge_ops = {
    .name = "fake-edge",
    .backend = MIO_BACKEND_EPOLL,
    .release_on_close = false,
    .fallback = NULL,
    .create = fake__create_edge,
    .destroy = fake__destroy,
    .select = fake__select,
    .register_fd = fake__register,
    .reregister_fd = fake__reregister,
    .deregister_fd = fake__deregister,
    .rearm_fd = NULL,
    .raw_fd = fake__raw_fd,
    .waker_init = fake__waker_init,
    .waker_wake = fake__waker_wake,
    .waker_fini = fake__waker_fini,
};

const mio_sys_ops mio_fuzz_fake_level_ops = {
    .name = "fake-level",
    .backend = MIO_BACKEND_POLL,
    .release_on_close = true,
    .fallback = NULL,
    .create = fake__create_level,
    .destroy = fake__destroy,
    .select = fake__select,
    .register_fd = fake__register,
    .reregister_fd = fake__reregister,
    .deregister_fd = fake__deregister,
    .rearm_fd = fake__rearm,
    .raw_fd = fake__raw_fd,
    .waker_init = fake__waker_init,
    .waker_wake = fake__waker_wake,
    .waker_fini = fake__waker_fini,
};

void mio_fuzz_fake_set_ready(int fd, uint32_t bits) {
  if (!fake__valid_fd(fd)) return;
  const uint32_t rising = bits & ~g_ready[fd];
  g_ready[fd] = bits;
  if (rising == 0 || g_registrations[fd] == 0) return;
  for (mio_sys_selector *s = g_live; s != NULL; s = s->next) {
    fake_reg *r = fake__find(s, fd);
    if (r != NULL && (rising & r->mask) != 0) r->pending = true;
  }
}

uint32_t mio_fuzz_fake_ready(int fd) {
  return fake__valid_fd(fd) ? g_ready[fd] : 0;
}

void mio_fuzz_fake_fd_closed(int fd) {
  if (!fake__valid_fd(fd)) return;
  g_ready[fd] = 0;
  if (g_registrations[fd] == 0) return;
  for (mio_sys_selector *s = g_live; s != NULL; s = s->next) {
    fake_reg *r = fake__find(s, fd);
    if (r != NULL) fake__remove(s, r);
  }
}

int mio_fuzz_fake_live_selectors(void) { return g_live_count; }

int mio_fuzz_fake_registrations(int fd) {
  return fake__valid_fd(fd) ? g_registrations[fd] : 0;
}

long mio_fuzz_fake_refusals(void) { return g_refusals; }

int mio_fuzz_fake_total_registrations(void) { return g_total_registrations; }
