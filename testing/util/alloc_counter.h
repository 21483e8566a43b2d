// Deterministic allocation counting for the zero-allocation suites
// (testing/perf, testing/cpp).
//
// Linking //testing/util:alloc_counter wraps malloc/calloc/realloc/free at
// link time (-Wl,--wrap, for every object of the binary, the mio libraries
// included) and replaces the global operator new/delete with ones that go
// through those wrappers, so C++ allocations made inside shared libraries
// (abseil's) are seen too. Calls are counted only while AllocationsIn runs
// its measured loop.
#ifndef MIO_TESTING_UTIL_ALLOC_COUNTER_H_
#define MIO_TESTING_UTIL_ALLOC_COUNTER_H_

namespace mio_test {

inline constexpr int kAllocIterations = 10000;

// Starts counting from 0 / stops and returns the count.
void StartCountingAllocations();
long StopCountingAllocations();

// Allocator calls (allocations and non-null frees) made while `body(i)` runs
// for i = 0 .. kAllocIterations-1, after one uncounted warm-up call
// `body(-1)` (which absorbs one-time and amortised growth).
template <typename F>
long AllocationsIn(F body) {
  body(-1);
  StartCountingAllocations();
  for (int i = 0; i < kAllocIterations; i++) body(i);
  return StopCountingAllocations();
}

}  // namespace mio_test

#endif  // MIO_TESTING_UTIL_ALLOC_COUNTER_H_
