// Microbenchmarks of the core's hot paths (issue: performance). Each runs
// against every backend linked into the binary, so the poll(2) and io_uring
// costs are published beside epoll's. Run: tools/bench/run, or
//   bazel run -c opt //tools/bench:core_benchmark
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "mio/core/poll_internal.h"
#include "mio/mio.h"

namespace {

const mio_sys_ops *const kBackends[] = {&mio_sys_epoll_ops, &mio_sys_poll_ops,
                                        &mio_sys_io_uring_ops};

struct Pair {
  int fds[2];
  mio_io_source src = MIO_OBJECT_INIT;
  Pair() {
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds);
    mio_io_source_init(&src, fds[0]);
  }
  ~Pair() {
    mio_io_source_close(&src);
    close(fds[1]);
  }
};

struct Fixture {
  mio_poll *poll = nullptr;
  mio_events *events = nullptr;
  explicit Fixture(benchmark::State &state, size_t cap = 1024) {
    const mio_sys_ops *ops = kBackends[state.range(0)];
    mio_poll_new_with_ops(&poll, ops);
    mio_events_new(&events, cap);
    state.SetLabel(mio_backend_name(mio_poll_backend(poll)));
  }
  ~Fixture() {
    mio_events_free(events);
    mio_poll_free(poll);
  }
  const mio_registry *registry() const { return mio_poll_registry(poll); }
};

void BM_RegisterDeregister(benchmark::State &state) {
  Fixture f(state);
  Pair p;
  mio_source *s = mio_io_source_source(&p.src);
  for (auto _ : state) {
    mio_registry_register(f.registry(), s, 1, MIO_INTEREST_READABLE);
    mio_registry_deregister(f.registry(), s);
  }
}
BENCHMARK(BM_RegisterDeregister)->DenseRange(0, 2);

void BM_Reregister(benchmark::State &state) {
  Fixture f(state);
  Pair p;
  mio_source *s = mio_io_source_source(&p.src);
  mio_registry_register(f.registry(), s, 1, MIO_INTEREST_READABLE);
  mio_interest alt[2] = {MIO_INTEREST_READABLE, MIO_INTEREST_WRITABLE};
  size_t i = 0;
  for (auto _ : state) {
    mio_registry_reregister(f.registry(), s, i, alt[i & 1]);
    i++;
  }
  mio_registry_deregister(f.registry(), s);
}
BENCHMARK(BM_Reregister)->DenseRange(0, 2);

// poll(timeout 0) returning N ready (writable) events; readiness is restored
// each round with a reregister so every backend reports all N again.
void BM_PollReady(benchmark::State &state) {
  Fixture f(state);
  size_t n = static_cast<size_t>(state.range(1));
  std::vector<Pair> pairs(n);
  for (size_t i = 0; i < n; i++) {
    mio_registry_register(f.registry(), mio_io_source_source(&pairs[i].src), i,
                          MIO_INTEREST_WRITABLE);
  }
  size_t seen = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (size_t i = 0; i < n; i++) {
      mio_registry_reregister(f.registry(), mio_io_source_source(&pairs[i].src),
                              i, MIO_INTEREST_WRITABLE);
    }
    state.ResumeTiming();
    mio_poll_poll(f.poll, f.events, 0);
    seen += mio_events_len(f.events);
  }
  state.counters["events/poll"] = benchmark::Counter(
      static_cast<double>(seen), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_PollReady)->ArgsProduct({{0, 1, 2}, {1, 64}});

void BM_EventAccessors(benchmark::State &state) {
  Fixture f(state);
  Pair p;
  mio_registry_register(f.registry(), mio_io_source_source(&p.src), 5,
                        MIO_INTEREST_WRITABLE);
  mio_poll_poll(f.poll, f.events, 0);
  const mio_event *e = mio_events_get(f.events, 0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(mio_event_token(e));
    benchmark::DoNotOptimize(mio_event_is_readable(e));
    benchmark::DoNotOptimize(mio_event_is_writable(e));
    benchmark::DoNotOptimize(mio_event_is_read_closed(e));
    benchmark::DoNotOptimize(mio_event_is_write_closed(e));
  }
}
BENCHMARK(BM_EventAccessors)->Arg(0);

// Waker round trip: another thread wakes, this one polls the event back.
void BM_WakerRoundTrip(benchmark::State &state) {
  Fixture f(state);
  mio_waker *w = nullptr;
  mio_waker_new(f.registry(), 9, &w);
  std::atomic<long> requested{0};
  std::atomic<bool> stop{false};
  std::thread waker([&] {
    long done = 0;
    while (!stop.load(std::memory_order_acquire)) {
      if (requested.load(std::memory_order_acquire) > done) {
        done++;
        mio_waker_wake(w);
      }
    }
  });
  for (auto _ : state) {
    requested.fetch_add(1, std::memory_order_release);
    do {
      mio_poll_poll(f.poll, f.events, MIO_TIMEOUT_INFINITE);
    } while (mio_events_is_empty(f.events));
  }
  stop.store(true, std::memory_order_release);
  waker.join();
  mio_waker_free(w);
}
BENCHMARK(BM_WakerRoundTrip)->DenseRange(0, 2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
