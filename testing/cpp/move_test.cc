// Ownership in mio/cpp: moved-from objects are closed, closing twice is safe,
// move-assignment releases the old descriptor, and a registered object keeps
// its registration when moved (handle.hpp explains why that is sound on every
// backend this library has).
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"

namespace {

using mio_cpp_test::CppPollTest;

// Move-only, and no bigger than the C objects they own.
template <typename T>
constexpr bool kMoveOnly =
    std::is_nothrow_move_constructible_v<T>&&
        std::is_nothrow_move_assignable_v<T> &&
    !std::is_copy_constructible_v<T> && !std::is_copy_assignable_v<T>;
static_assert(kMoveOnly<mio::Poll> && kMoveOnly<mio::Events> &&
                  kMoveOnly<mio::Waker> && kMoveOnly<mio::RegistryClone> &&
                  kMoveOnly<mio::TcpListener> && kMoveOnly<mio::TcpStream> &&
                  kMoveOnly<mio::UdpSocket> && kMoveOnly<mio::UnixListener> &&
                  kMoveOnly<mio::UnixStream> && kMoveOnly<mio::UnixDatagram> &&
                  kMoveOnly<mio::PipeSender> && kMoveOnly<mio::PipeReceiver> &&
                  kMoveOnly<mio::IoSource>,
              "wrapper types are move-only");
static_assert(sizeof(mio::Poll) == sizeof(void*), "");
static_assert(sizeof(mio::Events) == sizeof(void*), "");
static_assert(sizeof(mio::Waker) == sizeof(void*), "");
static_assert(sizeof(mio::Registry) == sizeof(void*), "");
static_assert(sizeof(mio::TcpStream) == sizeof(mio_tcp_stream), "");
static_assert(sizeof(mio::UnixDatagram) == sizeof(mio_unix_datagram), "");
static_assert(sizeof(mio::PipeReceiver) == sizeof(mio_pipe_receiver), "");
static_assert(!std::is_polymorphic_v<mio::TcpStream>, "no vtable");
static_assert(std::is_trivially_copyable_v<mio::Event>, "Event is a view");
static_assert(std::is_trivially_copyable_v<mio::Registry>, "");

bool FdIsOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

TEST(CppMove, MovedFromSocketIsClosedAndDoubleCloseIsSafe) {
  MIO_ASSIGN_OR_FAIL(pair, mio::UnixStream::pair());
  mio::UnixStream a = std::move(pair.first);
  const int fd = a.as_raw_fd();
  ASSERT_GE(fd, 0);
  EXPECT_FALSE(pair.first.is_open());
  EXPECT_EQ(pair.first.as_raw_fd(), MIO_INVALID_RAW_FD);
  EXPECT_TRUE(pair.first.close().ok());  // closing a moved-from object: no-op
  char c;
  EXPECT_EQ(mio::MioCode(pair.first.read(&c, 1).status()), -MIO_EBADF);

  mio::UnixStream b(std::move(a));
  EXPECT_FALSE(a.is_open());
  EXPECT_EQ(b.as_raw_fd(), fd);
  EXPECT_TRUE(b.close().ok());
  EXPECT_FALSE(FdIsOpen(fd));
  EXPECT_TRUE(b.close().ok());  // twice
  EXPECT_FALSE(b.is_open());
}

TEST(CppMove, MoveAssignmentClosesTheTarget) {
  MIO_ASSIGN_OR_FAIL(p1, mio::Pipe::create());
  MIO_ASSIGN_OR_FAIL(p2, mio::Pipe::create());
  const int old_fd = p1.receiver.as_raw_fd();
  const int new_fd = p2.receiver.as_raw_fd();
  p1.receiver = std::move(p2.receiver);
  EXPECT_FALSE(FdIsOpen(old_fd));
  EXPECT_EQ(p1.receiver.as_raw_fd(), new_fd);
  EXPECT_FALSE(p2.receiver.is_open());
  // Self-move leaves the object intact.
  mio::PipeReceiver& self = p1.receiver;
  p1.receiver = std::move(self);
  EXPECT_EQ(p1.receiver.as_raw_fd(), new_fd);
}

TEST(CppMove, IntoRawFdGivesUpOwnership) {
  MIO_ASSIGN_OR_FAIL(l,
                     mio::TcpListener::bind(mio::SocketAddr::loopback_v4(0)));
  const int fd = l.into_raw_fd();
  ASSERT_GE(fd, 0);
  EXPECT_FALSE(l.is_open());
  EXPECT_TRUE(FdIsOpen(fd));
  MIO_ASSIGN_OR_FAIL(back, mio::TcpListener::from_raw_fd(fd));
  EXPECT_EQ(back.as_raw_fd(), fd);
  EXPECT_EQ(mio::MioCode(mio::TcpStream::from_raw_fd(-1).status()), -MIO_EBADF);
}

TEST(CppMove, HeapObjectsMoveTheirPointer) {
  MIO_ASSIGN_OR_FAIL(poll, mio::Poll::create());
  mio_poll* raw = poll.raw();
  mio::Poll other = std::move(poll);
  EXPECT_EQ(other.raw(), raw);
  EXPECT_EQ(poll.raw(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(poll.backend(), MIO_BACKEND_NONE);

  MIO_ASSIGN_OR_FAIL(waker,
                     mio::Waker::create(other.registry(), mio::Token(1)));
  mio::Waker moved = std::move(waker);
  EXPECT_TRUE(moved.wake().ok());
  EXPECT_EQ(mio::MioCode(waker.wake()), -MIO_EINVAL);

  MIO_ASSIGN_OR_FAIL(events, mio::Events::with_capacity(8));
  mio::Events ev2 = std::move(events);
  EXPECT_EQ(ev2.capacity(), 8u);
  EXPECT_EQ(events.capacity(), 0u);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(events.begin(), events.end());
}

TEST_F(CppPollTest, RegisteredObjectsKeepTheirRegistrationWhenMoved) {
  MIO_ASSIGN_OR_FAIL(pair, mio::UnixStream::pair());
  ASSERT_TRUE(
      registry()
          .register_(pair.second, mio::Token(5), mio::Interest::kReadable)
          .ok());
  // Relocate the registered object several times (vector growth included).
  std::vector<mio::UnixStream> v;
  v.push_back(std::move(pair.second));
  for (int i = 0; i < 8; i++) v.emplace_back();
  mio::UnixStream moved = std::move(v[0]);
  v.clear();

  MIO_ASSIGN_OR_FAIL(n, pair.first.write("m"));
  ASSERT_EQ(n, 1u);
  ExpectEvents({{5, mio_test::kReadable}});
  char c;
  MIO_ASSIGN_OR_FAIL(got, moved.read(&c, 1));
  EXPECT_EQ(got, 1u);
  // Drained to would-block (re-arms on poll(2)), then a second edge.
  EXPECT_TRUE(mio::IsWouldBlock(moved.read(&c, 1).status()));
  ASSERT_TRUE(pair.first.write("n").ok());
  ExpectEvents({{5, mio_test::kReadable}});
  // The registration moved too: reregister/deregister through the new owner.
  EXPECT_TRUE(registry()
                  .reregister(moved, mio::Token(6), mio::Interest::kReadable)
                  .ok());
  EXPECT_TRUE(registry().deregister(moved).ok());
  EXPECT_EQ(mio::MioCode(registry().deregister(moved)), -MIO_ENOENT);
  // And the moved-from object was never registered as far as mio knows.
  EXPECT_EQ(mio::MioCode(registry().deregister(pair.second)), -MIO_EBADF);
}

TEST_F(CppPollTest, DestroyingARegisteredObjectEndsItsRegistration) {
  MIO_ASSIGN_OR_FAIL(pair, mio::UnixStream::pair());
  {
    mio::UnixStream reader = std::move(pair.second);
    ASSERT_TRUE(registry()
                    .register_(reader, mio::Token(7), mio::Interest::kReadable)
                    .ok());
  }  // closed here, still registered
  // The peer is gone: the write fails (MIO_EPIPE, no SIGPIPE); no event
  // may name the closed object's token.
  EXPECT_EQ(mio::MioCode(pair.first.write("x").status()), -MIO_EPIPE);
  ExpectNoEvents();
}

}  // namespace
