/* epoll selector (mio src/sys/unix/selector/epoll.rs).
 *
 * How it works: one epoll instance, every registration edge-triggered
 * (EPOLLET), token in epoll_event.data.u64. select() hands the caller's event
 * buffer straight to the kernel: the Linux event representation *is* struct
 * epoll_event, so there is no copy or conversion on the hot path. Nothing
 * needs re-arming after would-block (rearm_fd == NULL), and closing a
 * descriptor drops its registration once the last reference to the open
 * file is gone (release_on_close == false), as mio relies on.
 *
 * Timeouts: epoll_pwait2 takes nanoseconds (Linux 5.11+); where it is missing
 * (ENOSYS, e.g. old kernels or seccomp filters) we fall back, once and for the
 * whole process, to epoll_wait with the timeout rounded up to milliseconds and
 * clamped to INT_MAX (mio 897a2c88); the core re-waits for any remainder. */
#include <errno.h>
#include <limits.h>
#include <linux/time_types.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mio/core/error.h"
#include "mio/sys/poll_mask.h"
#include "mio/sys/selector.h"
#include "mio/sys/timeout.h"

struct mio_sys_selector {
  int epfd;
};

static int epoll__create(mio_sys_selector **out) {
  mio_sys_selector *s = malloc(sizeof *s);
  if (s == NULL) return -MIO_ENOMEM;
  s->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (s->epfd < 0) {
    int rc = -errno;
    free(s);
    return rc;
  }
  *out = s;
  return 0;
}

static void epoll__destroy(mio_sys_selector *s) {
  close(s->epfd);
  free(s);
}

#ifdef SYS_epoll_pwait2
/* 1 = untested or available, 0 = the kernel said ENOSYS. */
static atomic_int epoll__has_pwait2 = 1;

/* -ENOSYS when unavailable; otherwise the epoll_wait result. The raw
 * syscall takes the kernel's 64-bit timespec on every architecture, not
 * libc's struct timespec: on 32-bit targets (i386) that one has a 32-bit
 * time_t, and the kernel read its tv_nsec from the wrong bytes (EINVAL). */
static int epoll__pwait2(int epfd, struct epoll_event *buf, int cap,
                         int64_t timeout_ns) {
  if (!atomic_load_explicit(&epoll__has_pwait2, memory_order_relaxed)) {
    return -ENOSYS;
  }
  struct __kernel_timespec ts = {timeout_ns / 1000000000,
                                 timeout_ns % 1000000000};
  long n = syscall(SYS_epoll_pwait2, epfd, buf, cap, &ts, NULL, 0);
  if (n < 0 && errno == ENOSYS) {
    atomic_store_explicit(&epoll__has_pwait2, 0, memory_order_relaxed);
    return -ENOSYS;
  }
  return n < 0 ? -1 : (int)n;
}
#else
static int epoll__pwait2(int epfd, struct epoll_event *buf, int cap,
                         int64_t timeout_ns) {
  (void)epfd, (void)buf, (void)cap, (void)timeout_ns;
  return -ENOSYS;
}
#endif

/* A wait with a positive timeout: ns with epoll_pwait2, else rounded up to
 * ms. Returns what epoll_wait returns (-1 with errno on failure). Kept out of
 * line so that the hot path below needs no stack frame of its own. */
__attribute__((noinline)) static int epoll__wait_timed(mio_sys_selector *s,
                                                       struct epoll_event *buf,
                                                       int cap,
                                                       int64_t timeout_ns) {
  int n = epoll__pwait2(s->epfd, buf, cap, timeout_ns);
  if (n != -ENOSYS) return n;
  /* epoll_wait takes at most INT_MAX ms: wait in such chunks. A 0 means the
   * chunk elapsed, so the remainder needs no clock, and select keeps its
   * promise that 0 events means the whole timeout elapsed (core/poll.c). */
  for (;;) {
    int ms = (int)mio_sys_timeout_ms(timeout_ns, INT_MAX);
    n = epoll_wait(s->epfd, buf, cap, ms);
    if (n != 0 || ms < INT_MAX) return n;
    timeout_ns -= (int64_t)INT_MAX * 1000000;
    if (timeout_ns <= 0) return 0;
  }
}

/* The ms argument for epoll_wait when it takes `timeout_ns` as is: -1, 0,
 * or a whole number of ms up to INT_MAX ms (nothing to round, so nothing
 * lost against epoll_pwait2); else INT_MIN (epoll__wait_timed's case). */
static inline int epoll__plain_ms(int64_t timeout_ns) {
  if (timeout_ns <= 0) return (int)timeout_ns;
  int64_t ms = timeout_ns / 1000000;
  return ms * 1000000 == timeout_ns && ms <= INT_MAX ? (int)ms : INT_MIN;
}

/* The hot path (timeout -1, 0 or whole ms, what an event loop uses) is one
 * epoll_wait into the caller's buffer and one store; returns the count or
 * -errno. */
static inline int epoll__select(mio_sys_selector *s, struct mio_events *ev,
                                int64_t timeout_ns) {
  struct epoll_event *buf = mio_sys_events_epoll(ev);
  int cap = (int)ev->mio_private_cap;
  int ms = epoll__plain_ms(timeout_ns);
  int n = ms != INT_MIN ? epoll_wait(s->epfd, buf, cap, ms)
                        : epoll__wait_timed(s, buf, cap, timeout_ns);
  if (__builtin_expect(n < 0, 0)) {
    ev->mio_private_len = 0;
    return -errno;
  }
  ev->mio_private_len = (size_t)n;
  return n;
}

int mio_sys_epoll_select(mio_sys_selector *s, struct mio_events *ev,
                         int64_t timeout_ns) {
  return epoll__select(s, ev, timeout_ns);
}

/* epoll_wait returns 0 only when its timeout expired (rounded up to whole
 * ms, or ns with epoll_pwait2; kernel timers never fire early; a signal is
 * EINTR), so no events is a complete answer for every timeout. */
int mio_sys_epoll_poll(mio_sys_selector *s, struct mio_events *ev,
                       int64_t timeout_ns) {
  int n = epoll__select(s, ev, timeout_ns);
  return __builtin_expect(n < 0, 0) ? n : 0;
}

/* Readable is EPOLLIN | EPOLLRDHUP, as mio; every registration is EPOLLET. */
static uint32_t epoll__events(mio_interest interest) {
  return mio_sys_poll_mask(interest) | EPOLLET;
}

static int epoll__ctl(mio_sys_selector *s, int op, int fd, mio_token token,
                      mio_interest interest) {
  struct epoll_event e;
  e.events = epoll__events(interest);
  e.data.u64 = (uint64_t)token;
  return epoll_ctl(s->epfd, op, fd, &e) == 0 ? 0 : -errno;
}

static int epoll__register(mio_sys_selector *s, int fd, mio_token token,
                           mio_interest interest) {
  return epoll__ctl(s, EPOLL_CTL_ADD, fd, token, interest);
}

static int epoll__reregister(mio_sys_selector *s, int fd, mio_token token,
                             mio_interest interest) {
  return epoll__ctl(s, EPOLL_CTL_MOD, fd, token, interest);
}

static int epoll__deregister(mio_sys_selector *s, int fd) {
  /* Kernels before 2.6.9 needed a non-NULL event even for DEL. */
  struct epoll_event unused = {0, {0}};
  return epoll_ctl(s->epfd, EPOLL_CTL_DEL, fd, &unused) == 0 ? 0 : -errno;
}

static int epoll__raw_fd(const mio_sys_selector *s) { return s->epfd; }

const mio_sys_ops mio_sys_epoll_ops = {
    .name = "epoll",
    .backend = MIO_BACKEND_EPOLL,
    .release_on_close = false,
    .fallback = NULL,
    .create = epoll__create,
    .destroy = epoll__destroy,
    .select = mio_sys_epoll_select,
    .register_fd = epoll__register,
    .reregister_fd = epoll__reregister,
    .deregister_fd = epoll__deregister,
    .rearm_fd = NULL,
    .raw_fd = epoll__raw_fd,
    .waker_init = NULL,
    .waker_wake = NULL,
    .waker_fini = NULL,
};
