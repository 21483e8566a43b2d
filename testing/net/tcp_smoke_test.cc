// Smoke test for mio_tcp_listener / mio_tcp_stream / mio_udp_socket on a
// real Poll, loopback only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include <map>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "mio/core/error.h"
#include "mio/core/event.h"
#include "mio/core/events.h"
#include "mio/core/poll.h"
#include "mio/core/registry.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "mio/net/udp_socket.h"

namespace {

constexpr mio_token kListener = 0;
constexpr mio_token kClient = 1;
constexpr mio_token kServer = 2;
constexpr int64_t kPollNs = 500 * 1000 * 1000;

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

const sockaddr *Sa(const void *a) { return static_cast<const sockaddr *>(a); }

void ExpectNonblockingCloexec(int fd) {
  ASSERT_GE(fd, 0);
  EXPECT_NE(fcntl(fd, F_GETFL) & O_NONBLOCK, 0) << "fd " << fd;
  EXPECT_NE(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0) << "fd " << fd;
}

uint16_t PortOf(const sockaddr_storage &ss) {
  return ntohs(reinterpret_cast<const sockaddr_in &>(ss).sin_port);
}

class Loop {
 public:
  Loop() {
    EXPECT_EQ(mio_poll_new(&poll_), 0);
    EXPECT_EQ(mio_events_new(&events_, 16), 0);
  }
  ~Loop() {
    mio_events_free(events_);
    mio_poll_free(poll_);
  }
  const mio_registry *reg() const { return mio_poll_registry(poll_); }

  // Up to 3 polls of 500 ms until `token` shows all of `readable`/`writable`.
  // Events seen for other tokens are kept (edge-triggered backends report
  // them once) and consumed by a later Expect.
  bool Expect(mio_token token, bool readable, bool writable) {
    for (int i = 0; i < 4; i++) {
      auto it = seen_.find(token);
      if (it != seen_.end() && (!readable || it->second.first) &&
          (!writable || it->second.second)) {
        seen_.erase(it);
        return true;
      }
      if (i == 3 || mio_poll_poll(poll_, events_, kPollNs) != 0) break;
      for (size_t j = 0; j < mio_events_len(events_); j++) {
        const mio_event *e = mio_events_get(events_, j);
        auto &rw = seen_[mio_event_token(e)];
        rw.first = rw.first || mio_event_is_readable(e);
        rw.second = rw.second || mio_event_is_writable(e);
      }
    }
    return false;
  }

 private:
  mio_poll *poll_ = nullptr;
  mio_events *events_ = nullptr;
  std::map<mio_token, std::pair<bool, bool>> seen_;
};

TEST(TcpSmoke, ConnectAcceptEchoThroughPoll) {
  Loop loop;
  sockaddr_in any = Loopback(0);
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind(&l, Sa(&any), sizeof any), 0);
  ExpectNonblockingCloexec(mio_tcp_listener_as_raw_fd(&l));
  sockaddr_storage laddr;
  socklen_t llen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &laddr, &llen), 0);
  EXPECT_EQ(llen, sizeof(sockaddr_in));
  ASSERT_NE(PortOf(laddr), 0);

  ASSERT_EQ(mio_registry_register(loop.reg(), mio_tcp_listener_source(&l),
                                  kListener, MIO_INTEREST_READABLE),
            0);
  mio_tcp_stream s = MIO_OBJECT_INIT;
  mio_tcp_stream srv = MIO_OBJECT_INIT;
  EXPECT_EQ(mio_tcp_listener_accept(&l, &srv, nullptr, nullptr), -MIO_EAGAIN);
  ASSERT_EQ(mio_tcp_stream_connect(&s, Sa(&laddr), llen), 0);
  ExpectNonblockingCloexec(mio_tcp_stream_as_raw_fd(&s));
  ASSERT_EQ(
      mio_registry_register(loop.reg(), mio_tcp_stream_source(&s), kClient,
                            MIO_INTEREST_WRITABLE | MIO_INTEREST_READABLE),
      0);
  ASSERT_TRUE(loop.Expect(kClient, false, true));
  int err = 1;
  ASSERT_EQ(mio_tcp_stream_take_error(&s, &err), 0);
  EXPECT_EQ(err, 0);
  sockaddr_storage peer;
  socklen_t plen = 0;
  ASSERT_EQ(mio_tcp_stream_peer_addr(&s, &peer, &plen), 0);
  EXPECT_EQ(PortOf(peer), PortOf(laddr));

  ASSERT_TRUE(loop.Expect(kListener, true, false));
  sockaddr_storage from;
  socklen_t flen = 0;
  ASSERT_EQ(mio_tcp_listener_accept(&l, &srv, &from, &flen), 0);
  ExpectNonblockingCloexec(mio_tcp_stream_as_raw_fd(&srv));
  sockaddr_storage cl;
  socklen_t cllen = 0;
  ASSERT_EQ(mio_tcp_stream_local_addr(&s, &cl, &cllen), 0);
  EXPECT_EQ(flen, cllen);
  EXPECT_EQ(PortOf(from), PortOf(cl));
  mio_tcp_stream extra = MIO_OBJECT_INIT;
  EXPECT_EQ(mio_tcp_listener_accept(&l, &extra, nullptr, nullptr), -MIO_EAGAIN);
  EXPECT_EQ(mio_tcp_stream_as_raw_fd(&extra), MIO_INVALID_RAW_FD);

  ASSERT_EQ(mio_registry_register(loop.reg(), mio_tcp_stream_source(&srv),
                                  kServer, MIO_INTEREST_READABLE),
            0);
  char buf[64];
  EXPECT_EQ(mio_tcp_stream_read(&srv, buf, sizeof buf), -MIO_EAGAIN);
  EXPECT_EQ(mio_tcp_stream_peek(&srv, buf, sizeof buf), -MIO_EAGAIN);

  char a[] = "hel", b[] = "lo";
  mio_iovec out[2] = {{a, 3}, {b, 2}};
  ASSERT_EQ(mio_tcp_stream_writev(&s, out, 2), 5);
  ASSERT_TRUE(loop.Expect(kServer, true, false));
  EXPECT_EQ(mio_tcp_stream_peek(&srv, buf, sizeof buf), 5);
  ASSERT_EQ(mio_tcp_stream_read(&srv, buf, sizeof buf), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  // Drain to would-block: that re-arms readiness on the poll(2) backend.
  EXPECT_EQ(mio_tcp_stream_read(&srv, buf, sizeof buf), -MIO_EAGAIN);

  ASSERT_EQ(mio_tcp_stream_write(&srv, buf, 5), 5);
  ASSERT_TRUE(loop.Expect(kClient, true, false));
  char x[2], y[8];
  memset(y, '#', sizeof y);
  mio_iovec in[2] = {{x, 2}, {y, sizeof y}};
  ASSERT_EQ(mio_tcp_stream_readv(&s, in, 2), 5);
  EXPECT_EQ(std::string(x, 2) + std::string(y, 3), "hello");
  EXPECT_EQ(y[3], '#');
  EXPECT_EQ(mio_tcp_stream_readv(&s, in, 2), -MIO_EAGAIN);

  bool nodelay = true;
  ASSERT_EQ(mio_tcp_stream_set_nodelay(&s, true), 0);
  ASSERT_EQ(mio_tcp_stream_nodelay(&s, &nodelay), 0);
  EXPECT_TRUE(nodelay);
  uint32_t ttl = 0;
  ASSERT_EQ(mio_tcp_stream_set_ttl(&s, 10), 0);
  ASSERT_EQ(mio_tcp_stream_ttl(&s, &ttl), 0);
  EXPECT_EQ(ttl, 10u);

  ASSERT_EQ(mio_tcp_stream_shutdown(&s, MIO_SHUTDOWN_WRITE), 0);
  EXPECT_EQ(mio_tcp_stream_write(&s, "z", 1), -MIO_EPIPE);
  ASSERT_TRUE(loop.Expect(kServer, true, false));
  EXPECT_EQ(mio_tcp_stream_read(&srv, buf, sizeof buf), 0);

  EXPECT_EQ(mio_tcp_stream_close(&srv), 0);
  EXPECT_EQ(mio_tcp_stream_close(&s), 0);
  EXPECT_EQ(mio_tcp_listener_close(&l), 0);
  EXPECT_EQ(mio_tcp_listener_close(&l), 0);
}

TEST(TcpSmoke, RawFdRoundTripKeepsDescriptor) {
  sockaddr_in any = Loopback(0);
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind(&l, Sa(&any), sizeof any), 0);
  int fd = mio_tcp_listener_into_raw_fd(&l);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(&l), MIO_INVALID_RAW_FD);
  ASSERT_EQ(mio_tcp_listener_from_raw_fd(&l, fd), 0);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(&l), fd);
  EXPECT_EQ(mio_tcp_listener_close(&l), 0);
}

TEST(TcpSmoke, SecondBindIsAddrInUse) {
  sockaddr_in any = Loopback(0);
  mio_tcp_listener l1 = MIO_OBJECT_INIT, l2 = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind(&l1, Sa(&any), sizeof any), 0);
  sockaddr_storage a;
  socklen_t alen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l1, &a, &alen), 0);
  EXPECT_EQ(mio_tcp_listener_bind(&l2, Sa(&a), alen), -MIO_EADDRINUSE);
  EXPECT_EQ(mio_tcp_listener_as_raw_fd(&l2), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_tcp_listener_close(&l1), 0);
}

TEST(TcpSmoke, ClosedAndNullArgumentsFollowTheRules) {
  mio_tcp_stream s = MIO_OBJECT_INIT;
  char buf[4];
  EXPECT_EQ(mio_tcp_stream_read(&s, buf, sizeof buf), -MIO_EBADF);
  EXPECT_EQ(mio_tcp_stream_writev(&s, nullptr, 0), -MIO_EBADF);
  EXPECT_EQ(mio_tcp_stream_writev(&s, nullptr, -1), -MIO_EINVAL);
  EXPECT_EQ(mio_tcp_stream_read(nullptr, buf, sizeof buf), -MIO_EINVAL);
  EXPECT_EQ(mio_tcp_stream_shutdown(&s, static_cast<mio_shutdown>(7)),
            -MIO_EINVAL);
  EXPECT_EQ(mio_tcp_stream_as_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_tcp_stream_into_raw_fd(&s), MIO_INVALID_RAW_FD);
  EXPECT_EQ(mio_tcp_stream_close(&s), 0);
  EXPECT_EQ(mio_tcp_stream_from_raw_fd(&s, -1), -MIO_EBADF);
  sockaddr_un un;
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  EXPECT_EQ(mio_tcp_stream_connect(&s, Sa(&un), sizeof un), -MIO_EINVAL);
  sockaddr_in short_addr = Loopback(1);
  EXPECT_EQ(mio_tcp_stream_connect(&s, Sa(&short_addr), 4), -MIO_EINVAL);
  EXPECT_EQ(mio_tcp_stream_as_raw_fd(&s), MIO_INVALID_RAW_FD);
}

TEST(TcpSmoke, Ipv6ConnectAccept) {
  Loop loop;
  sockaddr_in6 any;
  memset(&any, 0, sizeof any);
  any.sin6_family = AF_INET6;
  any.sin6_addr = in6addr_loopback;
  mio_tcp_listener l = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_listener_bind(&l, Sa(&any), sizeof any), 0);
  sockaddr_storage a;
  socklen_t alen = 0;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &a, &alen), 0);
  EXPECT_EQ(alen, sizeof(sockaddr_in6));
  ASSERT_EQ(mio_registry_register(loop.reg(), mio_tcp_listener_source(&l),
                                  kListener, MIO_INTEREST_READABLE),
            0);
  mio_tcp_stream s = MIO_OBJECT_INIT, srv = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_tcp_stream_connect(&s, Sa(&a), alen), 0);
  ASSERT_TRUE(loop.Expect(kListener, true, false));
  sockaddr_storage peer;
  socklen_t plen = 0;
  ASSERT_EQ(mio_tcp_listener_accept(&l, &srv, &peer, &plen), 0);
  EXPECT_EQ(peer.ss_family, AF_INET6);
  EXPECT_EQ(plen, sizeof(sockaddr_in6));
  EXPECT_EQ(mio_tcp_stream_close(&srv), 0);
  EXPECT_EQ(mio_tcp_stream_close(&s), 0);
  EXPECT_EQ(mio_tcp_listener_close(&l), 0);
}

TEST(UdpSmoke, SendToRecvFromThroughPoll) {
  Loop loop;
  sockaddr_in any = Loopback(0);
  mio_udp_socket u1 = MIO_OBJECT_INIT, u2 = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_udp_socket_bind(&u1, Sa(&any), sizeof any), 0);
  ASSERT_EQ(mio_udp_socket_bind(&u2, Sa(&any), sizeof any), 0);
  ExpectNonblockingCloexec(mio_udp_socket_as_raw_fd(&u1));
  sockaddr_storage a1, a2;
  socklen_t l1 = 0, l2 = 0;
  ASSERT_EQ(mio_udp_socket_local_addr(&u1, &a1, &l1), 0);
  ASSERT_EQ(mio_udp_socket_local_addr(&u2, &a2, &l2), 0);
  ASSERT_EQ(mio_registry_register(loop.reg(), mio_udp_socket_source(&u2),
                                  kServer, MIO_INTEREST_READABLE),
            0);
  char buf[16];
  EXPECT_EQ(mio_udp_socket_recv(&u2, buf, sizeof buf), -MIO_EAGAIN);
  EXPECT_EQ(mio_udp_socket_send(&u1, "x", 1), -MIO_EDESTADDRREQ);

  ASSERT_EQ(mio_udp_socket_send_to(&u1, "ping", 4, Sa(&a2), l2), 4);
  ASSERT_EQ(mio_udp_socket_send_to(&u1, "", 0, Sa(&a2), l2), 0);
  ASSERT_TRUE(loop.Expect(kServer, true, false));
  sockaddr_storage from;
  socklen_t flen = 0;
  ASSERT_EQ(mio_udp_socket_peek_from(&u2, buf, sizeof buf, &from, &flen), 4);
  ASSERT_EQ(mio_udp_socket_recv_from(&u2, buf, sizeof buf, &from, &flen), 4);
  EXPECT_EQ(std::string(buf, 4), "ping");
  EXPECT_EQ(flen, l1);
  EXPECT_EQ(PortOf(from), PortOf(a1));
  EXPECT_EQ(mio_udp_socket_recv_from(&u2, buf, sizeof buf, nullptr, nullptr),
            0);
  EXPECT_EQ(mio_udp_socket_recv(&u2, buf, sizeof buf), -MIO_EAGAIN);

  ASSERT_EQ(mio_udp_socket_connect(&u1, Sa(&a2), l2), 0);
  sockaddr_storage p;
  socklen_t plen = 0;
  ASSERT_EQ(mio_udp_socket_peer_addr(&u1, &p, &plen), 0);
  EXPECT_EQ(PortOf(p), PortOf(a2));
  ASSERT_EQ(mio_udp_socket_send(&u1, "pong", 4), 4);
  ASSERT_TRUE(loop.Expect(kServer, true, false));
  ASSERT_EQ(mio_udp_socket_peek(&u2, buf, sizeof buf), 4);
  ASSERT_EQ(mio_udp_socket_recv(&u2, buf, 2), 2);  // truncated datagram
  EXPECT_EQ(std::string(buf, 2), "po");

  uint32_t ttl = 0;
  ASSERT_EQ(mio_udp_socket_set_ttl(&u1, 255), 0);
  ASSERT_EQ(mio_udp_socket_ttl(&u1, &ttl), 0);
  EXPECT_EQ(ttl, 255u);
  bool on = false;
  ASSERT_EQ(mio_udp_socket_set_broadcast(&u1, true), 0);
  ASSERT_EQ(mio_udp_socket_broadcast(&u1, &on), 0);
  EXPECT_TRUE(on);
  int err = 1;
  ASSERT_EQ(mio_udp_socket_take_error(&u1, &err), 0);
  EXPECT_EQ(err, 0);
  EXPECT_NE(mio_udp_socket_only_v6(&u1, &on), 0);  // IPv4 socket: OS error

  EXPECT_EQ(mio_udp_socket_close(&u1), 0);
  EXPECT_EQ(mio_udp_socket_close(&u2), 0);
}

}  // namespace
