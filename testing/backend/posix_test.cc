// The POSIX-only half of the conformance suite: signals (selector.h:
// "-EINTR is returned, not retried"), pipes and socketpairs, and SourceFd,
// which registers a descriptor straight with the backend (API.md §12.2).
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "testing/backend/conformance.h"

namespace mio_test {
namespace {

class Posix : public BackendTest {};
MIO_TEST_EVERY_BACKEND(Posix);

constexpr mio_token kToken = 3;

void NoopHandler(int) {}

// A real signal (no SA_RESTART) interrupts a blocked poll: -MIO_EINTR and
// empty events. The signalling thread keeps signalling until the poll
// returns; if it has not after 10 s, a wake ends it (and the test fails).
TEST_P(Posix, SignalInterruptsABlockedPollWithEintr) {
  if (ops_->backend == MIO_BACKEND_IO_URING) {
    GTEST_SKIP() << "io_uring departs from the contract here (io_uring.c): "
                    "its wait reports the kernel's task work as EINTR, so it "
                    "keeps waiting and a signal does not interrupt it";
  }
  CountSelects();
  struct sigaction sa = {}, old = {};
  sa.sa_handler = NoopHandler;
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  OwnedWaker waker;
  ASSERT_EQ(mio_waker_new(registry(), 9, &waker.w), 0);
  mio_waker* w = waker.w;
  for (int64_t timeout : {int64_t{5000} * kNsPerMs, MIO_TIMEOUT_INFINITE}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout) + " ns");
    ASSERT_EQ(mio_waker_wake(w), 0);  // fill events_: "empty on error"
    ASSERT_EQ(mio_poll_poll(poll_, events_, 1000 * kNsPerMs), 0);
    ASSERT_FALSE(mio_events_is_empty(events_));
    pthread_t self = pthread_self();
    std::atomic<bool> returned{false};
    int before = selects().entered.load();
    std::thread t([&] {
      AwaitSelectEntered(before);
      for (int i = 0; i < 500 && !returned.load(); i++) {
        pthread_kill(self, SIGUSR1);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (!returned.load()) mio_waker_wake(w);
    });
    int rc = mio_poll_poll(poll_, events_, timeout);
    returned = true;
    t.join();
    EXPECT_EQ(rc, -MIO_EINTR) << mio_strerror(rc);
    EXPECT_TRUE(mio_events_is_empty(events_)) << FormatEvents(events_);
  }
  sigaction(SIGUSR1, &old, nullptr);
}

// SourceFd has no association check (§12.2): a second registration of the
// same descriptor reaches the backend, which says -EEXIST; an unknown one
// is -ENOENT.
TEST_P(Posix, SourceFdSeesTheBackendsEexistAndEnoent) {
  TcpPair p;
  mio_source_fd a, b;
  mio_source* sa = mio_source_fd_init(&a, p.server.fd());
  mio_source* sb = mio_source_fd_init(&b, p.server.fd());
  ASSERT_EQ(mio_registry_register(registry(), sa, 1, MIO_INTEREST_READABLE), 0);
  EXPECT_EQ(mio_registry_register(registry(), sb, 2, MIO_INTEREST_READABLE),
            -MIO_EEXIST);
  mio_source_fd c;
  mio_source* sc = mio_source_fd_init(&c, p.client.fd());
  EXPECT_EQ(mio_registry_reregister(registry(), sc, 3, MIO_INTEREST_READABLE),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), sc), -MIO_ENOENT);
  EXPECT_EQ(mio_registry_deregister(registry(), sa), 0);
}

// A non-blocking, close-on-exec pipe, each end in an IoSource.
struct Pipe {
  IoSource reader, writer;
  Pipe() {
    int fds[2];
    if (pipe(fds) != 0) {
      ADD_FAILURE() << "pipe";
      return;
    }
    for (int fd : fds) {
      EXPECT_TRUE(SetNonBlocking(fd));
      EXPECT_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    }
    reader.Reset(fds[0]);
    writer.Reset(fds[1]);
  }
};

TEST_P(Posix, PipeEdgesRearmAndWriterCloseIsReadClosed) {
  Pipe p;
  ASSERT_EQ(mio_registry_register(registry(), p.reader.source(), kToken,
                                  MIO_INTEREST_READABLE),
            0);
  for (int round = 0; round < 2; round++) {
    ASSERT_EQ(p.writer.Write("ab", 2), 2);
    std::vector<Seen> seen = PollUntilSeen({kToken});
    ASSERT_EQ(For(seen, kToken).size(), 1u);
    ExpectNoEvents();
    EXPECT_EQ(DrainSource(p.reader), 2);
  }
  ASSERT_EQ(p.writer.Close(), 0);
  std::vector<Seen> seen = PollUntilSeen({kToken});
  ASSERT_EQ(For(seen, kToken).size(), 1u);
  EXPECT_TRUE(For(seen, kToken)[0].readiness & kReadClosed);
}

// A reader closing its end: the writer sees write-closed (the pipe reports
// ERR, with OUT where that is still armed).
TEST_P(Posix, PipeReaderCloseIsWriteClosed) {
  Pipe p;
  ASSERT_EQ(mio_registry_register(registry(), p.writer.source(), kToken,
                                  MIO_INTEREST_WRITABLE),
            0);
  std::vector<Seen> seen = PollUntilSeen({kToken});  // writable at once
  ASSERT_EQ(p.reader.Close(), 0);
  bool write_closed = false;
  for (int i = 0; i < 3 && !write_closed; i++) {
    seen.clear();
    ASSERT_EQ(PollInto(500 * kNsPerMs, &seen), 0);
    for (const Seen& e : For(seen, kToken)) {
      write_closed |= (e.readiness & kWriteClosed) != 0;
    }
  }
  EXPECT_TRUE(write_closed);
}

TEST_P(Posix, SocketpairShutdownBothIsReadAndWriteClosed) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  for (int fd : sv) ASSERT_TRUE(SetNonBlocking(fd));
  IoSource a(sv[0]), b(sv[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), kToken,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  ASSERT_EQ(shutdown(a.fd(), SHUT_RDWR), 0);
  std::vector<Seen> seen = PollUntilSeen({kToken});
  ASSERT_EQ(For(seen, kToken).size(), 1u);
  unsigned r = For(seen, kToken)[0].readiness;
  EXPECT_TRUE(r & kReadClosed) << ReadinessName(r);
  EXPECT_TRUE(r & kWriteClosed) << ReadinessName(r);
}

}  // namespace
}  // namespace mio_test
