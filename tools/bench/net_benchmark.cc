// Microbenchmarks of mio/net's pure functions (issue: performance):
// mio_addr_parse and mio_addr_format, the text <-> sockaddr conversions an
// application runs when it binds or logs. Run: tools/bench/run, or
//   bazel run --config=bench //tools/bench:net_benchmark
#include <benchmark/benchmark.h>
#include <sys/socket.h>

#include "mio/net/addr.h"

namespace {

const char *const kAddrs[] = {"127.0.0.1:8080", "[::1]:443",
                              "[fe80::1:2:3:4%7]:65535"};

void BM_AddrParse(benchmark::State &state) {
  const char *text = kAddrs[state.range(0)];
  state.SetLabel(text);
  sockaddr_storage ss;
  socklen_t len = 0;
  for (auto _ : state) {
    int rc = mio_addr_parse(text, &ss, &len);
    benchmark::DoNotOptimize(rc);
    benchmark::DoNotOptimize(ss);
  }
  if (mio_addr_parse(text, &ss, &len) != 0) state.SkipWithError("parse failed");
}
BENCHMARK(BM_AddrParse)->DenseRange(0, 2);

void BM_AddrFormat(benchmark::State &state) {
  const char *text = kAddrs[state.range(0)];
  state.SetLabel(text);
  sockaddr_storage ss;
  socklen_t len = 0;
  if (mio_addr_parse(text, &ss, &len) != 0) {
    state.SkipWithError("parse failed");
    return;
  }
  char buf[64];
  for (auto _ : state) {
    size_t n = mio_addr_format(reinterpret_cast<const sockaddr *>(&ss), len,
                               buf, sizeof buf);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(buf);
  }
}
BENCHMARK(BM_AddrFormat)->DenseRange(0, 2);

}  // namespace

BENCHMARK_MAIN();
