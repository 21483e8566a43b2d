// examples/tcp_listenfd_server: serves the listener it inherits as fd 3 with
// LISTEN_FDS/LISTEN_PID (socket activation), and refuses to start without
// them or when LISTEN_PID names another process.
#include <arpa/inet.h>
#include <netinet/in.h>
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

const std::string kGreeting = "Hello world!\n";

// A blocking listener on 127.0.0.1:0, as a service manager would create it;
// `*port` gets its port.
int ActivationListener(uint16_t* port, int backlog = 16) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin = {};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sin;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
  EXPECT_EQ(listen(fd, backlog), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len), 0);
  *port = ntohs(sin.sin_port);
  return fd;
}

// Out of descriptors it keeps serving and accepts the rest later
// (docs/readiness-model.md, EMFILE).
TEST(TcpListenfdServerExample, KeepsServingPastTheDescriptorLimit) {
  uint16_t port = 0;
  int listener = ActivationListener(&port, /*backlog=*/128);
  ExampleProcess server;
  SpawnOptions opts;
  opts.listen_fd = listener;
  opts.nofile = 16;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_listenfd_server"), opts));
  EXPECT_EQ(server.WaitListening(), port);
  ExpectServesPastFdLimit(server, port, 40, kGreeting);
  int status = server.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.Output();
  close(listener);
}

TEST(TcpListenfdServerExample, ServesTheInheritedListener) {
  uint16_t port = 0;
  int listener = ActivationListener(&port);
  ExampleProcess server;
  SpawnOptions opts;
  opts.listen_fd = listener;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_listenfd_server"), opts));
  // Our copy stays open (as a service manager's does): the server must
  // still work, and reports the address of the socket it was given.
  EXPECT_EQ(server.WaitListening(), port);
  EXPECT_TRUE(server.WaitForOutput("Using preopened socket FD 3"));

  int fd = ConnectLoopback(port);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadExactly(fd, kGreeting.size()), kGreeting);
  EXPECT_EQ(EchoExchange(fd, "activated\n"), "activated\n");
  std::string big = RandomBytes(1 << 20, 3);
  EXPECT_TRUE(EchoExchange(fd, big, /*stall_first=*/true) == big);
  EXPECT_TRUE(server.WaitForOutput("Received data: activated"))
      << server.Output();
  close(fd);

  int status = server.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.Output();
  close(listener);
}

TEST(TcpListenfdServerExample, RefusesToStartWithoutListenFds) {
  ExampleProcess server;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_listenfd_server")));
  int status = server.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(server.Output().find("LISTEN_FDS"), std::string::npos)
      << server.Output();
}

TEST(TcpListenfdServerExample, RefusesDescriptorsMeantForAnotherPid) {
  uint16_t port = 0;
  int listener = ActivationListener(&port);
  ExampleProcess server;
  SpawnOptions opts;
  opts.listen_fd = listener;
  opts.listen_pid = "1";
  ASSERT_TRUE(server.Start(ExamplePath("tcp_listenfd_server"), opts));
  int status = server.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(server.Output().find("LISTEN_PID"), std::string::npos)
      << server.Output();
  close(listener);
}

TEST(TcpListenfdServerExample, RefusesANonListeningDescriptor) {
  int not_listening = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ExampleProcess server;
  SpawnOptions opts;
  opts.listen_fd = not_listening;
  ASSERT_TRUE(server.Start(ExamplePath("tcp_listenfd_server"), opts));
  int status = server.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << server.Output();
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(server.Output().find("not a listening TCP socket"),
            std::string::npos)
      << server.Output();
  close(not_listening);
}

}  // namespace
}  // namespace mio_examples
