// The counting wrappers behind alloc_counter.h. The BUILD target adds the
// -Wl,--wrap flags and is alwayslink, so these definitions are in every
// binary that depends on it whatever the link order.
#include "testing/util/alloc_counter.h"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocs{0};

void Count() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs++;
}
}  // namespace

extern "C" {
void* __real_malloc(size_t);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
void __real_free(void*);

void* __wrap_malloc(size_t n) {
  Count();
  return __real_malloc(n);
}
void* __wrap_calloc(size_t n, size_t m) {
  Count();
  return __real_calloc(n, m);
}
void* __wrap_realloc(void* p, size_t n) {
  Count();
  return __real_realloc(p, n);
}
void __wrap_free(void* p) {
  if (p != nullptr) Count();
  __real_free(p);
}
}

// Every C++ allocation of the process lands in the wrapped malloc/free above
// (this file's own references to malloc/free are wrapped too).
void* operator new(size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace mio_test {

void StartCountingAllocations() {
  g_allocs = 0;
  g_counting = true;
}

long StopCountingAllocations() {
  g_counting = false;
  return g_allocs.load();
}

}  // namespace mio_test
