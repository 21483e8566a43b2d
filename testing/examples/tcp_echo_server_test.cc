// examples/tcp_echo_server (the benchmark server): ping-pong, pipelined and
// large payloads through full sockets, many connections, slot reuse after
// disconnects, clean exit on SIGTERM/SIGINT.
//
// The same suite runs against examples/cpp_echo_server (the C++ wrapper's
// port, same command line): BUILD defines MIO_ECHO_SERVER as its name.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/examples/example_process.h"

#ifndef MIO_ECHO_SERVER
#define MIO_ECHO_SERVER tcp_echo_server
#endif
#define MIO_STRINGIFY_(x) #x
#define MIO_STRINGIFY(x) MIO_STRINGIFY_(x)

namespace mio_examples {
namespace {

// The example binary under test.
constexpr const char kServer[] = MIO_STRINGIFY(MIO_ECHO_SERVER);

class TcpEchoServerExample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start(ExamplePath(kServer), {{"0"}}));
    port_ = server_.WaitListening();
    ASSERT_NE(port_, 0);
  }
  void ExpectCleanExit(int sig) {
    int status = server_.Stop(sig);
    ASSERT_TRUE(WIFEXITED(status)) << "status " << status << "\n"
                                   << server_.Output();
    EXPECT_EQ(WEXITSTATUS(status), 0) << server_.Output();
  }

  ExampleProcess server_;
  uint16_t port_ = 0;
};

TEST_F(TcpEchoServerExample, EchoesSmallMessagesOneAtATime) {
  int fd = ConnectLoopback(port_);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 500; i++) {
    std::string msg = RandomBytes(64, static_cast<uint32_t>(i));
    ASSERT_TRUE(EchoExchange(fd, msg) == msg) << "message " << i;
  }
  close(fd);
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpEchoServerExample, EchoesLargePayloadThroughFullSockets) {
  int fd = ConnectLoopback(port_);
  ASSERT_GE(fd, 0);
  std::string payload = RandomBytes(16 << 20, 7);
  std::string echoed = EchoExchange(fd, payload, /*stall_first=*/true);
  EXPECT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload) << "echoed bytes differ";
  close(fd);
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpEchoServerExample, ServesManyConnectionsAtOnce) {
  std::vector<int> fds;
  for (int i = 0; i < 300; i++) {
    int fd = ConnectLoopback(port_);
    ASSERT_GE(fd, 0) << "connection " << i;
    fds.push_back(fd);
  }
  // Every connection sends before any reads: the server sees many ready
  // sockets per poll.
  for (size_t i = 0; i < fds.size(); i++) {
    std::string msg = "conn " + std::to_string(i) + "\n";
    ASSERT_EQ(write(fds[i], msg.data(), msg.size()),
              static_cast<ssize_t>(msg.size()));
  }
  for (size_t i = 0; i < fds.size(); i++) {
    std::string msg = "conn " + std::to_string(i) + "\n";
    EXPECT_EQ(ReadExactly(fds[i], msg.size()), msg);
  }
  for (int fd : fds) close(fd);
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpEchoServerExample, ReusesSlotsAfterDisconnects) {
  for (int i = 0; i < 200; i++) {
    int fd = ConnectLoopback(port_);
    ASSERT_GE(fd, 0) << "connection " << i;
    std::string msg = "round " + std::to_string(i);
    ASSERT_EQ(EchoExchange(fd, msg), msg);
    close(fd);
  }
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpEchoServerExample, ExitsZeroOnSigintWithClientsConnected) {
  int a = ConnectLoopback(port_);
  int b = ConnectLoopback(port_);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_EQ(EchoExchange(a, "x"), "x");
  ExpectCleanExit(SIGINT);
  EXPECT_EQ(ReadExactly(a, 1, 2000), "");
  EXPECT_EQ(ReadExactly(b, 1, 2000), "");
  close(a);
  close(b);
}

TEST(TcpEchoServerExampleArgs, RejectsBadPort) {
  ExampleProcess server;
  ASSERT_TRUE(server.Start(ExamplePath(kServer), {{"70000"}}));
  int status = server.Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(server.Output().find("usage:"), std::string::npos);
}

// Out of descriptors it keeps serving and accepts the rest later
// (docs/readiness-model.md, EMFILE).
TEST(TcpEchoServerExampleFds, KeepsServingPastTheDescriptorLimit) {
  ExampleProcess server;
  SpawnOptions opts;
  opts.args = {"0"};
  opts.nofile = 16;
  ASSERT_TRUE(server.Start(ExamplePath(kServer), opts));
  uint16_t port = server.WaitListening();
  ASSERT_NE(port, 0);
  ExpectServesPastFdLimit(server, port, 40, "");
  int status = server.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.Output();
}

}  // namespace
}  // namespace mio_examples
