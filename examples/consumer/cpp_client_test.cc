// A C++17 client of mio-c's C headers, as a downstream project writes it
// (without the //mio/cpp wrapper): RAII holders for the Poll and Events, a
// UDP echo over loopback, a pipe round trip, and a Waker woken from a
// std::thread. Every call returns 0 or a negative MIO_E* code. It depends
// on the parts it uses (//mio/core, //mio/net:udp_socket, //mio/sys:pipe),
// not on the umbrella //mio, so it includes their headers one by one.
#include <mio/core/error.h>
#include <mio/core/events.h>
#include <mio/core/poll.h>
#include <mio/core/waker.h>
#include <mio/net/addr.h>
#include <mio/net/udp_socket.h>
#include <mio/sys/pipe.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct PollDeleter {
  void operator()(mio_poll* p) const { mio_poll_free(p); }
};
struct EventsDeleter {
  void operator()(mio_events* e) const { mio_events_free(e); }
};
struct WakerDeleter {
  void operator()(mio_waker* w) const { mio_waker_free(w); }
};
using PollPtr = std::unique_ptr<mio_poll, PollDeleter>;
using EventsPtr = std::unique_ptr<mio_events, EventsDeleter>;
using WakerPtr = std::unique_ptr<mio_waker, WakerDeleter>;

// Guards against a hang only; a healthy run never waits this long.
constexpr int64_t kGuardNs = int64_t{30} * 1000 * 1000 * 1000;

class ConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mio_poll* p = nullptr;
    mio_events* e = nullptr;
    ASSERT_EQ(mio_poll_new(&p), 0);
    poll_.reset(p);
    ASSERT_EQ(mio_events_new(&e, 16), 0);
    events_.reset(e);
  }

  const mio_registry* registry() const {
    return mio_poll_registry(poll_.get());
  }

  // Polls until an event for `token` arrives; false if the guard expires.
  bool WaitFor(mio_token token) {
    for (;;) {
      int n = mio_poll_poll(poll_.get(), events_.get(), kGuardNs);
      if (n == -MIO_EINTR) continue;
      if (n < 0 || mio_events_is_empty(events_.get())) return false;
      for (size_t i = 0; i < mio_events_len(events_.get()); i++) {
        if (mio_event_token(mio_events_get(events_.get(), i)) == token) {
          return true;
        }
      }
    }
  }

  static sockaddr_storage Loopback(socklen_t* len) {
    sockaddr_storage a{};
    EXPECT_EQ(mio_addr_parse("127.0.0.1:0", &a, len), 0);
    return a;
  }

  PollPtr poll_;
  EventsPtr events_;
};

TEST_F(ConsumerTest, UdpEchoOverLoopback) {
  socklen_t len = 0;
  sockaddr_storage any = Loopback(&len);
  mio_udp_socket server = MIO_OBJECT_INIT, client = MIO_OBJECT_INIT;
  ASSERT_EQ(
      mio_udp_socket_bind(&server, reinterpret_cast<sockaddr*>(&any), len), 0);
  ASSERT_EQ(
      mio_udp_socket_bind(&client, reinterpret_cast<sockaddr*>(&any), len), 0);
  sockaddr_storage server_addr{};
  socklen_t server_len = sizeof server_addr;
  ASSERT_EQ(mio_udp_socket_local_addr(&server, &server_addr, &server_len), 0);
  ASSERT_EQ(mio_registry_register(registry(), mio_udp_socket_source(&server), 1,
                                  MIO_INTEREST_READABLE),
            0);
  ASSERT_EQ(mio_registry_register(registry(), mio_udp_socket_source(&client), 2,
                                  MIO_INTEREST_READABLE),
            0);

  const std::string_view ping = "ping from C++17";
  ASSERT_EQ(mio_udp_socket_send_to(&client, ping.data(), ping.size(),
                                   reinterpret_cast<sockaddr*>(&server_addr),
                                   server_len),
            static_cast<ptrdiff_t>(ping.size()));

  // The server drains every queued datagram (edge-triggered) and echoes it.
  ASSERT_TRUE(WaitFor(1));
  std::vector<char> buf(1500);
  sockaddr_storage from{};
  socklen_t from_len = sizeof from;
  ptrdiff_t n;
  int echoed = 0;
  while ((n = mio_udp_socket_recv_from(&server, buf.data(), buf.size(), &from,
                                       &from_len)) >= 0) {
    ASSERT_EQ(
        mio_udp_socket_send_to(&server, buf.data(), static_cast<size_t>(n),
                               reinterpret_cast<sockaddr*>(&from), from_len),
        n);
    echoed++;
  }
  EXPECT_EQ(n, -MIO_EAGAIN);
  EXPECT_EQ(echoed, 1);

  ASSERT_TRUE(WaitFor(2));
  n = mio_udp_socket_recv(&client, buf.data(), buf.size());
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string_view(buf.data(), static_cast<size_t>(n)), ping);
  EXPECT_EQ(mio_udp_socket_close(&client), 0);
  EXPECT_EQ(mio_udp_socket_close(&server), 0);
}

TEST_F(ConsumerTest, PipeRoundTrip) {
  mio_pipe_sender tx = MIO_OBJECT_INIT;
  mio_pipe_receiver rx = MIO_OBJECT_INIT;
  ASSERT_EQ(mio_pipe_new(&tx, &rx), 0);
  ASSERT_EQ(mio_registry_register(registry(), mio_pipe_receiver_source(&rx), 7,
                                  MIO_INTEREST_READABLE),
            0);
  const std::string_view msg = "through a pipe";
  ASSERT_EQ(mio_pipe_sender_write(&tx, msg.data(), msg.size()),
            static_cast<ptrdiff_t>(msg.size()));
  ASSERT_TRUE(WaitFor(7));
  std::string got(64, '\0');
  ptrdiff_t n = mio_pipe_receiver_read(&rx, got.data(), got.size());
  ASSERT_GT(n, 0);
  got.resize(static_cast<size_t>(n));
  EXPECT_EQ(got, msg);
  EXPECT_EQ(mio_pipe_receiver_read(&rx, got.data(), got.size()), -MIO_EAGAIN);
  EXPECT_EQ(mio_pipe_sender_close(&tx), 0);
  EXPECT_EQ(mio_pipe_receiver_close(&rx), 0);
}

TEST_F(ConsumerTest, WakerFromAnotherThread) {
  mio_waker* raw = nullptr;
  ASSERT_EQ(mio_waker_new(registry(), 42, &raw), 0);
  WakerPtr waker(raw);
  int wake_rc = -1;
  std::thread t([&] { wake_rc = mio_waker_wake(waker.get()); });
  EXPECT_TRUE(WaitFor(42));
  t.join();
  EXPECT_EQ(wake_rc, 0);
}

}  // namespace
