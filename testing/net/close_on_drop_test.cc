// Port of mio's tests/close_on_drop.rs (API.md §14 close_on_drop.rs): the
// server accepts and immediately closes; the client sees EOF and never data
// after it.

#include "gtest/gtest.h"
#include "mio/net/tcp_listener.h"
#include "mio/net/tcp_stream.h"
#include "testing/net/net_test_util.h"
#include "testing/util/test_util.h"

namespace mio_net_test {
namespace {

using TcpListener = Owned<mio_tcp_listener, mio_tcp_listener_close>;
using TcpStream = Owned<mio_tcp_stream, mio_tcp_stream_close>;

constexpr mio_token kServer = 0;
constexpr mio_token kClient = 1;

class CloseOnDropTest : public NetTest,
                        public ::testing::WithParamInterface<int> {};

INSTANTIATE_TEST_SUITE_P(Families, CloseOnDropTest,
                         ::testing::Values(AF_INET, AF_INET6),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == AF_INET ? "Ipv4" : "Ipv6";
                         });

TEST_P(CloseOnDropTest, ClientSeesEofAfterServerClosesAccepted) {
  TcpListener srv;
  SockAddr bind_addr = Loopback(GetParam());
  ASSERT_EQ(mio_tcp_listener_bind(srv.get(), bind_addr.get(), bind_addr.len),
            0);
  SockAddr addr;
  ASSERT_EQ(mio_tcp_listener_local_addr(srv.get(), &addr.storage, &addr.len),
            0);
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_listener_source(srv.get()),
                                  kServer, MIO_INTEREST_READABLE),
            0);
  TcpStream cli;
  ASSERT_EQ(mio_tcp_stream_connect(cli.get(), addr.get(), addr.len), 0);
  ASSERT_EQ(mio_registry_register(reg_, mio_tcp_stream_source(cli.get()),
                                  kClient, MIO_INTEREST_WRITABLE),
            0);

  bool after_read = false;  // mio's TestState::AfterRead
  bool eof = false;
  bool shutdown = false;
  for (int i = 0; i < 100 && !shutdown; i++) {
    PollOnce(100);
    for (size_t j = 0; j < mio_events_len(events_) && !shutdown; j++) {
      const mio_event* e = mio_events_get(events_, j);
      mio_token t = mio_event_token(e);
      if (mio_event_is_readable(e)) {
        if (t == kServer) {
          TcpStream accepted;  // closed at the end of this scope
          ASSERT_EQ(mio_tcp_listener_accept(srv.get(), accepted.get(), nullptr,
                                            nullptr),
                    0);
        } else {
          ASSERT_EQ(t, kClient);
          char buf[4096];
          if (!after_read) {
            // The first read may return data or EOF.
            ptrdiff_t n = mio_tcp_stream_read(cli.get(), buf, sizeof buf);
            eof = n == 0;
            after_read = true;
          }
          for (;;) {
            ptrdiff_t n = mio_tcp_stream_read(cli.get(), buf, sizeof buf);
            if (n == -MIO_EAGAIN) break;  // wait for the next event
            ASSERT_GE(n, 0) << mio_strerror(static_cast<int>(n));
            ASSERT_FALSE(eof && n > 0) << "data after EOF";
            if (n == 0) {
              shutdown = true;
              break;
            }
          }
        }
        ASSERT_EQ(
            mio_registry_reregister(reg_, mio_tcp_stream_source(cli.get()),
                                    kClient, MIO_INTEREST_READABLE),
            0);
      }
      if (mio_event_is_writable(e)) {
        ASSERT_EQ(t, kClient) << "writable for the listener";
        ASSERT_EQ(
            mio_registry_reregister(reg_, mio_tcp_stream_source(cli.get()),
                                    kClient, MIO_INTEREST_READABLE),
            0);
      }
    }
  }
  EXPECT_TRUE(shutdown) << "the client never read EOF";
  EXPECT_TRUE(after_read);
}

}  // namespace
}  // namespace mio_net_test
