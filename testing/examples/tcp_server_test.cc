// examples/tcp_server: greeting, echo, several clients, partial writes under
// backpressure, clean exit on SIGTERM/SIGINT.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/examples/example_process.h"

namespace mio_examples {
namespace {

const std::string kGreeting = "Hello world!\n";

class TcpServerExample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start(ExamplePath("tcp_server"), {{"0"}}));
    port_ = server_.WaitListening();
    ASSERT_NE(port_, 0);
  }
  // A connected client that has already received the greeting.
  int GreetedClient() {
    int fd = ConnectLoopback(port_);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(ReadExactly(fd, kGreeting.size()), kGreeting);
    return fd;
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

TEST_F(TcpServerExample, GreetsThenEchoesAndLogs) {
  int fd = GreetedClient();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(EchoExchange(fd, "hello mio\n"), "hello mio\n");
  EXPECT_TRUE(server_.WaitForOutput("Received data: hello mio"))
      << server_.Output();
  EXPECT_TRUE(server_.WaitForOutput("Accepted connection from: 127.0.0.1:"))
      << server_.Output();
  close(fd);
  EXPECT_TRUE(server_.WaitForOutput("Connection closed")) << server_.Output();
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpServerExample, EchoesLargePayloadThroughFullSockets) {
  int fd = GreetedClient();
  ASSERT_GE(fd, 0);
  std::string payload = RandomBytes(8 << 20, 1);
  std::string echoed = EchoExchange(fd, payload, /*stall_first=*/true);
  EXPECT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload) << "echoed bytes differ";
  close(fd);
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpServerExample, ServesClientsConcurrently) {
  std::vector<int> fds;
  for (int i = 0; i < 20; i++) fds.push_back(GreetedClient());
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < fds.size(); i++) {
      std::string msg = "client " + std::to_string(i) + " round " +
                        std::to_string(round) + "\n";
      EXPECT_EQ(EchoExchange(fds[i], msg), msg);
    }
  }
  for (int fd : fds) close(fd);
  ExpectCleanExit(SIGTERM);
}

TEST_F(TcpServerExample, ExitsZeroOnSigintWithClientsConnected) {
  int fd = GreetedClient();
  ASSERT_GE(fd, 0);
  ExpectCleanExit(SIGINT);
  // The server closed its end: the client sees EOF.
  EXPECT_EQ(ReadExactly(fd, 1, 2000), "");
  close(fd);
}

// Out of descriptors it keeps serving and accepts the rest later
// (docs/readiness-model.md, EMFILE).
TEST(TcpServerExampleFds, KeepsServingPastTheDescriptorLimit) {
  ExampleProcess server;
  SpawnOptions opts;
  opts.args = {"0"};
  opts.nofile = 16;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_server"), opts));
  uint16_t port = server.WaitListening();
  ASSERT_NE(port, 0);
  ExpectServesPastFdLimit(server, port, 40, kGreeting);
  int status = server.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.Output();
}

TEST(TcpServerExampleArgs, RejectsBadPort) {
  ExampleProcess server;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_server"), {{"not-a-port"}}));
  int status = server.Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(server.Output().find("usage:"), std::string::npos);
}

}  // namespace
}  // namespace mio_examples
