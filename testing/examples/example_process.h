// Runs an example binary as a child process and talks to it over loopback,
// with plain sockets (the client side does not use mio, so a bug in the
// library cannot hide itself).
#ifndef MIO_TESTING_EXAMPLES_EXAMPLE_PROCESS_H_
#define MIO_TESTING_EXAMPLES_EXAMPLE_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mio_examples {

// Where a test finds the example binaries: the `args` of the test rule are
// `$(rootpath //examples:NAME)`, relative to the test's working directory.
// Returns the argument ending in "/NAME" (adds a failure if none does).
std::string ExamplePath(const std::string& name);

struct SpawnOptions {
  std::vector<std::string> args;  // argv[1...]
  // >= 0: passed to the child as descriptor 3 with LISTEN_FDS=1 and
  // LISTEN_PID=<the child's pid> (systemd socket activation).
  int listen_fd = -1;
  // Non-empty: LISTEN_PID gets this value instead of the child's pid.
  std::string listen_pid;
  // > 0: the child's RLIMIT_NOFILE (soft and hard), set before exec.
  int nofile = 0;
};

// One child process; its stdout and stderr go to a file the test reads.
// The destructor kills a child that is still running.
class ExampleProcess {
 public:
  ExampleProcess() = default;
  ExampleProcess(const ExampleProcess&) = delete;
  ExampleProcess& operator=(const ExampleProcess&) = delete;
  ~ExampleProcess();

  // fork + exec; false (with a failure added) if that fails.
  bool Start(const std::string& path, const SpawnOptions& opts = {});
  // Waits up to `timeout_ms` for "listening on 127.0.0.1:PORT" in the output
  // and returns PORT, or 0 after adding a failure.
  uint16_t WaitListening(int timeout_ms = 10000);
  // Waits up to `timeout_ms` until the output contains `needle`.
  bool WaitForOutput(const std::string& needle, int timeout_ms = 5000);
  // Everything the child printed so far.
  std::string Output() const;
  // Sends `sig` and waits up to `timeout_ms` for the exit. Returns the
  // waitpid status, or -1 if the child had to be killed (failure added).
  int Stop(int sig, int timeout_ms = 5000);
  // Waits up to `timeout_ms` for an exit without signalling; status or -1.
  int Wait(int timeout_ms = 5000);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string out_path_;
};

// Blocking TCP connection to 127.0.0.1:`port` (close-on-exec), or -1.
int ConnectLoopback(uint16_t port);

// Reads exactly `n` bytes within `timeout_ms`; returns what arrived (short
// on timeout, EOF or error).
std::string ReadExactly(int fd, size_t n, int timeout_ms = 10000);

// Writes `payload` while reading its echo, both non-blocking, so neither
// side's buffers can deadlock the exchange. With `stall_first`, it first
// writes without reading until the socket refuses more, so the server meets
// a full socket (partial writes, would-block, backpressure) before the
// client starts reading. Returns the bytes read back (up to payload.size()).
std::string EchoExchange(int fd, const std::string& payload,
                         bool stall_first = false, int timeout_ms = 30000);

// The EMFILE check of every example server (docs/readiness-model.md): the
// server runs with a low RLIMIT_NOFILE (SpawnOptions::nofile) and listens on
// `port`. Opens `clients` connections (more than it has descriptors), each
// sending one line; checks that the server reports running out of
// descriptors (its output names "Too many open files"), that a connection
// it accepted is still served afterwards, and that every client is answered
// (`greeting` then the echo of its line) once the clients answered before
// it close and free descriptors.
void ExpectServesPastFdLimit(ExampleProcess& server, uint16_t port, int clients,
                             const std::string& greeting);

// `n` pseudo-random bytes (fixed seed per `seed`).
std::string RandomBytes(size_t n, uint32_t seed);

}  // namespace mio_examples

#endif  // MIO_TESTING_EXAMPLES_EXAMPLE_PROCESS_H_
