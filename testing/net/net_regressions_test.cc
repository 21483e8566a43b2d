// Port of the net cases of mio's tests/regressions.rs (API.md §14
// regressions.rs): issue 776 (connect, read would-block, close -> peer EOF)
// and issue 1403 (unbound Unix datagram send_to).
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>

#include "gtest/gtest.h"
#include "mio/net/addr.h"
#include "mio/net/tcp_stream.h"
#include "mio/net/unix_datagram.h"
#include "testing/net/unix_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using TcpStream = Owned<mio_tcp_stream, mio_tcp_stream_close>;
using UnixDatagram = Owned<mio_unix_datagram, mio_unix_datagram_close>;

class NetRegressionsTest : public NetTest {};

// https://github.com/tokio-rs/mio/issues/776: after the connect event a read
// is would-block (not an error), and closing the stream gives the peer EOF.
TEST_F(NetRegressionsTest, Issue776ConnectReadWouldBlockThenPeerSeesEof) {
  Fd listener(mio_test::RawTcpListener(mio_test::LoopbackV4(), nullptr, false));
  ASSERT_GE(listener.get(), 0);
  SockAddr addr;
  addr.len = sizeof addr.storage;
  ASSERT_EQ(getsockname(listener.get(), addr.get(), &addr.len), 0);
  int lfd = listener.get();
  std::atomic<ssize_t> peer_read{-2};
  Thread peer([lfd, &peer_read] {
    Fd s(mio_test::RawAccept(lfd, false));
    struct pollfd pfd = {s.get(), POLLIN, 0};
    if (poll(&pfd, 1, 5000) != 1) return;  // mio: 5 s read timeout
    char buf[16];
    peer_read = read(s.get(), buf, sizeof buf);
  });

  TcpStream s;
  ASSERT_EQ(mio_tcp_stream_connect(s.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(
      mio_registry_register(reg_, mio_tcp_stream_source(s.get()), 1,
                            MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE),
      0);
  bool connected = false;
  for (int i = 0; i < 50 && !connected; i++) {
    PollOnce(100);
    for (size_t j = 0; j < mio_events_len(events_); j++) {
      connected |= mio_event_token(mio_events_get(events_, j)) == 1;
    }
  }
  ASSERT_TRUE(connected);
  char b[1024];
  mio_test::AssertWouldBlock(mio_tcp_stream_read(s.get(), b, sizeof b));
  s.Close();
  peer.Join();
  EXPECT_EQ(peer_read.load(), 0) << "the peer must read EOF";
}

// https://github.com/tokio-rs/mio/issues/1403: an unbound datagram socket
// can send_to a bound path; the receiver sees an unnamed sender address.
TEST_F(NetRegressionsTest, Issue1403UnboundDatagramSendToBoundPath) {
  TempPath path("issue_1403");
  UnixDatagram bound, unbound;
  ASSERT_EQ(mio_unix_datagram_bind(bound.get(), path.c_str()), 0);
  ASSERT_EQ(mio_unix_datagram_unbound(unbound.get()), 0);
  ASSERT_EQ(mio_registry_register(reg_, mio_unix_datagram_source(bound.get()),
                                  0, MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_unix_datagram_send_to(unbound.get(), "hello", 5, path.c_str()),
            5);
  ExpectEvents({{0, mio_test::kReadable}});
  char buf[16];
  sockaddr_un from;
  socklen_t from_len = 0;
  ptrdiff_t n = mio_unix_datagram_recv_from(bound.get(), buf, sizeof buf, &from,
                                            &from_len);
  EXPECT_EQ(Str(buf, n), "hello");
  EXPECT_NE(mio_unix_addr_kind_of(&from, from_len), MIO_UNIX_ADDR_PATHNAME);
  const char* p = nullptr;
  EXPECT_EQ(mio_unix_addr_pathname(&from, from_len, &p), 0u);
  EXPECT_EQ(UnixPathOf(from, from_len), "");
}

}  // namespace
}  // namespace mio_net_test
