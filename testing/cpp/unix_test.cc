// mio/cpp/unix.hpp and pipe.hpp: Unix stream pair and listener, datagrams,
// pipes, SourceFd and IoSource, each driven through a Poll.
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"
#include "testing/net/unix_test_util.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

namespace {

using mio_cpp_test::CppPollTest;

constexpr mio::Token kA(10);
constexpr mio::Token kB(11);

TEST_F(CppPollTest, UnixStreamPairRoundTrip) {
  MIO_ASSIGN_OR_FAIL(pair, mio::UnixStream::pair());
  mio::UnixStream& a = pair.first;
  mio::UnixStream& b = pair.second;
  ASSERT_TRUE(registry().register_(b, kB, mio::Interest::kReadable).ok());
  ExpectNoEvents();

  MIO_ASSIGN_OR_FAIL(n, a.write("abc"));
  ASSERT_EQ(n, 3u);
  ExpectEvents({{kB.value, mio_test::kReadable}});
  char buf[8] = {};
  mio_iovec iov[2] = {{buf, 1}, {buf + 1, 7}};
  MIO_ASSIGN_OR_FAIL(got, b.readv(iov));
  EXPECT_EQ(std::string(buf, got), "abc");
  EXPECT_TRUE(mio::IsWouldBlock(b.read(buf, sizeof buf).status()));

  char out1[] = "de", out2[] = "f";
  const mio_iovec wv[2] = {{out1, 2}, {out2, 1}};
  MIO_ASSIGN_OR_FAIL(w, a.writev(wv));
  EXPECT_EQ(w, 3u);
  ExpectEvents({{kB.value, mio_test::kReadable}});
  MIO_ASSIGN_OR_FAIL(got2, b.read(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, got2), "def");

  // Closing one end: the other sees read-closed, then EOF.
  ASSERT_TRUE(a.close().ok());
  ExpectEvents({{kB.value, mio_test::kReadClosed}});
  MIO_ASSIGN_OR_FAIL(eof, b.read(buf, sizeof buf));
  EXPECT_EQ(eof, 0u);
  MIO_ASSIGN_OR_FAIL(local, b.local_addr());
  EXPECT_TRUE(local.is_unnamed());
  EXPECT_TRUE(b.take_error().ok());
}

TEST_F(CppPollTest, UnixListenerAcceptsAConnection) {
  mio_net_test::TempPath path("cpp.sock");
  MIO_ASSIGN_OR_FAIL(listener, mio::UnixListener::bind(path.c_str()));
  MIO_ASSIGN_OR_FAIL(bound, listener.local_addr());
  EXPECT_EQ(bound.pathname(), path.str());
  EXPECT_EQ(bound.kind(), MIO_UNIX_ADDR_PATHNAME);
  ASSERT_TRUE(
      registry().register_(listener, kA, mio::Interest::kReadable).ok());
  EXPECT_TRUE(mio::IsWouldBlock(listener.accept().status()));

  MIO_ASSIGN_OR_FAIL(client, mio::UnixStream::connect(path.c_str()));
  ExpectEvents({{kA.value, mio_test::kReadable}});
  mio::UnixSocketAddr peer;
  MIO_ASSIGN_OR_FAIL(server, listener.accept(&peer));
  EXPECT_TRUE(peer.is_unnamed());
  MIO_ASSIGN_OR_FAIL(client_peer, client.peer_addr());
  EXPECT_EQ(client_peer.pathname(), path.str());

  ASSERT_TRUE(registry().register_(server, kB, mio::Interest::kReadable).ok());
  MIO_ASSIGN_OR_FAIL(n, client.write("hi"));
  ASSERT_EQ(n, 2u);
  ExpectEvents({{kB.value, mio_test::kReadable}});
  char buf[4];
  MIO_ASSIGN_OR_FAIL(got, server.read(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, got), "hi");

  // The path is taken while the file exists.
  EXPECT_EQ(mio::MioCode(mio::UnixListener::bind(path.c_str()).status()),
            -MIO_EADDRINUSE);
}

TEST_F(CppPollTest, UnixAbstractAddresses) {
  if (!mio_test::kAbstractUnixNames) {
    EXPECT_EQ(mio::MioCode(
                  mio::UnixSocketAddr::from_abstract_name("mio-cpp").status()),
              -MIO_ENOTSUP);
    GTEST_SKIP() << "abstract names are Linux-only (not in --config=posix)";
  }
  MIO_ASSIGN_OR_FAIL(addr,
                     mio::UnixSocketAddr::from_abstract_name("mio-cpp-test"));
  EXPECT_EQ(addr.kind(), MIO_UNIX_ADDR_ABSTRACT);
  EXPECT_EQ(addr.abstract_name(), "mio-cpp-test");
  MIO_ASSIGN_OR_FAIL(listener, mio::UnixListener::bind_addr(addr));
  MIO_ASSIGN_OR_FAIL(client, mio::UnixStream::connect_addr(addr));
  ASSERT_TRUE(
      registry().register_(listener, kA, mio::Interest::kReadable).ok());
  ExpectEvents({{kA.value, mio_test::kReadable}});
  MIO_ASSIGN_OR_FAIL(server, listener.accept());
  EXPECT_TRUE(server.is_open());
  EXPECT_EQ(mio::MioCode(mio::UnixSocketAddr::from_pathname(
                             std::string(200, 'p').c_str())
                             .status()),
            -MIO_EINVAL);
}

TEST_F(CppPollTest, UnixDatagrams) {
  mio_net_test::TempPath pa("a.sock"), pb("b.sock");
  MIO_ASSIGN_OR_FAIL(a, mio::UnixDatagram::bind(pa.c_str()));
  MIO_ASSIGN_OR_FAIL(b, mio::UnixDatagram::bind(pb.c_str()));
  ASSERT_TRUE(registry().register_(b, kB, mio::Interest::kReadable).ok());
  MIO_ASSIGN_OR_FAIL(n, a.send_to("dgram", 5, pb.c_str()));
  ASSERT_EQ(n, 5u);
  ExpectEvents({{kB.value, mio_test::kReadable}});
  char buf[16];
  mio::UnixSocketAddr from;
  MIO_ASSIGN_OR_FAIL(got, b.recv_from(buf, sizeof buf, &from));
  EXPECT_EQ(std::string(buf, got), "dgram");
  EXPECT_EQ(from.pathname(), pa.str());
  EXPECT_TRUE(mio::IsWouldBlock(b.recv(buf, sizeof buf).status()));

  MIO_ASSIGN_OR_FAIL(u, mio::UnixDatagram::unbound());
  EXPECT_EQ(mio::MioCode(u.send("x", 1).status()), -MIO_ENOTCONN);
  ASSERT_TRUE(u.connect(pb.c_str()).ok());
  MIO_ASSIGN_OR_FAIL(sent, u.send("y", 1));
  EXPECT_EQ(sent, 1u);
  MIO_ASSIGN_OR_FAIL(peer, u.peer_addr());
  EXPECT_EQ(peer.pathname(), pb.str());

  MIO_ASSIGN_OR_FAIL(pair, mio::UnixDatagram::pair());
  MIO_ASSIGN_OR_FAIL(p1, pair.first.send("z", 1));
  EXPECT_EQ(p1, 1u);
  MIO_ASSIGN_OR_FAIL(p2, pair.second.recv(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, p2), "z");
  ASSERT_TRUE(pair.first.shutdown(mio::Shutdown::kWrite).ok());
  EXPECT_EQ(mio::MioCode(pair.first.send("z", 1).status()), -MIO_EPIPE);
}

TEST_F(CppPollTest, PipeCarriesBytesAndReportsClose) {
  MIO_ASSIGN_OR_FAIL(pipe, mio::Pipe::create());
  ASSERT_TRUE(
      registry().register_(pipe.receiver, kA, mio::Interest::kReadable).ok());
  ASSERT_TRUE(
      registry().register_(pipe.sender, kB, mio::Interest::kWritable).ok());
  ExpectEvents({{kB.value, mio_test::kWritable}});
  MIO_ASSIGN_OR_FAIL(n, pipe.sender.write("pipe"));
  ASSERT_EQ(n, 4u);
  ExpectEvents({{kA.value, mio_test::kReadable}});
  char buf[8];
  MIO_ASSIGN_OR_FAIL(got, pipe.receiver.read(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, got), "pipe");
  EXPECT_TRUE(mio::IsWouldBlock(pipe.receiver.read(buf, sizeof buf).status()));
  ASSERT_TRUE(pipe.sender.close().ok());
  ExpectEvents({{kA.value, mio_test::kReadClosed}});
  MIO_ASSIGN_OR_FAIL(eof, pipe.receiver.read(buf, sizeof buf));
  EXPECT_EQ(eof, 0u);
}

TEST_F(CppPollTest, SourceFdRegistersABorrowedDescriptor) {
  int fds[2];
  ASSERT_EQ(
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds),
      0);
  // A temporary SourceFd works: nothing refers to it after the call.
  ASSERT_TRUE(
      registry()
          .register_(mio::SourceFd(fds[0]), kA, mio::Interest::kReadable)
          .ok());
  ASSERT_EQ(write(fds[1], "s", 1), 1);
  ExpectEvents({{kA.value, mio_test::kReadable}});
  mio::SourceFd sfd(fds[0]);
  EXPECT_EQ(sfd.fd(), fds[0]);
  ASSERT_TRUE(registry().reregister(sfd, kB, mio::Interest::kReadable).ok());
  ASSERT_TRUE(registry().deregister(sfd).ok());
  EXPECT_EQ(mio::MioCode(registry().deregister(sfd)), -MIO_ENOENT);
  // Borrowed: both descriptors are still ours to close.
  EXPECT_EQ(close(fds[0]), 0);
  EXPECT_EQ(close(fds[1]), 0);
}

TEST_F(CppPollTest, IoSourceTryIoRunsTheCallable) {
  int fds[2];
  ASSERT_EQ(
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds),
      0);
  MIO_ASSIGN_OR_FAIL(src, mio::IoSource::adopt(fds[0]));
  ASSERT_TRUE(registry().register_(src, kA, mio::Interest::kReadable).ok());
  const int fd = src.as_raw_fd();
  char c = 0;
  auto read_one = [&]() -> ptrdiff_t {
    const ssize_t n = read(fd, &c, 1);
    return n < 0 ? mio_last_error() : n;
  };
  EXPECT_TRUE(mio::IsWouldBlock(src.try_io(read_one).status()));
  ASSERT_EQ(write(fds[1], "q", 1), 1);
  ExpectEvents({{kA.value, mio_test::kReadable}});
  MIO_ASSIGN_OR_FAIL(n, src.try_io(read_one));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(c, 'q');
  EXPECT_EQ(mio::MioCode(mio::IoSource::adopt(-1).status()), -MIO_EBADF);
  close(fds[1]);
}

}  // namespace
