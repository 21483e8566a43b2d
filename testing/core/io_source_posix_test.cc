// POSIX halves of io_source_test.cc (mio_io_source, API.md §2.3, §7.3-§7.6):
// socketpairs and pipes, O_NONBLOCK/FD_CLOEXEC left alone, descriptor
// numbers reused after close, re-arming after would-block, into_raw_fd on
// epoll vs poll(2), and the epoll/poll(2) flag mapping (hang-up, RDHUP,
// refused connect, out-of-band data).
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/core/core_test_util.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

constexpr mio_interest kR = MIO_INTEREST_READABLE;
constexpr mio_interest kW = MIO_INTEREST_WRITABLE;

struct Pair {
  int fds[2] = {-1, -1};
  Pair() {
    EXPECT_EQ(
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds),
        0);
  }
};

bool FdIsOpen(int fd) { return fcntl(fd, F_GETFD) >= 0; }

class IoSourcePoll : public PollTest {
 protected:
  // Three rounds of: write 3 bytes on `writer`, the reader (registered
  // READABLE with token 1) reports readable, one read takes them and the
  // next is -MIO_EAGAIN, which re-arms.
  void ExpectRearmRounds(const IoSource& reader, const IoSource& writer) {
    char buf[64];
    for (int round = 0; round < 3; round++) {
      ASSERT_EQ(writer.Write("abc", 3), 3);
      ExpectEvents({{1, kReadable}});
      EXPECT_EQ(reader.Read(buf, sizeof buf), 3);
      AssertWouldBlock(reader.Read(buf, sizeof buf));
    }
  }
};

TEST(IoSource, InitTakesFdAndLeavesModeAlone) {
  Pair p;
  ASSERT_TRUE(SetNonBlocking(p.fds[1], false));
  mio_io_source a, b;
  ASSERT_EQ(mio_io_source_init(&a, p.fds[0]), 0);
  ASSERT_EQ(mio_io_source_init(&b, p.fds[1]), 0);
  EXPECT_EQ(mio_io_source_as_raw_fd(&a), p.fds[0]);
  EXPECT_EQ(mio_io_source_as_raw_fd(&b), p.fds[1]);
  EXPECT_TRUE(IsNonBlocking(p.fds[0]));
  EXPECT_FALSE(IsNonBlocking(p.fds[1]));
  EXPECT_TRUE(IsCloexec(p.fds[0]));
  EXPECT_EQ(mio_io_source_close(&a), 0);
  EXPECT_EQ(mio_io_source_close(&b), 0);
  EXPECT_FALSE(FdIsOpen(p.fds[0]));
  EXPECT_FALSE(FdIsOpen(p.fds[1]));
}

TEST(IoSource, CloseClosesOnceAndLeavesClosed) {
  Pair p;
  close(p.fds[1]);
  mio_io_source s;
  ASSERT_EQ(mio_io_source_init(&s, p.fds[0]), 0);
  EXPECT_EQ(mio_io_source_close(&s), 0);
  EXPECT_FALSE(FdIsOpen(p.fds[0]));
  EXPECT_EQ(mio_io_source_as_raw_fd(&s), MIO_INVALID_RAW_FD);
  // Reuse the number: a second close must not close someone else's fd.
  Pair q;
  EXPECT_EQ(mio_io_source_close(&s), 0);
  EXPECT_TRUE(FdIsOpen(q.fds[0]));
  EXPECT_TRUE(FdIsOpen(q.fds[1]));
  close(q.fds[0]);
  close(q.fds[1]);
  Calls c;
  EXPECT_EQ(mio_io_source_do_io(&s, CountingFn, &c), -MIO_EBADF);
  EXPECT_EQ(c.count, 0);
}

TEST(IoSource, IntoRawFdReleasesOwnership) {
  Pair p;
  mio_io_source s;
  ASSERT_EQ(mio_io_source_init(&s, p.fds[0]), 0);
  EXPECT_EQ(mio_io_source_into_raw_fd(&s), p.fds[0]);
  EXPECT_EQ(mio_io_source_as_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_io_source_into_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_io_source_close(&s), 0);
  EXPECT_TRUE(FdIsOpen(p.fds[0]));
  // The descriptor still works, and can be wrapped again.
  IoSource again(p.fds[0]);
  IoSource peer(p.fds[1]);
  EXPECT_EQ(peer.Write("x", 1), 1);
  char c;
  EXPECT_EQ(again.Read(&c, 1), 1);
}

// A -MIO_EAGAIN through do_io re-arms (needed by poll(2)): new data then
// gives a new event. Over a socketpair and a pipe.
TEST_F(IoSourcePoll, WouldBlockRearmsSocketpair) {
  Pair p;
  IoSource a(p.fds[0]), b(p.fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  ExpectRearmRounds(a, b);
  ExpectNoEvents();
}

TEST_F(IoSourcePoll, WouldBlockRearmsPipe) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  IoSource rd(fds[0]), wr(fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), rd.source(), 1, kR), 0);
  ASSERT_EQ(mio_registry_register(registry(), wr.source(), 2, kW), 0);
  ExpectEvents({{2, kWritable}});
  ExpectRearmRounds(rd, wr);
  // Closing the write end: read_closed on the reader.
  ASSERT_EQ(wr.Close(), 0);
  ExpectEvents({{1, kReadClosed}});
  char buf[64];
  EXPECT_EQ(rd.Read(buf, sizeof buf), 0);
}

// Fill the pipe until EAGAIN; draining makes it writable again.
TEST_F(IoSourcePoll, WriteWouldBlockRearms) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  IoSource rd(fds[0]), wr(fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), wr.source(), 2, kW), 0);
  ExpectEvents({{2, kWritable}});
  static char chunk[4096];
  ptrdiff_t n;
  while ((n = wr.Write(chunk, sizeof chunk)) > 0) {
  }
  AssertWouldBlock(n);
  ExpectNoEvents();
  while ((n = rd.Read(chunk, sizeof chunk)) > 0) {
  }
  ExpectEvents({{2, kWritable}});
}

// §7.6: into_raw_fd drops the user-space state; the object is closed.
TEST_F(IoSourcePoll, IntoRawFdOfRegisteredSource) {
  Pair p;
  IoSource a(p.fds[0]), b(p.fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  int fd = mio_io_source_into_raw_fd(a.get());
  ASSERT_EQ(fd, p.fds[0]);
  EXPECT_EQ(mio_registry_deregister(registry(), a.source()), -MIO_EBADF);
  if (mio_poll_backend(poll_) == MIO_BACKEND_EPOLL) {
    // epoll: still registered with its token until closed.
    ASSERT_EQ(b.Write("x", 1), 1);
    ExpectEvents({{1, kReadable}});
  }
  ASSERT_EQ(close(fd), 0);
  ExpectNoEvents();
}

// On epoll the descriptor stays in the epoll set after into_raw_fd (§7.6), so
// the kernel refuses a second ADD; poll(2) forgot it, so it registers afresh.
TEST_F(IoSourcePoll, WrapAgainAfterIntoRawFd) {
  Pair p;
  IoSource a(p.fds[0]), b(p.fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  int fd = mio_io_source_into_raw_fd(a.get());
  a.Reset(fd);
  int rc = mio_registry_register(registry(), a.source(), 2, kR);
  if (mio_poll_backend(poll_) == MIO_BACKEND_EPOLL) {
    EXPECT_EQ(rc, -MIO_EEXIST);
    // Still unregistered in user space: deregister is ENOENT.
    EXPECT_EQ(mio_registry_deregister(registry(), a.source()), -MIO_ENOENT);
    return;
  }
  ASSERT_EQ(rc, 0);
  ASSERT_EQ(b.Write("x", 1), 1);
  ExpectEvents({{2, kReadable}});
}

// After a hang-up event the source is still registered: no repeated events
// (edge-triggered), reregister re-evaluates (EOF is still readable) and
// deregister succeeds. poll(2) drops such fds from its set internally, which
// must stay invisible.
TEST_F(IoSourcePoll, HangUpThenReregisterAndDeregister) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  IoSource rd(fds[0]), wr(fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), rd.source(), 1, kR), 0);
  ASSERT_EQ(wr.Close(), 0);
  ExpectEvents({{1, kReadClosed}});  // epoll: HUP alone, not readable
  ExpectNoEvents();
  ASSERT_EQ(mio_registry_reregister(registry(), rd.source(), 2, kR), 0);
  ExpectEvents({{2, kReadClosed}});
  EXPECT_EQ(mio_registry_deregister(registry(), rd.source()), 0);
  ExpectNoEvents();
  EXPECT_EQ(mio_registry_register(registry(), rd.source(), 3, kR), 0);
  ExpectEvents({{3, kReadClosed}});
}

// §5 flag mapping: the peer closing a socketpair is a hang-up, which sets
// read_closed and write_closed.
TEST_F(IoSourcePoll, PeerCloseGivesReadAndWriteClosed) {
  Pair p;
  IoSource a(p.fds[0]), b(p.fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR | kW), 0);
  ExpectEvents({{1, kWritable}});
  ASSERT_EQ(b.Close(), 0);
  ExpectEvents({{1, kReadable | kReadClosed | kWriteClosed}});
}

// Peer shutdown(SHUT_WR): read_closed only (epoll: IN|RDHUP; poll: RDHUP;
// portable poll(2): IN, see kHalfClosed).
TEST_F(IoSourcePoll, PeerShutdownWriteGivesReadClosed) {
  Pair p;
  IoSource a(p.fds[0]), b(p.fds[1]);
  ASSERT_EQ(mio_registry_register(registry(), a.source(), 1, kR), 0);
  ASSERT_EQ(shutdown(b.fd(), SHUT_WR), 0);
  ExpectEvents({{1, kReadable | mio_test::kHalfClosed}});
}

// A failed connect: error and write_closed (epoll/poll: ERR|HUP).
TEST_F(IoSourcePoll, RefusedConnectGivesErrorAndWriteClosed) {
  SockAddr addr;
  int l = RawTcpListener(LoopbackV4(), &addr);
  ASSERT_GE(l, 0);
  close(l);  // nothing listens on addr now
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  IoSource s(fd);
  int rc = connect(fd, addr.get(), addr.len);
  if (rc == 0 || errno != EINPROGRESS) {
    EXPECT_EQ(errno, ECONNREFUSED) << "connect to a closed port";
    return;  // refused synchronously (allowed by §11.3)
  }
  ASSERT_EQ(mio_registry_register(registry(), s.source(), 1, kW), 0);
  ExpectEvents({{1, kWritable | kError | kWriteClosed}});
}

// Linux: out-of-band TCP data with PRIORITY interest is readable|priority.
TEST_F(IoSourcePoll, OutOfBandDataGivesPriority) {
  TcpPair p;
  ASSERT_EQ(mio_registry_register(registry(), p.server.source(), 1,
                                  kR | MIO_INTEREST_PRIORITY),
            0);
  ASSERT_EQ(send(p.client.fd(), "!", 1, MSG_OOB), 1);
  ExpectEvents({{1, kReadable | kPriority}});
}
}  // namespace
}  // namespace mio_test
