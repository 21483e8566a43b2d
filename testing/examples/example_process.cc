#include "testing/examples/example_process.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "gtest/gtest.h"
#include "testing/util/posix_compat.h"  // pipe2, accept4, SOCK_* on macOS

extern char** environ;

namespace mio_examples {
namespace {

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

// Writes `v` in decimal into `buf` (async-signal-safe: used after fork).
void FormatPid(char* buf, long v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) *buf++ = tmp[--n];
  *buf = '\0';
}

// Waits for `pid` up to `timeout_ms`; the status, or -1 on timeout.
int WaitPid(pid_t pid, int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    if (NowMs() >= deadline) return -1;
    usleep(5000);
  }
}

}  // namespace

std::string ExamplePath(const std::string& name) {
  for (const std::string& arg : testing::internal::GetArgvs()) {
    if (arg.size() > name.size() &&
        arg.compare(arg.size() - name.size() - 1, std::string::npos,
                    "/" + name) == 0) {
      return arg;
    }
  }
  ADD_FAILURE() << "no test argument names the example " << name
                << " (args = [\"$(rootpath //examples:" << name << ")\"])";
  return name;
}

ExampleProcess::~ExampleProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitPid(pid_, 5000);
  }
  if (!out_path_.empty()) unlink(out_path_.c_str());
}

bool ExampleProcess::Start(const std::string& path, const SpawnOptions& opts) {
  const char* tmp = getenv("TEST_TMPDIR");
  std::string templ =
      std::string(tmp != nullptr ? tmp : "/tmp") + "/example-out-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int out = mkostemp(name.data(), O_CLOEXEC);
  if (out < 0) {
    ADD_FAILURE() << "mkostemp: " << strerror(errno);
    return false;
  }
  out_path_ = name.data();

  // Everything the child needs is built before fork: after it, only
  // async-signal-safe calls.
  std::vector<std::string> argv_s = {path};
  // Cross builds run every binary under an emulator (tools/qemu_run.sh sets
  // MIO_TEST_EMULATOR): the example is started the same way.
  const char* emulator = getenv("MIO_TEST_EMULATOR");
  if (emulator != nullptr && emulator[0] != '\0') {
    argv_s.insert(argv_s.begin(), emulator);
  }
  argv_s.insert(argv_s.end(), opts.args.begin(), opts.args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(&a[0]);
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; e++) {
    if (strncmp(*e, "LISTEN_", 7) != 0) env_s.push_back(*e);
  }
  char pid_entry[64] = "LISTEN_PID=";
  const size_t pid_at = strlen(pid_entry);
  if (!opts.listen_pid.empty()) {
    snprintf(pid_entry + pid_at, sizeof pid_entry - pid_at, "%s",
             opts.listen_pid.c_str());
  }
  std::vector<char*> envp;
  for (std::string& e : env_s) envp.push_back(&e[0]);
  std::string fds_entry = "LISTEN_FDS=1";
  if (opts.listen_fd >= 0) {
    envp.push_back(&fds_entry[0]);
    envp.push_back(pid_entry);
  }
  envp.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << strerror(errno);
    close(out);
    return false;
  }
  if (pid == 0) {
    if (opts.listen_fd >= 0 && opts.listen_pid.empty()) {
      FormatPid(pid_entry + pid_at, static_cast<long>(getpid()));
    }
    if (dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(126);
    if (opts.nofile > 0) {
      struct rlimit rl = {static_cast<rlim_t>(opts.nofile),
                          static_cast<rlim_t>(opts.nofile)};
      if (setrlimit(RLIMIT_NOFILE, &rl) < 0) _exit(126);
    }
    if (opts.listen_fd >= 0) {
      if (opts.listen_fd == 3) {
        if (fcntl(3, F_SETFD, 0) < 0) _exit(126);
      } else if (dup2(opts.listen_fd, 3) < 0) {
        _exit(126);
      }
    }
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out);
  pid_ = pid;
  return true;
}

std::string ExampleProcess::Output() const {
  std::ifstream in(out_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool ExampleProcess::WaitForOutput(const std::string& needle, int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  for (;;) {
    if (Output().find(needle) != std::string::npos) return true;
    if (NowMs() >= deadline) return false;
    usleep(5000);
  }
}

uint16_t ExampleProcess::WaitListening(int timeout_ms) {
  const std::string key = "listening on 127.0.0.1:";
  if (!WaitForOutput(key, timeout_ms)) {
    ADD_FAILURE() << "the example did not report its address; output:\n"
                  << Output();
    return 0;
  }
  std::string out = Output();
  long port = strtol(out.c_str() + out.find(key) + key.size(), nullptr, 10);
  EXPECT_GT(port, 0);
  EXPECT_LT(port, 65536);
  return static_cast<uint16_t>(port);
}

int ExampleProcess::Wait(int timeout_ms) {
  if (pid_ <= 0) return -1;
  int status = WaitPid(pid_, timeout_ms);
  if (status >= 0) pid_ = -1;
  return status;
}

int ExampleProcess::Stop(int sig, int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = Wait(timeout_ms);
  if (status < 0) {
    ADD_FAILURE() << "the example did not exit within " << timeout_ms
                  << " ms of signal " << sig << "; output:\n"
                  << Output();
  }
  return status;
}

int ConnectLoopback(uint16_t port) {
  sockaddr_in sin = {};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string ReadExactly(int fd, size_t n, int timeout_ms) {
  std::string got;
  int64_t deadline = NowMs() + timeout_ms;
  char buf[65536];
  while (got.size() < n) {
    int64_t left = deadline - NowMs();
    pollfd p = {fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t r =
        recv(fd, buf, std::min(sizeof buf, n - got.size()), MSG_DONTWAIT);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (r <= 0) break;
    got.append(buf, static_cast<size_t>(r));
  }
  return got;
}

std::string EchoExchange(int fd, const std::string& payload, bool stall_first,
                         int timeout_ms) {
  size_t sent = 0;
  std::string got;
  char buf[65536];
  if (stall_first) {
    while (sent < payload.size()) {
      ssize_t w = send(fd, payload.data() + sent, payload.size() - sent,
                       MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w <= 0) break;
      sent += static_cast<size_t>(w);
    }
  }
  int64_t deadline = NowMs() + timeout_ms;
  while (got.size() < payload.size()) {
    int64_t left = deadline - NowMs();
    if (left <= 0) break;
    short want = sent < payload.size() ? (POLLIN | POLLOUT) : POLLIN;
    pollfd p = {fd, want, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    if ((p.revents & POLLOUT) && sent < payload.size()) {
      ssize_t w = send(fd, payload.data() + sent, payload.size() - sent,
                       MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) sent += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) break;
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (r == 0) break;
      if (r < 0 && errno != EAGAIN && errno != EINTR) break;
      if (r > 0) got.append(buf, static_cast<size_t>(r));
    }
  }
  return got;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

namespace {

// The line client `i` sends, and what it must get back.
std::string LineOf(int i) { return "client " + std::to_string(i) + "\n"; }

// Waits until one of `fds` (-1 entries skipped) is readable; its index, or
// -1 after `timeout_ms`.
int WaitAnyReadable(const std::vector<int>& fds, int timeout_ms) {
  std::vector<pollfd> pfds;
  std::vector<int> index;
  for (size_t i = 0; i < fds.size(); i++) {
    if (fds[i] < 0) continue;
    pfds.push_back({fds[i], POLLIN, 0});
    index.push_back(static_cast<int>(i));
  }
  if (pfds.empty() || poll(pfds.data(), pfds.size(), timeout_ms) <= 0) {
    return -1;
  }
  for (size_t k = 0; k < pfds.size(); k++) {
    if (pfds[k].revents != 0) return index[k];
  }
  return -1;
}

}  // namespace

void ExpectServesPastFdLimit(ExampleProcess& server, uint16_t port, int clients,
                             const std::string& greeting) {
  std::vector<int> fds;
  for (int i = 0; i < clients; i++) {
    int fd = ConnectLoopback(port);  // completes in the kernel's queue
    ASSERT_GE(fd, 0) << "client " << i;
    fds.push_back(fd);
    const std::string line = LineOf(i);
    ASSERT_EQ(write(fd, line.data(), line.size()),
              static_cast<ssize_t>(line.size()));
  }
  ASSERT_TRUE(server.WaitForOutput("Too many open files", 10000))
      << "the server never ran out of descriptors\n"
      << server.Output();
  // Still serving: the first client answered keeps being echoed.
  int first = WaitAnyReadable(fds, 10000);
  ASSERT_GE(first, 0) << "no client answered\n" << server.Output();
  const std::string expect = greeting + LineOf(first);
  ASSERT_EQ(ReadExactly(fds[first], expect.size()), expect);
  EXPECT_EQ(EchoExchange(fds[first], "still here\n"), "still here\n")
      << server.Output();
  // The rest: each answered client closes, which frees a descriptor in the
  // server for the next queued one.
  close(fds[first]);
  fds[first] = -1;
  for (int served = 1; served < clients; served++) {
    int i = WaitAnyReadable(fds, 20000);
    ASSERT_GE(i, 0) << (clients - served) << " clients never answered\n"
                    << server.Output();
    const std::string want = greeting + LineOf(i);
    EXPECT_EQ(ReadExactly(fds[i], want.size()), want) << "client " << i;
    close(fds[i]);
    fds[i] = -1;
  }
}

}  // namespace mio_examples
