// mio/cpp/net.hpp over loopback: a TCP echo round trip driven by a Poll,
// UDP datagrams both ways, socket options, SocketAddr text forms.
#include <sys/socket.h>

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "mio/cpp/mio.hpp"
#include "testing/cpp/cpp_test_util.h"

namespace {

using mio_cpp_test::CppPollTest;

constexpr mio::Token kListener(1);
constexpr mio::Token kClient(2);
constexpr mio::Token kServer(3);

// Reads until would-block or EOF, appending to *out; false on another error.
template <typename S>
bool Drain(const S& s, std::string* out, bool* eof) {
  char buf[4096];
  for (;;) {
    auto n = s.read(buf, sizeof buf);
    if (!n.ok()) return mio::IsWouldBlock(n.status());
    if (*n == 0) {
      *eof = true;
      return true;
    }
    out->append(buf, *n);
  }
}

// Polls until `done` holds (at most `rounds` polls of 500 ms each).
template <typename F>
void PollUntil(mio::Poll& poll, mio::Events& events, F done, int rounds = 20) {
  for (int i = 0; i < rounds && !done(); i++) {
    ASSERT_TRUE(poll.poll(events, absl::Milliseconds(500)).ok());
  }
  ASSERT_TRUE(done());
}

TEST_F(CppPollTest, TcpEchoRoundTrip) {
  MIO_ASSIGN_OR_FAIL(listener,
                     mio::TcpListener::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(addr, listener.local_addr());
  ASSERT_TRUE(addr.is_ipv4());
  ASSERT_NE(addr.port(), 0);
  ASSERT_TRUE(
      registry().register_(listener, kListener, mio::Interest::kReadable).ok());

  // Nothing queued yet: accept would block.
  EXPECT_TRUE(mio::IsWouldBlock(listener.accept().status()));

  MIO_ASSIGN_OR_FAIL(client, mio::TcpStream::connect(addr));
  ASSERT_TRUE(
      registry()
          .register_(client, kClient,
                     mio::Interest::kReadable | mio::Interest::kWritable)
          .ok());
  ExpectEvents({{kListener.value, mio_test::kReadable},
                {kClient.value, mio_test::kWritable}});
  ASSERT_TRUE(client.take_error().ok());
  MIO_ASSIGN_OR_FAIL(peer, client.peer_addr());
  EXPECT_EQ(peer.ToString(), addr.ToString());

  mio::SocketAddr from;
  MIO_ASSIGN_OR_FAIL(server, listener.accept(&from));
  MIO_ASSIGN_OR_FAIL(client_local, client.local_addr());
  EXPECT_EQ(from.ToString(), client_local.ToString());
  ASSERT_TRUE(server.set_nodelay(true).ok());
  MIO_ASSIGN_OR_FAIL(nodelay, server.nodelay());
  EXPECT_TRUE(nodelay);
  ASSERT_TRUE(
      registry().register_(server, kServer, mio::Interest::kReadable).ok());

  const std::string msg = "hello over mio-c++";
  MIO_ASSIGN_OR_FAIL(sent, client.write(msg));
  ASSERT_EQ(sent, msg.size());

  // Server: echo what arrives. Client: collect the echo.
  std::string at_server, at_client;
  bool server_eof = false, client_eof = false;
  PollUntil(poll(), events(), [&] {
    for (mio::Event e : events()) {
      if (e.token() == kServer) {
        std::string got;
        EXPECT_TRUE(Drain(server, &got, &server_eof));
        at_server += got;
        if (!got.empty()) {
          auto w = server.write(got);
          EXPECT_TRUE(w.ok() && *w == got.size()) << w.status();
        }
      } else if (e.token() == kClient && e.is_readable()) {
        EXPECT_TRUE(Drain(client, &at_client, &client_eof));
      }
    }
    return at_client.size() >= msg.size();
  });
  EXPECT_EQ(at_server, msg);
  EXPECT_EQ(at_client, msg);

  // Half-close: the server reads EOF after draining.
  ASSERT_TRUE(client.shutdown(mio::Shutdown::kWrite).ok());
  PollUntil(poll(), events(), [&] {
    std::string rest;
    EXPECT_TRUE(Drain(server, &rest, &server_eof));
    return server_eof;
  });
  EXPECT_TRUE(registry().deregister(server).ok());
  EXPECT_TRUE(registry().deregister(client).ok());
  EXPECT_TRUE(registry().deregister(listener).ok());
}

TEST(CppTcp, BindTwiceIsAddrInUse) {
  MIO_ASSIGN_OR_FAIL(a,
                     mio::TcpListener::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(addr, a.local_addr());
  auto b = mio::TcpListener::bind(addr);
  EXPECT_EQ(mio::MioCode(b.status()), -MIO_EADDRINUSE) << b.status();
  EXPECT_NE(b.status().message().find("mio_tcp_listener_bind"),
            absl::string_view::npos);
}

TEST(CppTcp, ConnectToClosedPortFailsWithRefused) {
  MIO_ASSIGN_OR_FAIL(l,
                     mio::TcpListener::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(addr, l.local_addr());
  ASSERT_TRUE(l.close().ok());
  auto s = mio::TcpStream::connect(addr);
  if (s.ok()) {
    // Asynchronous failure: reported through SO_ERROR once writable.
    MIO_ASSIGN_OR_FAIL(poll, mio::Poll::create());
    MIO_ASSIGN_OR_FAIL(events, mio::Events::with_capacity(4));
    ASSERT_TRUE(
        poll.registry().register_(*s, kClient, mio::Interest::kWritable).ok());
    ASSERT_TRUE(poll.poll(events, absl::Seconds(5)).ok());
    EXPECT_EQ(mio::MioCode(s->take_error()), -MIO_ECONNREFUSED);
  } else {
    EXPECT_EQ(mio::MioCode(s.status()), -MIO_ECONNREFUSED);
  }
}

TEST_F(CppPollTest, UdpDatagramsBothWays) {
  MIO_ASSIGN_OR_FAIL(a, mio::UdpSocket::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(b, mio::UdpSocket::bind(mio::SocketAddr::loopback_v4(0)));
  MIO_ASSIGN_OR_FAIL(a_addr, a.local_addr());
  MIO_ASSIGN_OR_FAIL(b_addr, b.local_addr());
  ASSERT_TRUE(registry().register_(b, kServer, mio::Interest::kReadable).ok());

  char buf[64];
  EXPECT_TRUE(mio::IsWouldBlock(b.recv_from(buf, sizeof buf).status()));
  MIO_ASSIGN_OR_FAIL(sent, a.send_to("ping", 4, b_addr));
  ASSERT_EQ(sent, 4u);
  ExpectEvents({{kServer.value, mio_test::kReadable}});

  mio::SocketAddr from;
  MIO_ASSIGN_OR_FAIL(peeked, b.peek_from(buf, sizeof buf, &from));
  EXPECT_EQ(peeked, 4u);
  MIO_ASSIGN_OR_FAIL(got, b.recv_from(buf, sizeof buf, &from));
  ASSERT_EQ(got, 4u);
  EXPECT_EQ(std::string(buf, got), "ping");
  EXPECT_EQ(from.ToString(), a_addr.ToString());

  // Connected send/recv the other way.
  ASSERT_TRUE(b.connect(a_addr).ok());
  MIO_ASSIGN_OR_FAIL(b_peer, b.peer_addr());
  EXPECT_EQ(b_peer.ToString(), a_addr.ToString());
  ASSERT_TRUE(registry().register_(a, kClient, mio::Interest::kReadable).ok());
  MIO_ASSIGN_OR_FAIL(sent2, b.send("pong", 4));
  ASSERT_EQ(sent2, 4u);
  ExpectEvents({{kClient.value, mio_test::kReadable}});
  MIO_ASSIGN_OR_FAIL(got2, a.recv(buf, sizeof buf));
  EXPECT_EQ(std::string(buf, got2), "pong");
  EXPECT_TRUE(mio::IsWouldBlock(a.recv(buf, sizeof buf).status()));

  // Unconnected send has no destination.
  EXPECT_EQ(mio::MioCode(a.send("x", 1).status()), -MIO_EDESTADDRREQ);
  ASSERT_TRUE(a.set_ttl(42).ok());
  MIO_ASSIGN_OR_FAIL(ttl, a.ttl());
  EXPECT_EQ(ttl, 42u);
  ASSERT_TRUE(a.set_broadcast(true).ok());
  MIO_ASSIGN_OR_FAIL(bc, a.broadcast());
  EXPECT_TRUE(bc);
  EXPECT_TRUE(a.take_error().ok());
}

TEST(CppSocketAddr, ParseAndFormat) {
  MIO_ASSIGN_OR_FAIL(v4, mio::SocketAddr::parse("127.0.0.1:8080"));
  EXPECT_TRUE(v4.is_ipv4());
  EXPECT_EQ(v4.port(), 8080);
  EXPECT_EQ(v4.ToString(), "127.0.0.1:8080");
  MIO_ASSIGN_OR_FAIL(v6, mio::SocketAddr::parse("[::1]:9"));
  EXPECT_TRUE(v6.is_ipv6());
  EXPECT_EQ(v6.ToString(), "[::1]:9");
  EXPECT_EQ(mio::SocketAddr::loopback_v6(7).ToString(), "[::1]:7");
  EXPECT_EQ(mio::SocketAddr::loopback_v4(7).ToString(), "127.0.0.1:7");
  // Not NUL-terminated input is copied first.
  absl::string_view text("10.0.0.1:1junk", 10);
  MIO_ASSIGN_OR_FAIL(cut, mio::SocketAddr::parse(text));
  EXPECT_EQ(cut.ToString(), "10.0.0.1:1");
  EXPECT_EQ(mio::MioCode(mio::SocketAddr::parse("localhost:80").status()),
            -MIO_EINVAL);
  EXPECT_EQ(
      mio::MioCode(mio::SocketAddr::parse(std::string(300, '1')).status()),
      -MIO_EINVAL);
  EXPECT_EQ(mio::SocketAddr().ToString(), "");
  EXPECT_EQ(mio::SocketAddr().port(), 0);
}

TEST(CppTcp, ClosedObjectsReportBadf) {
  mio::TcpStream s;
  char c;
  EXPECT_FALSE(s.is_open());
  EXPECT_EQ(mio::MioCode(s.read(&c, 1).status()), -MIO_EBADF);
  EXPECT_EQ(mio::MioCode(s.write("x").status()), -MIO_EBADF);
  EXPECT_EQ(mio::MioCode(s.take_error()), -MIO_EBADF);
  EXPECT_EQ(mio::MioCode(s.try_io([] { return ptrdiff_t{0}; }).status()),
            -MIO_EBADF);
  EXPECT_EQ(s.as_raw_fd(), MIO_INVALID_RAW_FD);
  EXPECT_TRUE(s.close().ok());
}

}  // namespace
