// Smoke tests for the Unix-domain sockets, pipes and SourceFd over a real
// Poll (API.md §11.6, §12). The full ports of mio's tests/unix_*.rs live in
// unix_{listener,stream,datagram,pipe}_test.cc.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "mio/net/addr.h"
#include "mio/net/unix_datagram.h"
#include "mio/net/unix_listener.h"
#include "mio/net/unix_stream.h"
#include "mio/sys/pipe.h"
#include "mio/sys/source_fd.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS
#include "testing/util/test_util.h"

namespace {

using mio_test::ExpectEvent;
using mio_test::IsCloexec;
using mio_test::IsNonBlocking;
using mio_test::kReadable;
using mio_test::kReadClosed;
using mio_test::kWritable;
using mio_test::kWriteClosed;

constexpr socklen_t kSunOff = offsetof(sockaddr_un, sun_path);

std::string PathOf(const sockaddr_un& a, socklen_t len) {
  const char* p = nullptr;
  size_t n = mio_unix_addr_pathname(&a, len, &p);
  return n == 0 ? std::string() : std::string(p, n);
}

// A Poll plus a scratch directory for socket files, removed afterwards.
class UnixSmoke : public mio_test::PollTest {
 protected:
  void SetUp() override {
    mio_test::PollTest::SetUp();
    char tmpl[] = "/tmp/mio-unix-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const std::string& p : paths_) unlink(p.c_str());
    rmdir(dir_.c_str());
    mio_test::PollTest::TearDown();
  }
  std::string Path(const char* name) {
    paths_.push_back(dir_ + "/" + name);
    return paths_.back();
  }

  std::string dir_;
  std::vector<std::string> paths_;
};

TEST_F(UnixSmoke, ListenerAcceptsAndStreamsEcho) {
  const std::string path = Path("listener");
  mio_unix_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_listener_bind(&l, path.c_str()), 0);
  int lfd = mio_unix_listener_as_raw_fd(&l);
  EXPECT_TRUE(IsNonBlocking(lfd));
  EXPECT_TRUE(IsCloexec(lfd));
  ASSERT_EQ(mio_registry_register(registry(), mio_unix_listener_source(&l), 1,
                                  MIO_INTEREST_READABLE),
            0);
  mio_unix_stream c = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_stream_connect(&c, path.c_str()), 0);
  EXPECT_TRUE(IsNonBlocking(mio_unix_stream_as_raw_fd(&c)));
  EXPECT_TRUE(IsCloexec(mio_unix_stream_as_raw_fd(&c)));
  ASSERT_EQ(
      mio_registry_register(registry(), mio_unix_stream_source(&c), 2,
                            MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
      0);
  ExpectEvents({{1, kReadable}, {2, kWritable}});

  mio_unix_stream s = MIO_OBJECT_INIT;
  sockaddr_un peer;
  socklen_t peerlen = 0;
  ASSERT_EQ(mio_unix_listener_accept(&l, &s, &peer, &peerlen), 0);
  EXPECT_EQ(mio_unix_addr_kind_of(&peer, peerlen), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(peerlen, kSunOff);
  EXPECT_TRUE(IsNonBlocking(mio_unix_stream_as_raw_fd(&s)));
  EXPECT_TRUE(IsCloexec(mio_unix_stream_as_raw_fd(&s)));
  mio_unix_stream again = MIO_OBJECT_INIT;
  EXPECT_EQ(mio_unix_listener_accept(&l, &again, nullptr, nullptr),
            -MIO_EAGAIN);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&again), MIO_INVALID_RAW_FD);

  sockaddr_un a;
  socklen_t alen = 0;
  ASSERT_EQ(mio_unix_listener_local_addr(&l, &a, &alen), 0);
  EXPECT_EQ(PathOf(a, alen), path);
  EXPECT_EQ(alen, kSunOff + path.size() + 1);
  ASSERT_EQ(mio_unix_stream_local_addr(&s, &a, &alen), 0);
  EXPECT_EQ(PathOf(a, alen), path);
  ASSERT_EQ(mio_unix_stream_peer_addr(&c, &a, &alen), 0);
  EXPECT_EQ(PathOf(a, alen), path);
  ASSERT_EQ(mio_unix_stream_local_addr(&c, &a, &alen), 0);
  EXPECT_EQ(alen, kSunOff);

  char buf[16];
  mio_test::AssertWouldBlock(mio_unix_stream_read(&c, buf, sizeof buf));
  mio_iovec out[2] = {{const_cast<char*>("hel"), 3},
                      {const_cast<char*>("lo"), 2}};
  EXPECT_EQ(mio_unix_stream_writev(&c, out, 2), 5);
  char x[2], y[8];
  mio_iovec in[2] = {{x, sizeof x}, {y, sizeof y}};
  EXPECT_EQ(mio_unix_stream_readv(&s, in, 2), 5);
  EXPECT_EQ(std::string(x, 2) + std::string(y, 3), "hello");
  EXPECT_EQ(mio_unix_stream_write(&s, "back", 4), 4);
  ExpectEvents({{2, kReadable}});
  EXPECT_EQ(mio_unix_stream_read(&c, buf, sizeof buf), 4);
  mio_test::AssertWouldBlock(mio_unix_stream_read(&c, buf, sizeof buf));
  int err = 1;
  EXPECT_EQ(mio_unix_stream_take_error(&c, &err), 0);
  EXPECT_EQ(err, 0);
  EXPECT_EQ(mio_unix_listener_take_error(&l, &err), 0);
  EXPECT_EQ(err, 0);

  // The peer closing gives READ_CLOSED and EOF.
  EXPECT_EQ(mio_unix_stream_close(&s), 0);
  ExpectEvents({{2, kReadClosed}});
  EXPECT_EQ(mio_unix_stream_read(&c, buf, sizeof buf), 0);

  // Never unlinked: binding again fails, the file outlives the listener.
  mio_unix_listener l2 = MIO_OBJECT_INIT;
  EXPECT_EQ(mio_unix_listener_bind(&l2, path.c_str()), -MIO_EADDRINUSE);
  EXPECT_EQ(mio_unix_listener_as_raw_fd(&l2), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_unix_listener_close(&l), 0);
  struct stat st;
  EXPECT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(mio_unix_stream_close(&c), 0);
}

TEST_F(UnixSmoke, AbstractListenerKeepsItsName) {
#if !MIO_TEST_ABSTRACT_UNIX_NAMES
  GTEST_SKIP() << "abstract names are Linux-only (not in --config=posix)";
#else
  const std::string name = "mio-smoke-" + std::to_string(getpid());
  sockaddr_un addr;
  socklen_t len = 0;
  ASSERT_EQ(
      mio_unix_addr_from_abstract_name(&addr, &len, name.data(), name.size()),
      0);
  mio_unix_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_listener_bind_addr(&l, &addr, len), 0);
  sockaddr_un got;
  socklen_t glen = 0;
  ASSERT_EQ(mio_unix_listener_local_addr(&l, &got, &glen), 0);
  const char* n = nullptr;
  ASSERT_EQ(mio_unix_addr_abstract_name(&got, glen, &n), name.size());
  EXPECT_EQ(std::string(n, name.size()), name);
  ASSERT_EQ(mio_registry_register(registry(), mio_unix_listener_source(&l), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectNoEvents();
  mio_unix_stream c = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_stream_connect_addr(&c, &addr, len), 0);
  ExpectEvents({{1, kReadable}});
  mio_unix_stream s = MIO_OBJECT_INIT;
  sockaddr_un peer;
  socklen_t peerlen = 99;
  ASSERT_EQ(mio_unix_listener_accept(&l, &s, &peer, &peerlen), 0);
  EXPECT_EQ(mio_unix_addr_kind_of(&peer, peerlen), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(mio_unix_stream_close(&s), 0);
  EXPECT_EQ(mio_unix_stream_close(&c), 0);
  EXPECT_EQ(mio_unix_listener_close(&l), 0);
#endif
}

TEST_F(UnixSmoke, StreamPairShutdownWrite) {
  mio_unix_stream a = MIO_OBJECT_INIT, b = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_stream_pair(&a, &b), 0);
  EXPECT_TRUE(IsNonBlocking(mio_unix_stream_as_raw_fd(&a)));
  EXPECT_TRUE(IsCloexec(mio_unix_stream_as_raw_fd(&b)));
  ASSERT_EQ(mio_registry_register(registry(), mio_unix_stream_source(&b), 7,
                                  MIO_INTEREST_READABLE),
            0);
  EXPECT_EQ(mio_unix_stream_write(&a, "ping", 4), 4);
  ExpectEvents({{7, kReadable}});
  char buf[8];
  EXPECT_EQ(mio_unix_stream_read(&b, buf, sizeof buf), 4);
  // Drained to would-block: required before the next event (API.md §8).
  mio_test::AssertWouldBlock(mio_unix_stream_read(&b, buf, sizeof buf));
  ASSERT_EQ(mio_unix_stream_shutdown(&a, MIO_SHUTDOWN_WRITE), 0);
  EXPECT_EQ(mio_unix_stream_write(&a, "x", 1), -MIO_EPIPE);
  ExpectEvents({{7, mio_test::kHalfClosed}});
  EXPECT_EQ(mio_unix_stream_read(&b, buf, sizeof buf), 0);
  EXPECT_EQ(mio_unix_stream_shutdown(&a, static_cast<mio_shutdown>(9)),
            -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_close(&a), 0);
  EXPECT_EQ(mio_unix_stream_close(&b), 0);
}

TEST_F(UnixSmoke, DatagramSendToRecvFromAndConnect) {
  const std::string pa = Path("a"), pb = Path("b");
  mio_unix_datagram a = MIO_OBJECT_INIT, b = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_datagram_bind(&a, pa.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_bind(&b, pb.c_str()), 0);
  EXPECT_TRUE(IsNonBlocking(mio_unix_datagram_as_raw_fd(&a)));
  EXPECT_TRUE(IsCloexec(mio_unix_datagram_as_raw_fd(&a)));
  ASSERT_EQ(mio_registry_register(registry(), mio_unix_datagram_source(&b), 2,
                                  MIO_INTEREST_READABLE),
            0);
  char buf[16];
  mio_test::AssertWouldBlock(mio_unix_datagram_recv(&b, buf, sizeof buf));
  EXPECT_EQ(mio_unix_datagram_send(&a, "x", 1), -MIO_ENOTCONN);
  EXPECT_EQ(mio_unix_datagram_send_to(&a, "hi", 2, pb.c_str()), 2);
  ExpectEvents({{2, kReadable}});
  sockaddr_un from;
  socklen_t fromlen = 0;
  EXPECT_EQ(mio_unix_datagram_recv_from(&b, buf, sizeof buf, &from, &fromlen),
            2);
  EXPECT_EQ(PathOf(from, fromlen), pa);
  mio_test::AssertWouldBlock(mio_unix_datagram_recv(&b, buf, sizeof buf));

  ASSERT_EQ(mio_unix_datagram_connect(&a, pb.c_str()), 0);
  sockaddr_un peer;
  socklen_t peerlen = 0;
  ASSERT_EQ(mio_unix_datagram_peer_addr(&a, &peer, &peerlen), 0);
  EXPECT_EQ(PathOf(peer, peerlen), pb);
  EXPECT_EQ(mio_unix_datagram_send(&a, "abc", 3), 3);
  ExpectEvents({{2, kReadable}});
  EXPECT_EQ(mio_unix_datagram_recv(&b, buf, sizeof buf), 3);
  mio_test::AssertWouldBlock(mio_unix_datagram_recv(&b, buf, sizeof buf));

  // mio issue 1403: an unbound sender is seen as the unnamed address.
  mio_unix_datagram u = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_datagram_unbound(&u), 0);
  EXPECT_EQ(mio_unix_datagram_send_to(&u, "zz", 2, pb.c_str()), 2);
  ExpectEvents({{2, kReadable}});
  fromlen = 1234;
  EXPECT_EQ(mio_unix_datagram_recv_from(&b, buf, sizeof buf, &from, &fromlen),
            2);
  EXPECT_EQ(mio_unix_addr_kind_of(&from, fromlen), MIO_UNIX_ADDR_UNNAMED);
  EXPECT_EQ(fromlen, kSunOff);
  EXPECT_EQ(PathOf(from, fromlen), "");

  ASSERT_EQ(mio_unix_datagram_shutdown(&a, MIO_SHUTDOWN_WRITE), 0);
  EXPECT_EQ(mio_unix_datagram_send(&a, "x", 1), -MIO_EPIPE);
  int err = 1;
  EXPECT_EQ(mio_unix_datagram_take_error(&a, &err), 0);
  EXPECT_EQ(err, 0);
  EXPECT_EQ(mio_unix_datagram_close(&u), 0);
  EXPECT_EQ(mio_unix_datagram_close(&a), 0);
  EXPECT_EQ(mio_unix_datagram_close(&b), 0);
}

TEST_F(UnixSmoke, DatagramPairExchanges) {
  mio_unix_datagram a = MIO_OBJECT_INIT, b = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_datagram_pair(&a, &b), 0);
  EXPECT_EQ(mio_unix_datagram_send(&a, "1", 1), 1);
  EXPECT_EQ(mio_unix_datagram_send(&b, "22", 2), 2);
  char buf[4];
  EXPECT_EQ(mio_unix_datagram_recv(&b, buf, sizeof buf), 1);
  EXPECT_EQ(mio_unix_datagram_recv_from(&a, buf, sizeof buf, nullptr, nullptr),
            2);
  EXPECT_EQ(mio_unix_datagram_close(&a), 0);
  EXPECT_EQ(mio_unix_datagram_close(&b), 0);
}

TEST_F(UnixSmoke, PipeTransfersAndReportsClosedEnds) {
  mio_pipe_sender tx = MIO_OBJECT_INIT;
  mio_pipe_receiver rx = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_pipe_new(&tx, &rx), 0);
  for (int fd :
       {mio_pipe_sender_as_raw_fd(&tx), mio_pipe_receiver_as_raw_fd(&rx)}) {
    EXPECT_TRUE(IsNonBlocking(fd));
    EXPECT_TRUE(IsCloexec(fd));
  }
  ASSERT_EQ(mio_registry_register(registry(), mio_pipe_sender_source(&tx), 1,
                                  MIO_INTEREST_WRITABLE),
            0);
  ASSERT_EQ(mio_registry_register(registry(), mio_pipe_receiver_source(&rx), 2,
                                  MIO_INTEREST_READABLE),
            0);
  ExpectEvents({{1, kWritable}});
  char buf[16];
  mio_test::AssertWouldBlock(mio_pipe_receiver_read(&rx, buf, sizeof buf));
  mio_iovec out[2] = {{const_cast<char*>("ab"), 2},
                      {const_cast<char*>("cd"), 2}};
  EXPECT_EQ(mio_pipe_sender_writev(&tx, out, 2), 4);
  ExpectEvents({{2, kReadable}});
  char x[1], y[8];
  mio_iovec in[2] = {{x, 1}, {y, sizeof y}};
  EXPECT_EQ(mio_pipe_receiver_readv(&rx, in, 2), 4);
  mio_test::AssertWouldBlock(mio_pipe_receiver_read(&rx, buf, sizeof buf));
  EXPECT_EQ(mio_pipe_sender_write(&tx, "e", 1), 1);
  ExpectEvents({{2, kReadable}});
  EXPECT_EQ(mio_pipe_receiver_read(&rx, buf, sizeof buf), 1);
  mio_test::AssertWouldBlock(mio_pipe_receiver_read(&rx, buf, sizeof buf));

  int rfd = mio_pipe_receiver_as_raw_fd(&rx);
  ASSERT_EQ(mio_pipe_receiver_set_nonblocking(&rx, false), 0);
  EXPECT_FALSE(IsNonBlocking(rfd));
  ASSERT_EQ(mio_pipe_receiver_set_nonblocking(&rx, true), 0);
  EXPECT_TRUE(IsNonBlocking(rfd));

  EXPECT_EQ(mio_pipe_sender_close(&tx), 0);
  ExpectEvents({{2, kReadClosed}});
  EXPECT_EQ(mio_pipe_receiver_read(&rx, buf, sizeof buf), 0);
  EXPECT_EQ(mio_pipe_receiver_close(&rx), 0);
}

TEST_F(UnixSmoke, PipeReceiverCloseGivesSenderWriteClosed) {
  mio_pipe_sender tx = MIO_OBJECT_INIT;
  mio_pipe_receiver rx = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_pipe_new(&tx, &rx), 0);
  ASSERT_EQ(mio_registry_register(registry(), mio_pipe_sender_source(&tx), 1,
                                  MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{1, kWritable}});
  EXPECT_EQ(mio_pipe_receiver_close(&rx), 0);
  ExpectEvents({{1, kWriteClosed}});
  EXPECT_EQ(mio_pipe_sender_close(&tx), 0);
}

TEST_F(UnixSmoke, SourceFdRegistersBorrowedDescriptor) {
  int sv[2];
  ASSERT_EQ(
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv),
      0);
  mio_source_fd sfd;
  mio_source* src = mio_source_fd_init(&sfd, sv[0]);
  ASSERT_NE(src, nullptr);
  ASSERT_EQ(mio_registry_register(registry(), src, 5, MIO_INTEREST_READABLE),
            0);
  EXPECT_EQ(mio_registry_register(registry(), mio_source_fd_init(&sfd, sv[0]),
                                  5, MIO_INTEREST_READABLE),
            -MIO_EEXIST);
  ASSERT_EQ(write(sv[1], "z", 1), 1);
  ExpectEvents({{5, kReadable}});
  ASSERT_EQ(mio_registry_reregister(registry(), mio_source_fd_init(&sfd, sv[0]),
                                    6, MIO_INTEREST_WRITABLE),
            0);
  ExpectEvents({{6, kWritable}});
  ASSERT_EQ(
      mio_registry_deregister(registry(), mio_source_fd_init(&sfd, sv[0])), 0);
  ASSERT_EQ(write(sv[1], "z", 1), 1);
  ExpectNoEvents();
  EXPECT_EQ(
      mio_registry_deregister(registry(), mio_source_fd_init(&sfd, sv[0])),
      -MIO_ENOENT);
  EXPECT_EQ(mio_registry_reregister(registry(), mio_source_fd_init(&sfd, sv[0]),
                                    1, MIO_INTEREST_READABLE),
            -MIO_ENOENT);
  EXPECT_EQ(mio_registry_register(registry(), mio_source_fd_init(&sfd, -1), 1,
                                  MIO_INTEREST_READABLE),
            -MIO_EBADF);
  EXPECT_EQ(mio_source_fd_init(nullptr, sv[0]), nullptr);
  // Borrowed: the descriptor is still open.
  EXPECT_NE(fcntl(sv[0], F_GETFD), -1);
  close(sv[0]);
  close(sv[1]);
}

TEST(UnixArgs, ClosedAndNullObjects) {
  mio_unix_stream s = MIO_OBJECT_INIT;
  mio_unix_listener l = MIO_OBJECT_INIT;
  mio_unix_datagram d = MIO_OBJECT_INIT;
  mio_pipe_sender tx = MIO_OBJECT_INIT;
  char buf[4];
  sockaddr_un a;
  socklen_t alen;
  EXPECT_EQ(mio_unix_stream_close(&s), 0);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_unix_stream_read(&s, buf, sizeof buf), -MIO_EBADF);
  EXPECT_EQ(mio_unix_stream_local_addr(&s, &a, &alen), -MIO_EBADF);
  EXPECT_EQ(mio_unix_listener_accept(&l, &s, nullptr, nullptr), -MIO_EBADF);
  EXPECT_EQ(mio_unix_datagram_send(&d, "x", 1), -MIO_EBADF);
  EXPECT_EQ(mio_unix_datagram_connect(&d, "/nonexistent"), -MIO_EBADF);
  EXPECT_EQ(mio_pipe_sender_write(&tx, "x", 1), -MIO_EBADF);
  EXPECT_EQ(mio_pipe_sender_set_nonblocking(&tx, true), -MIO_EBADF);
  EXPECT_EQ(mio_unix_stream_read(nullptr, buf, 1), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_local_addr(&s, nullptr, &alen), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_connect(nullptr, "/x"), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_source(nullptr), nullptr);

  // Failed constructors leave the output closed.
  mio_unix_stream out;
  memset(&out, 0x7F, sizeof out);
  EXPECT_EQ(mio_unix_stream_connect(&out, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&out), MIO_INVALID_RAW_FD);
  std::string too_long(sizeof(a.sun_path), 'p');
  memset(&out, 0x7F, sizeof out);
  EXPECT_EQ(mio_unix_stream_connect(&out, too_long.c_str()), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&out), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_unix_stream_connect(&out, "/nonexistent/mio/sock"),
            -MIO_ENOENT);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&out), MIO_INVALID_RAW_FD);
  sockaddr_un bad{};
  bad.sun_family = AF_INET;
  EXPECT_EQ(mio_unix_stream_connect_addr(&out, &bad, sizeof bad), -MIO_EINVAL);
  bad.sun_family = AF_UNIX;
  EXPECT_EQ(mio_unix_stream_connect_addr(&out, &bad, kSunOff - 1), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_stream_connect_addr(&out, &bad, sizeof bad + 1),
            -MIO_EINVAL);
  mio_pipe_receiver rx;
  memset(&rx, 0x7F, sizeof rx);
  EXPECT_EQ(mio_pipe_new(nullptr, &rx), -MIO_EINVAL);
  EXPECT_EQ(mio_pipe_receiver_as_raw_fd(&rx), MIO_INVALID_RAW_FD);
  mio_unix_datagram da;
  memset(&da, 0x7F, sizeof da);
  EXPECT_EQ(mio_unix_datagram_pair(&da, nullptr), -MIO_EINVAL);
  EXPECT_EQ(mio_unix_datagram_as_raw_fd(&da), MIO_INVALID_RAW_FD);
}

TEST(UnixArgs, RawFdRoundTrip) {
  mio_unix_stream a = MIO_OBJECT_INIT, b = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_unix_stream_pair(&a, &b), 0);
  int fd = mio_unix_stream_into_raw_fd(&a);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&a), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_unix_stream_from_raw_fd(&a, fd), 0);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&a), fd);
  EXPECT_EQ(mio_unix_stream_write(&a, "k", 1), 1);
  EXPECT_EQ(mio_unix_stream_close(&b), 0);
  EXPECT_EQ(mio_unix_stream_from_raw_fd(&b, -1), -MIO_EBADF);
  EXPECT_EQ(mio_unix_stream_as_raw_fd(&b), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_unix_stream_close(&a), 0);
}

}  // namespace
