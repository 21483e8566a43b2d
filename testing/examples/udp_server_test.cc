// examples/udp_server: every datagram goes back to its sender, including an
// empty one and the largest IPv4 payload; clean exit on SIGTERM.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "testing/examples/example_process.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

namespace mio_examples {
namespace {

class UdpServerExample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start(ExamplePath("udp_server"), {{"0"}}));
    port_ = server_.WaitListening();
    ASSERT_NE(port_, 0);
  }
  // An unconnected client socket bound to 127.0.0.1:0.
  static int Client() {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in sin = {};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
    return fd;
  }
  sockaddr_in ServerAddr() const {
    sockaddr_in sin = {};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port_);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sin;
  }
  // Sends `msg` to the server and returns the reply (from the server's
  // address), or "<timeout>".
  std::string RoundTrip(int fd, const std::string& msg) {
    sockaddr_in to = ServerAddr();
    EXPECT_EQ(sendto(fd, msg.data(), msg.size(), 0,
                     reinterpret_cast<sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(msg.size()));
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) return "<timeout>";
    std::string buf(1 << 16, '\0');
    sockaddr_in from = {};
    socklen_t fromlen = sizeof from;
    ssize_t n = recvfrom(fd, &buf[0], buf.size(), 0,
                         reinterpret_cast<sockaddr*>(&from), &fromlen);
    EXPECT_GE(n, 0);
    EXPECT_EQ(from.sin_port, to.sin_port);
    EXPECT_EQ(from.sin_addr.s_addr, to.sin_addr.s_addr);
    buf.resize(n < 0 ? 0 : static_cast<size_t>(n));
    return buf;
  }

  ExampleProcess server_;
  uint16_t port_ = 0;
};

TEST_F(UdpServerExample, EchoesEachDatagramToItsSender) {
  int a = Client();
  int b = Client();
  for (int i = 0; i < 20; i++) {
    std::string ma = "from a #" + std::to_string(i);
    std::string mb = "from b #" + std::to_string(i);
    EXPECT_EQ(RoundTrip(a, ma), ma);
    EXPECT_EQ(RoundTrip(b, mb), mb);
  }
  close(a);
  close(b);
  int status = server_.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server_.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server_.Output();
}

TEST_F(UdpServerExample, EchoesEmptyAndLargestDatagrams) {
  int fd = Client();
  EXPECT_EQ(RoundTrip(fd, ""), "");
  std::string big = RandomBytes(65507, 2);  // 65535 - IPv4 and UDP headers
  EXPECT_TRUE(RoundTrip(fd, big) == big);
  close(fd);
  int status = server_.Stop(SIGINT);
  ASSERT_TRUE(WIFEXITED(status)) << server_.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server_.Output();
}

TEST_F(UdpServerExample, EchoesABurstSentBeforeReading) {
  int fd = Client();
  sockaddr_in to = ServerAddr();
  const int kCount = 50;
  for (int i = 0; i < kCount; i++) {
    std::string m = "burst " + std::to_string(i);
    ASSERT_EQ(sendto(fd, m.data(), m.size(), 0,
                     reinterpret_cast<sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(m.size()));
  }
  // Loopback keeps order and, with 50 small datagrams, loses none.
  for (int i = 0; i < kCount; i++) {
    pollfd p = {fd, POLLIN, 0};
    ASSERT_EQ(poll(&p, 1, 5000), 1) << "reply " << i << " missing";
    char buf[64];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    EXPECT_EQ(std::string(buf, n < 0 ? 0 : static_cast<size_t>(n)),
              "burst " + std::to_string(i));
  }
  close(fd);
  int status = server_.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server_.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server_.Output();
}

}  // namespace
}  // namespace mio_examples
