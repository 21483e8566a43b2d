// Stress suites (tag "stress": run by `tools/test --all`, not by the plain
// run). Real loopback sockets, bounded in count and time.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "mio/mio.h"
#include "testing/util/test_util.h"

namespace mio_test {
namespace {

// Raises the soft descriptor limit as far as the hard limit allows.
rlim_t RaiseFdLimit(rlim_t want) {
  rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = std::min<rlim_t>(want, rl.rlim_max);
  setrlimit(RLIMIT_NOFILE, &rl);
  getrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur;
}

// Deterministic payload byte `i` of connection `c`.
uint8_t PayloadByte(size_t c, size_t i) {
  return static_cast<uint8_t>((c * 2654435761u + i * 40503u) >> 7);
}

// Reaps `child`, killing it if it has not exited by `deadline`.
int WaitChild(pid_t child, int64_t deadline) {
  int status = 0;
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (NowNs() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return -1;
    }
    usleep(1000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// ------------------------------------------------- 10 000 echo connections

constexpr size_t kConns = 10000;
constexpr size_t kPayload = 1024;

struct Conn {
  mio_tcp_stream s = MIO_OBJECT_INIT;
  size_t done = 0;  // bytes echoed (server) or verified (client)
  uint8_t buf[kPayload];
  size_t pending = 0;  // server: bytes read, not yet written
};

// The echo side: accept everything, echo every byte, until all connections
// have closed. Returns the number of bytes echoed.
uint64_t RunEchoServer(mio_tcp_listener* l, int64_t deadline) {
  mio_poll* poll;
  mio_events* ev;
  if (mio_poll_new(&poll) || mio_events_new(&ev, 1024)) return 0;
  const mio_registry* r = mio_poll_registry(poll);
  mio_registry_register(r, mio_tcp_listener_source(l), 0,
                        MIO_INTEREST_READABLE);
  std::vector<Conn> conns(kConns + 1);
  size_t accepted = 0, closed = 0;
  uint64_t echoed = 0;
  while (closed < kConns && NowNs() < deadline) {
    if (mio_poll_poll(poll, ev, 100 * kNsPerMs) != 0) continue;
    for (size_t i = 0; i < mio_events_len(ev); i++) {
      mio_token t = mio_event_token(mio_events_get(ev, i));
      if (t == 0) {
        while (accepted < kConns &&
               mio_tcp_listener_accept(l, &conns[accepted + 1].s, nullptr,
                                       nullptr) == 0) {
          accepted++;
          mio_registry_register(r, mio_tcp_stream_source(&conns[accepted].s),
                                accepted, MIO_INTEREST_READABLE);
        }
        continue;
      }
      Conn& c = conns[t];
      for (;;) {
        ptrdiff_t n = mio_tcp_stream_read(&c.s, c.buf, sizeof c.buf);
        if (n == 0) {
          mio_tcp_stream_close(&c.s);
          closed++;
          break;
        }
        if (n < 0) break;
        // Small payloads: loopback accepts the echo in one write.
        echoed += static_cast<uint64_t>(
            std::max<ptrdiff_t>(0, mio_tcp_stream_write(&c.s, c.buf, n)));
      }
    }
  }
  for (Conn& c : conns) mio_tcp_stream_close(&c.s);
  mio_events_free(ev);
  mio_poll_free(poll);
  return echoed;
}

// The client side: connects, sends a checksummed payload on each connection
// and verifies the echo byte by byte. Verified connections stay open, so all
// 10 000 are open together at the end; at most kInFlight are unverified at a
// time, which keeps the listener's accept queue from overflowing (an
// overflowing queue makes the kernel retry SYN-ACKs for up to a minute).
// Returns the number of connections verified.
constexpr size_t kInFlight = 1000;

size_t RunClients(const SockAddr& addr, int64_t deadline) {
  mio_poll* poll;
  mio_events* ev;
  if (mio_poll_new(&poll) || mio_events_new(&ev, 1024)) return 0;
  const mio_registry* r = mio_poll_registry(poll);
  std::vector<Conn> conns(kConns);
  size_t verified = 0, connected = 0;
  while (verified < kConns && NowNs() < deadline) {
    for (; connected < kConns && connected - verified < kInFlight;
         connected++) {
      Conn& c = conns[connected];
      if (mio_tcp_stream_connect(&c.s, addr.get(), addr.len) != 0) return 0;
      mio_registry_register(r, mio_tcp_stream_source(&c.s), connected,
                            MIO_INTEREST_READABLE | MIO_INTEREST_WRITABLE);
    }
    if (mio_poll_poll(poll, ev, 100 * kNsPerMs) != 0) continue;
    for (size_t i = 0; i < mio_events_len(ev); i++) {
      const mio_event* e = mio_events_get(ev, i);
      size_t id = mio_event_token(e);
      Conn& c = conns[id];
      if (mio_event_is_writable(e) && c.pending == 0) {
        uint8_t out[kPayload];
        for (size_t k = 0; k < kPayload; k++) out[k] = PayloadByte(id, k);
        if (mio_tcp_stream_write(&c.s, out, kPayload) == (ptrdiff_t)kPayload) {
          c.pending = kPayload;
        }
      }
      ptrdiff_t n;
      while (c.done < kPayload &&
             (n = mio_tcp_stream_read(&c.s, c.buf, kPayload - c.done)) > 0) {
        for (ptrdiff_t k = 0; k < n; k++) {
          if (c.buf[k] != PayloadByte(id, c.done + k)) return 0;
        }
        c.done += static_cast<size_t>(n);
      }
      if (c.done == kPayload && c.pending != 0) {
        c.pending = 0;
        verified++;
        mio_registry_deregister(r, mio_tcp_stream_source(&c.s));
      }
    }
  }
  for (Conn& c : conns) mio_tcp_stream_close(&c.s);
  mio_events_free(ev);
  mio_poll_free(poll);
  return verified;
}

TEST(Stress, TenThousandConnectionsEchoChecksummedDataLosingNothing) {
  // Server and clients live in two processes: 10 000 descriptors each.
  ASSERT_GE(RaiseFdLimit(kConns + 200), kConns + 200)
      << "the hard RLIMIT_NOFILE is too low for 10 000 connections";
  mio_tcp_listener l = MIO_OBJECT_INIT;
  SockAddr any = LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(&l, any.get(), any.len), 0);
  SockAddr addr;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &addr.storage, &addr.len), 0);
  int64_t deadline = NowNs() + 60000 * kNsPerMs;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    mio_tcp_listener_close(&l);
    _exit(RunClients(addr, deadline) == kConns ? 0 : 1);
  }
  uint64_t echoed = RunEchoServer(&l, deadline);
  mio_tcp_listener_close(&l);
  EXPECT_EQ(echoed, uint64_t{kConns} * kPayload);
  EXPECT_EQ(WaitChild(child, deadline + 5000 * kNsPerMs), 0)
      << "the client side did not verify every connection";
}

// ------------------------------------------------ accept storm at EMFILE

// Client process: opens every connection at once (non-blocking), sends one
// byte on each and waits for it to come back. Exit 0 iff all came back.
[[noreturn]] void StormClients(const SockAddr& addr, int clients,
                               int64_t deadline) {
  std::vector<int> fds(clients);
  std::vector<int> state(clients, 0);  // 0 connecting, 1 sent, 2 echoed
  for (int i = 0; i < clients; i++) fds[i] = RawTcpConnect(addr);
  int echoed = 0;
  while (echoed < clients && NowNs() < deadline) {
    for (int i = 0; i < clients; i++) {
      char b = static_cast<char>(i);
      if (state[i] == 0 && write(fds[i], &b, 1) == 1) state[i] = 1;
      if (state[i] == 1 && read(fds[i], &b, 1) == 1) {
        state[i] = 2;
        echoed += b == static_cast<char>(i);
      }
    }
    usleep(1000);
  }
  _exit(echoed == clients ? 0 : 1);
}

TEST(Stress, AcceptStormAtFdLimitKeepsServingWithoutBusyLoop) {
  constexpr int kClients = 300;
  mio_tcp_listener l = MIO_OBJECT_INIT;
  SockAddr any = LoopbackV4();
  ASSERT_EQ(mio_tcp_listener_bind(&l, any.get(), any.len), 0);
  SockAddr addr;
  ASSERT_EQ(mio_tcp_listener_local_addr(&l, &addr.storage, &addr.len), 0);
  int64_t deadline = NowNs() + 30000 * kNsPerMs;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) StormClients(addr, kClients, deadline);
  mio_poll* poll;
  mio_events* ev;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  ASSERT_EQ(mio_events_new(&ev, 64), 0);
  ASSERT_EQ(mio_registry_register(mio_poll_registry(poll),
                                  mio_tcp_listener_source(&l), 0,
                                  MIO_INTEREST_READABLE),
            0);
  // The server runs with only 8 spare descriptors, so accept hits EMFILE
  // while hundreds of connections are queued. Edge-triggered readiness does
  // not repeat for connections already queued, so the server retries accept
  // after serving (a 50 ms poll timeout paces the retries).
  rlimit saved;
  getrlimit(RLIMIT_NOFILE, &saved);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(CountOpenFds() + 8);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  int served = 0, emfile = 0, polls = 0, wakeups = 0;
  std::vector<mio_tcp_stream> open;
  while (served < kClients && NowNs() < deadline) {
    polls++;
    ASSERT_EQ(mio_poll_poll(poll, ev, 50 * kNsPerMs), 0);
    wakeups += !mio_events_is_empty(ev);
    for (;;) {
      mio_tcp_stream s = MIO_OBJECT_INIT;
      int rc = mio_tcp_listener_accept(&l, &s, nullptr, nullptr);
      if (rc != 0) {
        emfile += rc == -MIO_EMFILE;
        ASSERT_TRUE(rc == -MIO_EAGAIN || rc == -MIO_EMFILE) << rc;
        break;
      }
      open.push_back(s);
    }
    for (size_t i = 0; i < open.size();) {
      char b;
      ptrdiff_t n = mio_tcp_stream_read(&open[i], &b, 1);
      if (n == -MIO_EAGAIN) {
        i++;
        continue;
      }
      if (n == 1 && mio_tcp_stream_write(&open[i], &b, 1) == 1) served++;
      mio_tcp_stream_close(&open[i]);
      open.erase(open.begin() + static_cast<long>(i));
    }
  }
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  for (mio_tcp_stream& c : open) mio_tcp_stream_close(&c);
  mio_tcp_listener_close(&l);
  mio_events_free(ev);
  mio_poll_free(poll);
  EXPECT_EQ(WaitChild(child, deadline + 5000 * kNsPerMs), 0);
  EXPECT_EQ(served, kClients);
  EXPECT_GT(emfile, 0) << "the fd limit was never reached";
  // No busy loop: a poll returns events only when a connection arrives.
  EXPECT_LE(wakeups, kClients) << polls << " polls";
}

// -------------------------------------------- 1 000 000 wakes, 4 threads

TEST(Stress, MillionWakesFromFourThreadsLoseNoWakeUp) {
  constexpr int kThreads = 4;
  constexpr long kWakesPerThread = 250000;
  mio_poll* poll;
  mio_events* ev;
  ASSERT_EQ(mio_poll_new(&poll), 0);
  ASSERT_EQ(mio_events_new(&ev, 16), 0);
  mio_waker* w;
  ASSERT_EQ(mio_waker_new(mio_poll_registry(poll), 42, &w), 0);
  // Each thread publishes `sent`, wakes, and waits until the poller has
  // acknowledged it: a wake-up that produces no event stalls its thread, and
  // the poller then sees a 1 s poll with nothing while a thread waits.
  std::atomic<long> sent[kThreads], acked[kThreads];
  std::atomic<bool> failed{false};
  for (int t = 0; t < kThreads; t++) sent[t] = acked[t] = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      for (long i = 1; i <= kWakesPerThread && !failed; i++) {
        sent[t].store(i, std::memory_order_release);
        if (mio_waker_wake(w) != 0) failed = true;
        while (acked[t].load(std::memory_order_acquire) < i && !failed) {
          std::this_thread::yield();
        }
      }
    });
  }
  long lost = 0, events = 0;
  auto all_done = [&] {
    for (int t = 0; t < kThreads; t++) {
      if (acked[t].load() < kWakesPerThread) return false;
    }
    return true;
  };
  while (!all_done() && !failed) {
    ASSERT_EQ(mio_poll_poll(poll, ev, 1000 * kNsPerMs), 0);
    if (mio_events_is_empty(ev)) {
      for (int t = 0; t < kThreads; t++) {
        if (sent[t].load() > acked[t].load()) lost++;
      }
      if (lost > 0) failed = true;
      continue;
    }
    events += static_cast<long>(mio_events_len(ev));
    for (int t = 0; t < kThreads; t++) {
      acked[t].store(sent[t].load(std::memory_order_acquire),
                     std::memory_order_release);
    }
  }
  for (std::thread& th : threads) th.join();
  mio_waker_free(w);
  mio_events_free(ev);
  mio_poll_free(poll);
  EXPECT_EQ(lost, 0) << "a wake-up produced no event";
  EXPECT_GT(events, 0);
  EXPECT_FALSE(failed);
}

}  // namespace
}  // namespace mio_test
