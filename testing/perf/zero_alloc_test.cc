// mio's promise "zero allocations at runtime", proven deterministically:
// malloc/calloc/realloc/free are wrapped at link time for every object in
// this binary, including the mio libraries, and counted only inside the
// measured loops (testing/util/alloc_counter.h). Each hot-path operation runs
// 10 000 times; the count must be 0 (API.md §2.3: allocation happens only in
// _new/try_clone, and in amortised table growth of the poll(2)/io_uring
// backends, which the warm-up round absorbs).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mio/mio.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "testing/util/alloc_counter.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

namespace {

using mio_test::AllocationsIn;

class ZeroAlloc : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(mio_poll_new(&poll_), 0);
    ASSERT_EQ(mio_events_new(&events_, 64), 0);
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                         fds_),
              0);
    ASSERT_EQ(mio_io_source_init(&src_, fds_[0]), 0);
  }
  void TearDown() override {
    mio_io_source_close(&src_);
    close(fds_[1]);
    mio_events_free(events_);
    mio_poll_free(poll_);
  }
  const mio_registry *reg() { return mio_poll_registry(poll_); }

  mio_poll *poll_ = nullptr;
  mio_events *events_ = nullptr;
  int fds_[2] = {-1, -1};
  mio_io_source src_ = MIO_OBJECT_INIT;
};

TEST_F(ZeroAlloc, RegisterReregisterDeregister) {
  mio_source *s = mio_io_source_source(&src_);
  long n = AllocationsIn([&](int i) {
    ASSERT_EQ(mio_registry_register(reg(), s, 1, MIO_INTEREST_READABLE), 0);
    ASSERT_EQ(
        mio_registry_reregister(reg(), s, (mio_token)i, MIO_INTEREST_WRITABLE),
        0);
    ASSERT_EQ(mio_registry_deregister(reg(), s), 0);
  });
  EXPECT_EQ(n, 0);
}

// Reads one byte through do_io, so would-block re-arms (poll(2) needs it).
ptrdiff_t ReadByte(void *ctx) {
  char byte;
  ssize_t n = read(*static_cast<int *>(ctx), &byte, 1);
  return n < 0 ? mio_last_error() : n;
}

TEST_F(ZeroAlloc, PollWithReadySource) {
  ASSERT_EQ(mio_registry_register(reg(), mio_io_source_source(&src_), 1,
                                  MIO_INTEREST_READABLE),
            0);
  char byte = 'x';
  long n = AllocationsIn([&](int) {
    ASSERT_EQ(write(fds_[1], &byte, 1), 1);
    ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
    ASSERT_EQ(mio_io_source_do_io(&src_, ReadByte, &fds_[0]), 1);
    ASSERT_EQ(mio_io_source_do_io(&src_, ReadByte, &fds_[0]), -MIO_EAGAIN);
  });
  EXPECT_EQ(n, 0);
}

TEST_F(ZeroAlloc, WakerWake) {
  mio_waker *w = nullptr;
  ASSERT_EQ(mio_waker_new(reg(), 7, &w), 0);
  long n = AllocationsIn([&](int) {
    ASSERT_EQ(mio_waker_wake(w), 0);
    ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
  });
  mio_waker_free(w);
  EXPECT_EQ(n, 0);
}

TEST_F(ZeroAlloc, TcpConnectAcceptReadWrite) {
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind(&l, (sockaddr *)&any, sizeof any), 0);
  sockaddr_storage addr;
  socklen_t len;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &addr, &len), 0);
  ASSERT_EQ(mio_registry_register(reg(), mio_tcp_listener_source(&l), 0,
                                  MIO_INTEREST_READABLE),
            0);
  long n = AllocationsIn([&](int i) {
    mio_tcp_stream client = MIO_OBJECT_INIT, server = MIO_OBJECT_INIT;
    ASSERT_EQ(mio_tcp_stream_connect(&client, (sockaddr *)&addr, len), 0);
    int rc;
    while ((rc = mio_tcp_listener_accept(&l, &server, nullptr, nullptr)) ==
           -MIO_EAGAIN) {
      ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
    }
    ASSERT_EQ(rc, 0);
    ASSERT_EQ(mio_registry_register(reg(), mio_tcp_stream_source(&server),
                                    (mio_token)i + 1, MIO_INTEREST_READABLE),
              0);
    char buf[16] = "ping";
    ASSERT_EQ(mio_tcp_stream_write(&client, buf, 4), 4);
    ptrdiff_t got;
    while ((got = mio_tcp_stream_read(&server, buf, sizeof buf)) ==
           -MIO_EAGAIN) {
      ASSERT_EQ(mio_poll_poll(poll_, events_, MIO_TIMEOUT_INFINITE), 0);
    }
    ASSERT_EQ(got, 4);
    ASSERT_EQ(mio_tcp_stream_read(&server, buf, sizeof buf), -MIO_EAGAIN);
    ASSERT_EQ(mio_tcp_stream_close(&server), 0);
    ASSERT_EQ(mio_tcp_stream_close(&client), 0);
  });
  mio_tcp_listener_close(&l);
  EXPECT_EQ(n, 0);
}

}  // namespace
