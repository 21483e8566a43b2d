// The io_uring backend (mio/sys/io_uring/io_uring.c, issue 17): a full
// submission queue loses no request, a poll returns -MIO_EINTR only for a
// signal (never for the task work with which the kernel cleans up destroyed
// rings), and the fallback to epoll is visible and free of spurious EINTR.
// Each test builds the backend explicitly (mio_poll_new_with_ops), so it runs
// in every configuration; where the kernel refuses io_uring it skips and says
// so.
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "mio/core/poll_internal.h"
#include "mio/mio.h"
#include "mio/sys/source_fd.h"

namespace mio_test {
namespace {

constexpr int64_t kMs = 1000 * 1000;

// A Poll on the io_uring backend, or nullptr with the reason the kernel gave.
mio_poll* NewUringPoll() {
  mio_poll* poll = nullptr;
  if (mio_poll_new_with_ops(&poll, &mio_sys_io_uring_ops) != 0) return nullptr;
  if (mio_poll_backend(poll) != MIO_BACKEND_IO_URING) {
    mio_poll_free(poll);
    return nullptr;
  }
  return poll;
}

#define ASSERT_URING_POLL(poll)                                         \
  if ((poll) == nullptr) {                                              \
    GTEST_SKIP() << "this kernel refuses io_uring (the Poll fell back " \
                    "to epoll): nothing io_uring-specific to test";     \
  }

int Register(mio_poll* poll, int fd, mio_token token) {
  mio_source_fd sfd;
  return mio_registry_register(mio_poll_registry(poll),
                               mio_source_fd_init(&sfd, fd), token,
                               MIO_INTEREST_READABLE);
}

// Polls until every token in [0, n) was reported once more or 200 polls
// passed; returns how many were reported.
size_t CollectAll(mio_poll* poll, mio_events* events, size_t n) {
  std::vector<bool> seen(n, false);
  size_t count = 0;
  for (int i = 0; i < 200 && count < n; i++) {
    int rc = mio_poll_poll(poll, events, 100 * kMs);
    EXPECT_EQ(rc, 0) << mio_strerror(rc);
    if (rc != 0) break;
    for (size_t k = 0; k < mio_events_len(events); k++) {
      mio_token t = mio_event_token(mio_events_get(events, k));
      EXPECT_LT(t, n);
      if (t < n && !seen[t]) seen[t] = true, count++;
    }
  }
  return count;
}

// 1000 ready descriptors registered at once overflow the 512-entry CQ: the
// kernel ends the multishot polls whose completions did not fit, and the
// poller re-arms them all in one reap, far more than the 64-entry SQ holds.
// Every re-arm must reach the kernel: each descriptor is reported, and again
// after it is drained and signalled once more.
TEST(IoUring, FullSubmissionQueueLosesNoRearm) {
  mio_poll* poll = NewUringPoll();
  ASSERT_URING_POLL(poll);
  constexpr size_t kFds = 1000;
  struct rlimit nofile;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &nofile), 0);
  if (nofile.rlim_cur < kFds + 64) {
    nofile.rlim_cur = nofile.rlim_max;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &nofile), 0);
  }
  ASSERT_GE(nofile.rlim_cur, kFds + 64) << "RLIMIT_NOFILE too low";
  mio_events* events = nullptr;
  ASSERT_EQ(mio_events_new(&events, 2048), 0);
  std::vector<int> fds;
  for (size_t i = 0; i < kFds; i++) {
    int fd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
    ASSERT_GE(fd, 0) << errno;
    fds.push_back(fd);
    ASSERT_EQ(Register(poll, fd, i), 0) << "fd " << i;
  }
  EXPECT_EQ(CollectAll(poll, events, kFds), kFds);
  for (int round = 0; round < 2; round++) {
    for (int fd : fds) {
      uint64_t v;
      ASSERT_EQ(read(fd, &v, sizeof v), (ssize_t)sizeof v);
      v = 1;
      ASSERT_EQ(write(fd, &v, sizeof v), (ssize_t)sizeof v);
    }
    EXPECT_EQ(CollectAll(poll, events, kFds), kFds) << "round " << round;
  }
  for (int fd : fds) {
    mio_source_fd sfd;
    EXPECT_EQ(mio_registry_deregister(mio_poll_registry(poll),
                                      mio_source_fd_init(&sfd, fd)),
              0);
    close(fd);
  }
  mio_events_free(events);
  mio_poll_free(poll);
}

// Creates, polls and frees `n` Polls on the io_uring table: each ring the
// thread created sends it its clean-up as task work when it is destroyed.
void ChurnRings(int n) {
  mio_events* events = nullptr;
  ASSERT_EQ(mio_events_new(&events, 8), 0);
  for (int i = 0; i < n; i++) {
    mio_poll* p = nullptr;
    ASSERT_EQ(mio_poll_new_with_ops(&p, &mio_sys_io_uring_ops), 0);
    ASSERT_EQ(mio_poll_poll(p, events, 0), 0);
    mio_poll_free(p);
  }
  mio_events_free(events);
}

// Destroying a ring sends the thread that created it task work through the
// signal machinery (TWA_SIGNAL; epoll_wait reports it as EINTR). A blocking
// io_uring poll must not: it returns 0 at its timeout.
TEST(IoUring, DestroyedRingsCauseNoSpuriousEintr) {
  ChurnRings(200);
  mio_poll* poll = NewUringPoll();
  ASSERT_URING_POLL(poll);
  mio_events* events = nullptr;
  ASSERT_EQ(mio_events_new(&events, 8), 0);
  for (int i = 0; i < 10; i++) {
    int rc = mio_poll_poll(poll, events, 20 * kMs);
    EXPECT_EQ(rc, 0) << "wait " << i << ": " << mio_strerror(rc);
  }
  mio_events_free(events);
  mio_poll_free(poll);
}

void NoopHandler(int) {}

// A signal interrupts a blocking io_uring poll with -MIO_EINTR, as epoll's.
TEST(IoUring, SignalInterruptsBlockingPoll) {
  mio_poll* poll = NewUringPoll();
  ASSERT_URING_POLL(poll);
  mio_events* events = nullptr;
  ASSERT_EQ(mio_events_new(&events, 8), 0);
  struct sigaction sa = {}, old = {};
  sa.sa_handler = NoopHandler;
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(sigaction(SIGALRM, &sa, &old), 0);
  struct itimerval t = {};
  t.it_value.tv_usec = 50 * 1000;  // first after 50 ms ...
  t.it_interval.tv_usec =
      50 * 1000;  // ... then every 50 ms until the poll ends
  ASSERT_EQ(setitimer(ITIMER_REAL, &t, nullptr), 0);
  int rc = mio_poll_poll(poll, events, 10000 * kMs);
  struct itimerval off = {};
  setitimer(ITIMER_REAL, &off, nullptr);
  sigaction(SIGALRM, &old, nullptr);
  EXPECT_EQ(rc, -MIO_EINTR) << mio_strerror(rc);
  EXPECT_TRUE(mio_events_is_empty(events));
  mio_events_free(events);
  mio_poll_free(poll);
}

// Runs `body` in a forked child; the test fails if it exits non-zero.
template <typename F>
void InChild(F body) {
  fflush(nullptr);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(body());
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "child status " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child's check number that failed";
}

// In the child: a Poll on io_uring ops whose backend is `want` (or either
// when want is MIO_BACKEND_NONE) that reports a readable socket and waits
// its timeout without -EINTR. 0 on success, else the failed check's number.
int CheckPollWorks(mio_backend want) {
  mio_poll* p = nullptr;
  if (mio_poll_new_with_ops(&p, &mio_sys_io_uring_ops) != 0) return 1;
  mio_backend b = mio_poll_backend(p);
  std::printf("backend: %s\n", mio_backend_name(b));
  std::fflush(stdout);
  if (want != MIO_BACKEND_NONE && b != want) return 2;
  if (b != MIO_BACKEND_IO_URING && b != MIO_BACKEND_EPOLL) return 3;
  mio_events* ev = nullptr;
  if (mio_events_new(&ev, 8) != 0) return 4;
  for (int i = 0; i < 10; i++) { /* no spurious EINTR: each times out */
    if (mio_poll_poll(p, ev, 20 * kMs) != 0 || !mio_events_is_empty(ev)) {
      return 5;
    }
  }
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0) return 6;
  if (Register(p, sv[0], 7) != 0) return 7;
  if (write(sv[1], "x", 1) != 1) return 8;
  if (mio_poll_poll(p, ev, 1000 * kMs) != 0 || mio_events_len(ev) != 1 ||
      mio_event_token(mio_events_get(ev, 0)) != 7) {
    return 9;
  }
  return 0;
}

// The kernel refuses io_uring (here: seccomp makes io_uring_setup fail with
// ENOSYS, as a container runtime's profile does): the Poll runs on epoll and
// mio_poll_backend says so. The thread destroyed rings just before, whose
// clean-up task work would make a plain epoll_wait fail with EINTR: the
// fallback's waits must not.
TEST(IoUringFallback, RefusedRingFallsBackToEpollVisibly) {
  InChild([] {
    ChurnRings(200);
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof filter / sizeof filter[0], filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return 100;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) return 101;
    return CheckPollWorks(MIO_BACKEND_EPOLL);
  });
}

// RLIMIT_MEMLOCK 0: kernels that account rings to it (before 5.12, or in a
// user namespace without CAP_IPC_LOCK) refuse the ring with ENOMEM and the
// Poll runs on epoll; others keep io_uring. Either way mio_poll_backend
// tells which, and the Poll works without spurious EINTR.
TEST(IoUringFallback, NoMemlockStillGivesAWorkingPoll) {
  InChild([] {
    struct rlimit zero = {0, 0};
    if (setrlimit(RLIMIT_MEMLOCK, &zero) != 0) return 100;
    return CheckPollWorks(MIO_BACKEND_NONE);
  });
}

}  // namespace
}  // namespace mio_test
