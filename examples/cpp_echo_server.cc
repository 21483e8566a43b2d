// cpp_echo_server: examples/tcp_echo_server rewritten on the C++ wrapper
// (mio/cpp/mio.hpp), with the same command line and behaviour:
//
//   cpp_echo_server PORT     (listens on 127.0.0.1:PORT; 0 = any free port)
//
// It prints "cpp_echo_server: listening on 127.0.0.1:PORT", echoes every
// byte back on each connection, and returns 0 on SIGINT/SIGTERM (a signalfd
// registered with the Poll, no signal handler).
//
// Shape: connections live in a table allocated once; the token is the slot
// index. Each connection is registered READABLE | WRITABLE once (edge
// triggered). An event flushes pending output first, then reads until
// would-block and writes each chunk straight back; what the socket does not
// take is kept in the slot's buffer and reading pauses until a writable event
// drains it (backpressure).
//
// Draining: mio's portable rule is to read and write until would-block.
// Where poll.short_io_ends_drain() (mio_poll_short_io_ends_drain: epoll,
// io_uring) a short read or write on a stream socket already ends the drain,
// so, like tcp_echo_server (and the benchmark kit's echo_epoll), the server
// stops there and saves a syscall per wake-up; elsewhere it follows the
// portable rule. The two servers therefore make the same system calls, and
// comparing them measures the wrapper.
//
// Out of descriptors (accept's MIO_EMFILE), it keeps serving and retries
// accept every 100 ms and after each close (docs/readiness-model.md).
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "examples/example_util.h"
#include "mio/cpp/mio.hpp"

namespace {

constexpr size_t kMaxEvents = 1024;
constexpr uint32_t kMaxConns = 16384;
constexpr mio::Token kListenerToken(UINTPTR_MAX - 1);
constexpr mio::Token kSignalToken(UINTPTR_MAX - 2);
constexpr absl::Duration kAcceptRetry = absl::Milliseconds(100);

// What a connection needs after some I/O.
enum class Flow { kDone, kPending, kClose };

struct Conn {
  mio::TcpStream stream;  // closed while the slot is free
  bool open = false;      // the slot holds a live connection
  std::string out;        // unsent bytes: out[off ..)
  size_t off = 0;
};

class EchoServer {
 public:
  EchoServer(mio::Poll& poll, const mio::TcpListener& listener)
      : poll_(poll),
        listener_(listener),
        short_io_drains_(poll.short_io_ends_drain()),
        conns_(kMaxConns) {
    free_.reserve(kMaxConns);
    for (uint32_t i = kMaxConns; i > 0; i--) free_.push_back(i - 1);
  }

  // Runs until SIGINT/SIGTERM; the process exit status.
  int Serve(mio::Events& events) {
    for (;;) {
      // One flag test per wake-up; the hot call keeps its constant timeout.
      absl::Status s = accept_paused_ ? PollPaused(events) : poll_.poll(events);
      if (!s.ok()) {
        if (mio::MioCode(s) == -MIO_EINTR) continue;
        std::fprintf(stderr, "cpp_echo_server: %s\n", s.ToString().c_str());
        return 1;
      }
      for (mio::Event e : events) {
        const mio::Token t = e.token();
        if (t == kListenerToken) {
          AcceptAll();
        } else if (t == kSignalToken) {
          return 0;
        } else if (t.value < kMaxConns && conns_[t.value].open) {
          // (An event for a free slot is spurious, API.md §8.)
          const auto slot = static_cast<uint32_t>(t.value);
          if (e.is_error() || OnEvent(conns_[slot]) == Flow::kClose) {
            Close(slot);
          }
        }
      }
    }
  }

 private:
  // The poll while accept is paused (EMFILE): accept again first if a
  // connection closed since, then wait at most kAcceptRetry, and accept again
  // when that wait ends without events.
  absl::Status PollPaused(mio::Events& events) {
    if (freed_) {
      freed_ = false;
      AcceptAll();
    }
    absl::Status s = poll_.poll(
        events, accept_paused_ ? kAcceptRetry : absl::InfiniteDuration());
    if (s.ok() && accept_paused_ && events.empty()) AcceptAll();
    return s;
  }

  void AcceptAll() {
    for (;;) {
      auto s = listener_.accept();
      if (s.ok()) accept_paused_ = false;
      if (!s.ok()) {
        const int code = mio::MioCode(s.status());
        if (code == -MIO_EINTR || code == -MIO_ECONNABORTED) continue;
        if (code == -MIO_EMFILE || code == -MIO_ENFILE ||
            code == -MIO_ENOBUFS || code == -MIO_ENOMEM) {
          // Not fatal: the connection waits in the listen queue (Serve).
          if (!accept_paused_) {
            std::fprintf(stderr, "cpp_echo_server: %s; retrying\n",
                         s.status().ToString().c_str());
          }
          accept_paused_ = true;
          return;
        }
        accept_paused_ = false;
        if (code != -MIO_EAGAIN) {
          std::fprintf(stderr, "cpp_echo_server: %s\n",
                       s.status().ToString().c_str());
        }
        return;
      }
      if (free_.empty()) {
        std::fprintf(stderr, "cpp_echo_server: %u connections, refusing\n",
                     kMaxConns);
        continue;  // `s` closes the connection
      }
      const uint32_t slot = free_.back();
      free_.pop_back();
      Conn& c = conns_[slot];
      c.stream = *std::move(s);
      c.open = true;
      (void)c.stream.set_nodelay(true);
      absl::Status r = poll_.registry().register_(
          c.stream, mio::Token(slot),
          mio::Interest::kReadable | mio::Interest::kWritable);
      if (!r.ok()) {
        std::fprintf(stderr, "cpp_echo_server: %s\n", r.ToString().c_str());
        Close(slot);
      }
    }
  }

  // Flushes pending output, then echoes until would-block (or, on epoll, a
  // short read).
  Flow OnEvent(Conn& c) {
    if (c.off < c.out.size()) {
      const Flow f = Flush(c);
      if (f != Flow::kDone) return f;
    }
    for (;;) {
      auto n = c.stream.read(buf_, sizeof buf_);
      if (!n.ok()) {
        if (mio::IsWouldBlock(n.status())) return Flow::kDone;
        if (mio::MioCode(n.status()) == -MIO_EINTR) continue;
        return Flow::kClose;
      }
      if (*n == 0) return Flow::kClose;
      const Flow f = Echo(c, *n);
      if (f != Flow::kDone) return f;
      if (short_io_drains_ && *n < sizeof buf_) return Flow::kDone;
    }
  }

  // Writes buf_[0 .. n); keeps what the socket does not take.
  Flow Echo(Conn& c, size_t n) {
    auto w = c.stream.write(buf_, n);
    while (!w.ok() && mio::MioCode(w.status()) == -MIO_EINTR) {
      w = c.stream.write(buf_, n);
    }
    const bool would_block = !w.ok() && mio::IsWouldBlock(w.status());
    if (!w.ok() && !would_block) return Flow::kClose;
    const size_t done = w.ok() ? *w : 0;
    if (done == n) return Flow::kDone;
    c.out.assign(buf_ + done, n - done);  // reuses the slot's capacity
    c.off = 0;
    // Would-block leaves the socket armed; a short write does so on epoll
    // only, elsewhere keep writing until would-block.
    if (would_block || short_io_drains_) return Flow::kPending;
    return Flush(c);
  }

  Flow Flush(Conn& c) {
    while (c.off < c.out.size()) {
      auto w = c.stream.write(c.out.data() + c.off, c.out.size() - c.off);
      if (!w.ok()) {
        if (mio::MioCode(w.status()) == -MIO_EINTR) continue;
        return mio::IsWouldBlock(w.status()) ? Flow::kPending : Flow::kClose;
      }
      c.off += *w;
      if (c.off < c.out.size() && short_io_drains_) return Flow::kPending;
    }
    c.out.clear();
    c.off = 0;
    return Flow::kDone;
  }

  // Closing the socket also ends its registration (API.md §7.6).
  void Close(uint32_t slot) {
    Conn& c = conns_[slot];
    (void)c.stream.close();
    c.open = false;
    c.out.clear();
    c.off = 0;
    free_.push_back(slot);
    freed_ = true;
  }

  mio::Poll& poll_;
  const mio::TcpListener& listener_;
  const bool short_io_drains_;  // a short read/write proves "drained"
  // accept ran out of descriptors: retried on a timer and after each close
  // (`freed_`), since no new edge comes for the queued connections.
  bool accept_paused_ = false;
  bool freed_ = false;
  std::vector<Conn> conns_;
  std::vector<uint32_t> free_;  // stack of unused slots
  char buf_[64 * 1024];
};

// Binds 127.0.0.1:port, registers the listener and the signal source and
// prints the "listening on" line.
absl::Status Setup(uint16_t port, mio::Poll& poll, mio::TcpListener* listener,
                   mio::IoSource* sig) {
  const int r = example_signal_source_open(sig->raw());
  if (r != 0) return mio::ErrorStatus(r, "example_signal_source_open");
  // As tcp_echo_server: the benchmark's servers listen with SOMAXCONN.
  mio_tcp_listen_options opts = {};
  opts.backlog = SOMAXCONN;
  auto l = mio::TcpListener::bind(mio::SocketAddr::loopback_v4(port), opts);
  if (!l.ok()) return l.status();
  *listener = *std::move(l);
  const mio::Registry reg = poll.registry();
  absl::Status s =
      reg.register_(*listener, kListenerToken, mio::Interest::kReadable);
  if (s.ok()) s = reg.register_(*sig, kSignalToken, mio::Interest::kReadable);
  if (!s.ok()) return s;
  auto addr = listener->local_addr();
  if (!addr.ok()) return addr.status();
  example_print_listening("cpp_echo_server", addr->storage(), addr->len());
  return absl::OkStatus();
}

int Run(uint16_t port) {
  auto poll = mio::Poll::create();
  auto events = mio::Events::with_capacity(kMaxEvents);
  mio::TcpListener listener;
  mio::IoSource sig;
  absl::Status s = poll.status();
  if (s.ok()) s = events.status();
  if (s.ok()) s = Setup(port, *poll, &listener, &sig);
  if (!s.ok()) {
    std::fprintf(stderr, "cpp_echo_server: setup: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("cpp_echo_server: %s backend\n", poll->backend_name());
  std::fflush(stdout);
  // Heap: the connection table and the 64 KiB read buffer.
  auto server = std::make_unique<EchoServer>(*poll, listener);
  return server->Serve(*events);
}

}  // namespace

int main(int argc, char** argv) {
  uint16_t port;
  if (example_parse_port(argc, argv, 9000, &port) < 0) return 2;
  return Run(port);
}
